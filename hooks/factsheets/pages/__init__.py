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
from .base import Content, Page


def fact_sheets(ctx: Context) -> Iterator[Page]:
    """Every country, city, program and group page, one at a time."""
    ds = ctx.ds
    for cid in ds.countries:
        yield country.build(ctx, cid)
    for cid in ds.cities:
        yield city.build(ctx, cid)
    for pid in ds.programs:
        yield program.build(ctx, pid)
    for tag in ctx.facts.groups_with_cities(ds):
        yield group.build(ctx, tag)


def every_page(
    ctx: Context, headlines: tuple[indexes.Headline, ...], counts: dict[str, int]
) -> Iterator[Page]:
    """Fact sheets, then the hub pages; the sources page lists the pages citing each source."""
    citing: list[Page] = []
    hubs = (
        indexes.countries(ctx, headlines),
        indexes.cities(ctx),
        indexes.programs(ctx),
        indexes.groups(ctx),
        indexes.strategies(ctx),
    )
    for page in chain(fact_sheets(ctx), hubs):
        citing.append(replace(page, content=Content(), figures=(), records=(), achievements=()))
        yield page
    yield indexes.sources(ctx, citing)
    yield indexes.data(ctx, counts)
    yield indexes.contributing(ctx)


__all__ = ["Page", "every_page", "fact_sheets", "home", "indexes"]
