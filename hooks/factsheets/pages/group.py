"""A group's page: its cities side by side, indicator by indicator."""

from __future__ import annotations

from dataclasses import dataclass

from .. import figures, routes
from ..figures import Context, Figure, Scope
from ..models import Group, Recommendation, Strategy
from .base import CITY_TABLE_MAX, CityTable, Content, Page, Section, city_table, page, sections


@dataclass(frozen=True)
class GroupContent(Content):
    group: Group
    sections: tuple[Section, ...]
    table: CityTable
    strategies: tuple[Strategy, ...]
    recommendations: tuple[Recommendation, ...]
    city_map: Figure | None = None


def build(ctx: Context, group_id: str) -> Page:
    ds, facts = ctx.ds, ctx.facts
    group = ds.groups[group_id]
    peers = facts.group_set(ds, group_id)
    members = list(peers.members)
    scope = Scope("group", group_id, (peers,))
    compared = [i for i in ds.indicators if facts.lookups.comparison(members, i) is not None]
    parts = sections(ctx, scope, compared, with_sentences=True)
    page_figures = figures.for_page(ctx, scope)
    city_map = next((f for f in page_figures if f.id == "map-cities"), None)
    strategies = tuple(ds.strategies[s] for s in facts.strategies_of_group.get(group_id, []))
    recommendations = tuple(
        ds.recommendations[r] for r in facts.recommendations_of_group.get(group_id, [])
    )
    sources = list(group.sources) + [sid for s in strategies for sid in s.sources]
    sources += [r.source for r in recommendations]
    sentences = [s for part in parts for s in part.sentences]
    description = sentences[0] if sentences else (group.summary or group.name)
    return page(
        routes.group(group_id),
        "group.md.j2",
        group.name,
        description,
        GroupContent(
            group=group,
            sections=parts,
            table=city_table(ctx, members, CITY_TABLE_MAX),
            strategies=strategies,
            recommendations=recommendations,
            city_map=city_map,
        ),
        figures=page_figures + [f for part in parts for f in part.figures],
        sources=sources,
    )
