"""What the home page shows in place of its markers: headlines per country and links to the
hub pages with their counts."""

from __future__ import annotations

from dataclasses import dataclass

from ..figures import Context
from ..models import Group
from .indexes import Headline


@dataclass(frozen=True)
class Counts:
    countries: int
    cities: int
    programs: int
    strategies: int
    sources: int


@dataclass(frozen=True)
class Home:
    headlines: tuple[Headline, ...]
    counts: Counts
    groups: tuple[Group, ...]


def build(ctx: Context, headlines: tuple[Headline, ...]) -> Home:
    ds = ctx.ds
    counts = Counts(
        countries=len(ds.countries),
        cities=len(ds.cities),
        programs=len(ds.programs),
        strategies=len(ds.strategies),
        sources=len(ds.sources),
    )
    groups = tuple(ds.groups[g] for g in ctx.facts.groups_with_cities(ds))
    return Home(headlines, counts, groups)
