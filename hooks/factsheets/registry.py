"""Every data file the site reads, listed once: its name, its record model, whether it is
required, and the columns it gives the downloadable data package.

The loader, the checks, the JSON Schemas, the 'Editing the data' page and the data package all
read this list, so a new data file is added here and nowhere else.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .i18n import N_
from .models import (
    Achievement,
    City,
    Country,
    Group,
    Indicator,
    Program,
    Recommendation,
    Record,
    Source,
    Strategy,
)

#: A column of a downloadable table: (name, Frictionless type, description).
Column = tuple[str, str, str]


@dataclass(frozen=True)
class DataFile:
    """One YAML file of records."""

    name: str
    model: type[Record]
    required: bool
    #: The ``Dataset`` attribute holding its records by id.
    attribute: str
    #: Columns of its table in the data package (empty: it has no table of its own).
    package_columns: tuple[Column, ...] = ()

    @property
    def kind(self) -> str:
        return self.name.removesuffix(".yaml")


@dataclass(frozen=True)
class CsvColumn:
    name: str
    required: bool
    #: (type shown on the 'Editing the data' page, Frictionless type)
    shown_type: str
    package_type: str
    description: str
    package_description: str = ""


@dataclass(frozen=True)
class CsvFiles:
    """The observation tables: ``observations.csv`` and more files with its header in a folder."""

    name: str
    folder: str
    columns: tuple[CsvColumn, ...]
    #: Order of the columns in the data package.
    package_order: tuple[str, ...]

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def optional_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if not c.required)


FLAGS = ("preliminary", "estimated")

YAML_FILES: tuple[DataFile, ...] = (
    DataFile(
        "sources.yaml",
        Source,
        True,
        "sources",
        (
            ("id", "string", ""),
            ("kind", "string", "What the document is: article, fact sheet, project page..."),
            ("title", "string", "The document's own headline; empty when it has none"),
            ("author", "string", "Empty when the document does not say"),
            ("publisher", "string", "Empty when the document does not say"),
            ("cites", "string", "Whose data the document reports, when it cites another outlet"),
            ("url", "string", ""),
            ("date", "string", "YYYY, YYYY-MM or YYYY-MM-DD"),
            ("note", "string", ""),
        ),
    ),
    DataFile("countries.yaml", Country, True, "countries"),
    DataFile("cities.yaml", City, True, "cities"),
    DataFile(
        "indicators.yaml",
        Indicator,
        True,
        "indicators",
        (
            ("id", "string", ""),
            ("name", "string", ""),
            ("unit", "string", ""),
            ("kind", "string", "rate, count or percent"),
            ("lower_is_better", "boolean", ""),
            ("description", "string", ""),
        ),
    ),
    DataFile("groups.yaml", Group, False, "groups"),
    DataFile(
        "programs.yaml",
        Program,
        False,
        "programs",
        (
            ("id", "string", ""),
            ("name", "string", ""),
            ("short_name", "string", ""),
            ("country", "string", ""),
            ("places", "string", "Place ids, separated by spaces"),
            ("implementer", "string", ""),
            ("funder", "string", ""),
            ("start", "string", "YYYY-MM or YYYY"),
            ("end", "string", "YYYY-MM or YYYY"),
            ("predecessor", "string", ""),
            ("summary", "string", ""),
            ("sources", "string", "Source ids, separated by spaces"),
        ),
    ),
    DataFile(
        "achievements.yaml",
        Achievement,
        False,
        "achievements",
        (
            ("id", "string", ""),
            ("scope", "string", "country, city or program"),
            ("scope_id", "string", ""),
            ("value", "number", ""),
            ("value_min", "number", "Low end of a range"),
            ("value_max", "number", "High end"),
            ("qualifier", "string", "more-than, less-than or about"),
            ("unit", "string", ""),
            ("counts", "string", "What the number counts"),
            ("kind", "string", "output or outcome"),
            ("period_start", "string", ""),
            ("period_end", "string", ""),
            ("source", "string", ""),
        ),
    ),
    DataFile("strategies.yaml", Strategy, False, "strategies"),
    DataFile("recommendations.yaml", Recommendation, False, "recommendations"),
)

OBSERVATIONS = CsvFiles(
    "observations.csv",
    "observations",
    (
        CsvColumn(
            "place", True, "text", "string", N_("A city or country id."), "City or country id"
        ),
        CsvColumn(
            "indicator",
            True,
            "text",
            "string",
            N_("An indicator id from indicators.yaml."),
            "Indicator id",
        ),
        CsvColumn(
            "year",
            True,
            "whole number",
            "integer",
            N_("The year the value is for, e.g. 2024."),
            "Year of the value",
        ),
        CsvColumn(
            "value",
            True,
            "number",
            "number",
            N_("Digits only: no thousands separators, no units."),
            "The value, in the indicator's unit",
        ),
        CsvColumn(
            "source", True, "text", "string", N_("A source id from sources.yaml."), "Source id"
        ),
        CsvColumn(
            "flag",
            False,
            "one of " + ", ".join(FLAGS),
            "string",
            N_("Leave empty for final figures."),
            "preliminary or estimated, if the source says so",
        ),
        CsvColumn("note", False, "text", "string", N_("A short remark shown with the value.")),
        CsvColumn(
            "reported_change",
            False,
            "number",
            "number",
            N_(
                "The percent change the source states (e.g. -13.5); the build checks it against "
                "the values."
            ),
            "Percent change as stated by the source",
        ),
    ),
    ("place", "indicator", "year", "value", "flag", "note", "reported_change", "source"),
)

BY_NAME: dict[str, DataFile] = {f.name: f for f in YAML_FILES}

#: Names in the data folder that are not data but belong there.
NOT_DATA = ("schemas",)


def known_names() -> list[str]:
    return [*BY_NAME, OBSERVATIONS.name, OBSERVATIONS.folder, *NOT_DATA]


def did_you_mean(name: str, choices: list[str]) -> str:
    """'did you mean …?' for a misspelt file name, or the list of names to choose from."""
    lowered = {c.casefold(): c for c in choices}
    close = difflib.get_close_matches(name.casefold(), list(lowered), n=1, cutoff=0.6)
    if close:
        return f"did you mean {lowered[close[0]]}? Rename it, or move it out of the data folder"
    return "the data folder holds only: " + ", ".join(choices) + " (move other files elsewhere)"
