"""The checked data of one folder, and the ids a reference may name."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .load import Position, RawFile
from .models import (
    Achievement,
    City,
    Country,
    Group,
    Indicator,
    Program,
    Recommendation,
    Source,
    Strategy,
)
from .problems import Problem


@dataclass
class Dataset:
    """Everything in one data folder, checked and cross-referenced."""

    data_dir: Path
    sources: dict[str, Source]
    countries: dict[str, Country]
    cities: dict[str, City]
    indicators: dict[str, Indicator]
    groups: dict[str, Group]
    programs: dict[str, Program]
    achievements: dict[str, Achievement]
    strategies: dict[str, Strategy]
    recommendations: dict[str, Recommendation]
    observations: pd.DataFrame
    positions: dict[tuple[str, str], Position] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def place_name(self, place_id: str) -> str:
        place = self.cities.get(place_id) or self.countries.get(place_id)
        return place.name if place else place_id


def known_list(ids: Iterable[str]) -> str:
    ids = sorted(ids)
    shown = ", ".join(ids[:8]) + (", …" if len(ids) > 8 else "")
    return f"known: {shown}" if ids else "none are defined yet"


@dataclass(frozen=True)
class Known:
    """The ids a reference may name, and whether an unknown one is certainly an error."""

    ids: frozenset[str]
    loose: frozenset[str] = frozenset()
    complete: bool = True

    def resolves(self, value: str) -> bool:
        # An id of a record with its own errors, or of a file that could not be read, is not
        # reported a second time here: the first problem is the one to fix.
        return value in self.ids or value in self.loose or not self.complete


def known_ids(ds: Dataset, files: dict[str, RawFile]) -> dict[str, Known]:
    def of(ids: Iterable[str], *names: str) -> Known:
        raws = [files[n] for n in names if n in files]
        return Known(
            frozenset(ids),
            frozenset().union(*(r.loose_ids for r in raws)),
            all(r.complete for r in raws) and len(raws) == len(names),
        )

    return {
        "sources": of(ds.sources, "sources.yaml"),
        "countries": of(ds.countries, "countries.yaml"),
        "cities": of(ds.cities, "cities.yaml"),
        "places": of(set(ds.cities) | set(ds.countries), "cities.yaml", "countries.yaml"),
        "tags": of({t for c in ds.cities.values() for t in c.tags}, "cities.yaml"),
        "programs": of(ds.programs, "programs.yaml"),
        "indicators": of(ds.indicators, "indicators.yaml"),
    }


def record_names(ds: Dataset) -> dict[str, str]:
    """Lower-cased names of records -> their ids, to spot a name written where an id belongs."""
    return {
        rec.name.casefold(): rid
        for records in (ds.countries, ds.cities, ds.programs, ds.indicators)
        for rid, rec in records.items()
    }


def fix_hint(value: str, known: Collection[str], names: dict[str, str] | None = None) -> str:
    by_name = (names or {}).get(value.replace("-", " ").casefold())
    if by_name is None and names:
        by_name = (names or {}).get(value.casefold())
    if by_name in known:
        return f"use the id '{by_name}', not the name"
    starts = sorted(k for k in known if str(k).startswith(value))
    if len(starts) == 1:
        return f"did you mean '{starts[0]}'?"
    lowered = {str(k): k for k in known}
    close = difflib.get_close_matches(value, list(lowered), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return (
        "use the id, not the name"
        if any(c.isupper() or c == " " for c in value)
        else ("check the spelling, or add the record it refers to")
    )
