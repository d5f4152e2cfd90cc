"""Every figure the site shows, computed once per build: latest values, changes, ranks,
comparisons, headlines and each city's peer groups. With :mod:`.lookups` (the views of the
observations), the only module that reads observations.

Pages and figures look facts up here; they compute nothing themselves.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .lookups import Lookups, lookups_for
from .models import City
from .validate import Dataset

#: At most this many bars in a peer chart; larger peer sets show the place's neighbours in rank.
PEER_LIMIT = 11


@dataclass(frozen=True)
class PeerSet:
    """Cities compared with each other: a group, or a country's cities."""

    key: str  # "group:border" or "country:us": names the ranking
    slug: str  # the group or country id, for figure ids
    members: tuple[str, ...]
    group: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Facts:
    """What every page looks up, computed once from a :class:`Dataset`."""

    lookups: Lookups
    cities_of_country: dict[str, list[str]]
    cities_of_group: dict[str, list[str]]
    programs_of_place: dict[str, list[str]]
    programs_of_country: dict[str, list[str]]
    successors: dict[str, list[str]]
    achievements_of: dict[tuple[str, str], list[str]]  # (scope, id) -> achievement ids
    strategies_of_place: dict[str, list[str]]
    strategies_of_group: dict[str, list[str]]
    recommendations_of_place: dict[str, list[str]]
    recommendations_of_group: dict[str, list[str]]
    indicators_of_place: dict[str, list[str]]
    data_date: str
    program_status: dict[str, str]  # 'planned', 'running' or 'ended' on the data date

    def groups_with_cities(self, ds: Dataset) -> list[str]:
        """Group ids that have at least one city, sorted: each gets a page."""
        return [g for g in sorted(ds.groups) if self.cities_of_group.get(g)]

    def peer_sets(self, ds: Dataset, city_id: str) -> list[PeerSet]:
        """Each group of the city; its country's cities when it is in no group."""
        city = ds.cities[city_id]
        sets = [
            PeerSet(group_key(tag), tag, tuple(self.cities_of_group.get(tag, [])), group=tag)
            for tag in city.tags
        ]
        if not sets:
            members = tuple(self.cities_of_country.get(city.country, []))
            sets.append(
                PeerSet(country_key(city.country), city.country, members, country=city.country)
            )
        return sets

    def country_set(self, country_id: str) -> PeerSet:
        members = tuple(self.cities_of_country.get(country_id, []))
        return PeerSet(country_key(country_id), country_id, members, country=country_id)

    def group_set(self, ds: Dataset, group_id: str) -> PeerSet:
        members = tuple(self.cities_of_group.get(group_id, []))
        countries = {ds.cities[m].country for m in members}
        country = next(iter(countries)) if len(countries) == 1 else None
        return PeerSet(group_key(group_id), group_id, members, group=group_id, country=country)


def country_key(country_id: str) -> str:
    return f"country:{country_id}"


def group_key(group_id: str) -> str:
    return f"group:{group_id}"


def sets_with(city: City) -> set[str]:
    """The keys of the peer sets ``city`` is a member of: its country's and its groups'."""
    return {country_key(city.country), *(group_key(tag) for tag in city.tags)}


def program_status(start: str, end: str | None, as_of: str) -> str:
    """'planned', 'running' or 'ended' on the date of the data (``YYYY`` counts as its last
    month)."""
    if not as_of:
        return "ended" if end else "running"
    today = as_of if len(as_of) > 4 else f"{as_of}-12"
    if start[:7] > today:
        return "planned"
    if end and end[:7] < today:
        return "ended"
    return "running"


def compute(ds: Dataset) -> Facts:
    """All lookups for one build."""
    obs = ds.observations
    lookups = lookups_for(obs, {k: v.lower_is_better for k, v in ds.indicators.items()})
    cities_of_country: dict[str, list[str]] = defaultdict(list)
    cities_of_group: dict[str, list[str]] = defaultdict(list)
    for cid, city in sorted(ds.cities.items(), key=lambda kv: kv[1].name):
        cities_of_country[city.country].append(cid)
        for tag in city.tags:
            cities_of_group[tag].append(cid)
    programs_of_place: dict[str, list[str]] = defaultdict(list)
    programs_of_country: dict[str, list[str]] = defaultdict(list)
    successors: dict[str, list[str]] = defaultdict(list)
    for pid, prog in sorted(ds.programs.items(), key=lambda kv: (kv[1].start, kv[1].name)):
        programs_of_country[prog.country].append(pid)
        for place in prog.places:
            programs_of_place[place].append(pid)
        if prog.predecessor:
            successors[prog.predecessor].append(pid)
    achievements_of: dict[tuple[str, str], list[str]] = defaultdict(list)
    for aid, ach in ds.achievements.items():
        achievements_of[(ach.scope, ach.scope_id)].append(aid)
    strategies_of_place: dict[str, list[str]] = defaultdict(list)
    strategies_of_group: dict[str, list[str]] = defaultdict(list)
    for sid, strat in ds.strategies.items():
        for place in strat.places:
            strategies_of_place[place].append(sid)
        for tag in strat.groups:
            strategies_of_group[tag].append(sid)
    recommendations_of_place: dict[str, list[str]] = defaultdict(list)
    recommendations_of_group: dict[str, list[str]] = defaultdict(list)
    for rid, rec in ds.recommendations.items():
        recommendations_of_place[rec.scope].append(rid)
        if rec.group:
            recommendations_of_group[rec.group].append(rid)
    indicator_order = {ind: i for i, ind in enumerate(ds.indicators)}
    indicators_of_place: dict[str, list[str]] = defaultdict(list)
    for place, indicator in lookups.latest:
        indicators_of_place[place].append(indicator)
    for found in indicators_of_place.values():
        found.sort(key=indicator_order.__getitem__)
    data_date = str(int(obs["year"].max())) if not obs.empty else ""
    return Facts(
        lookups=lookups,
        cities_of_country=dict(cities_of_country),
        cities_of_group=dict(cities_of_group),
        programs_of_place=dict(programs_of_place),
        programs_of_country=dict(programs_of_country),
        successors=dict(successors),
        achievements_of=dict(achievements_of),
        strategies_of_place=dict(strategies_of_place),
        strategies_of_group=dict(strategies_of_group),
        recommendations_of_place=dict(recommendations_of_place),
        recommendations_of_group=dict(recommendations_of_group),
        indicators_of_place=dict(indicators_of_place),
        data_date=data_date,
        program_status={
            pid: program_status(p.start, p.end, data_date) for pid, p in ds.programs.items()
        },
    )
