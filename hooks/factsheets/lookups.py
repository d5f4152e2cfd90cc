"""Plain-Python views of the observations that every page looks values up in: each place's
series, each year's values, latest values, rankings and comparisons. Made once per set of
observations; after a data edit, made from the last ones again for the places it changed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Value:
    """One observation, as pages use it."""

    year: int
    value: float
    flag: str
    source: str
    note: str = ""


@dataclass(frozen=True)
class Latest:
    """The latest observation of a place and indicator, and the one before it (if any)."""

    place: str
    indicator: str
    now: Value
    prev: Value | None

    @property
    def direction(self) -> str:
        """'down', 'up' or '' (unchanged, or nothing to compare with)."""
        if self.prev is None or self.now.value == self.prev.value:
            return ""
        return "down" if self.now.value < self.prev.value else "up"


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
        """Indexes of at most ``limit`` places around ``place`` (or the first ``limit``).

        Windows start at multiples of half the limit (or end at the last place), and a place
        takes the one it is nearest the middle of: at least a quarter of the window on each
        side of it, and neighbours in rank share a window, so a peer set of hundreds of places
        has a few dozen different charts, each drawn once (the place is marked over it)."""
        n = len(self.places)
        if n <= limit:
            return list(range(n))
        here = self.position.get(place, 0) if place else 0
        stride = max(1, limit // 2)
        step = (here - limit // 2 + stride // 2) // stride
        start = max(0, min(step * stride, n - limit))
        return list(range(start, start + limit))


@dataclass(frozen=True)
class Comparison:
    """How one indicator stands across a set of places in its latest year."""

    indicator: str
    year: int
    current: tuple[Latest, ...]  # members with a value in ``year``, by place id
    compared: tuple[Latest, ...]  # of those, the ones with an earlier year
    falls: int
    rises: int
    lowest: Latest | None  # lowest and highest value (None with fewer than two places)
    highest: Latest | None


@dataclass(frozen=True)
class Changes:
    """Members' latest values with the year before, in the newest year any of them has one."""

    year: int
    rows: tuple[Latest, ...]  # largest value first


