"""Peer bars: one indicator across cities in one year, sorted; a city's own bar highlighted, and
a dashed line at the national figure where one exists for the same year."""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

import altair as alt

from .. import chartspec, citing, routes, text
from ..derive import PEER_LIMIT, PeerSet
from ..i18n import _, current, ngettext
from ..lookups import Ranking
from .base import (
    CHART_CONFIG,
    COMPARE_LIMIT,
    HIGHLIGHT,
    MUTED,
    NAME_LIMIT,
    NARROWEST,
    TEXT,
    Context,
    Figure,
    Scope,
    SharedDrawing,
    axis_title,
    fill,
    finish,
    flagged,
    number_expr,
    observation_records,
    peer_label,
    room_for_labels,
    sources_caption,
    table,
    text_width,
    tooltip,
    value_format,
)


@lru_cache(maxsize=256)
def template(x_title: str, number_format: str, with_rule: bool, language: str) -> dict[str, Any]:
    base = alt.Chart(alt.Data(values=[{"name": "a", "value": 0, "highlight": False}]))
    tip = tooltip(
        [(_("Place"), "datum.name"), (x_title, number_expr("value", number_format))], _("Flag")
    )
    bars = base.mark_bar(tooltip=tip).encode(
        y=alt.Y("name:N", title=None, sort=None),
        # no axis title: the subtitle names the unit, the title the measure
        x=alt.X("value:Q", title=None, axis=alt.Axis(format=number_format)),
        color=alt.condition(alt.datum.highlight, alt.value(HIGHLIGHT), alt.value(MUTED)),
    )
    labels = base.mark_text(align="left", dx=4, color=TEXT).encode(
        y=alt.Y("name:N", sort=None), x=alt.X("value:Q"), text=alt.Text("label:N")
    )
    layers: list[alt.Chart] = [bars, labels]
    if with_rule:
        rule = (
            alt.Chart(alt.Data(values=[{"reference": 0, "reference_label": ""}]))
            .mark_rule(color=TEXT, strokeDash=[4, 3], strokeWidth=1.5)
            .encode(
                x=alt.X("reference:Q"),
                tooltip=[alt.Tooltip("reference_label:N", title=_("Reference"))],
            )
        )
        layers.append(rule)
    spec = finish(alt.layer(*layers).properties(width="container"))
    # With the rule's own data, Altair keeps the placeholder rows on the bar and label layers;
    # they must read the chart's rows, filled in at the top level.
    for layer in spec["layer"][:2]:
        layer.pop("data", None)
    return spec


def spec(
    rows: list[dict[str, Any]],
    *,
    x_title: str,
    title: str,
    subtitle: str,
    description: str,
    reference: tuple[float, str] | None = None,
    number_format: str = ",",
) -> dict[str, Any]:
    chosen = template(x_title, number_format, reference is not None, current().code)
    out = fill(chosen, rows, title, subtitle, description)
    out["height"] = {"step": 26}
    layers = list(out["layer"])
    # The labels right of the bars must fit in the narrowest drawing: the axis reaches as far
    # beyond the longest bar as its label needs.
    names = max((text_width(str(r["name"])) for r in rows), default=0)
    plot = NARROWEST - 2 * CHART_CONFIG["padding"] - min(names, NAME_LIMIT) - 16
    values = [float(r["value"]) for r in rows]
    top = room_for_labels(values, [str(r.get("label", "")) for r in rows], plot)
    if top is not None:
        if reference is not None:
            top = max(top, reference[0])
        bars = copy.deepcopy(layers[0])
        bars["encoding"]["x"]["scale"] = {"domainMax": top}
        layers[0] = bars
    if reference is not None:
        layers[2] = {
            **layers[2],
            "data": {"values": [{"reference": reference[0], "reference_label": reference[1]}]},
        }
    out["layer"] = layers
    return out


