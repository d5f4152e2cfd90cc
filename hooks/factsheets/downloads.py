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
from .routes import Routes, figure_files, folder, map_drawing
from .validate import Dataset


def _plain_number(value: Any) -> Any:
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
        key = (rec["place"], rec["indicator"], rec["year"])
        if key not in seen:
            seen.add(key)
            unique.append(rec)
    unique.sort(key=lambda r: (r["indicator"], r["place"], r["year"]))
    return unique


def page_json(
    ds: Dataset, page: Page, routes: Routes, data_date: str, observations: list[Record]
) -> dict[str, Any]:
    """Everything on a page with its sources, as one JSON document."""
    return {
        "title": page.title,
        "description": page.description,
        "url": routes.address(page.src),
        "data_date": data_date,
        "observations": observations,
        "achievements": [dataclasses.asdict(t) for t in page.achievements],
        "figures": [_figure_entry(page.src, f) for f in page.figures],
        "sources": [
            ds.sources[s].model_dump(exclude_none=True, exclude={"translations"})
            for s in page.sources
        ],
    }


def _figure_entry(src: str, figure: Figure) -> dict[str, Any]:
    files = figure_files(src, figure.id)
    image = files.svg.rsplit("/", 1)[-1]
    if figure.drawing is not None:  # a drawing pages share, under maps/
        image = posixpath.relpath(map_drawing(figure.drawing.name), folder(src) or ".")
    return {
        "id": figure.id,
        "title": figure.title,
        "description": figure.description,
        "caption": figure.caption,
        "files": {
            "data": files.csv.rsplit("/", 1)[-1],
            "chart": files.spec.rsplit("/", 1)[-1],
            "image": image,
        },
    }
