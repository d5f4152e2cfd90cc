"""Numbers and sentences as a reader sees them, written only from what the data holds.

Every sentence is one catalogue message with named placeholders, written out whole for each
variant (a rise, a fall, no change...), so a translation orders its words freely. Names from the
data are used as written, never re-cased; numbers, percents and months are formatted by Babel.
"""

from __future__ import annotations

import math
import re
from typing import Any

from .i18n import N_, current, format_month, format_number, format_percent, gettext, pgettext
from .models import Achievement, Indicator, Part


def number(value: float, decimals: int = 2) -> str:
    """450.0 -> '450'; 29651 -> '29,651'; 12.345 -> '12.35'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return format_number(value, decimals)


def percent(value: float) -> str:
    """Size of a percent change with one decimal: 13.46 -> '13.5%', 20.0 -> '20%'."""
    return format_percent(abs(value), 1)


def ordinal(n: int) -> str:
    """1 -> '1st', 22 -> '22nd', 13 -> '13th': the language's ordinal rules (CLDR) pick the
    message."""
    num = format_number(n)
    form = current().locale.ordinal_form(n)
    if form == "zero":
        return pgettext("ordinal, CLDR category zero", "%(num)sth", num=num)
    if form == "one":
        return pgettext("ordinal, CLDR category one (1, 21, 31...)", "%(num)sst", num=num)
    if form == "two":
        return pgettext("ordinal, CLDR category two (2, 22, 32...)", "%(num)snd", num=num)
    if form == "few":
        return pgettext("ordinal, CLDR category few (3, 23, 33...)", "%(num)srd", num=num)
    if form == "many":
        return pgettext("ordinal, CLDR category many", "%(num)sth", num=num)
    return pgettext("ordinal, CLDR category other (4, 11, 12, 13...)", "%(num)sth", num=num)


def month(value: str | None) -> str:
    """'2020-08' -> 'August 2020'; '2021' -> '2021'."""
    return format_month(value)


def period(start: str | None, end: str | None) -> str:
    if start and end:
        if start == end:
            return month(start)
        return gettext("%(start)s – %(end)s", start=month(start), end=month(end))
    if start:
        return gettext("since %(start)s", start=month(start))
    if end:
        return gettext("until %(end)s", end=month(end))
    return ""


def _figure(value: float, indicator: Indicator) -> str:
    """A value as a number, or as a percent for percent indicators."""
    return format_percent(value, 2) if indicator.kind == "percent" else number(value)


def quantity(value: float, indicator: Indicator) -> str:
    """'450 violent crimes per 100,000 residents', or '450 per 100,000 residents'."""
    if indicator.phrase:
        return gettext("%(value)s %(phrase)s", value=number(value), phrase=indicator.phrase)
    if indicator.kind == "percent":
        return format_percent(value, 2)
    return gettext("%(value)s %(unit)s", value=number(value), unit=indicator.unit)


def _change(value: float, before: float, indicator: Indicator) -> tuple[str, dict[str, str]]:
    """How a value changed from the one before: a kind of change and the figures it names."""
    diff = value - before
    if diff == 0:
        return "same", {}
    direction = "down" if diff < 0 else "up"
    if indicator.kind == "percent":
        return direction + "-points", {"points": format_number(abs(diff), 1)}
    if before == 0:
        return direction, {}
    return direction + "-percent", {"change": percent(diff / before * 100)}


#: Change from the year before, as a table shows it: 'down 13.5% from 520 in 2023'.
CHANGE_PHRASES = {
    "same": N_("unchanged from %(prev_year)s"),
    "down": N_("down from %(before)s in %(prev_year)s"),
    "up": N_("up from %(before)s in %(prev_year)s"),
    "down-percent": N_("down %(change)s from %(before)s in %(prev_year)s"),
    "up-percent": N_("up %(change)s from %(before)s in %(prev_year)s"),
    "down-points": N_("down %(points)s percentage points from %(before)s in %(prev_year)s"),
    "up-points": N_("up %(points)s percentage points from %(before)s in %(prev_year)s"),
}

#: The size of a change alone: 'down 13.5%'.
CHANGE_SIZES = {
    "same": N_("unchanged"),
    "down": N_("down"),
    "up": N_("up"),
    "down-percent": N_("down %(change)s"),
    "up-percent": N_("up %(change)s"),
    "down-points": N_("down %(points)s percentage points"),
    "up-points": N_("up %(points)s percentage points"),
}


def change_phrase(value: float, before: float, prev_year: int, indicator: Indicator) -> str:
    """'down 13.5% from 520 in 2023' (percentage points for percent indicators)."""
    kind, values = _change(value, before, indicator)
    return gettext(CHANGE_PHRASES[kind], before=number(before), prev_year=prev_year, **values)


def change_size(value: float, before: float, indicator: Indicator) -> str:
    """'down 13.5%', 'up 2.5 percentage points', 'unchanged': a change without its baseline."""
    kind, values = _change(value, before, indicator)
    return gettext(CHANGE_SIZES[kind], **values)


#: The latest value of an indicator with a phrase ('violent crimes per 100,000 residents'),
#: keyed by the kind of change from the year before (None: no earlier value).
RECORDED = {
    None: N_("In %(year)s %(place)s recorded %(quantity)s."),
    "same": N_("In %(year)s %(place)s recorded %(quantity)s, unchanged from %(prev_year)s."),
    "down": N_(
        "In %(year)s %(place)s recorded %(quantity)s, down from %(before)s in %(prev_year)s."
    ),
    "up": N_("In %(year)s %(place)s recorded %(quantity)s, up from %(before)s in %(prev_year)s."),
    "down-percent": N_(
        "In %(year)s %(place)s recorded %(quantity)s, down %(change)s from %(before)s in "
        "%(prev_year)s."
    ),
    "up-percent": N_(
        "In %(year)s %(place)s recorded %(quantity)s, up %(change)s from %(before)s in "
        "%(prev_year)s."
    ),
    "down-points": N_(
        "In %(year)s %(place)s recorded %(quantity)s, down %(points)s percentage points from "
        "%(before)s in %(prev_year)s."
    ),
    "up-points": N_(
        "In %(year)s %(place)s recorded %(quantity)s, up %(points)s percentage points from "
        "%(before)s in %(prev_year)s."
    ),
}

#: The latest value of an indicator without a phrase, starting with the indicator's name.
VALUE_WAS = {
    None: N_("%(indicator)s in %(place)s was %(quantity)s in %(year)s."),
    "same": N_(
        "%(indicator)s in %(place)s was %(quantity)s in %(year)s, unchanged from %(prev_year)s."
    ),
    "down": N_(
        "%(indicator)s in %(place)s was %(quantity)s in %(year)s, down from %(before)s in "
        "%(prev_year)s."
    ),
    "up": N_(
        "%(indicator)s in %(place)s was %(quantity)s in %(year)s, up from %(before)s in "
        "%(prev_year)s."
    ),
    "down-percent": N_(
        "%(indicator)s in %(place)s was %(quantity)s in %(year)s, down %(change)s from "
        "%(before)s in %(prev_year)s."
    ),
    "up-percent": N_(
        "%(indicator)s in %(place)s was %(quantity)s in %(year)s, up %(change)s from %(before)s "
        "in %(prev_year)s."
    ),
    "down-points": N_(
        "%(indicator)s in %(place)s was %(quantity)s in %(year)s, down %(points)s percentage "
        "points from %(before)s in %(prev_year)s."
    ),
    "up-points": N_(
        "%(indicator)s in %(place)s was %(quantity)s in %(year)s, up %(points)s percentage "
        "points from %(before)s in %(prev_year)s."
    ),
}


def latest_sentence(
    place: str,
    indicator: Indicator,
    year: int,
    value: float,
    prev_year: int | None = None,
    prev_value: float | None = None,
) -> str:
    """'In 2024 El Paso recorded 450 violent crimes per 100,000 residents, down 13.5% from 520 in
    2023.', or without a phrase: 'Trust in police in Alpha was 44% in 2024, up 2.5 percentage
    points from 41.5 in 2023.'"""
    values: dict[str, Any] = {
        "year": year,
        "place": place,
        "indicator": indicator.name,
        "quantity": quantity(value, indicator),
    }
    kind = None
    if prev_year is not None and prev_value is not None and not math.isnan(prev_value):
        kind, change = _change(value, prev_value, indicator)
        values.update(change, before=number(prev_value), prev_year=prev_year)
    messages = RECORDED if indicator.phrase else VALUE_WAS
    return gettext(messages[kind], **values)


