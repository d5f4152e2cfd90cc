"""What every page type shares: the frozen page, and the blocks several pages show."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, fields
from typing import Any

from .. import figures, routes, text
from ..figures import Context, Figure, Scope
from ..figures.base import Record, observation_records
from ..i18n import _, ngettext
from ..models import City, Indicator
from ..validate import Dataset

#: A page an earlier build made that is still right (as ``pages.citing`` shows it), or None;
#: asked by kind ("city", "country", "group" or "letter"), id and the cities it shows.
Known = Callable[[str, str, Collection[str]], "Page | None"]


@dataclass(frozen=True)
class Content:
    """The part of a page its template shows; each page type has its own."""

    def context(self) -> dict[str, Any]:
        """The fields as template variables (a shallow view, nothing copied)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Page:
    """A generated page: everything render needs, and what emit writes beside it."""

    src: str
    template: str
    title: str
    description: str
    content: Content
    figures: tuple[Figure, ...] = ()
    sources: tuple[str, ...] = ()  # source ids, each once, in the order first used
    records: tuple[Record, ...] = ()  # the page's own observations, for its downloads
    achievements: tuple[Tile, ...] = ()  # for its downloads


@dataclass(frozen=True)
class LatestRow:
    """The latest value of one indicator for a place, as its table and sentences show it."""

    indicator: Indicator
    year: int
    value: str
    raw: float
    flag: str
    note: str
    source: str
    change: str
    direction: str
    sentence: str


@dataclass(frozen=True)
class Tile:
    """One reported achievement."""

    id: str
    figure: str
    label: str
    scope: str
    period: str
    kind: str
    detail: str
    source: str
    parts: tuple[str, ...] = ()  # the figures one result breaks down into


@dataclass(frozen=True)
class Section:
    """One indicator's part of a page: sentences and charts."""

    indicator: Indicator
    figures: tuple[Figure, ...]
    sentences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cell:
    value: str
    raw: float
    year: int
    flag: str


@dataclass(frozen=True)
class CityRow:
    city: City
    cells: tuple[Cell | None, ...]


@dataclass(frozen=True)
class CityTable:
    """Cities with their latest value per indicator; past a limit, only their count."""

    count: int
    listed: bool
    indicators: tuple[Indicator, ...]
    rows: tuple[CityRow, ...]


#: Most cities a country or group page (or the cities page) lists in its table of figures.
#: Above it the page points to the cities by first letter and the search (the cities page lists
#: them by letter): thousands of rows (even of names only) took a throttled phone one to ten
#: seconds of blocked scrolling (Lighthouse performance 0.67-0.84).
CITY_TABLE_MAX = 300


def place_src(ds: Dataset, place_id: str) -> str:
    return routes.country(place_id) if place_id in ds.countries else routes.city(place_id)


