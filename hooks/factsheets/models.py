"""Typed records for every data file.

Each model is the contract for one kind of record an analyst writes in ``data/``. Unknown keys are
rejected so that a typo (``sumary:``) is an error instead of a silently missing field.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$"
MONTH_PATTERN = r"^\d{4}(?:-(0[1-9]|1[0-2]))?$"

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    Field(description="Lowercase id: letters a-z, digits and single hyphens, e.g. `el-paso`."),
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
    Field(description="A date as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`."),
]
Month = Annotated[
    str,
    BeforeValidator(_year_as_text),
    StringConstraints(pattern=MONTH_PATTERN),
    AfterValidator(_real_date),
    Field(
        description="A month as `YYYY-MM` (or a year as `YYYY` where the source gives no month)."
    ),
]


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE):
        raise ValueError("must be a web address starting with http:// or https://")
    return value


HttpUrl = Annotated[
    str,
    AfterValidator(_http_url),
    Field(description="A web address starting with `http://` or `https://`."),
]


class Record(BaseModel):
    """Base of every record: unknown keys are typos, so they are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    #: The fields a ``translations`` block may give in another language.
    TRANSLATABLE: ClassVar[tuple[str, ...]] = ()


#: A language code (ISO 639-1), e.g. `es`.
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]


class Translation(BaseModel):
    """The text of a record in another language; a field left out shows in the data's language."""

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


class Source(Record):
    """A document that figures come from; every number on the site names one. Say only what the
    document itself says: a field it does not state stays out and reads "not stated"."""

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(SourceText.model_fields)

    id: Slug
    kind: Literal["article", "fact sheet", "project page", "report", "web page", "dataset"] = Field(
        "article", description="What the document is."
    )
    title: Line | None = Field(
        None, description="The document's own headline, as written; leave out when it has none."
    )
    author: Line | None = Field(None, description="Who wrote it, when the document says.")
    publisher: Line | None = Field(None, description="Who published it, when the document says.")
    cites: Line | None = Field(
        None,
        description="Whose data the document reports, when it cites another outlet, "
        "e.g. `Axios` for an article citing data reported by Axios.",
    )
    url: HttpUrl | None = None
    date: PartialDate | None = Field(
        None, description="Publication date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`."
    )
    note: Text | None = None
    lang: LanguageCode | None = Field(
        None, description="Language of the title, e.g. `es`; leave out for English."
    )
    translations: dict[LanguageCode, SourceText] = _translations_field("source")


class Claim(Record):
    """A statement a source makes that the site cannot check against its own figures."""

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(ClaimText.model_fields)

    text: Text = Field(
        description="What the source states, as a clause after 'states that', e.g. `violent "
        "crime rates in border cities dropped below the national average in 2024`."
    )
    source: Slug
    translations: dict[LanguageCode, ClaimText] = _translations_field("statement")


class Country(Record):
    """A country; its id is the ISO 3166-1 alpha-2 code in lower case."""

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(CountryText.model_fields)

    id: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] = Field(
        description="ISO 3166-1 alpha-2 code in lower case, e.g. `us`, `mx`."
    )
    name: Line
    summary: Text | None = None
    goals: list[Text] = Field(default_factory=list, description="Prevention goals for the country.")
    claims: list[Claim] = Field(
        default_factory=list, description="Statements of a source the site cannot check."
    )
    sources: list[Slug] = Field(default_factory=list, description="Ids from sources.yaml.")
    translations: dict[LanguageCode, CountryText] = _translations_field("country")


class City(Record):
    """A city or municipality; it belongs to one country and may carry group tags."""

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(CityText.model_fields)

    id: Slug
    name: Line
    country: Slug = Field(description="A country id from countries.yaml, e.g. `us`.")
    region: Line | None = Field(None, description="State or province, as text.")
    tags: list[Slug] = Field(
        default_factory=list,
        description="Group slugs such as `border` or `major-city`; each tag gets a group page.",
    )
    summary: Text | None = None
    lat: float | None = Field(
        None, ge=-90, le=90, description="Latitude in degrees (north positive), e.g. `31.76`."
    )
    lon: float | None = Field(
        None, ge=-180, le=180, description="Longitude in degrees (east positive), e.g. `-106.49`."
    )
    translations: dict[LanguageCode, CityText] = _translations_field("city")


class Indicator(Record):
    """A measured quantity; rates and counts are different indicators and never share an axis."""

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(IndicatorText.model_fields)

    id: Slug
    name: Line = Field(description="Short name, e.g. `Violent crime rate`.")
    unit: Line = Field(description="Unit as read after a number, e.g. `per 100,000 residents`.")
    kind: Literal["rate", "count", "percent"]
    lower_is_better: bool = True
    description: Text | None = None
    phrase: Line | None = Field(
        None,
        description=(
            "What a value counts, as read after the number in a sentence, e.g. "
            "`violent crimes per 100,000 residents`. Without it sentences use the name and unit."
        ),
    )
    translations: dict[LanguageCode, IndicatorText] = _translations_field("indicator")


