"""What a reader downloads: CSV tables and the JSON of a page's figures. Pure: no writing."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import posixpath
from collections.abc import Iterable, Mapping
from typing import Any

from .figures.base import Figure, Record
from .pages.base import Page
from .routes import Routes, folder, page_csv, page_drawings
from .validate import Dataset


def _whole(value: Any) -> Any:
    """A whole number written as one (``450`` for ``450.0``)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _plain_number(value: Any) -> Any:
    """A number as plain digits: ``450`` for ``450.0``, ``12.5`` as Python writes it (called
    for every cell of every download: one test where two calls did the same)."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else repr(value)
    return value


def records_csv(records: Iterable[Mapping[str, Any]]) -> str:
    """Tidy rows as CSV with a header; numbers written as plain digits."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    header = False
    for rec in records:
        if not header:
            writer.writerow(rec.keys())
            header = True
        writer.writerow([_plain_number(v) for v in rec.values()])
    return buf.getvalue()


def to_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def page_observations(page: Page) -> list[Record]:
    """The observations behind a page and its charts, each (place, indicator, year) once."""
    seen: set[tuple[Any, ...]] = set()
    unique = []
    for rec in [*page.records, *(r for f in page.figures for r in f.records)]:
        if "indicator" not in rec:
            continue
        key = _key(rec)
        if key not in seen:
            seen.add(key)
            unique.append(rec)
    unique.sort(key=lambda r: (r["indicator"], r["place"], r["year"]))
    return unique


def _key(rec: Record) -> tuple[Any, ...]:
    return (rec["place"], rec["indicator"], rec["year"])


#: Columns of the page's table in this order first (an observation's), then any others.
OBSERVATION_COLUMNS = (
    "place",
    "place_name",
    "indicator",
    "indicator_name",
    "year",
    "value",
    "unit",
    "flag",
    "note",
    "source",
)


def page_rows(page: Page, observations: list[Record]) -> list[dict[str, Any]]:
    """The page's table: each chart's rows (its download, in order) under its id in ``chart``,
    then the page's observations no chart shows, under an empty ``chart``. Every column of
    every row; a value a row lacks is empty."""
    rows: list[dict[str, Any]] = []
    charted: set[tuple[Any, ...]] = set()
    for fig in page.figures:
        for rec in fig.records:
            rows.append({"chart": fig.id, **rec})
            if "indicator" in rec:
                charted.add(_key(rec))
    rows += [{"chart": "", **rec} for rec in observations if _key(rec) not in charted]
    seen = {key for row in rows for key in row}
    extra = [key for key in dict.fromkeys(k for row in rows for k in row) if key != "chart"]
    columns = ["chart", *(c for c in OBSERVATION_COLUMNS if c in seen)]
    columns += [c for c in extra if c not in OBSERVATION_COLUMNS]
    return [{c: row.get(c, "") for c in columns} for row in rows]


def page_json(
    ds: Dataset,
    page: Page,
    routes: Routes,
    data_date: str,
    observations: list[Record],
    charts: Mapping[str, Mapping[str, Any]],
) -> dict[str, Any]:
    """Everything on a page with its sources, as one JSON document; ``charts``: each chart's
    spec, by figure id, as its template's address and a patch (see ``emit.chart_entry``)."""
    return {
        "title": page.title,
        "description": page.description,
        "url": routes.address(page.src),
        "data_date": data_date,
        "observations": as_table(observations),
        "achievements": [dataclasses.asdict(t) for t in page.achievements],
        "figures": [_figure_entry(page.src, f, charts.get(f.id)) for f in page.figures],
        "sources": [
            ds.sources[s].model_dump(exclude_none=True, exclude={"translations"})
            for s in page.sources
        ],
    }


def as_table(records: list[Record]) -> dict[str, list[Any]]:
    """Rows as a table: the names of the columns once, then each row's values in that order
    (the rows of a page's CSV, and about half the bytes of writing every name in every row);
    whole numbers written as whole numbers."""
    columns = list(dict.fromkeys(key for rec in records for key in rec))
    return {
        "columns": columns,
        "rows": [[_whole(rec.get(c, "")) for c in columns] for rec in records],
    }


def _figure_entry(src: str, figure: Figure, chart: Mapping[str, Any] | None) -> dict[str, Any]:
    here = folder(src) or "."
    image = posixpath.relpath(page_drawings(src), here) + "#" + figure.id
    if figure.drawing is not None:  # a drawing pages share
        image = posixpath.relpath(figure.drawing.path, here)
    entry: dict[str, Any] = {
        "id": figure.id,
        "title": figure.title,
        "description": figure.description,
        "caption": figure.caption,
        "files": {"data": posixpath.relpath(page_csv(src), here), "image": image},
        # the columns of the chart's own rows in the page's table (its CSV download)
        "columns": list(dict.fromkeys(k for rec in figure.records for k in rec)),
    }
    if chart is not None:
        entry["chart"] = dict(chart)
    return entry