def unique(ids: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def page(
    src: str,
    template: str,
    title: str,
    description: str,
    content: Content,
    *,
    figures: list[Figure] | None = None,
    sources: list[str] | None = None,
    records: tuple[Record, ...] = (),
    achievements: tuple[Tile, ...] = (),
) -> Page:
    """A page whose sources are its own and those of its figures, each once."""
    figs = tuple(figures or ())
    cited = list(sources or []) + [s for f in figs for s in f.sources]
    return Page(
        src, template, title, description, content, figs, unique(cited), records, achievements
    )


def latest_rows(ctx: Context, place_id: str) -> tuple[LatestRow, ...]:
    """Latest value per indicator of one place, with change, flag and source."""
    rows = []
    name = ctx.ds.place_name(place_id)
    for ind_id in ctx.facts.indicators_of_place.get(place_id, []):
        rec = ctx.facts.lookups.latest[(place_id, ind_id)]
        ind = ctx.ds.indicators[ind_id]
        now, prev = rec.now, rec.prev
        rows.append(
            LatestRow(
                indicator=ind,
                year=now.year,
                value=text.number(now.value),
                raw=now.value,
                flag=now.flag,
                note=now.note,
                source=now.source,
                change=text.change_phrase(now.value, prev.value, prev.year, ind) if prev else "",
                direction=rec.direction,
                sentence=text.latest_sentence(
                    name,
                    ind,
                    now.year,
                    now.value,
                    prev.year if prev else None,
                    prev.value if prev else None,
                ),
            )
        )
    return tuple(rows)


def latest_records(ctx: Context, place_id: str, rows: tuple[LatestRow, ...]) -> tuple[Record, ...]:
    return tuple(
        rec
        for row in rows
        for rec in observation_records(
            ctx.ds,
            row.indicator.id,
            [(place_id, row.year, row.raw, row.flag, row.note, row.source)],
        )
    )


def tiles(ctx: Context, scope: str, scope_id: str) -> tuple[Tile, ...]:
    ds = ctx.ds
    out = []
    for aid in ctx.facts.achievements_of.get((scope, scope_id), []):
        ach = ds.achievements[aid]
        if ach.scope == "program":
            prog = ds.programs[ach.scope_id]
            scope_name = prog.short_name or prog.name
        else:
            scope_name = ds.place_name(ach.scope_id)
        out.append(
            Tile(
                id=aid,
                figure=text.achievement_figure(ach),
                label=text.achievement_label(ach),
                scope=scope_name,
                period=text.period(ach.period_start, ach.period_end),
                kind=ach.kind,
                detail=ach.detail or "",
                source=ach.source,
                parts=tuple(text.achievement_part(part) for part in ach.parts),
            )
        )
    return tuple(out)


def city_table(ctx: Context, members: list[str], limit: int | None = None) -> CityTable:
    """Cities with their latest value per indicator (for index and hub pages); with more
    members than ``limit``, only their count (the page does not list them)."""
    if limit is not None and len(members) > limit:
        return CityTable(len(members), False, (), ())
    latest = ctx.facts.lookups.latest
    present = {i for m in members for i in ctx.facts.indicators_of_place.get(m, [])}
    indicators = tuple(i for i in ctx.ds.indicators.values() if i.id in present)
    rows = []
    for cid in members:
        cells = []
        for ind in indicators:
            rec = latest.get((cid, ind.id))
            cells.append(
                Cell(text.number(rec.now.value), rec.now.value, rec.now.year, rec.now.flag)
                if rec
                else None
            )
        rows.append(CityRow(ctx.ds.cities[cid], tuple(cells)))
    return CityTable(len(rows), True, indicators, tuple(rows))


def comparison_sentences(ctx: Context, members: tuple[str, ...], ind: Indicator) -> tuple[str, ...]:
    """How one indicator moved across cities, and where it was lowest and highest."""
    comparison = ctx.facts.lookups.comparison(members, ind.id)
    if comparison is None:
        return ()
    out = []
    if comparison.compared:
        out.append(
            movement_sentence(
                ind, comparison.year, comparison.falls, comparison.rises, len(comparison.compared)
            )
        )
    low, high = comparison.lowest, comparison.highest
    if ind.kind != "count" and low is not None and high is not None:
        values = dict(
            indicator=ind.name,
            year=comparison.year,
            low_place=ctx.ds.place_name(low.place),
            low=text.quantity(low.now.value, ind),
            high_place=ctx.ds.place_name(high.place),
            high=text.quantity(high.now.value, ind),
        )
        if ind.lower_is_better:
            out.append(
                _(
                    "%(indicator)s, %(year)s: lowest in %(low_place)s (%(low)s), highest in "
                    "%(high_place)s (%(high)s).",
                    **values,
                )
            )
        else:
            out.append(
                _(
                    "%(indicator)s, %(year)s: highest in %(high_place)s (%(high)s), lowest in "
                    "%(low_place)s (%(low)s).",
                    **values,
                )
            )
    return tuple(out)


def movement_sentence(ind: Indicator, year: int, falls: int, rises: int, compared: int) -> str:
    """'Violent crime rate, 2024: fell in all 3 cities with an earlier year to compare.'"""
    values = dict(indicator=ind.name, year=year, falls=text.number(falls), rises=text.number(rises))
    if falls == compared:
        return ngettext(
            "%(indicator)s, %(year)s: fell in the one city with an earlier year to compare.",
            "%(indicator)s, %(year)s: fell in all %(num)s cities with an earlier year to compare.",
            compared,
            **values,
        )
    if rises == compared:
        return ngettext(
            "%(indicator)s, %(year)s: rose in the one city with an earlier year to compare.",
            "%(indicator)s, %(year)s: rose in all %(num)s cities with an earlier year to compare.",
            compared,
            **values,
        )
    same = compared - falls - rises
    if same:
        return ngettext(
            "%(indicator)s, %(year)s: fell in %(falls)s, rose in %(rises)s and did not change in "
            "%(same)s of the %(num)s city with an earlier year to compare.",
            "%(indicator)s, %(year)s: fell in %(falls)s, rose in %(rises)s and did not change in "
            "%(same)s of the %(num)s cities with an earlier year to compare.",
            compared,
            same=text.number(same),
            **values,
        )
    return ngettext(
        "%(indicator)s, %(year)s: fell in %(falls)s and rose in %(rises)s of the %(num)s city "
        "with an earlier year to compare.",
        "%(indicator)s, %(year)s: fell in %(falls)s and rose in %(rises)s of the %(num)s cities "
        "with an earlier year to compare.",
        compared,
        **values,
    )


def sections(
    ctx: Context, scope: Scope, indicator_ids: list[str], with_sentences: bool
) -> tuple[Section, ...]:
    """Per indicator: its charts (and, for countries and groups, sentences comparing cities)."""
    out = []
    for ind_id in indicator_ids:
        ind = ctx.ds.indicators[ind_id]
        sentences = comparison_sentences(ctx, scope.peers[0].members, ind) if with_sentences else ()
        out.append(Section(ind, tuple(figures.for_indicator(ctx, scope, ind_id)), sentences))
    return tuple(out)
