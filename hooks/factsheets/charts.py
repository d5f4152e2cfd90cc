"""Vega-Lite chart specs built with Altair. No I/O.

Each chart kind is built with Altair once per axis wording and then filled with a place's rows, so
thousands of pages do not build thousands of Altair objects.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

import altair as alt

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

FLAG_LEGEND = "Flag"


def _finish(chart: alt.TopLevelMixin) -> dict[str, Any]:
    spec = chart.to_dict()
    spec["config"] = copy.deepcopy(CHART_CONFIG)
    spec.pop("data", None)
    return spec


def _fill(
    template: dict[str, Any],
    rows: list[dict[str, Any]],
    title: str,
    subtitle: str,
    description: str,
) -> dict[str, Any]:
    spec = dict(template)  # the template's parts are never changed, only replaced
    spec["data"] = {"values": rows}
    spec["title"] = {"text": title, "subtitle": subtitle} if subtitle else {"text": title}
    spec["description"] = description
    return spec


def axis_title(name: str, unit: str) -> str:
    return f"{name} ({unit})"


@lru_cache(maxsize=256)
def _trend_template(y_title: str, value_format: str, flagged: bool) -> dict[str, Any]:
    base = alt.Chart(alt.Data(values=[{"year": 2000, "value": 0, "flag": ""}]))
    x = alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0))
    y = alt.Y(
        "value:Q", title=y_title, axis=alt.Axis(format=value_format), scale=alt.Scale(zero=True)
    )
    tooltip = [
        alt.Tooltip("year:O", title="Year"),
        alt.Tooltip("value:Q", title=y_title, format=value_format),
        alt.Tooltip("flag:N", title=FLAG_LEGEND),
    ]
    line = base.mark_line(color=PALETTE[0], strokeWidth=2.5).encode(x=x, y=y)
    points = base.mark_point(filled=True, size=70).encode(
        x=x,
        y=y,
        shape=alt.Shape(
            "flag:N", title=FLAG_LEGEND, legend=alt.Legend(orient="bottom") if flagged else None
        ),
        color=alt.value(PALETTE[0]),
        tooltip=tooltip,
    )
    return _finish(alt.layer(line, points).properties(width="container", height=220))


def trend_spec(
    rows: list[dict[str, Any]],
    *,
    y_title: str,
    title: str,
    subtitle: str,
    description: str,
    value_format: str = ",",
) -> dict[str, Any]:
    """Line of one indicator over the years for one place; flagged years get their own mark."""
    flagged = any(r.get("flag") for r in rows)
    return _fill(
        _trend_template(y_title, value_format, flagged), rows, title, subtitle, description
    )


@lru_cache(maxsize=256)
def _bars_template(x_title: str, value_format: str, with_rule: bool) -> dict[str, Any]:
    base = alt.Chart(alt.Data(values=[{"name": "a", "value": 0, "highlight": False}]))
    bars = base.mark_bar().encode(
        y=alt.Y("name:N", title=None, sort=None),
        x=alt.X("value:Q", title=x_title, axis=alt.Axis(format=value_format)),
        color=alt.condition(alt.datum.highlight, alt.value(HIGHLIGHT), alt.value(MUTED)),
        tooltip=[
            alt.Tooltip("name:N", title="Place"),
            alt.Tooltip("value:Q", title=x_title, format=value_format),
            alt.Tooltip("flag:N", title=FLAG_LEGEND),
        ],
    )
    labels = base.mark_text(align="left", dx=4, color=TEXT).encode(
        y=alt.Y("name:N", sort=None),
        x=alt.X("value:Q"),
        text=alt.Text("label:N"),
    )
    layers: list[alt.Chart] = [bars, labels]
    if with_rule:
        rule = (
            alt.Chart(alt.Data(values=[{"reference": 0, "reference_label": ""}]))
            .mark_rule(color=TEXT, strokeDash=[4, 3], strokeWidth=1.5)
            .encode(
                x=alt.X("reference:Q"),
                tooltip=[alt.Tooltip("reference_label:N", title="Reference")],
            )
        )
        layers.append(rule)
    spec = _finish(alt.layer(*layers).properties(width="container"))
    # With the rule's own data, Altair keeps the placeholder rows on the bar and label layers;
    # they must read the chart's rows, filled in at the top level.
    for layer in spec["layer"][:2]:
        layer.pop("data", None)
    return spec


def bars_spec(
    rows: list[dict[str, Any]],
    *,
    x_title: str,
    title: str,
    subtitle: str,
    description: str,
    reference: tuple[float, str] | None = None,
    value_format: str = ",",
) -> dict[str, Any]:
    """Sorted horizontal bars of one indicator across places, one highlighted, with an optional
    reference rule (e.g. the national figure)."""
    template = _bars_template(x_title, value_format, reference is not None)
    spec = _fill(template, rows, title, subtitle, description)
    spec["height"] = {"step": 26}
    if reference is not None:
        layers = list(spec["layer"])
        layers[2] = {
            **layers[2],
            "data": {"values": [{"reference": reference[0], "reference_label": reference[1]}]},
        }
        spec["layer"] = layers
    return spec


@lru_cache(maxsize=256)
def _change_template(x_title: str, value_format: str) -> dict[str, Any]:
    base = alt.Chart(alt.Data(values=[{"name": "a", "year": "2000", "value": 0}]))
    y = alt.Y("name:N", title=None, sort=None)
    line = base.mark_line(color="#9aa5b1", strokeWidth=2).encode(
        y=y,
        x=alt.X("value:Q", title=x_title, axis=alt.Axis(format=value_format)),
        detail="name:N",
    )
    points = base.mark_point(filled=True, size=90, opacity=1).encode(
        y=y,
        x=alt.X("value:Q"),
        color=alt.Color("year:O", title="Year", scale=alt.Scale(range=[MUTED, HIGHLIGHT])),
        shape=alt.Shape("year:O", title="Year"),
        tooltip=[
            alt.Tooltip("name:N", title="Place"),
            alt.Tooltip("year:O", title="Year"),
            alt.Tooltip("value:Q", title=x_title, format=value_format),
        ],
    )
    return _finish(alt.layer(line, points).properties(width="container"))


def change_spec(
    rows: list[dict[str, Any]],
    *,
    x_title: str,
    title: str,
    subtitle: str,
    description: str,
    value_format: str = ",",
) -> dict[str, Any]:
    """Dumbbell: each place's previous and latest value on one line."""
    spec = _fill(_change_template(x_title, value_format), rows, title, subtitle, description)
    spec["height"] = {"step": 30}
    return spec


