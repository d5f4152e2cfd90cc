"""A country's fact sheet: national figures, achievements, goals, programs with their timeline,
and its cities compared."""

from __future__ import annotations

from dataclasses import dataclass

from .. import figures, routes
from ..figures import Context, Figure, Scope
from ..i18n import _
from ..models import Country, Group, Program, Recommendation, Strategy
from .base import (
    CITY_TABLE_MAX,
    CityTable,
    Content,
    LatestRow,
    Page,
    Section,
    Tile,
    city_table,
    latest_records,
    latest_rows,
    page,
    sections,
    tiles,
)
from .glance import Glance, as_of, count_fact, indicator_facts, results


@dataclass(frozen=True)
class CountryContent(Content):
    country: Country
    latest: tuple[LatestRow, ...]
    sentences: tuple[str, ...]
    sections: tuple[Section, ...]
    timeline: Figure | None
    programs: tuple[Program, ...]
    tiles: tuple[Tile, ...]
    strategies: tuple[Strategy, ...]
    recommendations: tuple[Recommendation, ...]
    table: CityTable
    groups: tuple[Group, ...]
    glance: Glance
    city_map: Figure | None = None


def build(ctx: Context, country_id: str) -> Page:
    ds, facts = ctx.ds, ctx.facts
    country = ds.countries[country_id]
    latest = latest_rows(ctx, country_id)
    peers = facts.country_set(country_id)
    members = list(peers.members)
    scope = Scope("country", country_id, (peers,))
    compared = [i for i in ds.indicators if facts.lookups.comparison(members, i) is not None]
    parts = sections(ctx, scope, compared, with_sentences=True)
    page_figures = figures.for_page(ctx, scope)
    timeline = next((f for f in page_figures if f.id == "timeline-programs"), None)
    city_map = next((f for f in page_figures if f.id == "map-cities"), None)
    programs = tuple(ds.programs[p] for p in facts.programs_of_country.get(country_id, []))
    achieved = tiles(ctx, "country", country_id)
    city_tags = {t for m in members for t in ds.cities[m].tags}
    strategies = tuple(
        s
        for s in ds.strategies.values()
        if country_id in s.places
        or any(p in members for p in s.places)
        or any(g in city_tags for g in s.groups)
    )
    recommendations = tuple(
        ds.recommendations[r] for r in facts.recommendations_of_place.get(country_id, [])
    )
    sources = list(country.sources) + [r.source for r in latest]
    sources += [t.source for t in achieved] + [s for p in programs for s in p.sources]
    sources += [sid for s in strategies for sid in s.sources] + [r.source for r in recommendations]
    counts = [
        count_fact(_("Cities in the data"), len(members)),
        count_fact(_("Prevention programs"), len(programs)),
    ]
    glance = Glance(
        tuple(indicator_facts(ctx, country_id) + [c for c in counts if c] + results(achieved, 2)),
        as_of(ctx, sources, [r.year for r in latest]),
    )
    sentences = tuple(r.sentence for r in latest)
    description = sentences[0] if sentences else (country.summary or country.name)
    return page(
        routes.country(country_id),
        "country.md.j2",
        country.name,
        description,
        CountryContent(
            country=country,
            latest=latest,
            sentences=sentences,
            sections=parts,
            timeline=timeline,
            programs=programs,
            tiles=achieved,
            strategies=strategies,
            recommendations=recommendations,
            table=city_table(ctx, members, CITY_TABLE_MAX),
            groups=tuple(ds.groups[t] for t in sorted(city_tags)),
            glance=glance,
            city_map=city_map,
        ),
        figures=page_figures + [f for part in parts for f in part.figures],
        sources=sources,
        records=latest_records(ctx, country_id, latest),
        achievements=achieved,
    )