def for_city(ctx: Context, scope: Scope, indicator_id: str) -> Figure | None:
    """The city among the smallest of its peer sets that has two or more values."""
    if scope.page != "city":
        return None
    latest = ctx.facts.lookups.latest.get((scope.subject, indicator_id))
    if latest is None:
        return None
    year = latest.now.year
    lookups = ctx.facts.lookups
    with_peers = [
        p for p in scope.peers if len(lookups.ranking(p.key, p.members, indicator_id, year)) >= 2
    ]
    if not with_peers:
        return None
    peers = min(with_peers, key=lambda p: len(p.members))
    return _bars(ctx, f"peers-{peers.slug}-{indicator_id}", indicator_id, year, peers, scope)


def for_set(ctx: Context, scope: Scope, indicator_id: str) -> Figure | None:
    """All cities of a country or group (the largest values first, at most COMPARE_LIMIT)."""
    if scope.page == "city":
        return None
    peers = scope.peers[0]
    comparison = ctx.facts.lookups.comparison(peers.members, indicator_id)
    if comparison is None:
        return None
    return _bars(ctx, f"compare-{indicator_id}", indicator_id, comparison.year, peers, None)


def _bars(
    ctx: Context, fig_id: str, indicator_id: str, year: int, peers: PeerSet, city: Scope | None
) -> Figure | None:
    ds = ctx.ds
    ind = ds.indicators[indicator_id]
    ranking = ctx.facts.lookups.ranking(peers.key, peers.members, indicator_id, year)
    total = len(ranking)
    if total < 2:
        return None
    highlight = city.subject if city else None
    if highlight:
        shown = ranking.window(highlight, PEER_LIMIT)
    else:
        # the largest values first (the worst where lower is better), at most COMPARE_LIMIT
        order = range(total - 1, -1, -1) if ind.lower_is_better else range(total)
        shown = list(order)[:COMPARE_LIMIT]
    shown.sort(key=lambda i: (-ranking.values[i], ranking.places[i]))
    places = [ranking.places[i] for i in shown]
    values = [ranking.values[i] for i in shown]
    flags = [ranking.flags[i] for i in shown]
    sources = [ranking.sources[i] for i in shown]
    names = [ds.place_name(p) for p in places]
    label = peer_label(ds, peers)
    reference = None
    reference_text = ""
    # a national line for a city page, or a group of one country's cities; never for counts
    country = ds.cities[highlight].country if highlight else peers.country
    if country and ind.kind != "count":
        national = ctx.facts.lookups.latest.get((country, indicator_id))
        if national is not None and national.now.year == year:
            country_name = ds.countries[country].name
            nat = text.number(national.now.value)
            reference = (national.now.value, f"{country_name} {year}: {nat}")
            reference_text = " " + _(
                "The dashed line marks the %(country)s figure, %(value)s.",
                country=country_name,
                value=nat,
            )
    if len(shown) == total:
        title = _(
            "%(indicator)s, %(places)s, %(year)s", indicator=ind.name, places=label, year=year
        )
    else:
        title = _(
            "%(indicator)s, %(places)s, %(year)s (%(shown)s of %(total)s shown)",
            indicator=ind.name,
            places=label,
            year=year,
            shown=text.number(len(shown)),
            total=text.number(total),
        )
    description = _description(ctx, ind.id, year, label, ranking, highlight) + reference_text
    rows = [
        {"name": n, "value": v, "highlight": p == highlight, "label": flagged(v, f), "flag": f}
        for n, p, v, f in zip(names, places, values, flags, strict=True)
    ]
    options: dict[str, Any] = {
        "x_title": axis_title(ind),
        "title": title,
        "subtitle": ind.unit,
        "reference": reference,
        "number_format": value_format(ind),
    }
    chart = spec(rows, description=description, **options)
    drawing = None
    marked = places.index(highlight) if highlight in places else None
    if marked is not None:
        # The neighbours in rank that share this window show the same bars: one drawing for
        # all of them, each page marking its own bar over it.
        plain = spec([{**r, "highlight": False} for r in rows], description="", **options)
        plain.pop("description", None)
        path = routes.bars_drawing(chartspec.template_name(plain).removesuffix(".json"))
        drawing = SharedDrawing(path, plain, NARROWEST)
    return Figure(
        id=fig_id,
        title=title,
        description=description,
        caption=sources_caption(ds, sources, [year]),
        sources=tuple(sources),
        spec=chart,
        **table(
            (_("Place"), axis_title(ind), _("Flag"), _("Source")),
            (
                (n, text.number(v), f, citing.source_name(ds.sources[s]))
                for n, v, f, s in zip(names, values, flags, sources, strict=True)
            ),
            sources,
        ),
        records=observation_records(
            ds,
            indicator_id,
            (
                (p, year, v, f, _note(ctx, p, indicator_id, year), s)
                for p, v, f, s in zip(places, values, flags, sources, strict=True)
            ),
        ),
        drawing=drawing,
        highlight=marked,
    )


