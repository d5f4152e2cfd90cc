"""Pages: one module per page type turns derived facts into a frozen :class:`Page`.

Pages never compute figures (that is ``derive``), never draw, render or write: they choose
what a page shows and in which words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import chain

from ..figures import Context
from . import city, country, group, home, indexes, program
from .base import Content, Page

#: A page an earlier build made that is still right (as :func:`citing` shows it), or None;
#: asked by kind ("city", "country" or "group") and id.
Known = Callable[[str, str], "Page | None"]


def name_of(page: Page) -> tuple[str, str] | None:
    """The kind and id of a city, country or group page (the pages a build may reuse)."""
    content = page.content
    if isinstance(content, city.CityContent):
        return ("city", content.city.id)
    if isinstance(content, country.CountryContent):
        return ("country", content.country.id)
    if isinstance(content, group.GroupContent):
        return ("group", content.group.id)
    return None


def citing(page: Page) -> Page:
    """A page as the sources page lists it: its address, title and sources, nothing shown."""
    return replace(page, content=Content(), figures=(), records=(), achievements=())


def fact_sheets(ctx: Context, known: Known | None = None) -> Iterator[Page]:
    """Every country, city, program and group page, one at a time. A page ``known`` returns
    is not made again."""
    ds = ctx.ds
    for cid in ds.countries:
        yield (known and known("country", cid)) or country.build(ctx, cid)
    for cid in ds.cities:
        yield (known and known("city", cid)) or city.build(ctx, cid)
    for pid in ds.programs:
        yield program.build(ctx, pid)
    for tag in ctx.facts.groups_with_cities(ds):
        yield (known and known("group", tag)) or group.build(ctx, tag)


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
        *indexes.cities(ctx),
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
