"""Read observation CSV files into one frame, keeping the file and spreadsheet row of each."""

from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Callable
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


def _load_observation_file(path: Path, problems: list[Problem]) -> pd.DataFrame | None:
    shown = display_path(path)
    text = read_text(path, problems, MAX_CSV_BYTES)
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