def _note(ctx: Context, place: str, indicator_id: str, year: int) -> str:
    value = ctx.facts.lookups.at.get((indicator_id, year), {}).get(place)
    return value.note if value else ""


def _description(
    ctx: Context, indicator_id: str, year: int, label: str, ranking: Ranking, city: str | None
) -> str:
    """'Violent crime rate in 2024, Border cities (3 cities): lowest El Paso at 450, highest
    San Diego at 525; El Paso: 450, the lowest of 3 (per 100,000 residents).'"""
    ds = ctx.ds
    ind = ds.indicators[indicator_id]
    total = len(ranking)
    # the ranking is sorted best first: its ends are the lowest and the highest values
    lo, hi = (0, total - 1) if ind.lower_is_better else (total - 1, 0)
    values = dict(
        indicator=ind.name,
        year=year,
        places=label,
        low_place=ds.place_name(ranking.places[lo]),
        low=text.number(ranking.values[lo]),
        high_place=ds.place_name(ranking.places[hi]),
        high=text.number(ranking.values[hi]),
        unit=ind.unit,
    )
    position = ranking.position.get(city) if city else None
    if city is None or position is None:
        return ngettext(
            "%(indicator)s in %(year)s, %(places)s (%(num)s city): lowest %(low_place)s at "
            "%(low)s, highest %(high_place)s at %(high)s (%(unit)s).",
            "%(indicator)s in %(year)s, %(places)s (%(num)s cities): lowest %(low_place)s at "
            "%(low)s, highest %(high_place)s at %(high)s (%(unit)s).",
            total,
            **values,
        )
    here = dict(values, place=ds.place_name(city), value=text.number(ranking.values[position]))
    rank = ranking.rank_of(city)
    if rank is None or ind.kind == "count":
        return ngettext(
            "%(indicator)s in %(year)s, %(places)s (%(num)s city): lowest %(low_place)s at "
            "%(low)s, highest %(high_place)s at %(high)s; %(place)s: %(value)s (%(unit)s).",
            "%(indicator)s in %(year)s, %(places)s (%(num)s cities): lowest %(low_place)s at "
            "%(low)s, highest %(high_place)s at %(high)s; %(place)s: %(value)s (%(unit)s).",
            total,
            **here,
        )
    here["rank"] = text.ordinal(rank[0])
    if ind.lower_is_better:
        return ngettext(
            "%(indicator)s in %(year)s, %(places)s (%(num)s city): lowest %(low_place)s at "
            "%(low)s, highest %(high_place)s at %(high)s; %(place)s: %(value)s, %(rank)s "
            "lowest of %(num)s (%(unit)s).",
            "%(indicator)s in %(year)s, %(places)s (%(num)s cities): lowest %(low_place)s at "
            "%(low)s, highest %(high_place)s at %(high)s; %(place)s: %(value)s, %(rank)s "
            "lowest of %(num)s (%(unit)s).",
            total,
            **here,
        )
    return ngettext(
        "%(indicator)s in %(year)s, %(places)s (%(num)s city): lowest %(low_place)s at "
        "%(low)s, highest %(high_place)s at %(high)s; %(place)s: %(value)s, %(rank)s "
        "highest of %(num)s (%(unit)s).",
        "%(indicator)s in %(year)s, %(places)s (%(num)s cities): lowest %(low_place)s at "
        "%(low)s, highest %(high_place)s at %(high)s; %(place)s: %(value)s, %(rank)s "
        "highest of %(num)s (%(unit)s).",
        total,
        **here,
    )
