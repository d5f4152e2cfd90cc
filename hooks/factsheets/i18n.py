"""Every word a reader sees, from the message catalogue; numbers and dates formatted by Babel.

Messages are whole sentences with named placeholders, the way Jinja's new-style gettext takes
them: ``_("In %(year)s %(place)s recorded %(quantity)s.", year=..., place=..., quantity=...)``.
``ngettext`` adds ``num`` to the placeholders; ``N_`` marks a message kept in a table for
later. The catalogue of the language in use is chosen with :func:`use`; English is the source
language and the default. The catalogues are the compiled ``locale/<code>/LC_MESSAGES/*.mo``
files, committed beside their ``.po`` (see the README, "Words on the site").
"""

from __future__ import annotations

import contextlib
import contextvars
import gettext as _gettext
import math
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from pathlib import Path
from typing import Any, SupportsFloat

from babel import Locale
from babel.dates import format_skeleton
from babel.numbers import format_decimal
from babel.numbers import format_percent as _format_percent

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
#: The Babel locale that formats numbers and dates for each site language.
LOCALES = {"en": "en_US", "es": "es_MX"}


@dataclass(frozen=True)
class Language:
    code: str
    locale: Locale
    translations: _gettext.NullTranslations


@cache
def language(code: str) -> Language:
    """The catalogue and formatting locale of a site language (``en``, ``es``)."""
    from babel.support import Translations

    translations: _gettext.NullTranslations = Translations.load(str(LOCALE_DIR), [code], DOMAIN)
    return Language(code, Locale.parse(LOCALES.get(code, code)), translations)


_current: contextvars.ContextVar[str] = contextvars.ContextVar(
    "factsheets_language", default=DEFAULT_LANGUAGE
)


@contextlib.contextmanager
def use(code: str) -> Iterator[Language]:
    """Use one language's catalogue and formats for everything made inside the block."""
    token = _current.set(code)
    try:
        yield language(code)
    finally:
        _current.reset(token)


def current() -> Language:
    return language(_current.get())


def _fill(message: str, values: dict[str, Any]) -> str:
    return message % values if values else message


def gettext(message: str, **values: Any) -> str:
    return _fill(current().translations.gettext(message), values)


def ngettext(singular: str, plural: str, num: int, **values: Any) -> str:
    text = current().translations.ngettext(singular, plural, num)
    return _fill(text, {"num": format_number(num), **values})


def pgettext(context: str, message: str, **values: Any) -> str:
    return _fill(current().translations.pgettext(context, message), values)


_ = gettext


def N_(message: str) -> str:
    """Mark a message for the catalogue where it is written; translate it where it is used."""
    return message


# Jinja's new-style gettext fills the placeholders itself (escaping them with autoescape on), so
# templates get the translated messages unfilled: the three callables below.


def message(msgid: str) -> str:
    """The translation of a message in the language in use, placeholders left unfilled."""
    return current().translations.gettext(msgid)


def plural_message(singular: str, plural: str, num: int) -> str:
    return current().translations.ngettext(singular, plural, num)


def message_in_context(context: str, msgid: str) -> str:
    return current().translations.pgettext(context, msgid)


def _rounded(value: float | int | Decimal | SupportsFloat, decimals: int) -> Decimal:
    """The value rounded the way Python's ``f"{value:.2f}"`` rounds: the float's exact binary
    value, ties to even (12.345 -> 12.35, 2.675 -> 2.67)."""
    if isinstance(value, Decimal):
        exact = value
    elif isinstance(value, (int, float)):
        exact = Decimal(value)
    else:  # numpy and pandas scalars
        exact = Decimal(float(value))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "#" * decimals if decimals else "")


#: Numbers formatted so far, by language, value and decimals: a site shows each city's figures
#: on several pages (its own, the index, its country's and groups'), and a server rebuilding
#: after an edit formats the same numbers again. Emptied when it grows past ``_KEPT``.
_formatted: dict[tuple[str, Any, int, float], str] = {}
_KEPT = 500_000


def format_number(value: float | int | None, decimals: int = 2) -> str:
    """450.0 -> '450'; 29651 -> '29,651'; 12.345 -> '12.35' (in the language's own digits
    and separators); a missing value is a dash."""
    if value is None or value != value:  # NaN
        return "–"
    language = current()
    # the sign apart: -0.0 equals 0 (and is written "-0")
    key = (language.code, value, decimals, math.copysign(1.0, value))
    found = _formatted.get(key)
    if found is None:
        found = format_decimal(
            _rounded(value, decimals), format=_pattern(decimals), locale=language.locale
        )
        if len(_formatted) >= _KEPT:
            _formatted.clear()
        _formatted[key] = found
    return found


def format_percent(value: float | int, decimals: int = 1) -> str:
    """A value given in percent, as the language writes percents: 13.46 -> '13.5%'."""
    locale = current().locale
    # The language's own percent pattern ('#,##0%', '#,##0 %'), with up to `decimals` decimals.
    pattern = locale.percent_formats[None].pattern
    if decimals:
        pattern = pattern.replace("0", "0." + "#" * decimals, 1)
    return _format_percent(_rounded(value, decimals) / 100, format=pattern, locale=locale)


def format_month(value: str | None) -> str:
    """'2020-08' -> 'August 2020' (the language's own form: 'agosto de 2020'); '2021' -> '2021'."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) >= 2:
        from datetime import date

        month = date(int(parts[0]), int(parts[1]), 1)
        return format_skeleton("yMMMM", month, locale=current().locale)
    return parts[0]
