"""Read the data folder: YAML records and CSV observations, keeping the file and line of each.

Nothing here decides whether the data makes sense across files (see ``validate``); it turns bytes
into typed records and reports, with a position, everything that could not be read.
"""

from __future__ import annotations

import difflib
import io
import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from pydantic import ValidationError

from .models import SLUG_PATTERN, Record
from .problems import Problem, display_path
from .registry import FLAGS, NOT_DATA, OBSERVATIONS, YAML_FILES, did_you_mean, known_names

YEAR_RANGE = (1900, 2100)
OBSERVATION_COLUMNS = OBSERVATIONS.required_columns
OBSERVATION_OPTIONAL_COLUMNS = OBSERVATIONS.optional_columns

#: Largest data file read: at 10,000 cities the observations are about 10 MB. A larger file is
#: refused with a message instead of filling the memory.
MAX_BYTES = 200 * 1024 * 1024
#: Deepest nesting of lists and records read from YAML: the data needs three levels (the list,
#: a record, a list in it); deeper input is refused before it is turned into values.
MAX_DEPTH = 16
#: Explicit YAML tags allowed: ``!!str`` forces text; every other tag is refused.
_ALLOWED_TAGS = {"tag:yaml.org,2002:str"}
#: Control characters and line breaks a CSV cell must not hold (the YAML reader refuses them).
_CSV_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


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


# --- YAML ----------------------------------------------------------------------------------------


def read_bytes(path: Path, problems: list[Problem]) -> bytes | None:
    """The bytes of a data file, or a problem saying why it cannot be read. Only ordinary files
    are read, and at most ``MAX_BYTES``: a folder, a pipe or a device where a data file should
    be is reported, never waited on or read without end."""
    shown = display_path(path)

    def problem(message: str, hint: str) -> None:
        problems.append(Problem(shown, 0, 0, message, hint))

    try:
        # Non-blocking: opening a named pipe (FIFO) must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        if os.path.islink(path):
            problem(
                f"is a link to {os.readlink(path)}, which does not exist",
                "point the link at the data file, or replace it with the file itself",
            )
        else:
            problem("the file disappeared while it was read", "run the build again")
        return None
    except PermissionError:
        problem(
            "cannot be read: permission denied",
            f"let the user running the build read it (chmod a+r {shown})",
        )
        return None
    except OSError as exc:
        problem(f"cannot be opened: {exc.strerror}", "replace it with an ordinary text file")
        return None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if stat.S_ISDIR(info.st_mode):
            problem(
                "is a folder, not a file",
                "put the data file itself here, or move the folder out of the data folder",
            )
            return None
        if not stat.S_ISREG(info.st_mode):
            problem(
                "is not an ordinary file (it is a pipe, a device or a socket)",
                "replace it with the data file itself",
            )
            return None
        if info.st_size > MAX_BYTES:
            return _too_large(shown, problems)
        os.set_blocking(fh.fileno(), True)
        try:
            data = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            problem(f"cannot be read: {exc.strerror}", "check the disk, or copy the file again")
            return None
    if len(data) > MAX_BYTES:  # it grew while it was read
        return _too_large(shown, problems)
    return data


def _too_large(shown: str, problems: list[Problem]) -> None:
    problems.append(
        Problem(
            shown,
            0,
            0,
            f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB",
            "split observations into several files in observations/; is it the right file?",
        )
    )
    return None


def _decode(path: Path, problems: list[Problem]) -> str | None:
    shown = display_path(path)
    data = read_bytes(path, problems)
    if data is None:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                shown,
                line,
                0,
                f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be read)",
                "save it as UTF-8 (in Excel: 'CSV UTF-8'; in an editor: encoding UTF-8)",
            )
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        problems.append(
            Problem(shown, 1, 0, "the file is empty", "add records, or delete the file if optional")
        )
        return None
    return text


def _plain(node: yaml.Node, shown: str, problems: list[Problem]) -> Any:
    """Turn a composed YAML node into Python values, reporting duplicate keys."""
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(
                    Problem(
                        shown,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        "merge keys ('<<') are not supported",
                        "write each field out in the record",
                    )
                )
                continue
            key = (
                _plain(key_node, shown, problems) if isinstance(key_node, yaml.ScalarNode) else None
            )
            if not isinstance(key, str):
                problems.append(
                    Problem(
                        shown,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        f"a field name must be a word such as 'name', not {_shown_key(key_node)}",
                        "write 'field: value'; quote the value if it starts with '[', '{' or '?'",
                    )
                )
                continue
            if key in out:
                problems.append(
                    Problem(
                        shown,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        f"key '{key}' appears twice in one record",
                        "keep one of them",
                    )
                )
            out[key] = _plain(value_node, shown, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_plain(n, shown, problems) for n in node.value]
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value  # dates stay text as written (2024-05 or 2024-05-01)
    return yaml.SafeLoader(io.StringIO("")).construct_object(node, deep=True)


