"""The kinds of value a data field holds: ids, one-line and longer text, finite numbers, real
dates, web addresses. Each rejects what would break a page, with a message an analyst can act on.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from .i18n import N_

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$"
MONTH_PATTERN = r"^\d{4}(?:-(0[1-9]|1[0-2]))?$"

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    Field(description=N_("Lowercase id: letters a-z, digits and single hyphens, e.g. `el-paso`.")),
]
#: Characters no text may hold: C0 controls but tab and line feed, DEL, C1 controls. They are
#: invisible, and written into HTML, CSV or a chart's expression they break it.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: What ends a line besides the line feed: a one-line field holds none of these.
_LINE_BREAK = re.compile(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]")


def _no_control(value: str) -> str:
    found = _CONTROL.search(value)
    if found:
        raise PydanticCustomError(
            "control_character",
            "holds an invisible control character (code {code}) at position {at}",
            {"code": f"U+{ord(found.group()):04X}", "at": found.start() + 1},
        )
    return value


def _one_line(value: str) -> str:
    found = _LINE_BREAK.search(value)
    if found:
        raise PydanticCustomError(
            "line_break",
            "holds a line break or tab (code {code}) at position {at}: it must be one line",
            {"code": f"U+{ord(found.group()):04X}", "at": found.start() + 1},
        )
    return _no_control(value)


#: Text that may run over several lines (summaries, notes, descriptions).
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_no_control)
]
#: A name, unit or label: one line, as it appears in headings, tables and charts.
Line = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_one_line)
]
#: A number that is a number: not infinite, not NaN.
Number = Annotated[float, Field(allow_inf_nan=False)]


def _year_as_text(value: object) -> object:
    """YAML reads `2021` as a number; a year is still a valid date here."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


#: Dates and months are checked against the calendar within these years.
DATE_YEARS = (1900, 2100)


def _real_date(value: str) -> str:
    """'2024-02-30' matches the pattern but is no day; a year 0000 is no year for this data."""
    parts = [int(p) for p in value.split("-")]
    year = parts[0]
    if not DATE_YEARS[0] <= year <= DATE_YEARS[1]:
        raise PydanticCustomError(
            "not_a_date",
            "year {year} is outside {low}–{high}",
            {"year": f"{year:04d}", "low": DATE_YEARS[0], "high": DATE_YEARS[1]},
        )
    if len(parts) == 3:
        try:
            datetime.date(*parts)
        except ValueError:
            raise PydanticCustomError(
                "not_a_date", "{month} has no day {day}", {"month": value[:7], "day": parts[2]}
            ) from None
    return value


PartialDate = Annotated[
    str,
    BeforeValidator(_year_as_text),
    StringConstraints(pattern=DATE_PATTERN),
    AfterValidator(_real_date),
    Field(description=N_("A date as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.")),
]
Month = Annotated[
    str,
    BeforeValidator(_year_as_text),
    StringConstraints(pattern=MONTH_PATTERN),
    AfterValidator(_real_date),
    Field(
        description=N_(
            "A month as `YYYY-MM` (or a year as `YYYY` where the source gives no month)."
        )
    ),
]


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE):
        raise ValueError("must be a web address starting with http:// or https://")
    return value


HttpUrl = Annotated[
    str,
    AfterValidator(_http_url),
    Field(description=N_("A web address starting with `http://` or `https://`.")),
]
