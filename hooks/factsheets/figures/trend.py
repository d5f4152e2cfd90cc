"""Trend: one indicator over the years for one city; flagged years get their own mark."""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

import altair as alt

from .. import citing, text
from ..i18n import _, current
from .base import (
    PALETTE,
    Context,
    Figure,
    Scope,
    axis_title,
    fill,
    finish,
    number_expr,
    observation_records,
    sources_caption,
    table,
    tooltip,
    value_format,
)


@lru_cache(maxsize=256)
def template(y_title: str, number_format: str, flagged: bool, language: str) -> dict[str, Any]:
    base = alt.Chart(alt.Data(values=[{"year": 2000, "value": 0, "flag": ""}]))
    x = alt.X("year:O", title=_("Year"), axis=alt.Axis(labelAngle=0))
    # no axis title: the subtitle names the unit, the title the measure
    y = alt.Y(
        "value:Q", title=None, axis=alt.Axis(format=number_format), scale=alt.Scale(zero=True)
    )
    tip = tooltip(
        [(_("Year"), "datum.year"), (y_title, number_expr("value", number_format))], _("Flag")
    )
    line = base.mark_line(color=PALETTE[0], strokeWidth=2.5).encode(x=x, y=y)
    points = base.mark_point(filled=True, size=70, tooltip=tip).encode(
        x=x,
        y=y,
        shape=alt.Shape(
            "flag:N", title=_("Flag"), legend=alt.Legend(orient="bottom") if flagged else None
        ),
        color=alt.value(PALETTE[0]),
    )
    return finish(alt.layer(line, points).properties(width="container", height=220))


def spec(
    rows: list[dict[str, Any]],
    *,
    y_title: str,
    title: str,
    subtitle: str,
    description: str,
    number_format: str = ",",
) -> dict[str, Any]:
    flags = sorted({r["flag"] for r in rows if r.get("flag")})
    chosen = template(y_title, number_format, bool(flags), current().code)
    out = fill(chosen, rows, title, subtitle, description)
    if flags:  # the legend names the flags, without an empty entry for the plain values
        points = copy.deepcopy(out["layer"][1])
        points["encoding"]["shape"]["legend"]["values"] = flags
        out["layer"] = [out["layer"][0], points]
    return out


def make(ctx: Context, scope: Scope, indicator_id: str) -> Figure | None:
    if scope.page != "city":
        return None
    series = ctx.facts.lookups.series.get((scope.subject, indicator_id), [])
    if len(series) < 2:
        return None
    ds = ctx.ds
    ind = ds.indicators[indicator_id]
    name = ds.place_name(scope.subject)
    years = [v.year for v in series]
    description = text.trend_description(name, ind, [(v.year, v.value) for v in series])
    title = _(
        "%(indicator)s in %(place)s, %(start)s–%(end)s",
        indicator=ind.name,
        place=name,
        start=years[0],
        end=years[-1],
    )
    chart = spec(
        [{"year": v.year, "value": v.value, "flag": v.flag} for v in series],
        y_title=axis_title(ind),
        title=title,
        subtitle=ind.unit,
        description=description,
        number_format=value_format(ind),
    )
    return Figure(
        id=f"trend-{indicator_id}",
        title=title,
        description=description,
        caption=sources_caption(ds, [v.source for v in series], years),
        sources=tuple(v.source for v in series),
        spec=chart,
        **table(
            (_("Year"), axis_title(ind), _("Flag"), _("Source")),
            (
                (v.year, text.number(v.value), v.flag, citing.source_name(ds.sources[v.source]))
                for v in series
            ),
            (v.source for v in series),
        ),
        records=observation_records(
            ds,
            indicator_id,
            ((scope.subject, v.year, v.value, v.flag, v.note, v.source) for v in series),
        ),
    )
