"""Figures computed from observations: latest values, changes, peers, ranks. Pure pandas.

Everything here is computed once per build for all places at a time (vectorised), so a page only
looks its facts up.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from .validate import Dataset

#: At most this many bars in a peer chart; larger peer sets show the place's neighbours in rank.
PEER_LIMIT = 11


@dataclass
class Facts:
    """Lookups shared by all pages, computed once from a :class:`Dataset`."""

    latest: pd.DataFrame  # index (place, indicator)
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
    indicators_of_place: dict[str, list[str]] = field(default_factory=dict)
    data_date: str = ""


def latest_values(obs: pd.DataFrame) -> pd.DataFrame:
    """Per place and indicator: the latest observation and the one before it, with the change."""
    cols = ["place", "indicator", "year", "value", "flag", "source", "note"]
    ordered = obs[cols].sort_values(["place", "indicator", "year"])
    grouped = ordered.groupby(["place", "indicator"], sort=False)
    last = grouped.tail(1).set_index(["place", "indicator"])
    prev = grouped.nth(-2).set_index(["place", "indicator"])[["year", "value", "source", "flag"]]
    prev.columns = ["prev_year", "prev_value", "prev_source", "prev_flag"]
    out = last.join(prev, how="left")
    out["change_abs"] = out["value"] - out["prev_value"]
    base = out["prev_value"].where(out["prev_value"] != 0)
    out["change_pct"] = out["change_abs"] / base * 100
    out["n_years"] = grouped.size()
    return out.sort_index()


def compute(ds: Dataset) -> Facts:
    """All lookups for one build."""
    obs = ds.observations
    latest = latest_values(obs)
    lookups = Lookups(obs, {k: v.lower_is_better for k, v in ds.indicators.items()})
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
    indicator_order = list(ds.indicators)
    indicators_of_place: dict[str, list[str]] = defaultdict(list)
    for place, indicator in lookups.latest:
        indicators_of_place[place].append(indicator)
    for place in indicators_of_place:
        indicators_of_place[place].sort(key=indicator_order.index)
    data_date = str(int(obs["year"].max())) if not obs.empty else ""
    return Facts(
        latest=latest,
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
    )


@dataclass(frozen=True)
class Value:
    """One observation, as pages use it."""

    year: int
    value: float
    flag: str
    source: str


@dataclass(frozen=True)
class Latest:
    """The latest observation of a place and indicator, and the one before it (if any)."""

    year: int
    value: float
    flag: str
    source: str
    prev: Value | None


@dataclass(frozen=True)
class Ranking:
    """The places of one peer set with a value of one indicator in one year, best first."""

    places: list[str]
    values: list[float]
    flags: list[str]
    sources: list[str]
    ranks: list[int]  # 1-based, ties share the better rank
    position: dict[str, int]

    def __len__(self) -> int:
        return len(self.places)

    def rank_of(self, place: str) -> tuple[int, int] | None:
        """Rank of ``place`` and the number of places ranked (None if not ranked or alone)."""
        i = self.position.get(place)
        if i is None or len(self.places) < 2:
            return None
        return self.ranks[i], len(self.places)

    def window(self, place: str | None, limit: int) -> list[int]:
        """Indexes of at most ``limit`` places around ``place`` (or the first ``limit``)."""
        n = len(self.places)
        if n <= limit:
            return list(range(n))
        here = self.position.get(place, 0) if place else 0
        start = max(0, min(here - limit // 2, n - limit))
        return list(range(start, start + limit))


class Lookups:
    """Plain-Python views of the observations for per-page work (no pandas per page)."""

    def __init__(self, obs: pd.DataFrame, lower_is_better: dict[str, bool]):
        self.lower_is_better = lower_is_better
        ordered = obs.sort_values(["place", "indicator", "year"])
        self.series: dict[tuple[str, str], list[Value]] = defaultdict(list)
        self.at: dict[tuple[str, int], dict[str, Value]] = defaultdict(dict)
        for place, indicator, year, value, flag, source in zip(
            ordered["place"],
            ordered["indicator"],
            ordered["year"],
            ordered["value"],
            ordered["flag"],
            ordered["source"],
            strict=True,
        ):
            v = Value(int(year), float(value), flag or "", source)
            self.series[(place, indicator)].append(v)
            self.at[(indicator, int(year))][place] = v
        self.latest: dict[tuple[str, str], Latest] = {}
        for key, values in self.series.items():
            last = values[-1]
            prev = values[-2] if len(values) > 1 else None
            self.latest[key] = Latest(last.year, last.value, last.flag, last.source, prev)
        self._rankings: dict[tuple[str, str, int], Ranking] = {}

    def ranking(self, key: str, members: list[str], indicator: str, year: int) -> Ranking:
        """Members with a value in ``year``, best first (computed once per peer set)."""
        cache_key = (key, indicator, year)
        found = self._rankings.get(cache_key)
        if found is not None:
            return found
        values = self.at.get((indicator, year), {})
        rows = [(p, values[p]) for p in members if p in values]
        lower = self.lower_is_better.get(indicator, True)
        rows.sort(key=lambda r: (r[1].value if lower else -r[1].value, r[0]))
        ranks: list[int] = []
        for i, (_, v) in enumerate(rows):
            same = i > 0 and rows[i - 1][1].value == v.value
            ranks.append(ranks[-1] if same else i + 1)
        ranking = Ranking(
            places=[p for p, _ in rows],
            values=[v.value for _, v in rows],
            flags=[v.flag for _, v in rows],
            sources=[v.source for _, v in rows],
            ranks=ranks,
            position={p: i for i, (p, _) in enumerate(rows)},
        )
        self._rankings[cache_key] = ranking
        return ranking