class Lookups:
    """Plain-Python views of the observations for per-page work (no pandas per page)."""

    def __init__(
        self,
        obs: pd.DataFrame,
        lower_is_better: dict[str, bool],
        earlier: Lookups | None = None,
    ):
        """``earlier``: the lookups of the observations before an edit; those of the places
        whose observations did not change are taken from it (all are read when many did)."""
        self.lower_is_better = lower_is_better
        self._obs = obs
        self._digests: dict[str, int] | None = None
        self._rankings: dict[tuple[str, str, int], Ranking] = {}
        # what languages share: the same members' figures, asked for by each language's pages
        self._comparisons: dict[tuple[tuple[str, ...], str], Comparison | None] = {}
        self.series: dict[tuple[str, str], list[Value]] = defaultdict(list)
        self.at: dict[tuple[str, int], dict[str, Value]] = defaultdict(dict)
        self.latest: dict[tuple[str, str], Latest] = {}
        changed = self._changed_since(earlier)
        if earlier is None or changed is None:
            self._read(obs)
        else:
            self._update(earlier, changed)

    def _read(self, obs: pd.DataFrame, shared: set[tuple[str, int]] | None = None) -> None:
        """Add the observations ``obs``; an entry of ``at`` in ``shared`` (held by earlier
        lookups too) is copied before it is changed, and then no longer shared."""
        ordered = obs.sort_values(["place", "indicator", "year"], kind="stable")
        notes = ordered["note"] if "note" in ordered else [""] * len(ordered)
        for place, indicator, year, value, flag, source, note in zip(
            ordered["place"],
            ordered["indicator"],
            ordered["year"],
            ordered["value"],
            ordered["flag"],
            ordered["source"],
            notes,
            strict=True,
        ):
            v = Value(int(year), float(value), flag or "", source, note or "")
            self.series[(place, indicator)].append(v)
            key = (indicator, int(year))
            if shared is not None and key in shared:
                shared.discard(key)
                self.at[key] = dict(self.at[key])
            self.at[key][place] = v
        for (place, indicator), values in self.series.items():
            if (place, indicator) not in self.latest:
                prev = values[-2] if len(values) > 1 else None
                self.latest[(place, indicator)] = Latest(place, indicator, values[-1], prev)

    def _changed_since(self, earlier: Lookups | None) -> set[str] | None:
        """The places whose observations differ from ``earlier``'s (added or removed ones
        too); None when there is nothing to compare with or a tenth of the places changed."""
        if earlier is None or list(earlier._obs.columns) != list(self._obs.columns):
            return None
        return changed_places(earlier.place_digests(), self.place_digests())

    def _update(self, earlier: Lookups, changed: set[str]) -> None:
        """The lookups of ``earlier`` with the observations of the ``changed`` places read
        again: the same as reading them all, in a fraction of the time."""
        shared = set(earlier.at)
        self.at.update(earlier.at)
        for (place, indicator), values in earlier.series.items():
            if place not in changed:
                self.series[(place, indicator)] = values
                self.latest[(place, indicator)] = earlier.latest[(place, indicator)]
                continue
            for v in values:  # the place's old values leave the year's values
                key = (indicator, v.year)
                if key in shared:
                    shared.discard(key)
                    self.at[key] = dict(self.at[key])
                self.at[key].pop(place, None)
                if not self.at[key]:
                    del self.at[key]
        self._read(self._obs[self._obs["place"].isin(changed)], shared)

    @property
    def rankings(self) -> dict[tuple[str, str, int], Ranking]:
        """The rankings computed so far, by peer set key, indicator and year."""
        return self._rankings

    def place_digests(self) -> dict[str, int]:
        """A number per place that changes whenever one of its observations does."""
        if self._digests is None:
            self._digests = place_digests(self._obs)
        return self._digests

    def ranking(self, key: str, members: Iterable[str], indicator: str, year: int) -> Ranking:
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

    def latest_of(self, members: Iterable[str], indicator: str) -> list[Latest]:
        """The latest value of each member that has one, by place id."""
        found = (self.latest.get((m, indicator)) for m in sorted(members))
        return [rec for rec in found if rec is not None]

    def comparison(self, members: Iterable[str], indicator: str) -> Comparison | None:
        key = (tuple(members), indicator)
        if key not in self._comparisons:
            self._comparisons[key] = self._comparison(key[0], indicator)
        return self._comparisons[key]

    def _comparison(self, members: Iterable[str], indicator: str) -> Comparison | None:
        rows = self.latest_of(members, indicator)
        if not rows:
            return None
        year = max(r.now.year for r in rows)
        current = tuple(r for r in rows if r.now.year == year)
        compared = tuple(r for r in current if r.prev is not None)
        lowest = highest = None
        if len(current) >= 2:
            lowest = min(current, key=lambda r: r.now.value)  # first of equals, by place id
            highest = max(current, key=lambda r: r.now.value)
            highest = next(r for r in current if r.now.value == highest.now.value)
        return Comparison(
            indicator=indicator,
            year=year,
            current=current,
            compared=compared,
            falls=sum(r.direction == "down" for r in compared),
            rises=sum(r.direction == "up" for r in compared),
            lowest=lowest,
            highest=highest,
        )

    def changes(self, members: Iterable[str], indicator: str) -> Changes | None:
        rows = [r for r in self.latest_of(members, indicator) if r.prev is not None]
        if not rows:
            return None
        year = max(r.now.year for r in rows)
        newest = sorted((r for r in rows if r.now.year == year), key=lambda r: -r.now.value)
        return Changes(year, tuple(newest))


#: The last lookups made, with the observations they were made from: every language of one
#: build shares the same observations (the languages differ in words, not in figures).
_last_lookups: tuple[pd.DataFrame, dict[str, bool], Lookups] | None = None


#: The observations last digested, with their digests: the lookups and the data package ask
#: for the same ones.
_last_digests: tuple[pd.DataFrame, dict[str, int]] | None = None


def place_digests(obs: pd.DataFrame) -> dict[str, int]:
    """A number per place of ``obs`` that changes whenever one of its observations does (the
    order of its rows aside: it is a sum)."""
    global _last_digests
    if _last_digests is not None and _last_digests[0] is obs:
        return _last_digests[1]
    shown = [c for c in obs.columns if c not in ("file", "row")]
    rows = pd.util.hash_pandas_object(obs[shown], index=False)
    sums = pd.Series(rows.to_numpy()).groupby(obs["place"].to_numpy()).sum()
    _last_digests = (obs, {str(k): int(v) for k, v in sums.items()})
    return _last_digests[1]


def changed_places(before: dict[str, int], now: dict[str, int]) -> set[str] | None:
    """The places whose digests differ between ``before`` and ``now`` (added or removed ones
    too); None when a tenth of the places changed (then reading them all is as quick)."""
    changed = {p for p in before.keys() | now.keys() if before.get(p) != now.get(p)}
    return changed if len(changed) <= len(now) // 10 else None


def lookups_for(obs: pd.DataFrame, lower_is_better: dict[str, bool]) -> Lookups:
    """The lookups of ``obs``: the last ones if made from the same observations, else new
    ones, made from the last where they still hold (a server's rebuild after a data edit)."""
    global _last_lookups
    earlier = None
    if _last_lookups is not None:
        last_obs, last_lower, last = _last_lookups
        if last_obs is obs and last_lower == lower_is_better:
            return last
        earlier = last if last_lower == lower_is_better else None
    _last_lookups = None
    made = Lookups(obs, lower_is_better, earlier)
    _last_lookups = (obs, lower_is_better, made)
    return made
