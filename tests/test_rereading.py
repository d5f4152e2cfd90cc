"""A running server reads again only what a data edit changed: the observation lines that
differ from the last reading, the data package's lines of the places whose observations
changed. Either way the result is what reading and writing everything afresh gives."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from factsheets import csvread, datapackage

HEADER = "place,indicator,year,value,source,flag,note"


def _text(rows: int = 300) -> str:
    lines = [HEADER]
    for i in range(rows):
        place, year = f"city-{i // 10:02d}", 2015 + i % 10
        note = '"Revised, see ""notes"""' if i % 37 == 0 else ""
        flag = "preliminary" if i % 11 == 0 else ""
        lines.append(f"{place},homicides,{year},{(i * 7) % 23 + 0.5},survey,{flag},{note}")
    return "\n".join(lines) + "\n"


def _cell(text: str, line: int, column: str, value: str) -> str:
    lines = text.split("\n")
    row = next(csv.reader([lines[line]]))
    row[HEADER.split(",").index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    lines[line] = out.getvalue()
    return "\n".join(lines)


def _line(text: str, line: int, new: str) -> str:
    lines = text.split("\n")
    lines[line] = new
    return "\n".join(lines)


EDITS: dict[str, tuple[Callable[[str], str], bool]] = {
    # name: (edit, read by its changed lines alone)
    "a value": (lambda t: _cell(t, 29, "value", "813.17"), True),
    "a note with quotes and commas": (lambda t: _cell(t, 5, "note", 'Said "x", then y'), True),
    "a flag": (lambda t: _cell(t, 200, "flag", "estimated"), True),
    "the last line": (lambda t: _cell(t, 300, "value", "1"), True),
    "a value that is not a number": (lambda t: _cell(t, 40, "value", "12a"), False),
    "a blank line": (lambda t: _line(t, 50, ""), False),
    "a cell over two lines": (lambda t: _line(t, 60, 'city-05,homicides,2020,1,survey,,"a'), False),
    "a line added": (lambda t: t + "city-99,homicides,2020,4,survey,,\n", False),
    "the header": (lambda t: t.replace("note", "note ", 1), False),
    "many lines": (lambda t: t.replace(",survey,", ",police,"), False),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_observations_read_again_after_an_edit_are_those_read_afresh(tmp_path: Path, name):
    edit, by_lines = EDITS[name]
    path = tmp_path / "observations.csv"
    before = _text()
    path.write_text(before, encoding="utf-8")
    csvread._last_reads.clear()
    first: list = []
    csvread.load_observations([path], first)
    assert first == [] and len(csvread._last_reads) == 1
    last = next(iter(csvread._last_reads.values()))

    path.write_text(edit(before), encoding="utf-8")
    again: list = []
    frame = csvread.load_observations([path], again)
    csvread._last_reads.clear()
    afresh: list = []
    expected = csvread.load_observations([path], afresh)

    pd.testing.assert_frame_equal(frame, expected)
    assert [str(p) for p in again] == [str(p) for p in afresh]
    assert (csvread._patched(last, edit(before), "observations.csv") is not None) is by_lines


def test_a_problem_in_an_edited_line_is_reported_with_its_row(tmp_path: Path):
    path = tmp_path / "observations.csv"
    path.write_text(_text(), encoding="utf-8")
    csvread._last_reads.clear()
    csvread.load_observations([path], [])
    path.write_text(_cell(_text(), 40, "value", "12a"), encoding="utf-8")
    problems: list = []
    frame = csvread.load_observations([path], problems)
    assert [(p.line, p.message) for p in problems] == [(41, "value '12a' is not a number")]
    assert len(frame) == 299 and 41 not in set(frame["row"])


def _observations(values: dict[int, float] | None = None) -> pd.DataFrame:
    rows = []
    for i in range(200):
        rows.append(
            {
                "place": f"city-{(i * 37) % 40:02d}",  # the rows of a place are not together
                "indicator": "homicides" if i // 40 % 2 else "victims-reached",
                "year": 2015 + i // 80,
                "value": (values or {}).get(i, float(i % 17)),
                "source": "survey",
                "flag": "preliminary" if i % 13 == 0 else None,
                "note": "Revised, twice" if i % 29 == 0 else None,
                "reported_change": float("nan"),
                "file": "data/observations.csv",
                "row": i + 2,
            }
        )
    return pd.DataFrame(rows)


def _afresh(obs: pd.DataFrame) -> str:
    return datapackage.observations_table(obs).to_csv(index=False, lineterminator="\n")


PACKAGE_EDITS: dict[str, Callable[[], pd.DataFrame]] = {
    "a value": lambda: _observations({5: 99.25}),
    "a place gone": lambda: _observations().query("place != 'city-03'"),
    "a place added, first in order": lambda: pd.concat(
        [_observations(), _observations().head(3).assign(place="aaa-new")], ignore_index=True
    ),
    "rows reordered": lambda: _observations().iloc[::-1].reset_index(drop=True),
    "many places": lambda: _observations().assign(value=lambda o: o["value"] + 1),
}


@pytest.mark.parametrize("name", list(PACKAGE_EDITS))
def test_the_package_s_observations_written_again_are_those_written_afresh(name):
    datapackage._last_observations = None
    datapackage._observations_csv(_observations())
    before = datapackage._last_observations
    edited = PACKAGE_EDITS[name]()
    text, count = datapackage._observations_csv(edited)
    assert text == _afresh(edited)
    assert count == len(edited)
    if name == "a value":  # row 5 is city-25's: the other places' lines are not written again
        after = datapackage._last_observations
        assert before is not None and after is not None
        assert after.blocks["city-24"] is before.blocks["city-24"]
        assert after.blocks["city-25"] != before.blocks["city-25"]
