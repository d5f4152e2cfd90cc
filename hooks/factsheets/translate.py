"""The data in the language of a page: records with their ``translations`` applied.

Data files are written in the data's language (English); a record may carry the text of other
languages in a ``translations`` block (``translations: {es: {name: …, summary: …}}``). A field
without a translation keeps the English text, so a page never shows a blank, and ``check``
lists what is still missing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, TypeVar

import yaml

from .dataset import Dataset
from .models import Record

R = TypeVar("R", bound=Record)

#: The language the data files are written in.
DATA_LANGUAGE = "en"

#: The data files whose records may be translated, and their fields in the Dataset.
TRANSLATED_FILES = {
    "sources.yaml": "sources",
    "countries.yaml": "countries",
    "cities.yaml": "cities",
    "indicators.yaml": "indicators",
    "groups.yaml": "groups",
    "programs.yaml": "programs",
    "achievements.yaml": "achievements",
    "strategies.yaml": "strategies",
    "recommendations.yaml": "recommendations",
}

#: Names that are mostly the same in every language (Ensenada, PREVI): a translation is given
#: only where they differ, so its absence is not reported. Country names are reported (México).
_OPTIONAL_OF = {
    "cities": frozenset({"name", "region"}),
    "programs": frozenset({"short_name"}),
}


class Untranslated(str):
    """Text shown in the data's language because its translation is missing."""

    lang = DATA_LANGUAGE


@dataclass(frozen=True)
class Missing:
    file: str
    record: str
    field: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.field}"


@dataclass(frozen=True)
class Coverage:
    language: str
    done: int
    total: int
    missing: tuple[Missing, ...]

    @property
    def percent(self) -> float:
        return 100.0 * self.done / self.total if self.total else 100.0


def _untranslated(value: Any) -> Any:
    if isinstance(value, str):
        return Untranslated(value)
    if isinstance(value, list):
        return [_untranslated(v) for v in value]
    return value


def _local(record: R, language: str, optional: frozenset[str] = frozenset()) -> R:
    text = getattr(record, "translations", {}).get(language)
    update: dict[str, Any] = {}
    for name in record.TRANSLATABLE:
        value = getattr(text, name, None) if text is not None else None
        if value is not None:
            update[name] = value
        elif getattr(record, name) and name not in optional:
            update[name] = _untranslated(getattr(record, name))
    for name, items in _nested(record):
        update[name] = [_local(item, language) for item in items]
    return record.model_copy(update=update) if update else record


def _nested(record: Record) -> list[tuple[str, list[Record]]]:
    """Lists of records inside a record that carry their own text (claims, parts)."""
    return [
        (name, value)
        for name in type(record).model_fields
        if isinstance(value := getattr(record, name), list)
        and value
        and isinstance(value[0], Record)
        and value[0].TRANSLATABLE
    ]


def localized(ds: Dataset, language: str) -> Dataset:
    """``ds`` with every record's text in ``language`` (English where it is missing)."""
    if language == DATA_LANGUAGE:
        return ds
    changes: dict[str, Any] = {
        attr: {
            rid: _local(rec, language, _OPTIONAL_OF.get(attr, frozenset()))
            for rid, rec in getattr(ds, attr).items()
        }
        for attr in TRANSLATED_FILES.values()
    }
    return replace(ds, **changes)


def coverage(ds: Dataset, language: str) -> Coverage:
    """How much of the data's text has a translation into ``language``, and what is missing."""
    done = total = 0
    missing: list[Missing] = []
    for file, attr in TRANSLATED_FILES.items():
        optional = _OPTIONAL_OF.get(attr, frozenset())
        for rid, rec in getattr(ds, attr).items():
            for label, item in [("", rec)] + [
                (f"{name}[{i}].", sub)
                for name, items in _nested(rec)
                for i, sub in enumerate(items)
            ]:
                text = item.translations.get(language)
                for name in item.TRANSLATABLE:
                    if not getattr(item, name):
                        continue
                    given = text is not None and getattr(text, name) is not None
                    if name in optional and not given:
                        continue
                    total += 1
                    if given:
                        done += 1
                    else:
                        missing.append(Missing(file, rid, label + name))
    return Coverage(language, done, total, tuple(missing))


# Text kept in the data's language is still plain text where records are written out as YAML.
yaml.SafeDumper.add_representer(Untranslated, yaml.SafeDumper.represent_str)
