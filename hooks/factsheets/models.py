"""Typed records for every data file.

Each model is the contract for one kind of record an analyst writes in ``data/``. Unknown keys are
rejected so that a typo (``sumary:``) is an error instead of a silently missing field.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from .fieldtypes import (
    HttpUrl,
    Line,
    Month,
    Number,
    PartialDate,
    Slug,
    Text,
)
from .i18n import N_
from .localized import (
    AchievementText,
    CityText,
    ClaimText,
    CountryText,
    GroupText,
    IndicatorText,
    LanguageCode,
    PartText,
    ProgramText,
    RecommendationText,
    SourceText,
    StrategyText,
    _translations_field,
)


class Record(BaseModel):
    __doc__ = N_("""Base of every record: unknown keys are typos, so they are errors.""")

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    #: The fields a ``translations`` block may give in another language.
    TRANSLATABLE: ClassVar[tuple[str, ...]] = ()


class Source(Record):
    __doc__ = N_("""A document that figures come from; every number on the site names one. Say only what the
    document itself says: a field it does not state stays out and reads "not stated".""")

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(SourceText.model_fields)

    id: Slug
    kind: Literal["article", "fact sheet", "project page", "report", "web page", "dataset"] = Field(
        "article", description=N_("What the document is.")
    )
    title: Line | None = Field(
        None, description=N_("The document's own headline, as written; leave out when it has none.")
    )
    author: Line | None = Field(None, description=N_("Who wrote it, when the document says."))
    publisher: Line | None = Field(
        None, description=N_("Who published it, when the document says.")
    )
    cites: Line | None = Field(
        None,
        description=N_(
            "Whose data the document reports, when it cites another outlet, "
            "e.g. `Axios` for an article citing data reported by Axios."
        ),
    )
    url: HttpUrl | None = None
    date: PartialDate | None = Field(
        None, description=N_("Publication date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.")
    )
    note: Text | None = None
    lang: LanguageCode | None = Field(
        None, description=N_("Language of the title, e.g. `es`; leave out for English.")
    )
    translations: dict[LanguageCode, SourceText] = _translations_field("source")


class Claim(Record):
    __doc__ = N_(
        """A statement a source makes that the site cannot check against its own figures."""
    )

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(ClaimText.model_fields)

    text: Text = Field(
        description=N_(
            "What the source states, as a clause after 'states that', e.g. `violent "
            "crime rates in border cities dropped below the national average in 2024`."
        )
    )
    source: Slug
    translations: dict[LanguageCode, ClaimText] = _translations_field("statement")


class Country(Record):
    __doc__ = N_("""A country; its id is the ISO 3166-1 alpha-2 code in lower case.""")

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(CountryText.model_fields)

    id: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] = Field(
        description=N_("ISO 3166-1 alpha-2 code in lower case, e.g. `us`, `mx`.")
    )
    name: Line
    summary: Text | None = None
    goals: list[Text] = Field(
        default_factory=list, description=N_("Prevention goals for the country.")
    )
    claims: list[Claim] = Field(
        default_factory=list, description=N_("Statements of a source the site cannot check.")
    )
    sources: list[Slug] = Field(default_factory=list, description=N_("Ids from sources.yaml."))
    translations: dict[LanguageCode, CountryText] = _translations_field("country")


class City(Record):
    __doc__ = N_("""A city or municipality; it belongs to one country and may carry group tags.""")

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(CityText.model_fields)

    id: Slug
    name: Line
    country: Slug = Field(description=N_("A country id from countries.yaml, e.g. `us`."))
    region: Line | None = Field(None, description=N_("State or province, as text."))
    tags: list[Slug] = Field(
        default_factory=list,
        description=N_("Group slugs such as `border` or `major-city`; each tag gets a group page."),
    )
    summary: Text | None = None
    lat: float | None = Field(
        None, ge=-90, le=90, description=N_("Latitude in degrees (north positive), e.g. `31.76`.")
    )
    lon: float | None = Field(
        None,
        ge=-180,
        le=180,
        description=N_("Longitude in degrees (east positive), e.g. `-106.49`."),
    )
    translations: dict[LanguageCode, CityText] = _translations_field("city")


class Indicator(Record):
    __doc__ = N_(
        """A measured quantity; rates and counts are different indicators and never share an axis."""
    )

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(IndicatorText.model_fields)

    id: Slug
    name: Line = Field(description=N_("Short name, e.g. `Violent crime rate`."))
    unit: Line = Field(description=N_("Unit as read after a number, e.g. `per 100,000 residents`."))
    kind: Literal["rate", "count", "percent"]
    lower_is_better: bool = True
    description: Text | None = None
    phrase: Line | None = Field(
        None,
        description=(
            N_(
                "What a value counts, as read after the number in a sentence, e.g. "
                "`violent crimes per 100,000 residents`. Without it sentences use the name and unit."
            )
        ),
    )
    translations: dict[LanguageCode, IndicatorText] = _translations_field("indicator")


class Group(Record):
    __doc__ = N_("""Optional wording for a group page; a tag works without one.""")

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(GroupText.model_fields)

    id: Slug = Field(description=N_("The tag, as used in cities.yaml."))
    name: Line = Field(description=N_("Plural label, e.g. `Border cities`."))
    phrase: Line | None = Field(
        None,
        description=N_(
            "How a sentence names its cities, e.g. `border cities` in 'the lowest of "
            "the 3 border cities'; the name when left out."
        ),
    )
    summary: Text | None = None
    claims: list[Claim] = Field(
        default_factory=list, description=N_("Statements of a source the site cannot check.")
    )
    sources: list[Slug] = Field(default_factory=list)
    translations: dict[LanguageCode, GroupText] = _translations_field("group")


class Program(Record):
    __doc__ = N_("""A prevention program or activity, who runs and funds it, where and when.""")

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(ProgramText.model_fields)

    id: Slug
    name: Line
    short_name: Line | None = Field(None, description=N_("Acronym or short label, e.g. `PREVI`."))
    country: Slug
    places: list[Slug] = Field(
        default_factory=list, description=N_("City or country ids it serves.")
    )
    implementer: Line | None = None
    funder: Line | None = None
    start: Month
    end: Month | None = Field(None, description=N_("Leave out while the program is running."))
    summary: Text | None = None
    goals: list[Text] = Field(default_factory=list)
    themes: list[Line] = Field(default_factory=list)
    predecessor: Slug | None = Field(None, description=N_("Id of the program this one grew from."))
    sources: list[Slug] = Field(min_length=1)
    translations: dict[LanguageCode, ProgramText] = _translations_field("program")

    @model_validator(mode="after")
    def _start_before_end(self) -> Program:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"start {self.start} is after end {self.end}")
        return self


class Part(Record):
    __doc__ = N_(
        """One figure of a result broken down: '13 states', '32 cities with direct assistance'."""
    )

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(PartText.model_fields)

    value: Number
    unit: Line
    counts: Line | None = None
    translations: dict[LanguageCode, PartText] = _translations_field("figure")


class Achievement(Record):
    __doc__ = N_("""A reported result: one number or a range, what it counts, for whom and when.""")

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(AchievementText.model_fields)

    id: Slug
    scope: Literal["country", "city", "program"]
    scope_id: Slug = Field(
        description=N_("Id of the country, city or program the result belongs to.")
    )
    value: Number | None = Field(
        None, description=N_("The number; or give `value_min` and `value_max`.")
    )
    value_min: Number | None = None
    value_max: Number | None = None
    qualifier: Literal["more-than", "less-than", "about"] | None = Field(
        None, description=N_("When the source says 'more than', 'less than' or 'about'.")
    )
    unit: Line = Field(description=N_("e.g. `cities`, `youth`, `%`."))
    counts: Line = Field(
        description=N_("What the number counts, e.g. `high-risk youth supported`.")
    )
    kind: Literal["output", "outcome"] = Field(
        description=N_("`output`: what was delivered (youth supported); `outcome`: what changed.")
    )
    period_start: Month | None = None
    period_end: Month | None = None
    detail: Text | None = None
    parts: list[Part] = Field(
        default_factory=list,
        description=N_("Figures that break this one result down, e.g. the states it spans."),
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
    __doc__ = N_("""A strategy, factor or initiative a source credits, with its reported impact.""")

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(StrategyText.model_fields)

    id: Slug
    kind: Literal["strategy", "factor", "initiative"] = "strategy"
    name: Line
    summary: Text | None = None
    impact: Text | None = Field(None, description=N_("The impact as the source states it."))
    level: Literal["high", "medium", "low"] | None = Field(
        None, description=N_("Where the source rates it.")
    )
    example: Text | None = Field(None, description=N_("An example the source gives, as text."))
    places: list[Slug] = Field(
        default_factory=list, description=N_("City or country ids cited as examples.")
    )
    groups: list[Slug] = Field(
        default_factory=list, description=N_("Group tags the source is about.")
    )
    year_started: int | None = Field(None, ge=1900, le=2100)
    sources: list[Slug] = Field(min_length=1, description=N_("Every source that names it."))
    translations: dict[LanguageCode, StrategyText] = _translations_field("strategy")


class Recommendation(Record):
    __doc__ = N_(
        """A recommended action for a place or group, with the impact its source expects."""
    )

    TRANSLATABLE: ClassVar[tuple[str, ...]] = tuple(RecommendationText.model_fields)

    id: Slug
    scope: Slug = Field(description=N_("Id of the country or city it is addressed to."))
    group: Slug | None = Field(
        None, description=N_("Group tag, when it is about one group of cities.")
    )
    area: Line
    action: Text
    expected_impact: Text
    source: Slug
    translations: dict[LanguageCode, RecommendationText] = _translations_field("recommendation")
