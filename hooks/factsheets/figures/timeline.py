"""Timeline: a country's prevention programs as bars from their start to their end month."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import altair as alt

from .. import text
from ..i18n import _, current, ngettext
from .base import HIGHLIGHT, MUTED, PALETTE, Context, Figure, Scope, fill, finish, sources_caption

STATUSES = ("ended", "running", "planned")


@lru_cache(maxsize=8)
def template(statuses: tuple[str, ...], language: str) -> dict[str, Any]:
    base = alt.Chart(alt.Data(values=[{"name": "a", "start": "2000-01", "end": "2001-01"}]))
    bars = base.mark_bar(cornerRadius=3, height=16).encode(
        y=alt.Y("name:N", title=None, sort=None),
        # A UTC scale: months read and drawn the same in every time zone (a local-time scale
        # shifted the bars and ticks with the machine's time zone); whole years only: a tick
        # every six months would show each year twice.
        x=alt.X(
            "start:T",
            title=_("Years active"),
            axis=alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1}),
            scale=alt.Scale(type="utc"),
        ),
        x2="end:T",
        color=alt.Color(
            "status:N",
            title=_("Status"),
            scale=alt.Scale(domain=list(statuses), range=[MUTED, HIGHLIGHT, PALETTE[2]]),
        ),
        tooltip=[
            alt.Tooltip("name:N", title=_("Program")),
            alt.Tooltip("start_label:N", title=_("Start")),
            alt.Tooltip("end_label:N", title=_("End")),
        ],
    )
    return finish(bars.properties(width="container"))


def spec(rows: list[dict[str, Any]], *, title: str, description: str) -> dict[str, Any]:
    chosen = template(tuple(text.program_status(k) for k in STATUSES), current().code)
    out = fill(chosen, rows, title, "", description)
    out["height"] = {"step": 28}
    return out


def make(ctx: Context, scope: Scope) -> Figure | None:
    if scope.page != "country":
        return None
    ds = ctx.ds
    pids = ctx.facts.programs_of_country.get(scope.subject, [])
    if not pids:
        return None
    rows: list[dict[str, Any]] = []
    table: list[tuple[str, ...]] = []
    sources: list[str] = []
    latest_year = ctx.facts.data_date
    for order, pid in enumerate(pids):
        prog = ds.programs[pid]
        start = prog.start if "-" in prog.start else prog.start + "-01"
        end = prog.end or f"{max(int(latest_year or prog.start[:4]), int(prog.start[:4]))}-12"
        if "-" not in end:
            end = end + "-12"
        status = text.program_status(ctx.facts.program_status[pid])
        end_label = text.month(prog.end) if prog.end else status
        rows.append(
            {
                "name": prog.short_name or prog.name,
                "start": start,
                "end": end,
                "start_label": text.month(prog.start),
                "end_label": end_label,
                "status": status,
                "order": order,
            }
        )
        table.append(
            (
                prog.name,
                text.month(prog.start),
                end_label,
                prog.implementer or "",
                prog.funder or "",
            )
        )
        sources.extend(prog.sources)
    name = ds.countries[scope.subject].name
    first = min(r["start"][:4] for r in rows)
    last = max(r["end"][:4] for r in rows)
    title = _(
        "Prevention programs in %(country)s, %(start)s–%(end)s", country=name, start=first, end=last
    )
    spans = "; ".join(
        _(
            "%(program)s %(start)s to %(end)s",
            program=r["name"],
            start=r["start_label"],
            end=r["end_label"],
        )
        for r in rows
    )
    description = ngettext(
        "Timeline of %(num)s program in %(country)s: %(spans)s.",
        "Timeline of %(num)s programs in %(country)s: %(spans)s.",
        len(rows),
        country=name,
        spans=spans,
    )
    return Figure(
        id="timeline-programs",
        title=title,
        description=description,
        caption=sources_caption(ds, sources, []),
        sources=tuple(sources),
        spec=spec(rows, title=title, description=description),
        columns=(_("Program"), _("Start"), _("End"), _("Implementer"), _("Funder")),
        rows=tuple(table),
        records=tuple(
            {
                "program": pid,
                "name": ds.programs[pid].name,
                "start": ds.programs[pid].start,
                "end": ds.programs[pid].end or "",
                "implementer": ds.programs[pid].implementer or "",
                "funder": ds.programs[pid].funder or "",
                "sources": " ".join(ds.programs[pid].sources),
            }
            for pid in pids
        ),
    )
