"""Fact sheets on crime and violence prevention, generated from YAML and CSV data.

The names below are loaded on first use, not when the package is imported: a drawing worker
imports only the modules that draw (`factsheets.svg`), not pandas, Altair and the page makers,
which would take about 100 MB in each worker.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .problems import DataError, Problem
    from .site import Site, build_site
    from .validate import Dataset, load_dataset

_WHERE = {
    "DataError": "problems",
    "Problem": "problems",
    "Site": "site",
    "build_site": "site",
    "Dataset": "validate",
    "load_dataset": "validate",
}

__all__ = ["DataError", "Dataset", "Problem", "Site", "build_site", "load_dataset"]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value
