"""Numbers and sentences as a reader sees them, written only from what the data holds."""

from __future__ import annotations

import math
import re

from .models import Achievement, Indicator

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def number(value: float, decimals: int = 2) -> str:
    """450.0 -> '450'; 29651 -> '29,651'; 12.345 -> '12.35'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if float(value).is_integer():
        return f"{value:,.0f}"
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return text


def percent(value: float) -> str:
    """Size of a percent change with one decimal: 13.46 -> '13.5%', 20.0 -> '20%'."""
    return number(round(abs(value), 1), 1) + "%"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def month(value: str | None) -> str:
    """'2020-08' -> 'August 2020'; '2021' -> '2021'."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) >= 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def period(start: str | None, end: str | None) -> str:
    if start and end:
        return f"{month(start)} – {month(end)}" if start != end else month(start)
    if start:
        return f"since {month(start)}"
    if end:
        return f"until {month(end)}"
    return ""


def quantity(value: float, indicator: Indicator) -> str:
    """'450 violent crimes per 100,000 residents', or '450 per 100,000 residents'."""
    if indicator.phrase:
        return f"{number(value)} {indicator.phrase}"
    if indicator.kind == "percent":
        return f"{number(value)}%"
    return f"{number(value)} {indicator.unit}"


def change_phrase(value: float, before: float, prev_year: int, indicator: Indicator) -> str:
    """'down 13.5% from 520 in 2023' (percentage points for percent indicators)."""
    diff = value - before
    if diff == 0:
        return f"unchanged from {prev_year}"
    direction = "down" if diff < 0 else "up"
    if indicator.kind == "percent":
        size = number(round(abs(diff), 1), 1) + " percentage points"
    elif before == 0:
        return f"{direction} from {number(before)} in {prev_year}"
    else:
        size = percent(diff / before * 100)
    return f"{direction} {size} from {number(before)} in {prev_year}"


def latest_sentence(
    place: str,
    indicator: Indicator,
    year: int,
    value: float,
    prev_year: int | None = None,
    prev_value: float | None = None,
) -> str:
    """'In 2024 El Paso recorded 450 violent crimes per 100,000 residents, down 13.5% from 520 in
    2023.'"""
    if indicator.phrase:
        text = f"In {year} {place} recorded {quantity(value, indicator)}"
    else:
        text = f"In {year} the {indicator.name.lower()} in {place} was {quantity(value, indicator)}"
    if prev_year is not None and prev_value is not None and not math.isnan(prev_value):
        text += ", " + change_phrase(value, prev_value, prev_year, indicator)
    return text + "."


def national_sentence(
    place: str, indicator: Indicator, year: int, value: float, national: float, country: str
) -> str | None:
    """Compare with the national figure of the same year; counts are never compared."""
    if indicator.kind == "count":
        return None
    relation = "equal to" if value == national else "below" if value < national else "above"
    return f"That is {relation} the {country} figure of {quantity(national, indicator)} for {year}."


def rank_sentence(
    place: str, indicator: Indicator, year: int, rank: int, total: int, group_label: str
) -> str | None:
    """Rank among peers, only for rates and percentages (counts depend on population)."""
    if indicator.kind == "count" or total < 2:
        return None
    better = "lowest" if indicator.lower_is_better else "highest"
    worse = "highest" if indicator.lower_is_better else "lowest"
    name = indicator.name[0].lower() + indicator.name[1:]
    if rank == 1:
        where = f"the {better} {name}"
    elif rank == total:
        where = f"the {worse} {name}"
    else:
        where = f"the {ordinal(rank)} {better} {name}"
    return f"Among the {total} {group_label} with {year} data, {place} had {where}."


def trend_description(place: str, indicator: Indicator, rows: list[tuple[int, float]]) -> str:
    """Text alternative of a trend chart: 'Violent crime rate in El Paso fell from 520 in 2023 to
    450 in 2024, per 100,000 residents.'"""
    (y0, v0), (y1, v1) = rows[0], rows[-1]
    pct = "%" if indicator.kind == "percent" else ""
    if v1 == v0:
        text = f"{indicator.name} in {place} was {number(v0)}{pct} in {y0} and in {y1}"
    else:
        verb = "fell" if v1 < v0 else "rose"
        text = (
            f"{indicator.name} in {place} {verb} from {number(v0)}{pct} in {y0} "
            f"to {number(v1)}{pct} in {y1}"
        )
    if len(rows) > 2:
        low = min(rows, key=lambda r: r[1])
        high = max(rows, key=lambda r: r[1])
        text += (
            f" ({len(rows)} years of data; lowest {number(low[1])}{pct} in {low[0]}, "
            f"highest {number(high[1])}{pct} in {high[0]})"
        )
    if indicator.kind == "rate":
        text += f", {indicator.unit}"
    return text + "."


def achievement_figure(ach: Achievement) -> str:
    """'67', '6–69', 'more than 70' with the unit attached when it is '%'."""
    if ach.value is not None:
        text = number(ach.value)
    else:
        text = f"{number(ach.value_min)}–{number(ach.value_max)}"  # type: ignore[arg-type]
    if ach.unit.strip() == "%":
        text += "%"
    prefix = {"more-than": "more than ", "less-than": "less than ", "about": "about "}
    return prefix.get(ach.qualifier or "", "") + text


def achievement_label(ach: Achievement) -> str:
    """What the figure counts, with its unit when the unit is a word the text does not already
    name ("8,700 high-risk youth supported", not "youth high-risk youth supported")."""
    unit = ach.unit.strip()
    if unit == "%" or re.search(rf"(?<![\w-]){re.escape(unit)}\b", ach.counts, re.IGNORECASE):
        return ach.counts
    return f"{unit} {ach.counts}"
