"""JSON Schema for each YAML data file, generated from the models: editors check as you type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .registry import BY_NAME, YAML_FILES

SCHEMA_DIR = "schemas"


def schema_for(file_name: str) -> dict[str, Any]:
    """The schema of one data file: a list of records of its model."""
    model = BY_NAME[file_name].model
    item = model.model_json_schema()
    defs = item.pop("$defs", None)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": file_name,
        "description": (model.__doc__ or "").strip(),
        "type": "array",
        "items": item,
    }
    if defs:
        schema["$defs"] = defs
    return schema


def schema_texts() -> dict[str, str]:
    """File name in the schema folder -> its JSON text."""
    return {
        f"{entry.kind}.schema.json": json.dumps(
            schema_for(entry.name), indent=2, ensure_ascii=False
        )
        + "\n"
        for entry in YAML_FILES
    }


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
