"""Read observation CSV files into one frame, keeping the file and spreadsheet row of each."""

from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .fieldtypes import SLUG_PATTERN
from .problems import Problem, display_path
from .readfile import MAX_CSV_BYTES, read_text
from .registry import FLAGS, OBSERVATIONS

YEAR_RANGE = (1900, 2100)
OBSERVATION_COLUMNS = OBSERVATIONS.required_columns
OBSERVATION_OPTIONAL_COLUMNS = OBSERVATIONS.optional_columns
#: Control characters and line breaks a CSV cell must not hold (the YAML reader refuses them).
_CSV_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _control_code(text: str) -> int:
    """The code point of the first control character in a cell known to hold one."""
    found = _CSV_CONTROL.search(text)
    assert found is not None, "only called on cells that hold a control character"
    return ord(found.group())


def _each_distinct(column: pd.Series, fn: Callable[[str], Any]) -> pd.Series:
    """``fn`` of each cell, called once per distinct value: a column of 200,000 rows holds a
    few thousand places and a handful of indicators, sources and flags."""
    codes, distinct = pd.factorize(column)
    done = pd.Series([fn(v) for v in distinct]).to_numpy()
    return pd.Series(done[codes], index=column.index)


_SLUG = re.compile(SLUG_PATTERN)


def _is_slug(text: str) -> bool:
    return _SLUG.match(text) is not None


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


@dataclass
class _Read:
    """A file's text as last read without a problem, and the frame read from it."""

    text: str
    frame: pd.DataFrame


#: Each observations file's last reading, by the name shown for it: a server's rebuild after an
#: edit reads again only the lines that changed (reading 200,000 rows takes a second).
_last_reads: dict[str, _Read] = {}


def _load_observation_file(path: Path, problems: list[Problem]) -> pd.DataFrame | None:
    shown = display_path(path)
    last = _last_reads.pop(shown, None)
    text = read_text(path, problems, MAX_CSV_BYTES)
    if text is None:
        return None
    frame = _patched(last, text, shown) if last is not None else None
    if frame is None:
        before = len(problems)
        frame = _read(text, shown, problems)
        if frame is None or len(problems) > before or not _one_row_per_line(text, frame):
            return frame
    _last_reads[shown] = _Read(text, frame)
    return frame


def _one_row_per_line(text: str, frame: pd.DataFrame) -> bool:
    """Whether each line after the header holds one row (no blank line, no cell over lines):
    then line ``i`` is the spreadsheet row ``i + 1``."""
    body = text.count("\n") - (1 if text.endswith("\n") else 0)  # the lines after the header
    return body == len(frame)


def _patched(last: _Read, text: str, shown: str) -> pd.DataFrame | None:
    """The frame of a file that differs from its last reading in a few lines, with only those
    lines read again; None when the header, the number of lines or many lines changed, or a
    changed line has a problem or may be part of a cell over lines (read the whole file)."""
    if text == last.text:
        return last.frame
    lines, before = text.split("\n"), last.text.split("\n")
    if len(lines) != len(before) or lines[0] != before[0]:
        return None
    changed = [i for i, (a, b) in enumerate(zip(lines, before, strict=True)) if a != b]
    if len(changed) > max(10, len(lines) // 100):
        return None
    if any(not lines[i].strip() or lines[i].count('"') % 2 for i in changed):
        return None
    problems: list[Problem] = []
    edited = _read("\n".join([lines[0], *(lines[i] for i in changed)]) + "\n", shown, problems)
    if edited is None or problems or len(edited) != len(changed):
        return None
    edited.index = pd.Index([i - 1 for i in changed])  # the row's index in the whole file
    edited["row"] = edited.index + 2
    kept = last.frame.drop(index=edited.index)
    return pd.concat([kept, edited]).sort_index()


def _read(text: str, shown: str, problems: list[Problem]) -> pd.DataFrame | None:
    """The rows of one file's ``text`` that have no problem; those that have go to ``problems``."""
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
    frame = frame.fillna("").astype(str).apply(lambda s: _each_distinct(s, str.strip))
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
            _each_distinct(frame[col], lambda v: _CSV_CONTROL.search(v) is not None),
            lambda r, c=col: (
                f"{c} holds a line break or an invisible control character "
                f"(code U+{_control_code(r[c]):04X})"
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
        ~(value.abs() < math.inf),
        lambda r: f"value '{r['value']}' is not a number",
        "write digits only, without thousands separators or units, e.g. 2560",
    )
    change = pd.to_numeric(frame["reported_change"].replace("", "nan"), errors="coerce")
    report(
        (frame["reported_change"] != "") & ~(change.abs() < math.inf),
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
            (frame[col] != "") & ~_each_distinct(frame[col], _is_slug),
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
