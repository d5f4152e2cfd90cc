"""The maintainers' page: every data file and field, generated from the models (never drifts)."""

from __future__ import annotations

from typing import Any

import yaml

from .i18n import gettext
from .registry import BY_NAME, OBSERVATIONS, YAML_FILES
from .schema import schema_for
from .validate import Dataset


def _type_of(prop: dict[str, Any]) -> str:
    """What a field holds, in the reader's words: 'text', 'list of text', 'one of high, low'."""
    if "enum" in prop:
        return gettext("one of %(values)s", values=", ".join(f"{v}" for v in prop["enum"]))
    if "const" in prop:
        return str(prop["const"])
    if "anyOf" in prop:
        kinds = [_type_of(p) for p in prop["anyOf"] if p.get("type") != "null"]
        return gettext(" or ").join(kinds)
    kind: str = prop.get("type", "text")
    if kind == "array":
        return gettext("list of %(kind)s", kind=_type_of(prop.get("items", {})))
    if kind == "number":
        return gettext("number")
    if kind == "integer":
        return gettext("whole number")
    if kind == "boolean":
        return gettext("true or false")
    return gettext("text") if kind in ("string", "text") else kind


def _example(ds: Dataset, name: str) -> str:
    records = getattr(ds, BY_NAME[name].attribute)
    if not records:
        return ""
    first = next(iter(records.values()))
    data = first.model_dump(exclude_defaults=True)
    return yaml.safe_dump([data], allow_unicode=True, sort_keys=False, width=90).rstrip()


def _described(text: str) -> str:
    """A description in the reader's language (an empty one stays empty: the catalogue keeps
    its own header under the empty message)."""
    return gettext(text) if text else ""


def describe_files(ds: Dataset) -> list[dict[str, Any]]:
    files = []
    for entry in YAML_FILES:
        name, model, required = entry.name, entry.model, entry.required
        schema = schema_for(name)["items"]
        needed = set(schema.get("required", []))
        fields = [
            {
                "name": field,
                "required": field in needed,
                "type": _type_of(prop),
                "description": _described(prop.get("description", "")).replace("`", ""),
            }
            for field, prop in schema["properties"].items()
        ]
        files.append(
            {
                "name": name,
                "anchor": name.replace(".", "-"),
                "required": required,
                "description": _described(model.__doc__ or "").strip(),
                "fields": fields,
                "example": _example(ds, name),
            }
        )
    obs = ds.observations
    example = ""
    if not obs.empty:
        cols = [c.name for c in OBSERVATIONS.columns]
        rows = obs[cols].head(2).fillna("")
        lines = [",".join(cols)]
        for _, row in rows.iterrows():
            cells = [str(row[c]) for c in cols]
            cells[2] = str(int(row["year"]))
            cells[3] = f"{row['value']:g}"
            cells[7] = "" if row["reported_change"] == "" else f"{row['reported_change']:g}"
            lines.append(",".join(cells))
        example = "\n".join(lines)
    files.insert(
        4,
        {
            "name": OBSERVATIONS.name,
            "anchor": OBSERVATIONS.name.replace(".", "-"),
            "required": True,
            "description": gettext(
                "One value of one indicator, for one place and one year. More files with the "
                "same header can go in observations/*.csv."
            ),
            "fields": [
                {
                    "name": c.name,
                    "required": c.required,
                    "type": _described(c.shown_type),
                    "description": _described(c.description),
                }
                for c in OBSERVATIONS.columns
            ],
            "example": example,
        },
    )
    return files