def national_sentence(
    place: str, indicator: Indicator, year: int, value: float, national: float, country: str
) -> str | None:
    """Compare with the national figure of the same year; counts are never compared."""
    if indicator.kind == "count":
        return None
    values = {"country": country, "quantity": quantity(national, indicator), "year": year}
    if value == national:
        return gettext(
            "That is equal to the %(country)s figure of %(quantity)s for %(year)s.", **values
        )
    if value < national:
        return gettext(
            "That is below the %(country)s figure of %(quantity)s for %(year)s.", **values
        )
    return gettext("That is above the %(country)s figure of %(quantity)s for %(year)s.", **values)


def rank_sentence(
    place: str, indicator: Indicator, year: int, rank: int, total: int, group_label: str
) -> str | None:
    """Rank among peers, only for rates and percentages (counts depend on population):
    'Violent crime rate: El Paso had the lowest of the 3 border cities with 2024 data.'"""
    if indicator.kind == "count" or total < 2:
        return None
    values = {
        "indicator": indicator.name,
        "place": place,
        "total": number(total),
        "group": group_label,
        "year": year,
    }
    lowest = (rank == 1) == indicator.lower_is_better
    if rank in (1, total):
        if lowest:
            return gettext(
                "%(indicator)s: %(place)s had the lowest of the %(total)s %(group)s with "
                "%(year)s data.",
                **values,
            )
        return gettext(
            "%(indicator)s: %(place)s had the highest of the %(total)s %(group)s with "
            "%(year)s data.",
            **values,
        )
    values["ordinal"] = ordinal(rank)
    if indicator.lower_is_better:
        return gettext(
            "%(indicator)s: %(place)s had the %(ordinal)s lowest of the %(total)s %(group)s with "
            "%(year)s data.",
            **values,
        )
    return gettext(
        "%(indicator)s: %(place)s had the %(ordinal)s highest of the %(total)s %(group)s with "
        "%(year)s data.",
        **values,
    )


