"""Cross-file checks: every reference resolves, every figure is plausible.

All problems are collected and returned together, so an analyst fixes a whole batch in one go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .load import Position, RawFile, load_folder
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
from .problems import DataError, Problem

#: Two percent changes closer than this (in percentage points) agree "within rounding".
CHANGE_TOLERANCE = 0.6


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


def _records(files: dict[str, RawFile], name: str) -> dict:
    raw = files.get(name)
    return {r.id: r for r in raw.records} if raw else {}  # type: ignore[attr-defined]


def _where(
    files: dict[str, RawFile], name: str, rid: str, field: str | None = None
) -> tuple[str, int, int]:
    raw = files[name]
    pos = raw.fields.get((rid, field)) if field else None
    pos = pos or raw.positions.get(rid)
    return (pos.path, pos.line, pos.column) if pos else (raw.path, 0, 0)


def _known(ids) -> str:
    ids = sorted(ids)
    shown = ", ".join(ids[:8]) + (", …" if len(ids) > 8 else "")
    return f"known: {shown}" if ids else "none are defined yet"


def load_dataset(data_dir: Path) -> Dataset:
    """Load and check a data folder; raise :class:`DataError` listing every error found."""
    problems: list[Problem] = []
    files, obs = load_folder(Path(data_dir), problems)
    ds = Dataset(
        data_dir=Path(data_dir),
        sources=_records(files, "sources.yaml"),
        countries=_records(files, "countries.yaml"),
        cities=_records(files, "cities.yaml"),
        indicators=_records(files, "indicators.yaml"),
        groups=_records(files, "groups.yaml"),
        programs=_records(files, "programs.yaml"),
        achievements=_records(files, "achievements.yaml"),
        strategies=_records(files, "strategies.yaml"),
        recommendations=_records(files, "recommendations.yaml"),
        observations=obs,
    )
    for name, raw in files.items():
        kind = name.removesuffix(".yaml")
        for rid, pos in raw.positions.items():
            ds.positions[(kind, rid)] = pos
    problems.extend(check_references(ds, files))
    problems.extend(check_observations(ds, known_ids(ds, files)))
    if not any(p.severity == "error" for p in problems):
        # Doubts about values are only worth reading once the data itself is sound.
        problems.extend(_check_reported_changes(ds))
        problems.extend(_unused_sources(ds))
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)
    ds.warnings = sorted(p for p in problems if p.severity == "warning")
    # Tags without a groups.yaml record still get a group page.
    for city in ds.cities.values():
        for tag in city.tags:
            if tag not in ds.groups:
                ds.groups[tag] = Group(id=tag, name=tag.replace("-", " ").capitalize() + " cities")
    return ds


def check_references(ds: Dataset, files: dict[str, RawFile]) -> list[Problem]:
    """Every id that points at another record must name one that exists."""
    out: list[Problem] = []
    k = known_ids(ds, files)
    places, tags = k["places"], k["tags"]

    names = record_names(ds)

    def ref(name: str, rid: str, what: str, value: str | None, known, hint: str = "") -> None:
        if value is None or known.resolves(value):
            return
        field = what.split(" ")[0]
        path, line, col = _where(files, name, rid, field if field != "place" else "places")
        if field in ("source", "group") and (rid, field) not in files[name].fields:
            path, line, col = _where(files, name, rid, field + "s")
        out.append(
            Problem(
                path,
                line,
                col,
                f"{what} '{value}' is not {hint or 'known'} ({_known(known.ids)})",
                _fix_hint(value, known.ids, names),
            )
        )

    for cid in set(ds.cities) & set(ds.countries):
        path, line, col = _where(files, "cities.yaml", cid)
        out.append(
            Problem(
                path,
                line,
                col,
                f"id '{cid}' is both a city and a country id",
                "city and country ids share one namespace: rename the city",
            )
        )
    for source_file, records in (("countries.yaml", ds.countries), ("groups.yaml", ds.groups)):
        for rid, rec in records.items():
            for sid in rec.sources:
                ref(source_file, rid, "source", sid, k["sources"], "a source id")
    for rid, city in ds.cities.items():
        ref("cities.yaml", rid, "country", city.country, k["countries"], "a country id")
    out.extend(check_coordinates(ds, files))
    for rid in ds.groups:
        if not tags.resolves(rid):
            path, line, col = _where(files, "groups.yaml", rid)
            out.append(
                Problem(
                    path,
                    line,
                    col,
                    f"group '{rid}' is not a tag of any city",
                    "add the tag to cities in cities.yaml, or remove the group",
                    "warning",
                )
            )
    for rid, prog in ds.programs.items():
        ref("programs.yaml", rid, "country", prog.country, k["countries"], "a country id")
        for place in prog.places:
            ref("programs.yaml", rid, "place", place, places, "a city or country id")
        ref("programs.yaml", rid, "predecessor", prog.predecessor, k["programs"], "a program id")
        for sid in prog.sources:
            ref("programs.yaml", rid, "source", sid, k["sources"], "a source id")
        if prog.predecessor == rid:
            path, line, col = _where(files, "programs.yaml", rid)
            out.append(Problem(path, line, col, f"{rid}: a program cannot be its own predecessor"))
    for rid, ach in ds.achievements.items():
        targets = {"country": k["countries"], "city": k["cities"], "program": k["programs"]}[
            ach.scope
        ]
        ref(
            "achievements.yaml",
            rid,
            f"scope_id ({ach.scope})",
            ach.scope_id,
            targets,
            f"a {ach.scope} id",
        )
        ref("achievements.yaml", rid, "source", ach.source, k["sources"], "a source id")
        if ach.unit.strip() == "%":
            low = ach.value if ach.value is not None else ach.value_min
            if low is not None and low < 0:
                path, line, col = _where(files, "achievements.yaml", rid)
                out.append(
                    Problem(
                        path,
                        line,
                        col,
                        f"{rid}: a percentage cannot be negative",
                        "write the size of the change and say 'reduction' in counts",
                    )
                )
    for rid, strat in ds.strategies.items():
        for place in strat.places:
            ref("strategies.yaml", rid, "place", place, places, "a city or country id")
        for tag in strat.groups:
            ref("strategies.yaml", rid, "group", tag, tags, "a tag used in cities.yaml")
        ref("strategies.yaml", rid, "source", strat.source, k["sources"], "a source id")
    for rid, rec in ds.recommendations.items():
        ref("recommendations.yaml", rid, "scope", rec.scope, places, "a city or country id")
        ref("recommendations.yaml", rid, "group", rec.group, tags, "a tag used in cities.yaml")
        ref("recommendations.yaml", rid, "source", rec.source, k["sources"], "a source id")
    return out


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


def check_coordinates(ds: Dataset, files: dict[str, RawFile]) -> list[Problem]:
    """A city's ``lat`` and ``lon`` come together and lie inside its country's map."""
    from . import geo  # the boundary files are read only when a city has coordinates

    out: list[Problem] = []
    for rid, city in ds.cities.items():
        if city.lat is None and city.lon is None:
            continue
        if city.lat is None or city.lon is None:
            missing = "lat" if city.lat is None else "lon"
            given = "lon" if missing == "lat" else "lat"
            path, line, col = _where(files, "cities.yaml", rid, given)
            out.append(
                Problem(
                    path,
                    line,
                    col,
                    f"{rid}: '{given}' is given without '{missing}'",
                    "give both, in degrees, or neither",
                )
            )
            continue
        shape = geo.boundary(city.country)
        if shape is None or shape.contains(city.lon, city.lat):
            continue
        west, south, east, north = shape.bounds
        path, line, col = _where(files, "cities.yaml", rid, "lat")
        out.append(
            Problem(
                path,
                line,
                col,
                f"{rid}: lat {city.lat}, lon {city.lon} is outside {ds.place_name(city.country)} "
                f"(lat {south} to {north}, lon {west} to {east})",
                "check the signs: west and south are negative",
            )
        )
    return out


def known_ids(ds: Dataset, files: dict[str, RawFile]) -> dict[str, Known]:
    def of(ids, *names: str) -> Known:
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


def _fix_hint(value: str, known, names: dict[str, str] | None = None) -> str:
    import difflib

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


def _rows(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:5])
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    return f"row{'s' if len(rows) > 1 else ''} {shown}{more}"


def check_observations(ds: Dataset, known: dict[str, Known]) -> list[Problem]:
    """References, duplicates and plausible values in the observation rows."""
    out: list[Problem] = []
    obs = ds.observations
    if obs.empty:
        return out

    def each(mask: pd.Series, message, hint: str = "", severity: str = "error") -> None:
        for _, row in obs[mask].iterrows():
            problem = Problem(row["file"], int(row["row"]), 0, message(row), hint, severity)  # type: ignore[arg-type]
            out.append(problem)

    names = record_names(ds)
    for col, kind, what in (
        ("place", "places", "a city or country id"),
        ("indicator", "indicators", "an indicator id"),
        ("source", "sources", "a source id"),
    ):
        ids = known[kind]
        mask = ~obs[col].map(ids.resolves)
        # One line per unknown id and file, however many rows repeat it.
        for (file, value), rows in obs[mask].groupby(["file", col], sort=False)["row"]:
            rows = sorted(int(r) for r in rows)
            out.append(
                Problem(
                    file,
                    rows[0],
                    0,
                    f"{col} '{value}' is not {what}"
                    + (f", also in {_rows(rows[1:])}" if len(rows) > 1 else "")
                    + f" ({_known(ids.ids)})",
                    _fix_hint(value, ids.ids, names),
                )
            )
    key = ["place", "indicator", "year"]
    dup = obs.duplicated(key, keep=False)
    if dup.any():
        first = obs[dup].groupby(key)["row"].transform("min")
        files = obs[dup].groupby(key)["file"].transform("first")
        for idx, row in obs[dup].iterrows():
            if row["row"] == first[idx] and row["file"] == files[idx]:
                continue
            out.append(
                Problem(
                    row["file"],
                    int(row["row"]),
                    0,
                    f"{row['place']} {row['indicator']} {row['year']} is given twice "
                    f"(also at {files[idx]} row {first[idx]})",
                    "keep one row per place, indicator and year",
                )
            )
    kinds = obs["indicator"].map({k: v.kind for k, v in ds.indicators.items()})
    each(
        (kinds.isin(["count", "rate"])) & (obs["value"] < 0),
        lambda r: f"{r['indicator']} value {r['value']:g} is negative",
        "counts and rates cannot be below zero",
    )
    each(
        (kinds == "percent") & ((obs["value"] < 0) | (obs["value"] > 100)),
        lambda r: f"{r['indicator']} value {r['value']:g} is outside 0–100",
        "a percentage lies between 0 and 100",
    )
    return out


def _check_reported_changes(ds: Dataset) -> list[Problem]:
    obs = ds.observations.drop_duplicates(["place", "indicator", "year"])
    stated = obs[obs["reported_change"].notna()]
    out: list[Problem] = []
    if stated.empty:
        return out
    indexed = obs.set_index(["place", "indicator", "year"])["value"]
    for _, row in stated.iterrows():
        previous = obs[
            (obs["place"] == row["place"])
            & (obs["indicator"] == row["indicator"])
            & (obs["year"] < row["year"])
        ]
        if previous.empty:
            out.append(
                Problem(
                    row["file"],
                    int(row["row"]),
                    0,
                    f"reported_change {row['reported_change']:g}% has no earlier year "
                    "to check against",
                    "add the earlier value, or clear the cell",
                    "warning",
                )
            )
            continue
        prev_year = int(previous["year"].max())
        before = indexed[(row["place"], row["indicator"], prev_year)]
        if before == 0:
            continue
        computed = (row["value"] - before) / before * 100
        if abs(computed - row["reported_change"]) > CHANGE_TOLERANCE:
            out.append(
                Problem(
                    row["file"],
                    int(row["row"]),
                    0,
                    f"reported_change {row['reported_change']:g}% disagrees with the "
                    f"values: {before:g} in {prev_year} to {row['value']:g} is "
                    f"{computed:+.1f}%",
                    "check both values and the stated change",
                    "warning",
                )
            )
    return out


def _unused_sources(ds: Dataset) -> list[Problem]:
    used = set(ds.observations["source"])
    for rec in [*ds.countries.values(), *ds.groups.values(), *ds.programs.values()]:
        used.update(rec.sources)
    for rec in [*ds.achievements.values(), *ds.strategies.values(), *ds.recommendations.values()]:
        used.add(rec.source)
    out = []
    for sid in sorted(set(ds.sources) - used):
        pos = ds.positions.get(("sources", sid))
        out.append(
            Problem(
                pos.path if pos else "sources.yaml",
                pos.line if pos else 0,
                pos.column if pos else 0,
                f"source '{sid}' is not used by any record",
                "cite it from a record, or remove it",
                "warning",
            )
        )
    return out
