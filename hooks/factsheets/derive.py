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
PEER_LIMIT = 15


@dataclass
class Facts:
    """Lookups shared by all pages, computed once from a :class:`Dataset`."""

    latest: pd.DataFrame  # index (place, indicator)
    series: dict[tuple[str, str], pd.DataFrame]  # (place, indicator) -> rows sorted by year
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
    series = {
        key: frame.reset_index(drop=True)
        for key, frame in obs.sort_values("year").groupby(["place", "indicator"], sort=True)
    }
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
    for place, indicator in latest.index:
        indicators_of_place[place].append(indicator)
    for place in indicators_of_place:
        indicators_of_place[place].sort(key=indicator_order.index)
    data_date = str(int(obs["year"].max())) if not obs.empty else ""
    return Facts(
        latest=latest,
        series=series,
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


def peer_values(
    facts: Facts, obs_by_year: pd.DataFrame, members: list[str], indicator: str, year: int
) -> pd.DataFrame:
    """Values of ``indicator`` in ``year`` for the ``members`` that have one, best first."""
    try:
        frame = obs_by_year.loc[(indicator, year)]
    except KeyError:
        return pd.DataFrame(columns=["place", "value", "flag", "source"])
    frame = frame[frame.index.isin(members)].reset_index()
    return frame[["place", "value", "flag", "source"]]


def rank_of(values: pd.DataFrame, place: str, lower_is_better: bool) -> tuple[int, int] | None:
    """1-based rank of ``place`` among ``values`` (best first) and the number ranked."""
    if place not in set(values["place"]) or len(values) < 2:
        return None
    ordered = values.sort_values(["value", "place"], ascending=[lower_is_better, True])
    ranks = ordered["value"].rank(method="min", ascending=lower_is_better)
    position = int(ranks[ordered["place"] == place].iloc[0])
    return position, len(values)


def neighbours(
    values: pd.DataFrame, place: str, lower_is_better: bool, limit: int = PEER_LIMIT
) -> pd.DataFrame:
    """At most ``limit`` rows of ``values`` around ``place`` in rank order."""
    ordered = values.sort_values(["value", "place"], ascending=[lower_is_better, True])
    ordered = ordered.reset_index(drop=True)
    if len(ordered) <= limit:
        return ordered
    here = int(ordered.index[ordered["place"] == place][0]) if place in set(ordered["place"]) else 0
    start = max(0, min(here - limit // 2, len(ordered) - limit))
    return ordered.iloc[start : start + limit]
