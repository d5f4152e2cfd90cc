"""Pages: one module per page type turns derived facts into a frozen :class:`Page`.

Pages never compute figures (that is ``derive``), never draw, render or write: they choose
what a page shows and in which words.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import chain

from ..figures import Context
from . import city, country, group, home, indexes, program
from .base import Content, Known, Page


def name_of(page: Page) -> tuple[str, str] | None:
    """The kind and id of a city, country, group or letter page (the pages a build may
    reuse)."""
    content = page.content
    if isinstance(content, city.CityContent):
        return ("city", content.city.id)
    if isinstance(content, country.CountryContent):
        return ("country", content.country.id)
    if isinstance(content, group.GroupContent):
        return ("group", content.group.id)
    if isinstance(content, indexes.CitiesContent) and content.letter is not None:
        return ("letter", content.letter.src)
    return None


def citing(page: Page) -> Page:
    """A page as the sources page lists it: its address, title and sources, nothing shown."""
    return replace(page, content=Content(), figures=(), records=(), achievements=())


def fact_sheets(ctx: Context, known: Known | None = None) -> Iterator[Page]:
    """Every country, city, program and group page, one at a time. A page ``known`` returns
    is not made again."""
    ds, facts = ctx.ds, ctx.facts
    for cid in ds.countries:
        shown = facts.cities_of_country.get(cid, [])
        yield (known and known("country", cid, shown)) or country.build(ctx, cid)
    for cid in ds.cities:
        yield (known and known("city", cid, (cid,))) or city.build(ctx, cid)
    for pid in ds.programs:
        yield program.build(ctx, pid)
    for tag in facts.groups_with_cities(ds):
        shown = facts.cities_of_group.get(tag, [])
        yield (known and known("group", tag, shown)) or group.build(ctx, tag)


def every_page(
    ctx: Context,
    headlines: tuple[indexes.Headline, ...],
    counts: dict[str, int],
    known: Known | None = None,
) -> Iterator[Page]:
    """Fact sheets, then the hub pages; the sources page lists the pages citing each source."""
    cited: list[Page] = []
    hubs = (
        indexes.countries(ctx, headlines),
        *indexes.cities(ctx, known),
        indexes.programs(ctx),
        indexes.groups(ctx),
        indexes.strategies(ctx),
    )
    for page in chain(fact_sheets(ctx, known), hubs):
        cited.append(citing(page))
        yield page
    yield indexes.sources(ctx, cited)
    yield indexes.data(ctx, counts)
    yield indexes.contributing(ctx)


__all__ = ["Known", "Page", "citing", "every_page", "fact_sheets", "home", "indexes", "name_of"]
