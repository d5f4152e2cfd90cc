"""Pages of an earlier build, reused while what they show has not changed.

A running ``mkdocs serve`` rebuilds after every data edit. Making every city page again is
what takes the time at scale (at 10,000 cities, minutes), though an edit to one city changes
only a few pages. So each city page is kept with a key of everything it reads:

- what every page may read: the records of every file but the cities, the figures of
  countries, the data's date, the language and the site's address (any change there makes
  every page again);
- the city's own record and figures;
- for each of its peer sets (groups, or its country's cities) and each indicator it has a value
  of: the number of cities ranked, its rank, the bars its peer chart shows (names, values,
  flags, sources, ranks) and the lowest and highest city, which its sentences name.

A page whose key is unchanged is the page a fresh build would make, so it is reused with its
files. Keys are computed again only for the cities an edit can reach (see :meth:`Reuse.key`).
A country, group or letter page is reused when no city's record changed and none of its
cities' figures did; program and index pages are made again each time.
``tests/test_reuse.py`` checks that edits of every kind give the same files as a fresh build.
"""

from __future__ import annotations

import hashlib
import secrets
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field, fields
from typing import Any

from .derive import PEER_LIMIT, Facts, country_key, group_key, sets_with
from .emit import Emitted
from .figures import Context
from .lookups import Ranking
from .models import City
from .store import Content

#: The dataset's attributes every page may read (``cities`` and ``observations`` are keyed
#: per city instead; ``warnings`` and ``positions`` are never shown on a page).
_SHARED_SKIP = {"data_dir", "cities", "observations", "positions", "warnings"}


def _digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def shared_key(ctx: Context, *options: object) -> str:
    """What every page may read, as one key."""
    ds = ctx.ds
    records = [
        (f.name, sorted(getattr(ds, f.name).items()))
        for f in fields(ds)
        if f.name not in _SHARED_SKIP
    ]
    lookups = ctx.facts.lookups
    national = sorted((k, v) for k, v in lookups.series.items() if k[0] in ds.countries)
    return _digest(options, records, national, ctx.facts.data_date, ctx.facts.program_status)


def _fields(obj: object) -> tuple[object, ...]:
    """The values of a record's fields (a repr of the record itself is several times slower)."""
    return tuple(vars(obj).values())


class CityKeys:
    """The keys of one build's city pages. Cities of one peer set share its rows: the rows of
    each ranking's window (and its ends) are made into a digest once, not once per city."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._rows: dict[tuple[int, int, int, int], str] = {}
        #: The peer sets of each city whose key was computed, by their keys.
        self.sets: dict[str, tuple[str, ...]] = {}

    def rows(self, ranking: Ranking, shown: list[int]) -> str:
        """A digest of the bars at ``shown`` (consecutive indexes, or the two ends)."""
        where = (id(ranking), shown[0], shown[-1], len(shown)) if shown else (id(ranking), 0, 0, 0)
        found = self._rows.get(where)
        if found is None:
            name = self.ctx.ds.place_name
            found = self._rows[where] = _digest(
                [
                    (
                        ranking.places[i],
                        name(ranking.places[i]),
                        ranking.values[i],
                        ranking.flags[i],
                        ranking.sources[i],
                        ranking.ranks[i],
                    )
                    for i in shown
                ]
            )
        return found

    def __call__(self, city_id: str) -> str:
        """Everything a city's page reads beyond :func:`shared_key`, as one key."""
        ds, facts = self.ctx.ds, self.ctx.facts
        lookups = facts.lookups
        own = [
            (ind, [_fields(v) for v in lookups.series.get((city_id, ind), ())])
            for ind in ds.indicators
        ]
        peers = []
        sets = facts.peer_sets(ds, city_id)
        self.sets[city_id] = tuple(peer_set.key for peer_set in sets)
        for peer_set in sets:
            for ind in facts.indicators_of_place.get(city_id, []):
                year = lookups.latest[(city_id, ind)].now.year
                ranking = lookups.ranking(peer_set.key, peer_set.members, ind, year)
                n = len(ranking)
                peers.append(
                    (
                        peer_set.key,
                        len(peer_set.members),
                        ind,
                        n,
                        ranking.rank_of(city_id),
                        self.rows(ranking, ranking.window(city_id, PEER_LIMIT)),
                        self.rows(ranking, [0, n - 1] if n else []),
                    )
                )
        return _digest(_fields(ds.cities[city_id]), own, peers)


@dataclass
class Kept:
    """A page as an earlier build left it: its key and its files (``emitted.page`` is the page
    as the sources page lists it)."""

    key: str
    emitted: Emitted


