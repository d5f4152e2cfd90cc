"""Cross-file checks: every reference resolves, every figure is plausible.

All problems are collected and returned together, so an analyst fixes a whole batch in one go.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .checkobs import check_observations, check_reported_changes
from .dataset import Dataset, Known, fix_hint, known_ids, known_list, record_names
from .load import RawFile, load_folder
from .models import Achievement, Country, Group, Program, Recommendation, Record, Strategy
from .problems import DataError, Problem
from .registry import YAML_FILES

__all__ = ["Dataset", "load_dataset"]


def _records(files: dict[str, RawFile], name: str) -> dict[str, Record]:
    raw = files.get(name)
    return {r.id: r for r in raw.records} if raw else {}  # type: ignore[attr-defined]


def _where(
    files: dict[str, RawFile], name: str, rid: str, field: str | None = None
) -> tuple[str, int, int]:
    raw = files[name]
    pos = raw.fields.get((rid, field)) if field else None
    pos = pos or raw.positions.get(rid)
    return (pos.path, pos.line, pos.column) if pos else (raw.path, 0, 0)


def load_dataset(data_dir: Path) -> Dataset:
    """Load and check a data folder; raise :class:`DataError` listing every error found."""
    problems: list[Problem] = []
    files, obs = load_folder(Path(data_dir), problems)
    # One table per data file, by its attribute name: each file's model is its registry entry's.
    tables: dict[str, Any] = {entry.attribute: _records(files, entry.name) for entry in YAML_FILES}
    ds = Dataset(data_dir=Path(data_dir), observations=obs, **tables)
    for name, raw in files.items():
        kind = name.removesuffix(".yaml")
        for rid, pos in raw.positions.items():
            ds.positions[(kind, rid)] = pos
    problems.extend(check_references(ds, files))
    problems.extend(check_observations(ds, known_ids(ds, files)))
    if not any(p.severity == "error" for p in problems):
        # Doubts about values are only worth reading once the data itself is sound.
        problems.extend(check_reported_changes(ds))
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

    def ref(
        name: str, rid: str, what: str, value: str | None, known: Known, hint: str = ""
    ) -> None:
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
                f"{what} '{value}' is not {hint or 'known'} ({known_list(known.ids)})",
                fix_hint(value, known.ids, names),
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
            for claim in rec.claims:
                ref(source_file, rid, "claims", claim.source, k["sources"], "a source id")
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
    out.extend(_predecessor_cycles(ds, files))
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
        for sid in strat.sources:
            ref("strategies.yaml", rid, "sources", sid, k["sources"], "a source id")
    for rid, advice in ds.recommendations.items():
        ref("recommendations.yaml", rid, "scope", advice.scope, places, "a city or country id")
        ref("recommendations.yaml", rid, "group", advice.group, tags, "a tag used in cities.yaml")
        ref("recommendations.yaml", rid, "source", advice.source, k["sources"], "a source id")
    return out


def _predecessor_cycles(ds: Dataset, files: dict[str, RawFile]) -> list[Problem]:
    """Programs that are, through their predecessors, their own predecessor: once per cycle, at
    the first of its programs in the file."""
    out = []
    reported: set[str] = set()
    for start in ds.programs:
        chain: list[str] = []
        current: str | None = start
        while current in ds.programs and current not in chain and current not in reported:
            chain.append(current)
            current = ds.programs[current].predecessor
        if current is None or current not in chain:
            continue
        cycle = chain[chain.index(current) :]
        reported.update(cycle)
        path, line, col = _where(files, "programs.yaml", cycle[0], "predecessor")
        if len(cycle) == 1:
            message = f"{cycle[0]}: a program cannot be its own predecessor"
        else:
            loop = " → ".join([*cycle, cycle[0]])
            message = f"{cycle[0]}: the predecessors form a loop ({loop})"
        out.append(
            Problem(path, line, col, message, "remove the predecessor of the oldest program")
        )
    return out


def _unused_sources(ds: Dataset) -> list[Problem]:
    used = set(ds.observations["source"])
    places_citing: list[Country | Group] = [*ds.countries.values(), *ds.groups.values()]
    for place in places_citing:
        used.update(place.sources)
        used.update(claim.source for claim in place.claims)
    citing_many: list[Program | Strategy] = [*ds.programs.values(), *ds.strategies.values()]
    for rec in citing_many:
        used.update(rec.sources)
    citing_one: list[Achievement | Recommendation] = [
        *ds.achievements.values(),
        *ds.recommendations.values(),
    ]
    for cited in citing_one:
        used.add(cited.source)
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


def check_coordinates(ds: Dataset, files: dict[str, RawFile]) -> list[Problem]:
    """A city's ``lat`` and ``lon`` come together and lie inside its country's map."""
    from . import geo  # the boundary files are read only when a city has coordinates

    out: list[Problem] = []
    shapes: dict[str, geo.Boundary] | None = None
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
        shapes = geo.boundaries() if shapes is None else shapes  # looked up once, not per city
        shape = shapes.get(city.country)
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
