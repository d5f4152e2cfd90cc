"""Read the data folder: YAML records and CSV observations, keeping the file and line of each.

Nothing here decides whether the data makes sense across files (see ``validate``); it turns bytes
into typed records and reports, with a position, everything that could not be read.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from .csvread import OBSERVATION_COLUMNS, load_observations, observation_files
from .models import Record
from .problems import Problem, display_path
from .readfile import MAX_YAML_BYTES, read_text
from .registry import NOT_DATA, OBSERVATIONS, YAML_FILES, did_you_mean, known_names
from .yamlread import compose, plain, unsupported


@dataclass(frozen=True)
class Position:
    """Where a record or one of its fields starts in its file (1-based)."""

    path: str
    line: int
    column: int = 0


@dataclass
class RawFile:
    """One YAML data file read into records, with positions for error messages."""

    name: str
    path: str
    records: list[Record] = field(default_factory=list)
    positions: dict[str, Position] = field(default_factory=dict)  # record id -> position
    #: (record id, field name) -> where that field's key is written
    fields: dict[tuple[str, str], Position] = field(default_factory=dict)
    #: False when the file could not be read at all: references into it are not checked.
    complete: bool = True
    #: Ids of records that exist but have errors: references to them are not reported again.
    loose_ids: set[str] = field(default_factory=set)


_FRIENDLY_TYPES = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (lines starting with '- ')",
    "dict_type": "a record of 'key: value' lines",
    "model_type": "a record of 'key: value' lines",
}


def _friendly(err: ErrorDetails, model: type[Record]) -> tuple[str, str]:
    """A pydantic error as a plain sentence and a hint."""
    kind = err["type"]
    loc = [str(p) for p in err["loc"]]
    name = ".".join(loc) if loc else "record"
    value = err.get("input")
    if kind == "missing":
        return f"missing required field '{name}'", f"add '{name}: ...' to this record"
    if kind == "extra_forbidden":
        allowed = list(model.model_fields)
        close = difflib.get_close_matches(loc[-1], allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "allowed fields: " + ", ".join(allowed)
        return f"unknown field '{name}'", hint
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        if "0[1-9]" in pattern:
            return (
                f"{name} '{value}' is not a valid date",
                "write it as YYYY, YYYY-MM or YYYY-MM-DD",
            )
        if pattern == r"^[a-z]{2}$":
            return (
                f"{name} '{value}' is not a country code",
                "use the ISO 3166-1 alpha-2 code in lower case, e.g. 'mx'",
            )
        suggestion = "-".join(
            "".join(c if c.isalnum() else " " for c in str(value).lower()).split()
        )
        return (
            f"{name} '{value}' is not a valid id",
            f"use lowercase letters, digits and hyphens, e.g. '{suggestion}'",
        )
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"{name} '{value}' is not allowed", f"use one of {expected}"
    if kind == "line_break":
        return (
            f"{name} {err['msg']}",
            "write it on one line (in a text editor, join the lines; remove pasted tabs)",
        )
    if kind == "control_character":
        return (
            f"{name} {err['msg']}",
            "delete the invisible character (often pasted from another program)",
        )
    if kind == "not_a_date":
        return f"{name} '{value}' is not a real date: {err['msg']}", "check the date for a typo"
    if kind == "finite_number":
        return f"{name} should be a finite number, not {value!r}", "write the number in digits"
    if kind in _FRIENDLY_TYPES:
        return f"{name} should be {_FRIENDLY_TYPES[kind]}, not {value!r}", ""
    if kind == "string_too_short":
        return f"{name} is empty", "write a value or remove the line"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{name} {value!r} is out of range ({err['msg'].lower()})", ""
    message = err["msg"].removeprefix("Value error, ")
    return (f"{name}: {message}" if loc else message), ""


def _node_for(node: yaml.Node, loc: tuple[Any, ...]) -> yaml.Node:
    """The deepest node along a pydantic error location (for its line and column)."""
    current = node
    for part in loc:
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                if key_node.value == part:
                    current = key_node if part == loc[-1] else value_node
                    break
            else:
                return current
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int):
            if part < len(current.value):
                current = current.value[part]
            else:
                return current
        else:
            return current
    return current


#: The last reading of each YAML file, by (path, model): the hash of its text, what was read
#: and the problems found. A server reads the data again after every edit; a file whose text is
#: unchanged is not parsed again (records are frozen, and nothing changes a read file).
_last_read: dict[tuple[str, str], tuple[str, RawFile, list[Problem]]] = {}


def load_yaml_file(path: Path, model: type[Record], problems: list[Problem]) -> RawFile:
    """Read one YAML file holding a list of records of ``model``."""
    shown = display_path(path)
    text = read_text(path, problems, MAX_YAML_BYTES)
    if text is None:
        return RawFile(path.name, shown, complete=False)
    key = (shown, f"{model.__module__}.{model.__qualname__}")
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    last = _last_read.get(key)
    if last is not None and last[0] == digest and last[1].name == path.name:
        problems.extend(last[2])
        return last[1]
    found: list[Problem] = []
    raw = _parse_yaml_file(path, shown, text, model, found)
    problems.extend(found)
    _last_read[key] = (digest, raw, found)
    return raw


def _parse_yaml_file(
    path: Path, shown: str, text: str, model: type[Record], problems: list[Problem]
) -> RawFile:
    raw = RawFile(path.name, shown, complete=False)
    try:
        refused = unsupported(text, shown)
        if refused is not None:
            problems.append(refused)
            return raw
        root = compose(text)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        problems.append(
            Problem(
                shown,
                line,
                0,
                f"the file holds a control character (code {exc.character:#04x}) YAML cannot read",
                "delete the invisible character on this line (often pasted from another program)",
            )
        )
        return raw
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or "cannot be read"
        problems.append(
            Problem(
                shown,
                line,
                col,
                f"YAML syntax: {what}",
                "check the indentation and the ':' and '- ' on this line and the one above",
            )
        )
        return raw
    if root is None:
        problems.append(Problem(shown, 1, 0, "the file is empty", "add records"))
        return raw
    if not isinstance(root, yaml.SequenceNode):
        problems.append(
            Problem(
                shown,
                root.start_mark.line + 1,
                root.start_mark.column + 1,
                "the file should hold a list of records, each starting with '- '",
                "see the example on the 'Editing the data' page of the site",
            )
        )
        return raw
    raw.complete = True
    seen: dict[str, int] = {}
    for item in root.value:
        line, col = item.start_mark.line + 1, item.start_mark.column + 1
        before = len(problems)
        value = plain(item, shown, problems)
        if not isinstance(value, dict):
            problems.append(
                Problem(shown, line, col, "this list item should be a record of 'key: value' lines")
            )
            continue
        if isinstance(value.get("id"), str):
            raw.loose_ids.add(value["id"])
        try:
            record = model.model_validate(value)
        except ValidationError as exc:
            for err in exc.errors():
                target = _node_for(item, err["loc"])
                message, hint = _friendly(err, model)
                if value.get("id") is not None and err["loc"][:1] != ("id",):
                    message = f"{value.get('id')}: {message}"
                problems.append(
                    Problem(
                        shown,
                        target.start_mark.line + 1,
                        target.start_mark.column + 1,
                        message,
                        hint,
                    )
                )
            continue
        if len(problems) > before:
            continue
        rid = record.id  # type: ignore[attr-defined]
        if rid in seen:
            problems.append(
                Problem(
                    shown,
                    line,
                    col,
                    f"id '{rid}' is used twice (first at line {seen[rid]})",
                    "give each record its own id",
                )
            )
            continue
        seen[rid] = line
        raw.records.append(record)
        raw.positions[rid] = Position(shown, line, col)
        for key_node, _ in item.value:
            mark = key_node.start_mark
            raw.fields[(rid, key_node.value)] = Position(shown, mark.line + 1, mark.column + 1)
    return raw


# --- the folder ----------------------------------------------------------------------------------


def load_folder(data_dir: Path, problems: list[Problem]) -> tuple[dict[str, RawFile], pd.DataFrame]:
    """Read every data file in ``data_dir``; missing required files are problems, and files the
    site does not read are warnings (a misspelt name would otherwise lose its records quietly)."""
    files: dict[str, RawFile] = {}
    if not data_dir.is_dir():
        problems.append(
            Problem(
                display_path(data_dir),
                0,
                0,
                "the data folder does not exist",
                "check the path (or FACTSHEETS_DATA) points at a folder with sources.yaml etc.",
            )
        )
        return files, load_observations([], problems)
    problems.extend(unknown_files(data_dir))
    for entry in YAML_FILES:
        name = entry.name
        path = data_dir / name
        if not os.path.lexists(path):
            if entry.required:
                problems.append(
                    Problem(display_path(path), 0, 0, "required file is missing", f"create {name}")
                )
            files[name] = RawFile(name, display_path(path), complete=False)
            continue
        files[name] = load_yaml_file(path, entry.model, problems)
    csvs = observation_files(data_dir)
    if not csvs:
        problems.append(
            Problem(
                display_path(data_dir / OBSERVATIONS.name),
                0,
                0,
                "required file is missing",
                "create observations.csv with the header " + ",".join(OBSERVATION_COLUMNS),
            )
        )
    folder = data_dir / OBSERVATIONS.folder
    if os.path.lexists(folder) and not folder.is_dir():
        problems.append(
            Problem(
                display_path(folder),
                0,
                0,
                "is not a folder, so no observations are read from it",
                f"make {OBSERVATIONS.folder}/ a folder of .csv files with the header of "
                f"{OBSERVATIONS.name}, or remove it",
            )
        )
    observations = load_observations(csvs, problems)
    return files, observations


def unknown_files(data_dir: Path) -> list[Problem]:
    """A warning for each file in the data folder (and in ``observations/``) the site does not
    read, with the data file it most likely was meant to be. Hidden files are left alone."""
    out = []
    known = known_names()
    try:
        names = sorted(p.name for p in data_dir.iterdir())
        folder = data_dir / OBSERVATIONS.folder
        extra = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    except OSError as exc:
        return [
            Problem(
                display_path(data_dir),
                0,
                0,
                f"the data folder cannot be listed: {exc.strerror}",
                "let the user running the build read the folder",
            )
        ]
    for name in names:
        if name.startswith(".") or name in known:
            continue
        out.append(
            Problem(
                display_path(data_dir / name),
                0,
                0,
                "is not a data file the site reads; its content is not used",
                did_you_mean(name, [n for n in known if n not in NOT_DATA]),
                "warning",
            )
        )
    for name in extra:
        if name.startswith(".") or name.endswith(".csv"):
            continue
        out.append(
            Problem(
                display_path(data_dir / OBSERVATIONS.folder / name),
                0,
                0,
                "is not read: only .csv files in observations/ hold observations",
                "rename it to end in .csv, or move it out of the data folder",
                "warning",
            )
        )
    return out
