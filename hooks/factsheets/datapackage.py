"""The whole dataset as a Frictionless Data Package: CSV files plus a datapackage.json."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import Any

import pandas as pd

from . import geo
from .citing import source_name
from .downloads import records_csv
from .lookups import changed_places, place_digests
from .models import Record
from .registry import BY_NAME, OBSERVATIONS
from .validate import Dataset

FOLDER = "data"
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

#: Places joins two data files (countries and cities), so its columns are listed here; every
#: other table takes its columns from the data file it comes from (see ``registry``).
_PLACES = [
    ("id", "string", ""),
    ("name", "string", ""),
    ("kind", "string", "city or country"),
    ("country", "string", "Country id (cities)"),
    ("region", "string", ""),
    ("tags", "string", "Group tags, separated by spaces"),
    ("summary", "string", ""),
    ("lat", "number", "Latitude in degrees, north positive (cities)"),
    ("lon", "number", "Longitude in degrees, east positive (cities)"),
]
_OBSERVATION_COLUMNS = {c.name: c for c in OBSERVATIONS.columns}
_FIELDS: dict[str, list[tuple[str, str, str]]] = {
    "observations": [
        (
            name,
            _OBSERVATION_COLUMNS[name].package_type,
            _OBSERVATION_COLUMNS[name].package_description,
        )
        for name in OBSERVATIONS.package_order
    ],
    "places": _PLACES,
    **{
        kind: list(BY_NAME[f"{kind}.yaml"].package_columns)
        for kind in ("indicators", "programs", "achievements", "sources")
    },
}

_KEYS = {
    "observations": [
        ("place", "places", "id"),
        ("indicator", "indicators", "id"),
        ("source", "sources", "id"),
    ],
    "places": [],
    "indicators": [],
    "programs": [("country", "places", "id")],
    "achievements": [("source", "sources", "id")],
    "sources": [],
}


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(value)
    return value


def observations_table(obs: pd.DataFrame) -> pd.DataFrame:
    """The observations as the package's table holds them: its columns in order, sorted by
    place, indicator and year, numbers as plain digits (``450``, ``12.5``), no value empty."""
    obs = obs.sort_values(["place", "indicator", "year"])
    out = pd.DataFrame(
        {
            "place": obs["place"],
            "indicator": obs["indicator"],
            "year": obs["year"].astype("int64"),
            "value": _plain_numbers(obs["value"]),
            "flag": obs["flag"].fillna("").astype(str),
            "note": obs["note"].fillna("").astype(str),
            "reported_change": _plain_numbers(obs["reported_change"]),
            "source": obs["source"],
        }
    )
    return out[[f[0] for f in _FIELDS["observations"]]]


def _plain_numbers(values: pd.Series) -> pd.Series:
    """Numbers as the downloads write them: whole ones without ".0", others as Python does,
    a missing one empty."""
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    return numbers.map(lambda v: "" if v != v else str(int(v)) if v.is_integer() else repr(v))


def tables(ds: Dataset) -> dict[str, list[dict[str, Any]]]:
    """Every table of the package but the observations (the same in every language)."""
    places = [
        {
            "id": c.id,
            "name": c.name,
            "kind": "country",
            "country": "",
            "region": "",
            "tags": "",
            "summary": c.summary or "",
        }
        for c in ds.countries.values()
    ] + [
        {
            "id": c.id,
            "name": c.name,
            "kind": "city",
            "country": c.country,
            "region": c.region or "",
            "tags": " ".join(c.tags),
            "summary": c.summary or "",
            "lat": "" if c.lat is None else c.lat,
            "lon": "" if c.lon is None else c.lon,
        }
        for c in ds.cities.values()
    ]

    def rows(records: Mapping[str, Record], name: str) -> list[dict[str, Any]]:
        cols = [f[0] for f in _FIELDS[name]]
        return [{c: _text(getattr(r, c, "")) for c in cols} for r in records.values()]

    return {
        "places": places,
        "indicators": rows(ds.indicators, "indicators"),
        "programs": rows(ds.programs, "programs"),
        "achievements": rows(ds.achievements, "achievements"),
        "sources": rows(ds.sources, "sources"),
    }


def descriptor(ds: Dataset, counts: dict[str, int]) -> dict[str, Any]:
    resources = []
    for name, fields in _FIELDS.items():
        schema: dict[str, Any] = {
            "fields": [
                {"name": f, "type": t, **({"description": d} if d else {})} for f, t, d in fields
            ],
            "missingValues": [""],
        }
        if name != "observations":
            schema["primaryKey"] = ["id"]
        else:
            schema["primaryKey"] = ["place", "indicator", "year"]
        keys = [
            {"fields": f, "reference": {"resource": res, "fields": ref}}
            for f, res, ref in _KEYS[name]
        ]
        if keys:
            schema["foreignKeys"] = keys
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "crime-violence-prevention-factsheets",
        "title": "Crime and violence prevention fact sheets: data",
        "description": f"{counts['places']} places, {counts['observations']} observations, "
        f"{counts['programs']} programs and {counts['sources']} sources.",
        "licenses": [LICENSE],
        "sources": [
            {"title": source_name(s), **({"path": s.url} if s.url else {})}
            for s in ds.sources.values()
        ]
        + [
            {
                "title": f"{b.meta['publisher']}: {b.meta['title']} ({b.meta['licence']}); "
                "state boundaries of the maps",
                "path": b.meta["url"],
            }
            for b in geo.used(ds.cities.values())
        ],
        "resources": resources,
    }


def _table_csv(name: str, rows: list[dict[str, Any]]) -> str:
    cols = [f[0] for f in _FIELDS[name]]
    if rows:
        return records_csv([{c: r.get(c, "") for c in cols} for r in rows])
    return ",".join(cols) + "\n"


@dataclass
class _Written:
    """The observations table as last written, with what it was made from."""

    obs: pd.DataFrame
    text: str
    digests: dict[str, int]
    #: Each place's lines of the table, by place id (the table is sorted by place first):
    #: grouped when a rebuild first writes the table again, not by a build that never does.
    blocks: dict[str, str] | None = None


#: Every language of one build shares the table, and a server's rebuild after an edit writes
#: again only the lines of the places whose observations changed (at 10,000 places writing
#: the whole table takes over a second).
_last_observations: _Written | None = None


def _observations_csv(obs: pd.DataFrame) -> tuple[str, int]:
    global _last_observations
    last = _last_observations
    if last is not None and last.obs is obs:
        return last.text, len(obs)
    digests = place_digests(obs)
    changed = None if last is None else changed_places(last.digests, digests)
    if last is None or changed is None:
        text = observations_table(obs).to_csv(index=False, lineterminator="\n")
        _last_observations = _Written(obs, text, digests)
        return text, len(obs)
    header, _, body = last.text.partition("\n")
    if last.blocks is None:
        last.blocks = _by_place(body)
    blocks = {p: b for p, b in last.blocks.items() if p in digests and p not in changed}
    edited = observations_table(obs[obs["place"].isin(changed)])
    blocks.update(_by_place(edited.to_csv(index=False, header=False, lineterminator="\n")))
    blocks = {p: blocks[p] for p in sorted(blocks)}
    text = header + "\n" + "".join(blocks.values())
    _last_observations = _Written(obs, text, digests, blocks)
    return text, len(obs)


def _by_place(lines: str) -> dict[str, str]:
    """The lines of a table sorted by place, grouped by their first cell (a place id, which
    needs no quotes)."""
    rows = [row + "\n" for row in lines.split("\n")[:-1]]  # each line ends with one
    return {p: "".join(group) for p, group in groupby(rows, lambda r: r.split(",", 1)[0])}


def files(ds: Dataset) -> tuple[dict[str, str], dict[str, int]]:
    """Path -> text of every file of the package, and the row count of each table."""
    text, count = _observations_csv(ds.observations)
    out: dict[str, str] = {f"{FOLDER}/observations.csv": text}
    counts = {"observations": count}
    for name, rows in tables(ds).items():
        out[f"{FOLDER}/{name}.csv"] = _table_csv(name, rows)
        counts[name] = len(rows)
    out[f"{FOLDER}/datapackage.json"] = (
        json.dumps(descriptor(ds, counts), indent=2, ensure_ascii=False) + "\n"
    )
    return out, counts
