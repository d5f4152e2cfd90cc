"""The hub pages: countries, cities, programs, groups, strategies, sources, data, and the page
for maintainers that describes the data files."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import geo, routes
from ..contributing import describe_files
from ..figures import Context
from ..i18n import _, ngettext
from ..models import Country, Group, Program, Recommendation, Source, Strategy
from .base import (
    CITY_TABLE_MAX,
    CityTable,
    Content,
    Known,
    Page,
    city_table,
    page,
    place_src,
    tiles,
)


@dataclass(frozen=True)
class Headline:
    """A country in a few sentences: national figures and how its cities moved."""

    country: Country
    national: tuple[str, ...]  # the latest national figures
    moved: tuple[str, ...]  # how its cities' figures moved
    cities: int
    programs: int
    tiles: int

    @property
    def sentences(self) -> tuple[str, ...]:
        return self.national + self.moved


@dataclass(frozen=True)
class CountriesContent(Content):
    countries: tuple[Headline, ...]


@dataclass(frozen=True)
class Letter:
    """The cities whose names start with one letter: their page and how many."""

    label: str
    src: str
    count: int


@dataclass(frozen=True)
class CitiesContent(Content):
    table: CityTable
    #: With more cities than a page lists, the pages of cities by first letter; the letter
    #: of this page (none on the page that lists the letters).
    letters: tuple[Letter, ...] = ()
    letter: Letter | None = None


@dataclass(frozen=True)
class ProgramsContent(Content):
    programs: tuple[Program, ...]


@dataclass(frozen=True)
class GroupEntry:
    group: Group
    count: int


@dataclass(frozen=True)
class GroupsContent(Content):
    groups: tuple[GroupEntry, ...]


@dataclass(frozen=True)
class StrategyKind:
    kind: str
    label: str
    items: tuple[Strategy, ...]

    def __iter__(self) -> Iterator[Any]:  # the template unpacks (kind, label, items)
        return iter((self.kind, self.label, self.items))


@dataclass(frozen=True)
class StrategiesContent(Content):
    kinds: tuple[StrategyKind, ...]
    recommendations: tuple[Recommendation, ...]
    place_src: Callable[[str], str]


@dataclass(frozen=True)
class SourceEntry:
    source: Source
    pages: tuple[tuple[str, str], ...]  # (title, source path) of each page citing it
    #: City pages citing it that are counted, not listed (more than ``CITY_TABLE_MAX``).
    cities: int = 0


@dataclass(frozen=True)
class SourcesContent(Content):
    entries: tuple[SourceEntry, ...]
    boundaries: tuple[Mapping[str, Any], ...] = ()  # where the maps' outlines come from


@dataclass(frozen=True)
class DataContent(Content):
    counts: dict[str, int]
    tables: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ContributingContent(Content):
    files: tuple[Any, ...]


def headlines(ctx: Context) -> tuple[Headline, ...]:
    """Per country: national sentences and how its cities' figures moved."""
    from .base import latest_rows, movement_sentence

    ds, facts = ctx.ds, ctx.facts
    out = []
    for cid, country in ds.countries.items():
        national = tuple(r.sentence for r in latest_rows(ctx, cid))
        moved = []
        members = facts.cities_of_country.get(cid, [])
        for ind_id, ind in ds.indicators.items():
            comparison = facts.lookups.comparison(members, ind_id)
            if comparison is not None and comparison.compared:
                moved.append(
                    movement_sentence(
                        ind,
                        comparison.year,
                        comparison.falls,
                        comparison.rises,
                        len(comparison.compared),
                    )
                )
        out.append(
            Headline(
                country,
                national,
                tuple(moved),
                cities=len(members),
                programs=len(facts.programs_of_country.get(cid, [])),
                tiles=len(tiles(ctx, "country", cid)),
            )
        )
    return tuple(out)


def countries(ctx: Context, found: tuple[Headline, ...]) -> Page:
    n = len(ctx.ds.countries)
    return page(
        routes.COUNTRIES,
        "countries_index.md.j2",
        _("Countries"),
        ngettext(
            "Crime and violence prevention fact sheets for %(num)s country.",
            "Crime and violence prevention fact sheets for %(num)s countries.",
            n,
        ),
        CountriesContent(found),
    )


def cities(ctx: Context, known: Known | None = None) -> tuple[Page, ...]:
    """The table of all cities; with more than a page lists, a page of letters and a table of
    the cities listed under each (the first letter of their names): a table of 10,000 rows is
    megabytes a phone cannot scroll, and a running server would render it after every edit."""
    ds = ctx.ds
    ordered = sorted(ds.cities, key=lambda c: ds.cities[c].name)
    n = len(ordered)
    title = _("Cities")
    about = ngettext(
        "Latest crime figures for %(num)s city.", "Latest crime figures for %(num)s cities.", n
    )
    if n <= CITY_TABLE_MAX:
        table = city_table(ctx, ordered)
        return (page(routes.CITIES, "cities_index.md.j2", title, about, CitiesContent(table)),)
    by_letter: dict[str, list[str]] = {}
    for cid in ordered:
        by_letter.setdefault(initial(ds.cities[cid].name), []).append(cid)
    groups = sorted(by_letter.items(), key=lambda kv: (kv[0] == "", kv[0]))  # "#" last
    letters = tuple(
        Letter(k or "#", routes.cities_starting(letter_slug(k)), len(m)) for k, m in groups
    )
    listing = CitiesContent(CityTable(n, False, (), ()), letters)
    out = [page(routes.CITIES, "cities_index.md.j2", title, about, listing)]
    for (_key, members), letter in zip(groups, letters, strict=True):
        kept = known and known("letter", letter.src, members)
        if kept:
            out.append(kept)
            continue
        about = ngettext(
            "Latest crime figures for %(num)s city listed under %(letter)s.",
            "Latest crime figures for %(num)s cities listed under %(letter)s.",
            len(members),
            letter=letter.label,
        )
        content = CitiesContent(city_table(ctx, members), letters, letter)
        heading = _("Cities: %(letter)s", letter=letter.label)
        out.append(page(letter.src, "cities_index.md.j2", heading, about, content))
    return tuple(out)


