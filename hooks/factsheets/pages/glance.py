"""'At a glance': the few numbers that matter on a fact sheet, each with its source, and the date
of the newest data on the page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .. import text
from ..derive import PeerSet
from ..figures import Context
from ..figures.base import peer_label
from ..i18n import _, ngettext
from ..lookups import Latest
from .base import Tile


@dataclass(frozen=True)
class Fact:
    """One key number: what it is, the number, what it is measured in, a word on how it moved
    or ranks, and where it comes from."""

    label: str
    value: str
    unit: str = ""
    details: tuple[str, ...] = ()
    source: str | None = None  # a source id
    direction: str = ""  # 'down', 'up' or ''


@dataclass(frozen=True)
class Glance:
    facts: tuple[Fact, ...]
    as_of: str  # 'March 2025', '2024'


def as_of(ctx: Context, sources: Iterable[str], years: Iterable[int]) -> str:
    """The date of the newest data on a page: a source's publication month, or a data year."""
    dates = [str(y) for y in years]
    dates += [ctx.ds.sources[s].date or "" for s in sources]
    newest = max((d for d in dates if d), key=lambda d: (d[:4], len(d) > 4, d), default="")
    return text.month(newest[:7]) if newest else ""


def _rank(ctx: Context, place: str, latest: Latest, peers: Iterable[PeerSet]) -> str | None:
    """'lowest of the 3 border cities', '2nd highest of the 5 United States cities'."""
    ind = ctx.ds.indicators[latest.indicator]
    if ind.kind == "count":
        return None
    for peer_set in peers:
        ranking = ctx.facts.lookups.ranking(
            peer_set.key, peer_set.members, latest.indicator, latest.now.year
        )
        rank = ranking.rank_of(place)
        if rank is None:
            continue
        position, total = rank
        label = peer_label(ctx.ds, peer_set, in_sentence=True)
        lowest = (position == 1) == ind.lower_is_better
        if position in (1, total):
            if lowest:
                return _("lowest of the %(total)s %(group)s", total=text.number(total), group=label)
            return _("highest of the %(total)s %(group)s", total=text.number(total), group=label)
        values = dict(rank=text.ordinal(position), total=text.number(total), group=label)
        if ind.lower_is_better:
            return _("%(rank)s lowest of the %(total)s %(group)s", **values)
        return _("%(rank)s highest of the %(total)s %(group)s", **values)
    return None


def indicator_facts(ctx: Context, place: str, peers: Iterable[PeerSet] = ()) -> list[Fact]:
    """The latest value of each of a place's indicators, with its change and rank."""
    out = []
    peer_sets = tuple(peers)
    for ind_id in ctx.facts.indicators_of_place.get(place, []):
        latest = ctx.facts.lookups.latest[(place, ind_id)]
        ind = ctx.ds.indicators[ind_id]
        details = []
        if latest.prev is not None:
            change = text.change_size(latest.now.value, latest.prev.value, ind)
            details.append(_("%(change)s since %(year)s", change=change, year=latest.prev.year))
        rank = _rank(ctx, place, latest, peer_sets)
        if rank:
            details.append(rank)
        out.append(
            Fact(
                label=_("%(indicator)s, %(year)s", indicator=ind.name, year=latest.now.year),
                value=text.number(latest.now.value) + ("%" if ind.kind == "percent" else ""),
                unit="" if ind.kind == "percent" else ind.unit,
                details=tuple(details),
                source=latest.now.source,
                direction=latest.direction,
            )
        )
    return out


def count_fact(label: str, count: int) -> Fact | None:
    """A count worth showing (never a zero)."""
    return Fact(label=label, value=text.number(count)) if count else None


def results(tiles: Iterable[Tile], limit: int = 3) -> list[Fact]:
    """A program's or country's reported results: its reach."""
    return [
        Fact(
            _("Reported result"),
            t.figure,
            unit=t.label,
            details=(t.period,) if t.period else (),
            source=t.source,
        )
        for t in list(tiles)[:limit]
    ]


def places_fact(names: list[str]) -> Fact | None:
    """The places a program serves: their names when few, else how many."""
    if not names:
        return None
    label = ngettext("Place served", "Places served", len(names))
    return Fact(label, "; ".join(names) if len(names) <= 3 else text.number(len(names)))


def nothing_recorded() -> Fact:
    return Fact(_("Figures"), _("none recorded yet"))
