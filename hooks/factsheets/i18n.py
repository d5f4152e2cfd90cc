"""Every word a reader sees, from the message catalogue; numbers and dates formatted by Babel.

Messages are whole sentences with named placeholders, the way Jinja's new-style gettext takes
them: ``_("In %(year)s %(place)s recorded %(quantity)s.", year=..., place=..., quantity=...)``.
``ngettext`` adds ``num`` to the placeholders. The catalogue of the language in use is chosen
with :func:`use`; English is the source language and the default.
"""

from __future__ import annotations

import contextlib
import contextvars
import gettext as _gettext
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

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


def format_number(value: float | int | None, decimals: int = 2) -> str:
    """450.0 -> '450'; 29651 -> '29,651'; 12.345 -> '12.35' (in the language's own digits
    and separators); a missing value is a dash."""
    if value is None or value != value:  # NaN
        return "–"
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=current().locale)


def format_month(value: str | None) -> str:
    """'2020-08' -> 'August 2020'; '2021' -> '2021'."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) >= 2:
        from datetime import date

        return format_date(date(int(parts[0]), int(parts[1]), 1), "MMMM y", locale=current().locale)
    return parts[0]
