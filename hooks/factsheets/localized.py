"""What another language may give of a record: for each kind of record, the fields that carry
words, checked like the record's own."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .fieldtypes import Line, Text
from .i18n import N_

#: A language code (ISO 639-1), e.g. `es`.
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]


class Translation(BaseModel):
    __doc__ = N_(
        """The text of a record in another language; a field left out shows in the data's language."""
    )

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _translations_field(kind: str) -> Any:
    return Field(
        default_factory=dict,
        description=(
            f"The {kind}'s text in other languages, by language code: "
            "`translations: {es: {name: …, summary: …}}`. A field left out is shown in English."
        ),
    )


class ClaimText(Translation):
    text: Text | None = None


class PartText(Translation):
    unit: Line | None = None
    counts: Line | None = None


class SourceText(Translation):
    note: Text | None = None


class CountryText(Translation):
    name: Line | None = None
    summary: Text | None = None
    goals: list[Text] | None = None


class CityText(Translation):
    name: Line | None = None
    region: Line | None = None
    summary: Text | None = None


class IndicatorText(Translation):
    name: Line | None = None
    unit: Line | None = None
    description: Text | None = None
    phrase: Line | None = None


class GroupText(Translation):
    name: Line | None = None
    phrase: Line | None = None
    summary: Text | None = None


class ProgramText(Translation):
    name: Line | None = None
    short_name: Line | None = None
    summary: Text | None = None
    goals: list[Text] | None = None
    themes: list[Line] | None = None


class AchievementText(Translation):
    unit: Line | None = None
    counts: Line | None = None
    detail: Text | None = None


class StrategyText(Translation):
    name: Line | None = None
    summary: Text | None = None
    impact: Text | None = None
    example: Text | None = None


class RecommendationText(Translation):
    area: Line | None = None
    action: Text | None = None
    expected_impact: Text | None = None
