"""Arbitrary YAML and CSV text in any data file: never a traceback, `check` and the build agree.

Each example changes one file of a tiny dataset: a field of a record gets a generated value
(text with control characters and line separators, numbers such as inf and nan, odd dates,
lists, records), or the whole file becomes generated text. Either `check` reports problems that
each name the file (and line), or it accepts the data and the package builds every page.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from factsheets import DataError, build_site, load_dataset
from factsheets.__main__ import main

#: The tiny dataset: the minimal fixture plus one record in each optional file.
EXTRA = {
    "programs.yaml": [
        {
            "id": "safe-streets",
            "name": "Safe Streets",
            "country": "us",
            "places": ["springfield"],
            "start": "2020-01",
            "end": "2023-06",
            "sources": ["town-report"],
        }
    ],
    "achievements.yaml": [
        {
            "id": "youth-reached",
            "scope": "program",
            "scope_id": "safe-streets",
            "value": 120,
            "unit": "young people",
            "counts": "young people reached",
            "kind": "output",
            "source": "town-report",
        }
    ],
}
EXTRA["cities.yaml"] = [
    {"id": "springfield", "name": "Springfield", "country": "us", "tags": ["river"]}
]
EXTRA["groups.yaml"] = [
    {
        "id": "river",
        "name": "River towns",
        "summary": "Towns on the river.",
        "sources": ["town-report"],
    }
]
EXTRA["strategies.yaml"] = [
    {
        "id": "street-lights",
        "kind": "factor",
        "name": "Street lights",
        "summary": "More lights on main streets.",
        "impact": "Fewer burglaries",
        "level": "medium",
        "places": ["springfield"],
        "groups": ["river"],
        "sources": ["town-report"],
    }
]
EXTRA["recommendations.yaml"] = [
    {
        "id": "more-lights",
        "scope": "us",
        "group": "river",
        "area": "Public space",
        "action": "Light the side streets too",
        "expected_impact": "Fewer burglaries",
        "source": "town-report",
    }
]
#: Every YAML data file the site reads (observations.csv is changed by ``csv_change``).
YAML_FILES = list(dict.fromkeys(["sources.yaml", "countries.yaml", "indicators.yaml", *EXTRA]))
POSITIONED = re.compile(r"^data/[\w./-]+(:\d+(:\d+)?)?: \S")

odd_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"])
    | st.sampled_from(["\n", "\r", "\t", "\x00", "\x07", "\x85", "\u2028", "\u2029", "'", '"']),
    max_size=12,
)
scalars = (
    odd_text
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.none()
    | st.sampled_from(["2024-02-30", "0000-01", "2024-13", "1899", "2024-01-01", "-"])
)
#: Text a maintainer may well type: quotes, markup characters, accents, symbols.
fair_text = st.text(
    alphabet=st.sampled_from(list("abcxyz ABC019 ,.;:'\"&<>*_`|#!?()[]{}%$-éñ€–")),
    min_size=1,
    max_size=20,
).filter(lambda t: t.strip() == t and t.strip())
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(odd_text, inner, max_size=3),
    max_leaves=6,
)


def base_records() -> dict[str, list[dict]]:
    out = {
        name: yaml.safe_load((FIXTURES / "minimal" / name).read_text(encoding="utf-8"))
        for name in YAML_FILES
        if name not in EXTRA
    }
    return {**out, **EXTRA}


BASE_CSV = (FIXTURES / "minimal" / "observations.csv").read_text(encoding="utf-8")


#: Fields of free text: any fair text there should build.
TEXT_FIELDS = {"name", "title", "publisher", "unit", "phrase", "summary", "impact", "example"}
TEXT_FIELDS |= {"area", "action", "expected_impact", "counts", "short_name", "funder", "region"}


@st.composite
def yaml_change(draw):
    name = draw(st.sampled_from(YAML_FILES))
    mode = draw(st.integers(0, 5))
    if mode == 0:  # the whole file is arbitrary text
        return name, draw(st.text(max_size=80))
    records = base_records()[name]
    record = dict(records[0])
    texts = sorted(TEXT_FIELDS & set(record))
    if mode <= 2 and texts:  # text a maintainer may type, where text belongs
        record[draw(st.sampled_from(texts))] = draw(fair_text)
    else:  # anything, anywhere
        record[draw(st.sampled_from([*record, "extra"]))] = draw(values)
    return name, yaml.safe_dump([record, *records[1:]], allow_unicode=True)


@st.composite
def csv_change(draw):
    if draw(st.integers(0, 4)) == 0:
        return "observations.csv", draw(st.text(max_size=80))
    rows = list(csv.reader(io.StringIO(BASE_CSV)))
    row = draw(st.integers(1, len(rows) - 1))
    col = draw(st.integers(0, len(rows[0]) - 1))
    rows[row][col] = draw(
        odd_text
        | fair_text
        | st.integers(0, 10**6).map(str)
        | st.sampled_from(["inf", "nan", "-1", "1e400", "2024.5", "3,200", "", "2025"])
    )
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return "observations.csv", out.getvalue()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tiny") / "data"
    shutil.copytree(FIXTURES / "minimal", folder)
    for name, records in EXTRA.items():
        (folder / name).write_text(yaml.safe_dump(records), encoding="utf-8")
    load_dataset(folder)  # the unchanged tiny dataset is valid
    return folder


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(change=st.one_of(yaml_change(), csv_change()))
def test_any_text_in_a_data_file_is_reported_or_built(tiny, tmp_path_factory, monkeypatch, change):
    name, text = change
    root = tmp_path_factory.mktemp("case")
    shutil.copytree(tiny, root / "data")
    (root / "data" / name).write_bytes(text.encode("utf-8", "surrogatepass"))
    monkeypatch.chdir(root)

    shown = io.StringIO()
    with contextlib.redirect_stdout(shown), contextlib.redirect_stderr(shown):
        code = main(["check", "data"])
    try:
        dataset = load_dataset(Path("data"))
    except DataError as exc:
        event("reported")
        assert code == 1, shown.getvalue()
        for problem in exc.problems:
            assert POSITIONED.match(str(problem)), str(problem)
            assert str(problem) in shown.getvalue()
        return
    event("built")
    assert code == 0, shown.getvalue()
    site = build_site(dataset)
    for path, content in site.all_files().items():
        if isinstance(content, str):
            assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]", content), path
