"""What every figure kind shares: the frozen figure, its context and the words around it."""

from __future__ import annotations

import copy
import json
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

import altair as alt
from babel import Locale

from .. import citing, i18n, text
from ..chartspec import Filled
from ..derive import Facts, PeerSet
from ..i18n import _, ngettext
from ..models import Indicator
from ..validate import Dataset

#: Okabe-Ito, a palette that stays distinct for the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
HIGHLIGHT = "#D55E00"
MUTED = "#5B8DB8"
TEXT = "#1f2933"

#: Width of the band of place and program names beside bars, in pixels: a name longer than this
#: ends in "…" on the chart; the table under it has the full name.
NAME_LIMIT = 130

#: Chart text is drawn in Arial's metrics: vl-convert measures it with its built-in Liberation
#: Sans (metric-compatible with Arial and Helvetica), so a browser that has one of these draws
#: every label in the room the drawing left for it.
FONT = "Arial, Helvetica, 'Liberation Sans', 'Nimbus Sans', sans-serif"

CHART_CONFIG: dict[str, Any] = {
    "font": FONT,
    "padding": 8,
    "view": {"stroke": None, "continuousHeight": 220},
    "range": {"category": PALETTE},
    "axis": {
        "labelFontSize": 12,
        "titleFontSize": 12,
        "labelColor": TEXT,
        "titleColor": TEXT,
        "gridColor": "#e4e7eb",
        "labelLimit": NAME_LIMIT,
        "labelOverlap": True,
        "labelSeparation": 8,
        "titlePadding": 8,
    },
    # Few round numbers: at a phone's width more run into each other. The labels at the ends of
    # a horizontal axis stay inside the drawing.
    "axisQuantitative": {"tickCount": 4},
    "axisXQuantitative": {"labelFlush": True},
    "axisXTemporal": {"labelFlush": True},
    "axisBand": {"labelOverlap": "greedy"},
    "title": {
        "fontSize": 14,
        "subtitleFontSize": 12,
        "anchor": "start",
        "color": TEXT,
        "subtitleColor": "#3e4c59",
        "offset": 10,
    },
    # two entries a row: a legend under the plot starts where the plot does, right of the names
    "legend": {
        "labelFontSize": 12,
        "titleFontSize": 12,
        "orient": "bottom",
        "columns": 2,
        "labelLimit": 120,
    },
    "text": {"fontSize": 12},
    "numberFormat": ",",
    "autosize": {"type": "fit-x", "contains": "padding"},
}

#: Width of the narrowest drawing of a chart: the static one (``svg.STATIC_WIDTH``).
NARROWEST = 340

#: Characters of a chart title and subtitle line: what fits the narrowest drawing (see
#: ``svg.STATIC_WIDTH``) with room for wider letters; longer titles wrap at a space.
TITLE_LINE = 38
SUBTITLE_LINE = 48

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
    #: A drawing several figures share (a country's outlines; a peer chart's bars), shown
    #: instead of drawing ``spec``, with ``marks`` placed over it (and the bar ``highlight``
    #: places from the top marked): drawn once however many pages show it.
    drawing: SharedDrawing | None = None
    marks: tuple[Mark, ...] = ()
    highlight: int | None = None

    def without_data(self) -> Figure:
        """The figure once its spec and records are written to files: at tens of thousands of
        charts these add up to hundreds of megabytes."""
        return replace(self, spec={}, records=())


@dataclass(frozen=True)
class SharedDrawing:
    """A static drawing shown by many figures: its file (from the site's root), the
    Vega-Lite spec it is drawn from, and its size in pixels."""

    path: str
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
    locale = chart_locale(i18n.current().locale)
    if locale is not None:
        spec["config"]["locale"] = locale
    spec.pop("data", None)
    return spec


@lru_cache(maxsize=8)
def chart_locale(locale: Locale) -> dict[str, Any] | None:
    """How the language writes numbers and dates, as Vega's ``config.locale`` (d3-format and
    d3-time-format definitions) from Babel's data: the static drawing and the live chart
    format axes and tooltips as the page's text does. Every chart names its locale, English
    too: Vega keeps the last one it was given for the whole process (and page), so a chart
    without one would be drawn in whichever language came before it."""
    symbols = locale.number_symbols.get("latn", locale.number_symbols)
    currency = locale.currency_symbols.get("MXN" if locale.territory == "MX" else "USD", "$")
    number = {
        "decimal": symbols["decimal"],
        "thousands": symbols["group"],
        "grouping": [3],
        "currency": [currency, ""],
        "percent": symbols.get("percentSign", "%"),
    }
    months = locale.months["format"]
    days = locale.days["format"]
    order = [6, 0, 1, 2, 3, 4, 5]  # d3 weeks start on Sunday, Babel's day 0 is Monday
    periods = locale.day_periods["format"]["abbreviated"]
    time = {
        "dateTime": "%x, %X",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": [periods.get("am", "AM"), periods.get("pm", "PM")],
        "days": [days["wide"][i] for i in order],
        "shortDays": [days["abbreviated"][i] for i in order],
        "months": [months["wide"][i] for i in range(1, 13)],
        "shortMonths": [months["abbreviated"][i] for i in range(1, 13)],
    }
    return {"number": number, "time": time}