def _shown_key(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return f"'{node.value}'"
    return "a list" if isinstance(node, yaml.SequenceNode) else "a record"


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


def _friendly(err: dict[str, Any], model: type[Record]) -> tuple[str, str]:
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


#: PyYAML's C reader when it has one: about ten times faster on a file of thousands of places.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _compose(text: str) -> yaml.Node | None:
    """The file's node tree, with the line and column of each node. A file the fast reader
    refuses is read again by the Python one, whose messages and positions are the ones shown."""
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _unsupported(text: str, shown: str) -> Problem | None:
    """The first YAML feature data files do not use and the reader does not accept: aliases
    (an alias bomb would expand to gigabytes), tags (they name constructors), nesting deeper
    than ``MAX_DEPTH``. Read from the event stream, which expands and nests nothing itself."""
    if _FAST_LOADER is not None:
        try:
            return _scan(text, shown, _FAST_LOADER)
        except yaml.YAMLError:
            pass  # read again below, for the Python reader's message and position
    return _scan(text, shown, yaml.SafeLoader)


def _scan(text: str, shown: str, loader: Any) -> Problem | None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        mark = event.start_mark
        line, col = mark.line + 1, mark.column + 1
        if isinstance(event, yaml.AliasEvent):
            return Problem(
                shown,
                line,
                col,
                f"aliases ('*{event.anchor}') are not supported",
                "write the value out in full where it is used",
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _ALLOWED_TAGS:
            return Problem(
                shown,
                line,
                col,
                f"the YAML tag '{tag}' is not supported",
                "remove it: data files hold plain text, numbers, lists and records",
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(
                    shown,
                    line,
                    col,
                    f"lists and records are nested more than {MAX_DEPTH} levels deep",
                    "records hold text, numbers and lists of them; check the brackets",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def load_yaml_file(path: Path, model: type[Record], problems: list[Problem]) -> RawFile:
    """Read one YAML file holding a list of records of ``model``."""
    shown = display_path(path)
    raw = RawFile(path.name, shown, complete=False)
    text = _decode(path, problems)
    if text is None:
        return raw
    try:
        refused = _unsupported(text, shown)
        if refused is not None:
            problems.append(refused)
            return raw
        root = _compose(text)
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
        value = _plain(item, shown, problems)
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


# --- CSV -----------------------------------------------------------------------------------------


def observation_files(data_dir: Path) -> list[Path]:
    """``observations.csv`` and any ``observations/*.csv``, in a stable order. A name that is
    there but not a readable file (a folder, a broken link) is listed too, to be reported."""
    files = []
    main = data_dir / OBSERVATIONS.name
    if os.path.lexists(main):
        files.append(main)
    folder = data_dir / OBSERVATIONS.folder
    if folder.is_dir():
        files.extend(sorted(folder.glob("*.csv")))
    return files


def load_observations(paths: list[Path], problems: list[Problem]) -> pd.DataFrame:
    """Read observation CSVs into one frame with ``file`` and ``row`` (the spreadsheet row)."""
    frames = []
    for path in paths:
        frame = _load_observation_file(path, problems)
        if frame is not None:
            frames.append(frame)
    columns = [*OBSERVATION_COLUMNS, *OBSERVATION_OPTIONAL_COLUMNS, "file", "row"]
    if not frames:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        return empty.astype({"year": "int64", "value": "float64", "row": "int64"})
    return pd.concat(frames, ignore_index=True)[columns]


def _load_observation_file(path: Path, problems: list[Problem]) -> pd.DataFrame | None:
    shown = display_path(path)
    text = _decode(path, problems)
    if text is None:
        return None
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=True,
            index_col=False,
        )
    except pd.errors.EmptyDataError:
        problems.append(
            Problem(shown, 1, 0, "the file has no header", "the first row must be the header")
        )
        return None
    except ValueError as exc:  # pandas' ParserError and the like: the text is not CSV
        found = re.search(r"line (\d+)", str(exc))
        detail = str(exc).split("error: ")[-1].strip()
        problems.append(
            Problem(
                shown,
                int(found.group(1)) if found else 1,
                0,
                f"the CSV cannot be read: {detail}",
                "every row needs as many commas as the header; quote cells that hold commas",
            )
        )
        return None
    header = [str(c).strip() for c in frame.columns]
    frame.columns = header
    missing = [c for c in OBSERVATION_COLUMNS if c not in header]
    unknown = [c for c in header if c not in OBSERVATION_COLUMNS + OBSERVATION_OPTIONAL_COLUMNS]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(
                "missing column" + ("s " if len(missing) > 1 else " ") + ", ".join(missing)
            )
        if unknown:
            parts.append(
                "unknown column" + ("s " if len(unknown) > 1 else " ") + ", ".join(unknown)
            )
        problems.append(
            Problem(
                shown,
                1,
                0,
                "header: " + "; ".join(parts),
                "the first row must be: "
                + ",".join(OBSERVATION_COLUMNS)
                + " (optional: "
                + ", ".join(OBSERVATION_OPTIONAL_COLUMNS)
                + ")",
            )
        )
        return None
    if frame.empty:
        problems.append(Problem(shown, 1, 0, "the file has a header but no rows", "add rows"))
        return None
    for col in OBSERVATION_OPTIONAL_COLUMNS:
        if col not in frame:
            frame[col] = ""
    frame = frame.fillna("").astype(str).apply(lambda s: s.str.strip())
    frame["file"] = shown
    frame["row"] = frame.index + 2  # header is row 1 in a spreadsheet
    bad = pd.Series(False, index=frame.index)

    def report(mask: pd.Series, message: Any, hint: str = "") -> None:
        nonlocal bad
        for idx in frame.index[mask & ~bad]:
            row = frame.loc[idx]
            text = message(row) if callable(message) else message
            problems.append(Problem(shown, int(row["row"]), 0, text, hint))
        bad = bad | mask

    for col in [*OBSERVATION_COLUMNS, *OBSERVATION_OPTIONAL_COLUMNS]:
        report(
            frame[col].str.contains(_CSV_CONTROL),
            lambda r, c=col: (
                f"{c} holds a line break or an invisible control character "
                f"(code U+{ord(_CSV_CONTROL.search(r[c]).group()):04X})"
            ),
            "write the cell on one line and delete the invisible character",
        )
    for col in OBSERVATION_COLUMNS:
        report(frame[col] == "", f"empty {col}", f"every row needs a {col}")

    year = pd.to_numeric(frame["year"], errors="coerce")
    report(
        year.isna() | (year % 1 != 0),
        lambda r: f"year '{r['year']}' is not a whole number",
        "write the year as four digits, e.g. 2024",
    )
    report(
        (year < YEAR_RANGE[0]) | (year > YEAR_RANGE[1]),
        lambda r: f"year {r['year']} is outside {YEAR_RANGE[0]}–{YEAR_RANGE[1]}",
        "check for a typo in the year",
    )
    value = pd.to_numeric(frame["value"], errors="coerce")
    report(
        ~value.map(math.isfinite),
        lambda r: f"value '{r['value']}' is not a number",
        "write digits only, without thousands separators or units, e.g. 2560",
    )
    change = pd.to_numeric(frame["reported_change"].replace("", "nan"), errors="coerce")
    report(
        (frame["reported_change"] != "") & ~change.map(math.isfinite),
        lambda r: f"reported_change '{r['reported_change']}' is not a number",
        "write the stated percent change as a number, e.g. -13.5",
    )
    report(
        (frame["flag"] != "") & ~frame["flag"].isin(FLAGS),
        lambda r: f"flag '{r['flag']}' is not allowed",
        "use one of: " + ", ".join(FLAGS) + " (or leave it empty)",
    )
    for col in ("place", "indicator", "source"):
        report(
            (frame[col] != "") & ~frame[col].str.match(SLUG_PATTERN),
            lambda r, c=col: f"{c} '{r[c]}' is not a valid id",
            "use the lowercase id from the YAML files, e.g. 'el-paso'",
        )
    good = frame[~bad].copy()
    good["year"] = year[~bad].astype("int64")
    good["value"] = value[~bad].astype("float64")
    good["reported_change"] = change[~bad]
    good["flag"] = good["flag"].replace("", None)
    good["note"] = good["note"].replace("", None)
    return good


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