@lru_cache(maxsize=8)
def _timeline_template() -> dict[str, Any]:
    base = alt.Chart(alt.Data(values=[{"name": "a", "start": "2000-01", "end": "2001-01"}]))
    bars = base.mark_bar(cornerRadius=3, height=16).encode(
        y=alt.Y(
            "name:N",
            title=None,
            sort=None,
            axis=alt.Axis(labelLimit=220),
        ),
        # A UTC scale: months read and drawn the same in every time zone (a local-time scale
        # shifted the bars and ticks with the machine's time zone).
        x=alt.X(
            "start:T",
            title="Years active",
            axis=alt.Axis(format="%Y"),
            scale=alt.Scale(type="utc"),
        ),
        x2="end:T",
        color=alt.Color(
            "status:N",
            title="Status",
            scale=alt.Scale(domain=["ended", "running"], range=[MUTED, HIGHLIGHT]),
        ),
        tooltip=[
            alt.Tooltip("name:N", title="Program"),
            alt.Tooltip("start_label:N", title="Start"),
            alt.Tooltip("end_label:N", title="End"),
        ],
    )
    return _finish(bars.properties(width="container"))


def timeline_spec(
    rows: list[dict[str, Any]], *, title: str, subtitle: str, description: str
) -> dict[str, Any]:
    """Programs as bars from start to end month."""
    spec = _fill(_timeline_template(), rows, title, subtitle, description)
    spec["height"] = {"step": 28}
    return spec
