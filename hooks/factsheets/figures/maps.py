"""What the map kinds share: a country's outlines as a Vega-Lite layer, and where its cities
fall on the drawing of them.

Outlines always go to Vega inline (see :mod:`factsheets.geo`). Where a city falls is asked of
Vega itself, for all of a country's cities at once: the same projection, fitted to the same
outlines, as the drawing the marks are placed over. The answer is kept while the places are the
same: the other languages of a build and a server's rebuilds after an edit that moved no city
ask again for none (Vega takes a third of a second for 5,000 places).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from .. import geo, text
from ..geo import Boundary
from ..i18n import _, current
from .base import CHART_CONFIG, Context, Mark, chart_locale

LAND = "#e4e7eb"
BORDER = "#ffffff"
#: The state a locator map highlights: darker than the others, lighter than the marker.
STATE = "#a9bfd6"
MARKER = "#D55E00"

_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    return _SLUG.sub("-", geo._fold(name)).strip("-")


def config() -> dict[str, Any]:
    out = copy.deepcopy(CHART_CONFIG)
    out.pop("autosize", None)
    # A map is shown a little narrower than a chart (its height is capped), so its words are
    # drawn larger to stay at least 11 px on a phone.
    out["legend"] = {**out.get("legend", {}), "labelFontSize": 13, "titleFontSize": 13}
    locale = chart_locale(current().locale)
    if locale is not None:
        out["locale"] = locale
    return out


def states_layer(data: dict[str, Any], state: str | None, tooltip: bool) -> dict[str, Any]:
    """The country's states in grey, ``state`` (if any) highlighted."""
    fill: dict[str, Any] = {"value": LAND}
    if state:
        fill = {"condition": {"test": {"field": "properties.name", "equal": state}, "value": STATE}}
        fill["value"] = LAND
    layer: dict[str, Any] = {
        "data": data,
        "mark": {"type": "geoshape", "stroke": BORDER, "strokeWidth": 0.75},
        "encoding": {"fill": fill},
    }
    if tooltip:
        layer["encoding"]["tooltip"] = [
            {"field": "properties.name", "type": "nominal", "title": _("State")}
        ]
    return layer


def places_layer(values: list[dict[str, Any]], *, size: int, stroke: float) -> dict[str, Any]:
    """Cities as marks at their coordinates, named with their state in the tooltip."""
    return {
        "data": {"values": values},
        "mark": {
            "type": "circle",
            "size": size,
            "color": MARKER,
            "opacity": 1,
            "stroke": "#ffffff",
            "strokeWidth": stroke,
        },
        "encoding": {
            "longitude": {"field": "lon", "type": "quantitative"},
            "latitude": {"field": "lat", "type": "quantitative"},
            "tooltip": [
                {"field": "name", "type": "nominal", "title": _("Place")},
                {"field": "state", "type": "nominal", "title": _("State")},
            ],
        },
    }


def base_spec(b: Boundary, state: str | None) -> dict[str, Any]:
    """A country's outlines, drawn once and shared by the locator maps of all its cities."""
    width, height = b.size
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": width,
        "height": height,
        "autosize": "none",
        "padding": 0,
        "projection": b.projection,
        **states_layer(geo.inline(b), state, tooltip=False),
        "config": config(),
    }


def located(ctx: Context, country: str) -> dict[str, Mark]:
    """Where each city of ``country`` with coordinates falls on its outlines' drawing (in the
    drawing's pixels), computed once per build by Vega for all of them."""
    key = ("map-positions", country)
    if key not in ctx.memo:
        b = geo.boundary(country)
        cities = [
            c
            for cid in ctx.facts.cities_of_country.get(country, [])
            if (c := ctx.ds.cities[cid]).lat is not None and c.lon is not None
        ]
        points = [(c.lon, c.lat) for c in cities if c.lon is not None and c.lat is not None]
        marks = project(b, points) if b and cities else []
        ctx.memo[key] = {c.id: m for c, m in zip(cities, marks, strict=True) if m is not None}
    found: dict[str, Mark] = ctx.memo[key]
    return found


#: The places last asked of Vega on each country's outlines (as read: the outlines read again
#: from a changed file are others), and where it put them.
_Placed = tuple[Boundary, tuple[tuple[float, float], ...], tuple[Mark | None, ...]]
_placed: dict[Path, _Placed] = {}


def project(b: Boundary, points: list[tuple[float, float]]) -> list[Mark | None]:
    """Each (lon, lat) as x, y on the drawing of ``base_spec(b, ...)``: as Vega placed them
    last time on these outlines when the places are the same, else asked of Vega."""
    asked = tuple(points)
    last = _placed.get(b.path)
    if last is not None and last[0] is b and last[1] == asked:
        return list(last[2])
    marks = _ask_vega(b, points)
    _placed[b.path] = (b, asked, tuple(marks))
    return marks


def _ask_vega(b: Boundary, points: list[tuple[float, float]]) -> list[Mark | None]:
    from ..svg import _vl_convert, static_spec

    vlc = _vl_convert()
    vega = vlc.vegalite_to_vega(static_spec(base_spec(b, None)))
    projection = vega["projections"][0]["name"]
    vega["data"].append(
        {
            "name": "fs_places",
            "values": [{"lon": lon, "lat": lat} for lon, lat in points],
            "transform": [
                {
                    "type": "geopoint",
                    "projection": projection,
                    "fields": ["lon", "lat"],
                    "as": ["x", "y"],
                }
            ],
        }
    )
    vega["marks"].append(
        {
            "type": "symbol",
            "name": "fs_places_marks",
            "from": {"data": "fs_places"},
            "encode": {"update": {"x": {"field": "x"}, "y": {"field": "y"}}},
        }
    )
    scene = vlc.vega_to_scenegraph(vega, allowed_base_urls=[])
    items = _find(scene, "fs_places_marks")
    if items is None or len(items) != len(points):
        raise RuntimeError(f"{b.file}: Vega placed {len(items or [])} of {len(points)} cities")
    return [_mark(i) for i in items]


def _mark(item: dict[str, Any]) -> Mark | None:
    """A placed point, or None where the projection shows nothing (outside Albers USA's
    three areas, say)."""
    x, y = item.get("x"), item.get("y")
    if not isinstance(x, (int, float)) or not isinstance(y, (int, float)) or x != x or y != y:
        return None
    return Mark(round(float(x), 1), round(float(y), 1))


def _find(node: Any, name: str) -> list[dict[str, Any]] | None:
    if isinstance(node, dict):
        if node.get("name") == name and node.get("marktype"):
            items: list[dict[str, Any]] = node.get("items", [])
            return items
        for value in node.values():
            found = _find(value, name)
            if found is not None:
                return found
    elif isinstance(node, list):
        for value in node:
            found = _find(value, name)
            if found is not None:
                return found
    return None


def coordinates(lat: float, lon: float) -> str:
    """'31.76° N, 106.49° W'."""
    ns = _("%(degrees)s° N", degrees=text.number(abs(lat), 2))
    if lat < 0:
        ns = _("%(degrees)s° S", degrees=text.number(abs(lat), 2))
    ew = _("%(degrees)s° E", degrees=text.number(abs(lon), 2))
    if lon < 0:
        ew = _("%(degrees)s° W", degrees=text.number(abs(lon), 2))
    return _("%(lat)s, %(lon)s", lat=ns, lon=ew)
