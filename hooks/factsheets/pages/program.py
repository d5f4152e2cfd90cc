"""A program's page: what it does, where and when, its results and those of the programs
before and after it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .. import routes, text
from ..figures import Context
from ..i18n import _
from ..models import Country, Program
from .base import Content, Page, Tile, page, place_src, tiles
from .glance import Fact, Glance, as_of, places_fact, results


@dataclass(frozen=True)
class Related:
    program: Program
    relation: str
    tiles: tuple[Tile, ...]


class Place(NamedTuple):
    id: str
    name: str
    src: str


@dataclass(frozen=True)
class ProgramContent(Content):
    program: Program
    tiles: tuple[Tile, ...]
    related: tuple[Related, ...]
    places: tuple[Place, ...]
    country: Country
    glance: Glance


def build(ctx: Context, program_id: str) -> Page:
    ds, facts = ctx.ds, ctx.facts
    prog = ds.programs[program_id]
    achieved = tiles(ctx, "program", program_id)
    related = []
    if prog.predecessor and prog.predecessor in ds.programs:
        before = ds.programs[prog.predecessor]
        related.append(Related(before, _("Predecessor"), tiles(ctx, "program", before.id)))
    for sid in facts.successors.get(program_id, []):
        related.append(Related(ds.programs[sid], _("Successor"), tiles(ctx, "program", sid)))
    sources = list(prog.sources) + [t.source for t in achieved]
    sources += [t.source for r in related for t in r.tiles]
    status = ctx.facts.program_status[program_id]
    period = (
        text.period(prog.start, prog.end)
        if prog.end
        else _("since %(start)s", start=text.month(prog.start))
    )
    key_facts = [Fact(label=_("Status"), value=text.program_status(status), details=(period,))]
    served = places_fact([ds.place_name(p) for p in prog.places])
    key_facts += ([served] if served else []) + results(achieved, 3)
    glance = Glance(tuple(key_facts), as_of(ctx, sources, []))
    description = prog.summary.split(". ")[0].rstrip(".") + "." if prog.summary else prog.name
    return page(
        routes.program(program_id),
        "program.md.j2",
        prog.name,
        description,
        ProgramContent(
            program=prog,
            tiles=achieved,
            related=tuple(related),
            places=tuple(Place(p, ds.place_name(p), place_src(ds, p)) for p in prog.places),
            country=ds.countries[prog.country],
            glance=glance,
        ),
        sources=sources,
        achievements=achieved + tuple(t for r in related for t in r.tiles),
    )