def fill(
    template: Mapping[str, Any],
    rows: list[dict[str, Any]],
    title: str,
    subtitle: str,
    description: str,
) -> dict[str, Any]:
    """A template with one chart's rows and words; the template's parts are never changed.
    The spec remembers its template: pages write only what the chart changes in it."""
    spec = Filled(template)
    spec.template = template
    spec["data"] = {"values": rows}
    heading: dict[str, Any] = {"text": wrap(title, TITLE_LINE)}
    if subtitle:
        heading["subtitle"] = wrap(subtitle, SUBTITLE_LINE)
    spec["title"] = heading
    spec["description"] = description
    return spec


def wrap(words: str, width: int) -> str | list[str]:
    """A title as one line, or as lines of at most ``width`` characters, broken at spaces."""
    lines = textwrap.wrap(words, width, break_long_words=False, break_on_hyphens=False)
    return lines[0] if len(lines) == 1 else lines


def tooltip(rows: list[tuple[str, str]], flag_title: str) -> dict[str, str]:
    """A mark's tooltip, as a Vega expression: the rows (title, expression of the value), and a
    row for the value's flag only where it has one, instead of an empty row on every other."""

    def entries(with_flag: bool) -> str:
        pairs = [f"{json.dumps(title, ensure_ascii=False)}: {value}" for title, value in rows]
        if with_flag:
            pairs.append(f"{json.dumps(flag_title, ensure_ascii=False)}: datum.flag")
        return "{" + ", ".join(pairs) + "}"

    return {"expr": f"datum.flag ? {entries(True)} : {entries(False)}"}


def number_expr(field: str, number_format: str) -> str:
    return f"format(datum[{json.dumps(field)}], {json.dumps(number_format)})"


#: Widths of characters in Arial at 1 px (digits and marks exact, letters the wide ones), to
#: make room for labels before the renderer measures them.
_NARROW = {**dict.fromkeys(" ,.:;'|!ilIjft", 0.34), **dict.fromkeys("()[]-r", 0.4)}
_WIDE = {**dict.fromkeys("0123456789", 0.56), **dict.fromkeys("mwMW", 0.9)}


def text_width(words: str, size: float = 12) -> float:
    """About how wide ``words`` are drawn at ``size`` px; never much less than they are."""
    return size * sum(_NARROW.get(c, _WIDE.get(c, 0.68)) for c in words)


def room_for_labels(values: list[float], labels: list[str], plot: float) -> float | None:
    """The largest value of an axis that leaves room, right of each bar of ``plot`` px at
    most, for its label (4 px away); None where the values leave room themselves."""
    top = max(values, default=0)
    if top <= 0:
        return None
    needed = top
    for value, label in zip(values, labels, strict=True):
        free = max(plot - text_width(label) - 6, plot / 3)
        needed = max(needed, value * plot / free)
    return needed if needed > top else None


def axis_title(indicator: Indicator) -> str:
    return _("%(name)s (%(unit)s)", name=indicator.name, unit=indicator.unit)


def value_format(indicator: Indicator) -> str:
    """d3-format of values on axes and in tooltips."""
    return ",.0f" if indicator.kind == "count" else ",.4~g"


def peer_label(ds: Dataset, peers: PeerSet, *, in_sentence: bool = False) -> str:
    """How a chart title ('Border cities') or a sentence ('border cities') names a set of
    cities, as the data writes it; the cities of a country otherwise."""
    if peers.group:
        group = ds.groups[peers.group]
        return (group.phrase or group.name) if in_sentence else group.name
    return _("%(country)s cities", country=ds.countries[peers.country or ""].name)


def source_label(ds: Dataset, sid: str) -> str:
    return citing.source_label(ds.sources[sid])


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


def table(
    columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]], sources: Iterable[str]
) -> dict[str, Any]:
    """A figure's table as shown (its ``columns`` and ``rows``), without a column that tells
    a reader nothing the figure does not say already: Flag when no row has a flag, Source
    when one source gave every row (the caption above the table names it). The downloads
    keep every column."""
    shown = tuple(rows)
    one_source = len(set(sources)) == 1
    keep = [
        i
        for i, name in enumerate(columns)
        if not (name == _("Flag") and all(row[i] == "" for row in shown))
        and not (name == _("Source") and one_source)
    ]
    return {
        "columns": tuple(columns[i] for i in keep),
        "rows": tuple(tuple(row[i] for i in keep) for row in shown),
    }
