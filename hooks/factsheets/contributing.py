"""The maintainers' page: every data file and field, generated from the models (never drifts)."""

from __future__ import annotations

from typing import Any

import yaml

from .models import (
    FLAGS,
    OBSERVATION_COLUMNS,
    OBSERVATION_OPTIONAL_COLUMNS,
    YAML_FILES,
)
from .schema import schema_for
from .validate import Dataset


def _type_of(prop: dict[str, Any]) -> str:
    if "enum" in prop:
        return "one of " + ", ".join(f"{v}" for v in prop["enum"])
    if "const" in prop:
        return str(prop["const"])
    if "anyOf" in prop:
        kinds = [_type_of(p) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(kinds)
    kind = prop.get("type", "text")
    if kind == "array":
        return "list of " + _type_of(prop.get("items", {}))
    return {
        "string": "text",
        "number": "number",
        "integer": "whole number",
        "boolean": "true or false",
    }.get(kind, kind)


def _example(ds: Dataset, name: str) -> str:
    records = {
        "sources.yaml": ds.sources,
        "countries.yaml": ds.countries,
        "cities.yaml": ds.cities,
        "indicators.yaml": ds.indicators,
        "groups.yaml": ds.groups,
        "programs.yaml": ds.programs,
        "achievements.yaml": ds.achievements,
        "strategies.yaml": ds.strategies,
        "recommendations.yaml": ds.recommendations,
    }[name]
    if not records:
        return ""
    first = next(iter(records.values()))
    data = first.model_dump(exclude_defaults=True)
    return yaml.safe_dump([data], allow_unicode=True, sort_keys=False, width=90).rstrip()


def describe_files(ds: Dataset) -> list[dict[str, Any]]:
    files = []
    for name, (model, required) in YAML_FILES.items():
        schema = schema_for(name)["items"]
        needed = set(schema.get("required", []))
        fields = [
            {
                "name": field,
                "required": field in needed,
                "type": _type_of(prop),
                "description": prop.get("description", "").replace("`", ""),
            }
            for field, prop in schema["properties"].items()
        ]
        files.append(
            {
                "name": name,
                "anchor": name.replace(".", "-"),
                "required": required,
                "description": (model.__doc__ or "").strip(),
                "fields": fields,
                "example": _example(ds, name),
            }
        )
    obs = ds.observations
    example = ""
    if not obs.empty:
        cols = [*OBSERVATION_COLUMNS, *OBSERVATION_OPTIONAL_COLUMNS]
        rows = obs[cols].head(2).fillna("")
        lines = [",".join(cols)]
        for _, row in rows.iterrows():
            cells = [str(row[c]) for c in cols]
            cells[2] = str(int(row["year"]))
            cells[3] = f"{row['value']:g}"
            cells[7] = "" if row["reported_change"] == "" else f"{row['reported_change']:g}"
            lines.append(",".join(cells))
        example = "\n".join(lines)
    described = {
        "place": ("text", True, "A city or country id."),
        "indicator": ("text", True, "An indicator id from indicators.yaml."),
        "year": ("whole number", True, "The year the value is for, e.g. 2024."),
        "value": ("number", True, "Digits only: no thousands separators, no units."),
        "source": ("text", True, "A source id from sources.yaml."),
        "flag": ("one of " + ", ".join(FLAGS), False, "Leave empty for final figures."),
        "note": ("text", False, "A short remark shown with the value."),
        "reported_change": (
            "number",
            False,
            "The percent change the source states (e.g. -13.5); the build "
            "checks it against the values.",
        ),
    }
    files.insert(
        4,
        {
            "name": "observations.csv",
            "anchor": "observations-csv",
            "required": True,
            "description": "One value of one indicator, for one place and one year. "
            "More files with "
            "the same header can go in observations/*.csv.",
            "fields": [
                {"name": c, "required": r, "type": t, "description": d}
                for c, (t, r, d) in described.items()
            ],
            "example": example,
        },
    )
    return files