#: Text alternatives of trend charts, keyed by (direction, several years, rate with a unit).
TRENDS = {
    ("same", False, False): N_(
        "%(indicator)s in %(place)s was %(first)s in %(first_year)s and in %(last_year)s."
    ),
    ("same", False, True): N_(
        "%(indicator)s in %(place)s was %(first)s in %(first_year)s and in %(last_year)s, %(unit)s."
    ),
    ("same", True, False): N_(
        "%(indicator)s in %(place)s was %(first)s in %(first_year)s and in %(last_year)s "
        "(%(years)s years of data; lowest %(lowest)s in %(lowest_year)s, highest %(highest)s in "
        "%(highest_year)s)."
    ),
    ("same", True, True): N_(
        "%(indicator)s in %(place)s was %(first)s in %(first_year)s and in %(last_year)s "
        "(%(years)s years of data; lowest %(lowest)s in %(lowest_year)s, highest %(highest)s in "
        "%(highest_year)s), %(unit)s."
    ),
    ("fell", False, False): N_(
        "%(indicator)s in %(place)s fell from %(first)s in %(first_year)s to %(last)s in "
        "%(last_year)s."
    ),
    ("fell", False, True): N_(
        "%(indicator)s in %(place)s fell from %(first)s in %(first_year)s to %(last)s in "
        "%(last_year)s, %(unit)s."
    ),
    ("fell", True, False): N_(
        "%(indicator)s in %(place)s fell from %(first)s in %(first_year)s to %(last)s in "
        "%(last_year)s (%(years)s years of data; lowest %(lowest)s in %(lowest_year)s, highest "
        "%(highest)s in %(highest_year)s)."
    ),
    ("fell", True, True): N_(
        "%(indicator)s in %(place)s fell from %(first)s in %(first_year)s to %(last)s in "
        "%(last_year)s (%(years)s years of data; lowest %(lowest)s in %(lowest_year)s, highest "
        "%(highest)s in %(highest_year)s), %(unit)s."
    ),
    ("rose", False, False): N_(
        "%(indicator)s in %(place)s rose from %(first)s in %(first_year)s to %(last)s in "
        "%(last_year)s."
    ),
    ("rose", False, True): N_(
        "%(indicator)s in %(place)s rose from %(first)s in %(first_year)s to %(last)s in "
        "%(last_year)s, %(unit)s."
    ),
    ("rose", True, False): N_(
        "%(indicator)s in %(place)s rose from %(first)s in %(first_year)s to %(last)s in "
        "%(last_year)s (%(years)s years of data; lowest %(lowest)s in %(lowest_year)s, highest "
        "%(highest)s in %(highest_year)s)."
    ),
    ("rose", True, True): N_(
        "%(indicator)s in %(place)s rose from %(first)s in %(first_year)s to %(last)s in "
        "%(last_year)s (%(years)s years of data; lowest %(lowest)s in %(lowest_year)s, highest "
        "%(highest)s in %(highest_year)s), %(unit)s."
    ),
}