@dataclass
class Reuse:
    """The city, country, group and letter pages of the last build, by kind and id (one per
    language and site address)."""

    shared: str = ""
    pages: dict[tuple[str, str], Kept] = field(default_factory=dict)
    #: The drawings pages share that the last build wrote, by file.
    drawings: dict[str, Content] = field(default_factory=dict)
    #: City pages reused by the last build, and made again; country, group and letter pages
    #: reused.
    reused: int = 0
    made: int = 0
    hubs_reused: int = 0
    #: The last build's city records, a digest of each place's observations, and the peer
    #: sets of each city: what tells which keys an edit can have changed.
    records: dict[str, City] = field(default_factory=dict)
    digests: dict[str, int] = field(default_factory=dict)
    sets_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: This build: the cities whose key must be computed again (None: every city), those
    #: whose record or figures changed, and whether any city's record changed.
    reached: set[str] | None = None
    changed: set[str] = field(default_factory=set)
    records_changed: bool = True
    #: Names this build's country, group and letter pages that are made again: their key
    #: never equals an earlier one's, in this process or in one that saved the pages.
    build: str = ""
    #: The members of each peer set and the rankings the keys were made from, to tell which
    #: cities of a peer set an edit moved in rank or in a chart's window. Not kept on disk: a
    #: build that reads the pages looks at every city of an edited city's peer sets.
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rankings: dict[tuple[str, str, int], Ranking] = field(default_factory=dict)
    touched: set[str] = field(default_factory=set)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "members": {}, "rankings": {}, "touched": set()}

    def begin(self, shared: str, ctx: Context) -> None:
        if shared != self.shared:
            self.pages.clear()
            self.drawings.clear()
        self.shared = shared
        self.reused = self.made = self.hubs_reused = 0
        self.build = secrets.token_hex(8)
        members = set_members(ctx.facts)
        self.reached = self._reached(ctx, members) if self.pages else None
        self.members = members  # what the next build compares with

    def _reached(self, ctx: Context, members: dict[str, tuple[str, ...]]) -> set[str]:
        """The cities whose page an edit since the last build can have changed: those whose
        record or observations changed, and in each peer set with one of them (before or after
        the edit) the cities whose rank, chart window or ends the edit changed: every city of
        the set when its members, a ranking's length or its ends changed, or when the last
        build's rankings are not at hand."""
        now, digests = ctx.ds.cities, ctx.facts.lookups.place_digests()
        every = now.keys() | self.records.keys()
        moved = {c for c in every if now.get(c) != self.records.get(c)}
        figures = {c for c in every if digests.get(c) != self.digests.get(c)}
        self.changed = changed = moved | figures
        self.records_changed = bool(moved)
        self.touched = touched = set()
        for c in changed:
            for record in (now.get(c), self.records.get(c)):
                if record is not None:
                    touched |= sets_with(record)
        of_set: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for key in self.rankings:
            of_set[key[0]].append(key)
        reached = set(changed)
        for name in touched:
            found = self._in_set(ctx, name, members, of_set.get(name, []), moved)
            if found is None:  # every city compared in the set
                found = {c for c, sets in self.sets_of.items() if name in sets}
            reached |= found
        return reached

    def _in_set(
        self,
        ctx: Context,
        name: str,
        members: dict[str, tuple[str, ...]],
        rankings: list[tuple[str, str, int]],
        moved: set[str],
    ) -> set[str] | None:
        """The cities of peer set ``name`` an edit moved in rank or chart window (None: all)."""
        if not self.rankings or self.members.get(name, ()) != members.get(name, ()):
            return None
        out: set[str] = set()
        for key in rankings:
            after = ctx.facts.lookups.ranking(name, members.get(name, ()), key[1], key[2])
            found = _shown_again(self.rankings[key], after, moved)
            if found is None:
                return None
            out |= found
        return out

    def key(self, kind: str, item: str, shown: Collection[str], keys: CityKeys) -> str:
        """The key of a page showing the cities ``shown``: the last build's when no edit can
        have changed it."""
        kept = self.pages.get((kind, item))
        if kept is not None and self.reached is not None:
            if kind == "city" and item not in self.reached:
                return kept.key
            if kind != "city" and not self.records_changed and self.changed.isdisjoint(shown):
                return kept.key
        return keys(item) if kind == "city" else f"{kind}:{item}:{self.build}"

    def end(self, ctx: Context, keys: CityKeys) -> None:
        """Remember what the next build compares with (with the pages it keeps)."""
        self.records, self.digests = ctx.ds.cities, ctx.facts.lookups.place_digests()
        # a city whose key was not computed again is in the peer sets it was in
        self.sets_of = {c: keys.sets.get(c) or self.sets_of[c] for c in ctx.ds.cities}
        # the last build's rankings of the sets no edit reached are this build's too
        kept = {} if self.reached is None else self.rankings
        fresh = ctx.facts.lookups.rankings
        self.rankings = {k: r for k, r in kept.items() if k[0] not in self.touched} | fresh

    def find(self, kind: str, item: str, key: str) -> Kept | None:
        kept = self.pages.get((kind, item))
        found = kept if kept is not None and kept.key == key else None
        if kind == "city":
            self.reused += found is not None
            self.made += found is None
        else:
            self.hubs_reused += found is not None
        return found


def set_members(facts: Facts) -> dict[str, tuple[str, ...]]:
    """The cities of every peer set, by its key."""
    out = {country_key(c): tuple(m) for c, m in facts.cities_of_country.items()}
    out.update({group_key(g): tuple(m) for g, m in facts.cities_of_group.items()})
    return out


def _shown_again(before: Ranking, after: Ranking, moved: set[str]) -> set[str] | None:
    """The places of ``after`` whose rank or chart window (the bars around them) differ from
    ``before`` (the same ranking in the last build), or show a place whose record changed
    (``moved``: its name may have); None when the ranking's length or ends changed, which
    every place of it shows."""
    n = len(after)
    if len(before) != n:
        return None
    old = zip(before.places, before.values, before.flags, before.sources, before.ranks, strict=True)
    new = zip(after.places, after.values, after.flags, after.sources, after.ranks, strict=True)
    differ = {i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b}
    for place in moved:
        for ranking in (before, after):
            if (i := ranking.position.get(place)) is not None:
                differ.add(i)
    if not differ:
        return set()
    if 0 in differ or n - 1 in differ:
        return None
    marks = sorted(differ)
    out = set()
    for place in after.places:
        shown = after.window(place, PEER_LIMIT)
        k = bisect_left(marks, shown[0])
        if k < len(marks) and marks[k] <= shown[-1]:
            out.add(place)
    return out
