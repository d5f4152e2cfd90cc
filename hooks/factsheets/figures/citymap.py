"""Map of cities: the latest value of one indicator for each city of a country or group, on
the country's map. Rates and percents are shown by colour; counts never are (a bigger city has
more of everything), only by the size of the mark, with a legend."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .. import geo, text
from ..i18n import _, ngettext
from . import maps
from .base import (
    Context,
    Figure,
    Scope,
    axis_title,
    observation_records,
    peer_label,
    sources_caption,
    table,
    value_format,
)

#: Colours of the lowest and highest value (a light and a dark blue; never red/green).
RAMP = ["#6baed6", "#08306b"]
#: Cities listed at most in the map's table (all are on the map and in its downloads), as on
#: country and group pages: thousands of rows block a phone.
MAP_TABLE_MAX = 300


def make(ctx: Context, scope: Scope, indicator_id: str) -> Figure | None:
    if scope.page == "city":
        return None
    ds = ctx.ds
    peers = scope.peers[0]
    comparison = ctx.facts.lookups.comparison(peers.members, indicator_id)
    if comparison is None:
        return None
    located = [r for r in comparison.current if _has_coordinates(ctx, r.place)]
    shown_country = _main_country(ctx, [r.place for r in located])
    if shown_country is None:
        return None
    b = geo.boundary(shown_country)
    assert b is not None
    rows = sorted(
        (r for r in located if ds.cities[r.place].country == shown_country),
        key=lambda r: (-r.now.value, ds.place_name(r.place)),
    )
    ind = ds.indicators[indicator_id]
    year = comparison.year
    label = peer_label(ds, peers)
    country = ds.countries[shown_country].name
    title = _(
        "Map: %(indicator)s, %(places)s, %(year)s", indicator=ind.name, places=label, year=year
    )
    left_out = len(comparison.current) - len(rows)
    description = _describe(ctx, ind.id, year, label, country, rows)
    if left_out:
        description += " " + ngettext(
            "%(num)s city with a value is not on this map (no coordinates, or in another "
            "country); the table of cities lists it.",
            "%(num)s cities with a value are not on this map (no coordinates, or in another "
            "country); the table of cities lists them.",
            left_out,
        )
    if len(rows) > MAP_TABLE_MAX:
        description += " " + _(
            "The table lists the %(shown)s largest values; the data download has all %(total)s.",
            shown=text.number(MAP_TABLE_MAX),
            total=text.number(len(rows)),
        )
    states = {r.place: b.state_of(ds.cities[r.place].region, *_lonlat(ctx, r.place)) for r in rows}
    values = [
        {
            "name": ds.place_name(r.place),
            "lat": ds.cities[r.place].lat,
            "lon": ds.cities[r.place].lon,
            "value": r.now.value,
            "flag": r.now.flag,
            "state": states[r.place] or "",
        }
        for r in rows
    ]
    listed = rows[:MAP_TABLE_MAX]
    return Figure(
        id=f"map-{indicator_id}",
        title=title,
        description=description,
        caption=sources_caption(ds, [r.now.source for r in rows], [year])
        + " "
        + _("Source of the boundaries: %(source)s.", source=b.meta["publisher"]),
        sources=tuple(r.now.source for r in rows),
        spec=spec(b, ind.kind, axis_title(ind), value_format(ind), values, title, description),
        **table(
            (_("Place"), _("State"), axis_title(ind), _("Flag"), _("Source")),
            (
                (
                    ds.place_name(r.place),
                    states[r.place] or "",
                    text.number(r.now.value),
                    r.now.flag,
                    ds.sources[r.now.source].publisher,
                )
                for r in listed
            ),
            (r.now.source for r in rows),
        ),
        records=observation_records(
            ds,
            indicator_id,
            (
                (r.place, r.now.year, r.now.value, r.now.flag, r.now.note, r.now.source)
                for r in rows
            ),
        ),
    )


def locations(ctx: Context, scope: Scope) -> Figure | None:
    """Where the cities of a country or group are, for a page without a map of values (no
    city there has a value yet)."""
    if scope.page == "city":
        return None
    ds = ctx.ds
    members = scope.peers[0].members
    for ind in ds.indicators:
        comparison = ctx.facts.lookups.comparison(members, ind)
        if comparison and _main_country(
            ctx, [r.place for r in comparison.current if _has_coordinates(ctx, r.place)]
        ):
            return None  # the indicator's own map shows where the cities are
    places = [p for p in members if _has_coordinates(ctx, p)]
    shown_country = _main_country(ctx, places)
    if shown_country is None:
        return None
    b = geo.boundary(shown_country)
    assert b is not None
    places = sorted((p for p in places if ds.cities[p].country == shown_country), key=ds.place_name)
    label = peer_label(ds, scope.peers[0])
    country = ds.countries[shown_country].name
    states = {p: b.state_of(ds.cities[p].region, *_lonlat(ctx, p)) for p in places}
    title = _("Map: %(places)s", places=label)
    named = [ds.place_name(p) for p in places[:10]]
    listing = ", ".join(named)
    if len(places) > len(named):
        listing = _(
            "%(names)s and %(more)s more",
            names=listing,
            more=text.number(len(places) - len(named)),
        )
    description = ngettext(
        "Map of %(country)s with %(num)s city of %(places)s marked: %(names)s.",
        "Map of %(country)s with %(num)s cities of %(places)s marked: %(names)s.",
        len(places),
        country=country,
        places=label,
        names=listing,
    )
    width, height = b.size
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": title},
        "description": description,
        "width": width,
        "height": height,
        "projection": b.projection,
        "layer": [
            maps.states_layer(geo.inline(b), None, tooltip=True),
            maps.places_layer(
                [
                    {
                        "name": ds.place_name(p),
                        "state": states[p] or "",
                        "lat": ds.cities[p].lat,
                        "lon": ds.cities[p].lon,
                    }
                    for p in places
                ],
                size=90,
                stroke=1.5,
            ),
        ],
        "config": maps.config(),
    }
    listed = places[:MAP_TABLE_MAX]
    return Figure(
        id="map-cities",
        title=title,
        description=description,
        caption=_("Source of the boundaries: %(source)s.", source=b.meta["publisher"]),
        sources=(),
        spec=spec,
        columns=(_("Place"), _("State"), _("Latitude"), _("Longitude")),
        rows=tuple(
            (
                ds.place_name(p),
                states[p] or "",
                f"{ds.cities[p].lat:.2f}",
                f"{ds.cities[p].lon:.2f}",
            )
            for p in listed
        ),
        records=tuple(
            {
                "place": p,
                "place_name": ds.place_name(p),
                "country": shown_country,
                "state": states[p] or "",
                "lat": ds.cities[p].lat,
                "lon": ds.cities[p].lon,
                "source": b.meta["publisher"],
            }
            for p in places
        ),
    )


def _has_coordinates(ctx: Context, place: str) -> bool:
    city = ctx.ds.cities.get(place)
    return city is not None and city.lat is not None and city.lon is not None


def _main_country(ctx: Context, places: list[str]) -> str | None:
    """The country with the most of ``places`` whose boundaries ship with the package."""
    countries = Counter(ctx.ds.cities[p].country for p in places)
    return next((c for c, _n in countries.most_common() if geo.boundary(c)), None)


def _lonlat(ctx: Context, place: str) -> tuple[float, float]:
    city = ctx.ds.cities[place]
    assert city.lon is not None and city.lat is not None
    return city.lon, city.lat


def spec(
    b: geo.Boundary,
    kind: str,
    value_title: str,
    number_format: str,
    values: list[dict[str, Any]],
    title: str,
    description: str,
) -> dict[str, Any]:
    width, height = b.size
    value = {"field": "value", "type": "quantitative", "title": value_title}
    encoding: dict[str, Any] = {
        "longitude": {"field": "lon", "type": "quantitative"},
        "latitude": {"field": "lat", "type": "quantitative"},
        "tooltip": [
            {"field": "name", "type": "nominal", "title": _("Place")},
            {"field": "state", "type": "nominal", "title": _("State")},
            {**value, "format": number_format},
            {"field": "flag", "type": "nominal", "title": _("Flag")},
        ],
    }
    mark: dict[str, Any] = {"type": "circle", "opacity": 1, "stroke": "#ffffff", "strokeWidth": 1}
    if kind == "count":
        encoding["size"] = {
            **value,
            "scale": {"range": [30, 600], "zero": True},
            "legend": {"format": number_format, "titleLimit": 600},
        }
        mark["color"] = maps.MARKER
    else:
        encoding["color"] = {
            **value,
            "scale": {"range": RAMP},
            "legend": {"format": number_format, "titleLimit": 600},
        }
        mark["size"] = 120
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": title},
        "description": description,
        "width": width,
        "height": height,
        "projection": b.projection,
        "layer": [
            maps.states_layer(geo.inline(b), None, tooltip=True),
            {"data": {"values": values}, "mark": mark, "encoding": encoding},
        ],
        "config": maps.config(),
    }


def _describe(
    ctx: Context, indicator_id: str, year: int, label: str, country: str, rows: list[Any]
) -> str:
    """'Violent crime rate in 2024 on a map of United States, Border cities (3 cities):
    lowest El Paso at 450, highest San Diego at 525 (per 100,000 residents).'"""
    ds = ctx.ds
    ind = ds.indicators[indicator_id]
    low = min(rows, key=lambda r: r.now.value)
    high = max(rows, key=lambda r: r.now.value)
    return ngettext(
        "%(indicator)s in %(year)s on a map of %(country)s, %(places)s (%(num)s city): "
        "lowest %(low_place)s at %(low)s, highest %(high_place)s at %(high)s (%(unit)s).",
        "%(indicator)s in %(year)s on a map of %(country)s, %(places)s (%(num)s cities): "
        "lowest %(low_place)s at %(low)s, highest %(high_place)s at %(high)s (%(unit)s).",
        len(rows),
        indicator=ind.name,
        year=year,
        country=country,
        places=label,
        low_place=ds.place_name(low.place),
        low=text.number(low.now.value),
        high_place=ds.place_name(high.place),
        high=text.number(high.now.value),
        unit=ind.unit,
    )