class Group(Record):
    """Optional wording for a group page; a tag works without one."""

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(GroupText.model_fields)

    id: Slug = Field(description="The tag, as used in cities.yaml.")
    name: Line = Field(description="Plural label, e.g. `Border cities`.")
    phrase: Line | None = Field(
        None,
        description="How a sentence names its cities, e.g. `border cities` in 'the lowest of "
        "the 3 border cities'; the name when left out.",
    )
    summary: Text | None = None
    claims: list[Claim] = Field(
        default_factory=list, description="Statements of a source the site cannot check."
    )
    sources: list[Slug] = Field(default_factory=list)
    translations: dict[LanguageCode, GroupText] = _translations_field("group")


class Program(Record):
    """A prevention program or activity, who runs and funds it, where and when."""

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(ProgramText.model_fields)

    id: Slug
    name: Line
    short_name: Line | None = Field(None, description="Acronym or short label, e.g. `PREVI`.")
    country: Slug
    places: list[Slug] = Field(default_factory=list, description="City or country ids it serves.")
    implementer: Line | None = None
    funder: Line | None = None
    start: Month
    end: Month | None = Field(None, description="Leave out while the program is running.")
    summary: Text | None = None
    goals: list[Text] = Field(default_factory=list)
    themes: list[Line] = Field(default_factory=list)
    predecessor: Slug | None = Field(None, description="Id of the program this one grew from.")
    sources: list[Slug] = Field(min_length=1)
    translations: dict[LanguageCode, ProgramText] = _translations_field("program")

    @model_validator(mode="after")
    def _start_before_end(self) -> Program:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"start {self.start} is after end {self.end}")
        return self


class Part(Record):
    """One figure of a result broken down: '13 states', '32 cities with direct assistance'."""

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(PartText.model_fields)

    value: Number
    unit: Line
    counts: Line | None = None
    translations: dict[LanguageCode, PartText] = _translations_field("figure")


class Achievement(Record):
    """A reported result: one number or a range, what it counts, for whom and when."""

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(AchievementText.model_fields)

    id: Slug
    scope: Literal["country", "city", "program"]
    scope_id: Slug = Field(description="Id of the country, city or program the result belongs to.")
    value: Number | None = Field(
        None, description="The number; or give `value_min` and `value_max`."
    )
    value_min: Number | None = None
    value_max: Number | None = None
    qualifier: Literal["more-than", "less-than", "about"] | None = Field(
        None, description="When the source says 'more than', 'less than' or 'about'."
    )
    unit: Line = Field(description="e.g. `cities`, `youth`, `%`.")
    counts: Line = Field(description="What the number counts, e.g. `high-risk youth supported`.")
    kind: Literal["output", "outcome"] = Field(
        description="`output`: what was delivered (youth supported); `outcome`: what changed."
    )
    period_start: Month | None = None
    period_end: Month | None = None
    detail: Text | None = None
    parts: list[Part] = Field(
        default_factory=list,
        description="Figures that break this one result down, e.g. the states it spans.",
    )
    source: Slug
    translations: dict[LanguageCode, AchievementText] = _translations_field("result")

    @model_validator(mode="after")
    def _number_or_range(self) -> Achievement:
        has_range = self.value_min is not None or self.value_max is not None
        if self.value is None and not has_range:
            raise ValueError("give `value`, or `value_min` and `value_max`")
        if self.value is not None and has_range:
            raise ValueError("give either `value` or `value_min`/`value_max`, not both")
        if has_range:
            if self.value_min is None or self.value_max is None:
                raise ValueError("a range needs both `value_min` and `value_max`")
            if self.value_min > self.value_max:
                raise ValueError(
                    f"value_min {self.value_min:g} is above value_max {self.value_max:g}"
                )
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValueError(
                f"period_start {self.period_start} is after period_end {self.period_end}"
            )
        return self


class Strategy(Record):
    """A strategy, factor or initiative a source credits, with its reported impact."""

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(StrategyText.model_fields)

    id: Slug
    kind: Literal["strategy", "factor", "initiative"] = "strategy"
    name: Line
    summary: Text | None = None
    impact: Text | None = Field(None, description="The impact as the source states it.")
    level: Literal["high", "medium", "low"] | None = Field(
        None, description="Where the source rates it."
    )
    example: Text | None = Field(None, description="An example the source gives, as text.")
    places: list[Slug] = Field(
        default_factory=list, description="City or country ids cited as examples."
    )
    groups: list[Slug] = Field(default_factory=list, description="Group tags the source is about.")
    year_started: int | None = Field(None, ge=1900, le=2100)
    sources: list[Slug] = Field(min_length=1, description="Every source that names it.")
    translations: dict[LanguageCode, StrategyText] = _translations_field("strategy")


class Recommendation(Record):
    """A recommended action for a place or group, with the impact its source expects."""

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(RecommendationText.model_fields)

    id: Slug
    scope: Slug = Field(description="Id of the country or city it is addressed to.")
    group: Slug | None = Field(None, description="Group tag, when it is about one group of cities.")
    area: Line
    action: Text
    expected_impact: Text
    source: Slug
    translations: dict[LanguageCode, RecommendationText] = _translations_field("recommendation")
