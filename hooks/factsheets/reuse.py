"""City pages of an earlier build, reused while what they show has not changed.

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
files; every other page (countries, groups, programs, indexes) is made again each time.
``tests/test_reuse.py`` checks that edits of every kind give the same files as a fresh build.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields

from .derive import PEER_LIMIT, Ranking
from .emit import Emitted
from .figures import Context
from .pages.base import Page
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
        for peer_set in facts.peer_sets(ds, city_id):
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
    """A city page as an earlier build left it: its key, its files, and the page as the
    sources page lists it."""

    key: str
    emitted: Emitted
    citing: Page


@dataclass
class Reuse:
    """The city pages of the last build, by city id (one per language and site address)."""

    shared: str = ""
    pages: dict[str, Kept] = field(default_factory=dict)
    #: The drawings pages share that the last build wrote, by file.
    drawings: dict[str, Content] = field(default_factory=dict)
    #: City pages reused by the last build, and made again.
    reused: int = 0
    made: int = 0

    def begin(self, shared: str) -> None:
        if shared != self.shared:
            self.pages.clear()
            self.drawings.clear()
        self.shared = shared
        self.reused = self.made = 0

    def find(self, city_id: str, key: str) -> Kept | None:
        kept = self.pages.get(city_id)
        if kept is not None and kept.key == key:
            self.reused += 1
            return kept
        self.made += 1
        return None