def initial(name: str) -> str:
    """The letter a city is listed under: the first of its name, without accents, upper case;
    empty for a name that does not start with a letter (listed under "#", last)."""
    first = unicodedata.normalize("NFKD", name.strip()[:1])[:1]
    return first.upper() if first.isalpha() else ""


def letter_slug(letter: str) -> str:
    """The letter in a page's address: itself in lower case (a-z), else its code point."""
    if not letter:
        return "other"
    return letter.lower() if letter.isascii() else f"u{ord(letter):04x}"


def programs(ctx: Context) -> Page:
    ds = ctx.ds
    ordered = sorted(ds.programs.values(), key=lambda p: (p.country, p.start, p.name))
    return page(
        routes.PROGRAMS,
        "programs_index.md.j2",
        _("Programs"),
        ngettext(
            "%(num)s crime and violence prevention program.",
            "%(num)s crime and violence prevention programs.",
            len(ordered),
        ),
        ProgramsContent(tuple(ordered)),
    )


def groups(ctx: Context) -> Page:
    ds, facts = ctx.ds, ctx.facts
    entries = tuple(
        GroupEntry(ds.groups[g], len(facts.cities_of_group[g]))
        for g in facts.groups_with_cities(ds)
    )
    return page(
        routes.GROUPS,
        "groups_index.md.j2",
        _("Groups"),
        _("Groups of cities compared side by side."),
        GroupsContent(entries),
    )


def strategies(ctx: Context) -> Page:
    ds = ctx.ds
    kinds = tuple(
        StrategyKind(k, label, tuple(s for s in ds.strategies.values() if s.kind == k))
        for k, label in (
            ("strategy", _("Strategies")),
            ("factor", _("Factors")),
            ("initiative", _("Initiatives")),
        )
    )
    recs = tuple(ds.recommendations.values())
    return page(
        routes.STRATEGIES,
        "strategies_index.md.j2",
        _("Strategies"),
        _("Strategies, factors and initiatives credited with reducing crime."),
        StrategiesContent(kinds, recs, lambda p: place_src(ds, p)),
        sources=[sid for s in ds.strategies.values() for sid in s.sources]
        + [r.source for r in recs],
    )


def sources(ctx: Context, citing: Sequence[Page]) -> Page:
    """Every source, with the pages that cite it."""
    ds = ctx.ds
    city_pages = {routes.city(c) for c in ds.cities}
    usage: dict[str, list[tuple[str, str]]] = {sid: [] for sid in ds.sources}
    for cited in citing:
        for sid in cited.sources:
            usage[sid].append((cited.title, cited.src))
    entries = []
    for s in ds.sources.values():
        # Thousands of city links make a page no phone scrolls; above the limit they are counted
        # (each city page names its sources, and so does every row of the dataset's download).
        cities = [(t, src) for t, src in usage[s.id] if src in city_pages]
        if len(cities) > CITY_TABLE_MAX:
            others = tuple((t, src) for t, src in usage[s.id] if src not in city_pages)
            entries.append(SourceEntry(s, others, len(cities)))
        else:
            entries.append(SourceEntry(s, tuple(usage[s.id])))
    n = len(ds.sources)
    return page(
        routes.SOURCES,
        "sources_index.md.j2",
        _("Sources"),
        ngettext(
            "The %(num)s source of every figure on this site.",
            "The %(num)s sources of every figure on this site.",
            n,
        ),
        SourcesContent(
            tuple(entries),
            tuple(b.meta for b in geo.used(ds.cities.values())),
        ),
    )


def data(ctx: Context, counts: dict[str, int]) -> Page:
    return page(
        routes.DATA,
        "data_index.md.j2",
        _("Data"),
        _("Download the whole dataset as CSV files with a Frictionless Data Package."),
        DataContent(
            counts,
            (
                ("observations", _("One value of one indicator, place and year")),
                ("places", _("Countries and cities")),
                ("indicators", _("What is measured, in which unit")),
                ("programs", _("Prevention programs")),
                ("achievements", _("Results reported by programs and funders")),
                ("sources", _("Where every figure comes from")),
            ),
        ),
    )


def contributing(ctx: Context) -> Page:
    return page(
        routes.CONTRIBUTING,
        "contributing.md.j2",
        _("Editing the data"),
        _("Every data file and field, with an example."),
        ContributingContent(tuple(describe_files(ctx.ds))),
    )
