"""Bad data never reaches readers: builds fail whole, and data is always shown as text."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import yaml
from conftest import ROOT, mkdocs_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factsheets import DataError, load_dataset
from factsheets.schema import schema_texts

MESSAGE = re.compile(r"^[^\s:][^:]*(:\d+(:\d+)?)?: \S.*$")


def _hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_four_mistakes_at_once_are_all_reported_and_the_old_site_stays(tmp_path, data_copy):
    site = tmp_path / "site"
    first = mkdocs_build(site, data_dir=data_copy)
    assert first.returncode == 0, first.output
    before = _hashes(site)

    _replace(data_copy / "cities.yaml", "  country: mx\n", "  country: mexico\n")
    _replace(
        data_copy / "observations.csv",
        "miami,violent-crime-rate,2023,",
        "miami,violent-crime-rate,20233,",
    )
    _replace(data_copy / "programs.yaml", "  name: Juntos", " name: Juntos")
    extra = data_copy / "observations" / "2022.csv"
    extra.parent.mkdir()
    extra.write_text(
        "place,indicator,yaer,value,source\nmiami,violent-crime-rate,2022,700,axios-border-2024\n",
        encoding="utf-8",
    )

    second = mkdocs_build(site, data_dir=data_copy)
    assert second.returncode != 0
    out = second.output
    assert (
        "country 'mexico' is not a country id (known: mx, us) — use the id 'mx', not the name"
        in out
    )
    assert re.search(r"cities\.yaml:\d+:3: country 'mexico'", out)
    assert re.search(r"observations\.csv:6: year 20233 is outside 1900–2100", out)
    assert re.search(r"programs\.yaml:\d+:\d+: YAML syntax", out)
    assert re.search(
        r"observations/2022\.csv:1: header: missing column year; unknown column yaer", out
    )
    assert "Traceback" not in out
    assert _hashes(site) == before  # byte for byte


def test_check_command_reports_and_exits_1(data_copy):
    import subprocess
    import sys

    _replace(data_copy / "cities.yaml", "  country: us\n", "  country: usa\n")
    proc = subprocess.run(
        [sys.executable, "-m", "factsheets", "check", str(data_copy)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "cities.yaml:5:3: country 'usa' is not a country id (known: mx, us)" in proc.stderr
    assert "Traceback" not in proc.stderr
    clean = subprocess.run(
        [sys.executable, "-m", "factsheets", "check", str(ROOT / "data")],
        capture_output=True,
        text=True,
    )
    assert clean.returncode == 0
    lines = clean.stdout.splitlines()
    assert "OK" in lines[-1] and len(lines) <= 2, lines  # the summary, after translation coverage


def test_json_schemas_are_up_to_date():
    folder = ROOT / "data" / "schemas"
    expected = schema_texts()
    assert sorted(p.name for p in folder.glob("*.json")) == sorted(expected)
    for name, text in expected.items():
        assert (folder / name).read_text(encoding="utf-8") == text, (
            f"{name} is out of date: run python -m factsheets schemas"
        )
    for yaml_file in (ROOT / "data").glob("*.yaml"):
        first = yaml_file.read_text(encoding="utf-8").splitlines()[0]
        assert first == (f"# yaml-language-server: $schema=schemas/{yaml_file.stem}.schema.json"), (
            yaml_file
        )


HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


def test_names_from_data_are_shown_as_text(tmp_path, data_copy):
    _replace(data_copy / "cities.yaml", "  name: El Paso\n", f'  name: "{HOSTILE[0]}"\n')
    _replace(data_copy / "cities.yaml", "  name: Miami\n", f'  name: "{HOSTILE[1]}"\n')
    _replace(
        data_copy / "sources.yaml",
        "  cites: Axios\n",
        '  publisher: "Axios <b onmouseover=alert(1)>"\n',
    )
    build = mkdocs_build(tmp_path / "site", data_dir=data_copy)
    assert build.returncode == 0, build.output
    for page in ["cities/el-paso/", "cities/miami/", "groups/border/", "cities/", "sources/"]:
        html = build.html(page)
        assert "<script>alert(1)" not in html, page
        assert "<img src=x" not in html, page
        assert "<b onmouseover" not in html, page
    html = build.html("cities/el-paso/")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown literally
    assert "&lt;img src=x onerror=alert(1)&gt;" in build.html("cities/miami/")


def test_javascript_urls_are_rejected(data_copy):
    _replace(
        data_copy / "sources.yaml",
        "  cites: Axios\n",
        "  cites: Axios\n  url: javascript:alert(1)\n",
    )
    try:
        load_dataset(data_copy)
    except DataError as exc:
        assert any("url: must be a web address" in str(p) for p in exc.problems)
    else:
        raise AssertionError("a javascript: URL was accepted")


# --- property: any mutation of valid data builds or fails with the documented format ---------

_FILES = [
    "cities.yaml",
    "countries.yaml",
    "programs.yaml",
    "achievements.yaml",
    "observations.csv",
    "indicators.yaml",
    "sources.yaml",
]
_ORIGINAL = {name: (ROOT / "data" / name).read_text(encoding="utf-8") for name in _FILES}


@st.composite
def mutations(draw):
    name = draw(st.sampled_from(_FILES))
    lines = _ORIGINAL[name].split("\n")
    i = draw(st.integers(0, len(lines) - 1))
    kind = draw(st.sampled_from(["delete", "duplicate", "char", "indent", "swap", "junk"]))
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "char" and lines[i]:
        j = draw(st.integers(0, len(lines[i]) - 1))
        c = draw(st.sampled_from(list(":-,\"'[]{}#0x é\t")))
        lines[i] = lines[i][:j] + c + lines[i][j + 1 :]
    elif kind == "indent":
        lines[i] = " " + lines[i]
    elif kind == "swap" and i + 1 < len(lines):
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    elif kind == "junk":
        lines.insert(i, draw(st.text(max_size=20)))
    return name, "\n".join(lines)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutation=mutations())
def test_mutated_data_loads_or_fails_with_clear_messages(tmp_path_factory, mutation):
    name, text = mutation
    data = tmp_path_factory.mktemp("mutated") / "data"
    shutil.copytree(ROOT / "data", data)
    (data / name).write_text(text, encoding="utf-8")
    try:
        load_dataset(data)
    except DataError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert MESSAGE.match(str(problem)), str(problem)
            assert "Traceback" not in str(problem)


def test_yaml_example_is_valid_yaml():
    # The case files themselves are YAML too: a broken case must not pass silently.
    for case in (Path(__file__).parent / "cases").glob("*.yaml"):
        assert "expected" in yaml.safe_load(case.read_text(encoding="utf-8")), case