def trend_description(place: str, indicator: Indicator, rows: list[tuple[int, float]]) -> str:
    """Text alternative of a trend chart: 'Violent crime rate in El Paso fell from 520 in 2023 to
    450 in 2024, per 100,000 residents.'"""
    (y0, v0), (y1, v1) = rows[0], rows[-1]
    low = min(rows, key=lambda r: r[1])
    high = max(rows, key=lambda r: r[1])
    direction = "same" if v1 == v0 else "fell" if v1 < v0 else "rose"
    key = (direction, len(rows) > 2, indicator.kind == "rate")
    return gettext(
        TRENDS[key],
        indicator=indicator.name,
        place=place,
        first=_figure(v0, indicator),
        first_year=y0,
        last=_figure(v1, indicator),
        last_year=y1,
        years=number(len(rows)),
        lowest=_figure(low[1], indicator),
        lowest_year=low[0],
        highest=_figure(high[1], indicator),
        highest_year=high[0],
        unit=indicator.unit,
    )


def achievement_figure(ach: Achievement) -> str:
    """'67', '6–69%', 'more than 70%': the figure, as a percent when the unit is '%'."""
    share = ach.unit.strip() == "%"
    if ach.value is not None:
        figure = format_percent(ach.value, 2) if share else number(ach.value)
    else:
        high = ach.value_max
        figure = gettext(
            "%(low)s–%(high)s",
            low=number(ach.value_min),  # type: ignore[arg-type]
            high=format_percent(high, 2) if share else number(high),  # type: ignore[arg-type]
        )
    if ach.qualifier == "more-than":
        return gettext("more than %(figure)s", figure=figure)
    if ach.qualifier == "less-than":
        return gettext("less than %(figure)s", figure=figure)
    if ach.qualifier == "about":
        return gettext("about %(figure)s", figure=figure)
    return figure


def achievement_label(ach: Achievement) -> str:
    """What the figure counts, with its unit when the unit is a word the text does not already
    name ("8,700 high-risk youth supported", not "youth high-risk youth supported")."""
    unit = ach.unit.strip()
    if unit == "%" or re.search(rf"(?<![\w-]){re.escape(unit)}\b", ach.counts, re.IGNORECASE):
        return ach.counts
    return gettext("%(unit)s %(counts)s", unit=unit, counts=ach.counts)


def achievement_part(part: Part) -> str:
    """One figure of a result broken down: '13 states', '32 cities given direct technical
    assistance'."""
    figure = number(part.value) + ("%" if part.unit.strip() == "%" else "")
    if part.unit.strip() == "%":
        return gettext("%(figure)s %(counts)s", figure=figure, counts=part.counts or "")
    if part.counts:
        return gettext(
            "%(figure)s %(unit)s %(counts)s", figure=figure, unit=part.unit, counts=part.counts
        )
    return gettext("%(figure)s %(unit)s", figure=figure, unit=part.unit)


def program_status(status: str) -> str:
    """How a program's status ('planned', 'running', 'ended') reads."""
    if status == "planned":
        return gettext("planned")
    return gettext("ended") if status == "ended" else gettext("running")
