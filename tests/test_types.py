"""The package and the hook type-check with the configuration in pyproject.toml ([tool.mypy])."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest
from conftest import ROOT


def test_mypy_passes() -> None:
    if importlib.util.find_spec("mypy") is None:
        reason = "mypy is not installed (pip install -e '.[test]')"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"mypy found problems:\n{result.stdout}{result.stderr}"
