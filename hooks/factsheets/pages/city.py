"""A city's fact sheet: latest figures with national comparison and rank, trend and peer charts,
programs, strategies and recommendations."""

from __future__ import annotations

from dataclasses import dataclass

from .. import figures as kinds
from .. import routes, text
from ..figures import Context, Figure, Scope
from ..figures.base import peer_label
from ..i18n import _
from ..models import City, Country, Group, Program, Recommendation, Strategy
from .base import Content, LatestRow, Page, Section, latest_records, latest_rows, page, sections
from .glance import Glance, as_of, count_fact, indicator_facts, nothing_recorded


@dataclass(frozen=True)
class CityContent(Content):
    city: City
    country: Country
    latest: tuple[LatestRow, ...]
    sentences: tuple[str, ...]
    sections: tuple[Section, ...]
    programs: tuple[Program, ...]
    strategies: tuple[Strategy, ...]
    recommendations: tuple[Recommendation, ...]
    groups: tuple[Group, ...]
    glance: Glance
    locator: Figure | None = None


def build(ctx: Context, city_id: str) -> Page:
    ds, facts = ctx.ds, ctx.facts
    city = ds.cities[city_id]
    country = ds.countries[city.country]
    latest = latest_rows(ctx, city_id)
    scope = Scope("city", city_id, tuple(facts.peer_sets(ds, city_id)))
    sentences: list[str] = []
    for row in latest:
        ind = row.indicator
        sentences.append(row.sentence)
        national = facts.lookups.latest.get((city.country, ind.id))
        if national is not None and national.now.year == row.year:
            line = text.national_sentence(
                city.name, ind, row.year, row.raw, national.now.value, country.name
            )
            if line:
                sentences.append(line)
        for peers in scope.peers:
            ranking = facts.lookups.ranking(peers.key, peers.members, ind.id, row.year)
            rank = ranking.rank_of(city_id)
            if rank:
                label = peer_label(ds, peers, in_sentence=True)
                line = text.rank_sentence(city.name, ind, row.year, rank[0], rank[1], label)
                if line:
                    sentences.append(line)
    parts = sections(ctx, scope, [row.indicator.id for row in latest], with_sentences=False)
    programs = tuple(ds.programs[p] for p in facts.programs_of_place.get(city_id, []))
    strategies = tuple(ds.strategies[s] for s in facts.strategies_of_place.get(city_id, []))
    recommendations = tuple(
        ds.recommendations[r] for r in facts.recommendations_of_place.get(city_id, [])
    )
    sources = [r.source for r in latest] + [s for p in programs for s in p.sources]
    sources += [sid for s in strategies for sid in s.sources] + [r.source for r in recommendations]
    if sentences:
        description = sentences[0]
    else:
        description = city.summary or _("Fact sheet for %(city)s.", city=city.name)
    page_figures = kinds.for_page(ctx, scope)
    locator = next((f for f in page_figures if f.id == "map-locator"), None)
    figures: list[Figure] = page_figures + [f for part in parts for f in part.figures]
    key_facts = indicator_facts(ctx, city_id, scope.peers)
    programs_count = count_fact(_("Prevention programs"), len(programs))
    glance = Glance(
        tuple(key_facts or [nothing_recorded()]) + ((programs_count,) if programs_count else ()),
        as_of(ctx, sources, [row.year for row in latest]),
    )
    return page(
        routes.city(city_id),
        "city.md.j2",
        city.name,
        description,
        CityContent(
            city=city,
            country=country,
            latest=latest,
            sentences=tuple(sentences),
            sections=parts,
            programs=programs,
            strategies=strategies,
            recommendations=recommendations,
            groups=tuple(ds.groups[t] for t in city.tags),
            glance=glance,
            locator=locator,
        ),
        figures=figures,
        sources=sources,
        records=latest_records(ctx, city_id, latest),
    )
