"""Change: each city's previous and latest value of one indicator on one line (a dumbbell)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import altair as alt

from .. import text
from ..i18n import _, current, ngettext
from .base import (
    COMPARE_LIMIT,
    HIGHLIGHT,
    MUTED,
    Context,
    Figure,
    Scope,
    axis_title,
    fill,
    finish,
    observation_records,
    peer_label,
    source_label,
    sources_caption,
    value_format,
)


@lru_cache(maxsize=256)
def template(x_title: str, number_format: str, language: str) -> dict[str, Any]:
    base = alt.Chart(alt.Data(values=[{"name": "a", "year": "2000", "value": 0}]))
    y = alt.Y("name:N", title=None, sort=None)
    line = base.mark_line(color="#9aa5b1", strokeWidth=2).encode(
        y=y,
        # no axis title: the subtitle names the unit, the title the measure
        x=alt.X("value:Q", title=None, axis=alt.Axis(format=number_format)),
        detail="name:N",
    )
    points = base.mark_point(filled=True, size=90, opacity=1).encode(
        y=y,
        x=alt.X("value:Q"),
        color=alt.Color("year:O", title=_("Year"), scale=alt.Scale(range=[MUTED, HIGHLIGHT])),
        shape=alt.Shape("year:O", title=_("Year")),
        tooltip=[
            alt.Tooltip("name:N", title=_("Place")),
            alt.Tooltip("year:O", title=_("Year")),
            alt.Tooltip("value:Q", title=x_title, format=number_format),
        ],
    )
    return finish(alt.layer(line, points).properties(width="container"))


def spec(
    rows: list[dict[str, Any]],
    *,
    x_title: str,
    title: str,
    subtitle: str,
    description: str,
    number_format: str = ",",
) -> dict[str, Any]:
    out = fill(template(x_title, number_format, current().code), rows, title, subtitle, description)
    out["height"] = {"step": 30}
    return out


def make(ctx: Context, scope: Scope, indicator_id: str) -> Figure | None:
    if scope.page == "city":
        return None
    ds = ctx.ds
    peers = scope.peers[0]
    changes = ctx.facts.lookups.changes(peers.members, indicator_id)
    if changes is None:
        return None
    ind = ds.indicators[indicator_id]
    label = peer_label(ds, peers)
    year = changes.year
    shown = changes.rows[:COMPARE_LIMIT]
    rows: list[dict[str, Any]] = []
    table: list[tuple[Any, ...]] = []
    tidy: list[tuple[str, int, float, str, str, str]] = []
    for order, rec in enumerate(shown):
        assert rec.prev is not None
        name = ds.place_name(rec.place)
        before, now = rec.prev, rec.now
        rows.append({"name": name, "year": str(before.year), "value": before.value, "order": order})
        rows.append({"name": name, "year": str(year), "value": now.value, "order": order})
        tidy.append((rec.place, before.year, before.value, before.flag, before.note, before.source))
        tidy.append((rec.place, year, now.value, now.flag, now.note, now.source))
        table.append(
            (
                name,
                before.year,
                text.number(before.value),
                year,
                text.number(now.value),
                text.change_size(now.value, before.value, ind),
                source_label(ds, now.source),
            )
        )
    prev_years = sorted({r.prev.year for r in shown if r.prev is not None})
    if len(prev_years) == 1:
        title = _(
            "%(indicator)s: change %(start)s–%(end)s, %(places)s",
            indicator=ind.name,
            start=prev_years[0],
            end=year,
            places=label,
        )
    else:
        title = _(
            "%(indicator)s: change to %(end)s, %(places)s",
            indicator=ind.name,
            end=year,
            places=label,
        )
    falls = sum(r.direction == "down" for r in shown)
    values = dict(indicator=ind.name, falls=text.number(falls), year=year, unit=ind.unit)
    if falls == len(shown):
        description = ngettext(
            "%(indicator)s fell in the one city from the previous year to %(year)s (%(unit)s).",
            "%(indicator)s fell in all %(num)s cities from the previous year to %(year)s "
            "(%(unit)s).",
            len(shown),
            **values,
        )
    else:
        description = ngettext(
            "%(indicator)s fell in %(falls)s of %(num)s city from the previous year to %(year)s "
            "(%(unit)s).",
            "%(indicator)s fell in %(falls)s of %(num)s cities from the previous year to "
            "%(year)s (%(unit)s).",
            len(shown),
            **values,
        )
    sources = [r.now.source for r in shown] + [r.prev.source for r in shown if r.prev]
    return Figure(
        id=f"change-{indicator_id}",
        title=title,
        description=description,
        caption=sources_caption(ds, sources, [*prev_years, year]),
        sources=tuple(sources),
        spec=spec(
            rows,
            x_title=axis_title(ind),
            title=title,
            subtitle=ind.unit,
            description=description,
            number_format=value_format(ind),
        ),
        columns=(
            _("Place"),
            _("Previous year"),
            _("Previous value"),
            _("Latest year"),
            _("Latest value"),
            _("Change"),
            _("Source"),
        ),
        rows=tuple(table),
        records=observation_records(ds, indicator_id, tidy),
    )
