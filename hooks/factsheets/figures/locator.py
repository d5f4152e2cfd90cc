"""Locator map: where a city is in its country, its state highlighted.

Cheap at scale: the page shows its country's outlines (one drawing per country and state,
shared by every city there) with the city's mark placed over it; only the mark is the city's.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from typing import Any

from .. import geo, routes
from ..chartspec import Filled
from ..i18n import _, current
from . import maps
from .base import Context, Figure, Scope, SharedDrawing

FIGURE_ID = "map-locator"


def make(ctx: Context, scope: Scope) -> Figure | None:
    if scope.page != "city":
        return None
    ds = ctx.ds
    city = ds.cities[scope.subject]
    if city.lat is None or city.lon is None:
        return None
    b = geo.boundary(city.country)
    if b is None:
        return None
    mark = maps.located(ctx, city.country).get(city.id)
    if mark is None:
        return None
    state = b.state_of(city.region, city.lon, city.lat)
    country = ds.countries[city.country].name
    where = maps.coordinates(city.lat, city.lon)
    if state:
        title = _(
            "%(city)s in %(state)s, %(country)s", city=city.name, state=state, country=country
        )
        description = _(
            "Map of %(country)s with its states; %(state)s is shaded and %(city)s is marked "
            "at %(where)s.",
            country=country,
            state=state,
            city=city.name,
            where=where,
        )
        name = f"{city.country}-{maps.slug(state)}"
    else:
        title = _("%(city)s, %(country)s", city=city.name, country=country)
        description = _(
            "Map of %(country)s with its states; %(city)s is marked at %(where)s.",
            country=country,
            city=city.name,
            where=where,
        )
        name = city.country
    caption = _("Source of the boundaries: %(source)s.", source=b.meta["publisher"])
    width, height = b.size
    return Figure(
        id=FIGURE_ID,
        title=title,
        description=description,
        caption=caption,
        sources=(),
        spec=live_spec(ctx, scope.subject, b, state, title, description),
        columns=(_("Place"), _("State"), _("Latitude"), _("Longitude")),
        rows=((city.name, state or "", f"{city.lat:.2f}", f"{city.lon:.2f}"),),
        records=(
            {
                "place": city.id,
                "place_name": city.name,
                "country": city.country,
                "state": state or "",
                "lat": city.lat,
                "lon": city.lon,
                "source": b.meta["publisher"],
            },
        ),
        drawing=SharedDrawing(routes.map_drawing(name), maps.base_spec(b, state), width, height),
        marks=(mark,),
    )


def live_spec(
    ctx: Context,
    city_id: str,
    b: geo.Boundary,
    state: str | None,
    title: str,
    description: str,
) -> dict[str, Any]:
    """The interactive map: the shared boundary file (loaded relative to the page's folder)
    and the city's mark with a tooltip, made from the country's template."""
    city = ctx.ds.cities[city_id]
    template = live_template(b.country, current().code)
    spec = Filled(template)
    spec.template = template
    spec["title"] = {"text": title}
    spec["description"] = description
    spec["layer"] = [
        maps.states_layer(template["layer"][0]["data"], state, tooltip=True),
        maps.places_layer(
            [{"name": city.name, "lat": city.lat, "lon": city.lon, "state": state or ""}],
            size=110,
            stroke=2,
        ),
    ]
    return spec


@lru_cache(maxsize=64)
def live_template(country: str, language: str) -> dict[str, Any]:
    """What the live locator maps of a country share: its outlines, no state highlighted, no
    city marked (in the language in use: ``language`` keys the cache)."""
    b = geo.boundary(country)
    assert b is not None
    url = posixpath.relpath(routes.boundary_file(b.country), routes.folder(routes.city("x")))
    width, height = b.size
    data = {"url": url, "format": {"type": "topojson", "feature": "states"}}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": width,
        "height": height,
        "autosize": {"type": "pad"},
        "projection": b.projection,
        "layer": [
            maps.states_layer(data, None, tooltip=True),
            maps.places_layer([], size=110, stroke=2),
        ],
        "config": maps.config(),
    }
