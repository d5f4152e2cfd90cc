"""Figures: one module per kind turns derived facts into a frozen :class:`Figure`.

A kind is a function ``make(ctx, scope, indicator) -> Figure | None`` (a section of one
indicator) or ``make(ctx, scope) -> Figure | None`` (a whole page). Pages ask the registries
below; adding a kind means its module, its test and one line here.
"""

from __future__ import annotations

from collections.abc import Callable

from . import change, citymap, locator, peers, timeline, trend
from .base import Context, Figure, Scope

SectionKind = Callable[[Context, Scope, str], "Figure | None"]
PageKind = Callable[[Context, Scope], "Figure | None"]

#: Charts of one indicator, in the order a page shows them.
SECTION_KINDS: tuple[SectionKind, ...] = (
    trend.make,  # a city's values over the years
    peers.for_city,  # the city among its peers
    peers.for_set,  # all cities of a country or group
    change.make,  # each city's change from the year before
    citymap.make,  # the latest value of each city of a country or group on its map
)

#: Charts about a whole page, shown before the indicator sections.
PAGE_KINDS: tuple[PageKind, ...] = (
    timeline.make,  # a country's programs over time
    locator.make,  # where a city is in its country
    citymap.locations,  # where the cities of a country or group without values are
)


def for_indicator(ctx: Context, scope: Scope, indicator: str) -> list[Figure]:
    return [f for make in SECTION_KINDS if (f := make(ctx, scope, indicator)) is not None]


def for_page(ctx: Context, scope: Scope) -> list[Figure]:
    return [f for make in PAGE_KINDS if (f := make(ctx, scope)) is not None]


__all__ = ["Context", "Figure", "Scope", "for_indicator", "for_page"]
