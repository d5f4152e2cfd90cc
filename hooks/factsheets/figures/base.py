"""What every figure kind shares: the frozen figure, its context and the words around it."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import altair as alt

from .. import text
from ..derive import Facts, PeerSet
from ..i18n import _, ngettext
from ..models import Indicator
from ..validate import Dataset

#: Okabe-Ito, a palette that stays distinct for the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
HIGHLIGHT = "#D55E00"
MUTED = "#5B8DB8"
TEXT = "#1f2933"

CHART_CONFIG: dict[str, Any] = {
    "font": "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif",
    "view": {"stroke": None, "continuousHeight": 220},
    "range": {"category": PALETTE},
    "axis": {
        "labelFontSize": 12,
        "titleFontSize": 12,
        "labelColor": TEXT,
        "titleColor": TEXT,
        "gridColor": "#e4e7eb",
        "labelLimit": 160,
    },
    "title": {"fontSize": 14, "anchor": "start", "color": TEXT, "subtitleColor": "#3e4c59"},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
    "numberFormat": ",",
    "autosize": {"type": "fit-x", "contains": "padding"},
}

#: Bars shown at most in a comparison of all cities of a country or group.
COMPARE_LIMIT = 30

#: A row of a figure's download: plain values under column names.
Record = Mapping[str, Any]


@dataclass(frozen=True)
class Figure:
    """One chart with everything a reader needs around it."""

    id: str
    title: str
    description: str  # the text alternative
    caption: str
    sources: tuple[str, ...]
    spec: Mapping[str, Any]  # Vega-Lite, with its data
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]  # the table, as shown
    records: tuple[Record, ...] = field(default=())  # the downloads, as tidy rows
    #: A drawing several figures share (a country's outlines), shown instead of drawing
    #: ``spec``, with ``marks`` placed over it: drawn once however many pages show it.
    drawing: SharedDrawing | None = None
    marks: tuple[Mark, ...] = ()

    def without_data(self) -> Figure:
        """The figure once its spec and records are written to files: at tens of thousands of
        charts these add up to hundreds of megabytes."""
        return replace(self, spec={}, records=())


@dataclass(frozen=True)
class SharedDrawing:
    """A static drawing shown by many figures: its name (the file under ``maps/``), the
    Vega-Lite spec it is drawn from, and its size in pixels."""

    name: str
    spec: Mapping[str, Any] = field(compare=False, repr=False)
    width: int = 640
    height: int = 400


@dataclass(frozen=True)
class Mark:
    """A point placed over a shared drawing, in the drawing's pixels."""

    x: float
    y: float


@dataclass(frozen=True)
class Context:
    """What figure kinds read: the checked data and the facts derived from it."""

    ds: Dataset
    facts: Facts
    #: Results figure kinds compute once per build and share (e.g. where cities fall on a
    #: country's map), by a key of their choosing.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Scope:
    """What a page is about: one city and its peer sets, or all cities of a country or
    group."""

    page: Literal["city", "country", "group"]
    subject: str  # the city, country or group id
    peers: tuple[PeerSet, ...]


def finish(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """A chart template: Altair's spec with the site's settings, without data."""
    spec = chart.to_dict()
    spec["config"] = copy.deepcopy(CHART_CONFIG)
    spec.pop("data", None)
    return spec


def fill(
    template: Mapping[str, Any],
    rows: list[dict[str, Any]],
    title: str,
    subtitle: str,
    description: str,
) -> dict[str, Any]:
    """A template with one chart's rows and words; the template's parts are never changed."""
    spec = dict(template)
    spec["data"] = {"values": rows}
    spec["title"] = {"text": title, "subtitle": subtitle} if subtitle else {"text": title}
    spec["description"] = description
    return spec


def axis_title(indicator: Indicator) -> str:
    return _("%(name)s (%(unit)s)", name=indicator.name, unit=indicator.unit)


def value_format(indicator: Indicator) -> str:
    """d3-format of values on axes and in tooltips."""
    return ",.0f" if indicator.kind == "count" else ",.4~g"


def peer_label(ds: Dataset, peers: PeerSet) -> str:
    """How titles and sentences name a set of cities: the group's name as written, or the
    cities of a country."""
    if peers.group:
        return ds.groups[peers.group].name
    return _("%(country)s cities", country=ds.countries[peers.country or ""].name)


def source_label(ds: Dataset, sid: str) -> str:
    src = ds.sources[sid]
    return _("%(publisher)s, “%(title)s”", publisher=src.publisher, title=src.title)


def sources_caption(ds: Dataset, sids: Iterable[str], years: Iterable[int]) -> str:
    unique = list(dict.fromkeys(sids))
    labels = "; ".join(source_label(ds, s) for s in unique)
    caption = ngettext("Source: %(sources)s.", "Sources: %(sources)s.", len(unique), sources=labels)
    found = sorted(set(years))
    if found and found[0] == found[-1]:
        caption += " " + _("Data for %(year)s.", year=found[0])
    elif found:
        caption += " " + _("Data for %(start)s–%(end)s.", start=found[0], end=found[-1])
    return caption


def observation_records(
    ds: Dataset, indicator_id: str, rows: Iterable[tuple[str, int, float, str, str, str]]
) -> tuple[Record, ...]:
    """Tidy rows (place, indicator, year, value, unit, flag, note, source) for downloads."""
    ind = ds.indicators[indicator_id]
    return tuple(
        {
            "place": place,
            "place_name": ds.place_name(place),
            "indicator": indicator_id,
            "indicator_name": ind.name,
            "year": int(year),
            "value": float(value),
            "unit": ind.unit,
            "flag": flag or "",
            "note": note or "",
            "source": source,
        }
        for place, year, value, flag, note, source in rows
    )


def flagged(value: float, flag: str) -> str:
    """A value as a bar label: '450', or '450 (preliminary)'."""
    number = text.number(value)
    return _("%(value)s (%(flag)s)", value=number, flag=flag) if flag else number
