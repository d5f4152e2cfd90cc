"""A running server makes again only the city pages whose inputs changed: after any edit, the
files it serves are exactly those a fresh build of the edited data makes."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from factsheets.pages import indexes
from factsheets.service import BuildCache

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "synthesize.py"
N = 40


def _synthesize(folder: Path, cities: int) -> Path:
    out = folder / "data"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--cities", str(cities), "--seed", "3", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    return _synthesize(tmp_path_factory.mktemp("reuse"), N)


def _yaml(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write_yaml(path: Path, records: list[dict]) -> None:
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), "utf-8")


def _rows(data: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((data / "observations.csv").read_text("utf-8"))))


def _write_rows(data: Path, rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (data / "observations.csv").write_text(out.getvalue(), "utf-8")


def _grouped_city(data: Path) -> dict:
    """A city in a group, with figures, that no other record names."""
    named = "\n".join(
        (data / f).read_text("utf-8")
        for f in ("programs.yaml", "achievements.yaml", "strategies.yaml", "recommendations.yaml")
    )
    places = {r["place"] for r in _rows(data)}
    return next(
        c
        for c in _yaml(data / "cities.yaml")
        if c.get("tags") and c["id"] in places and c["id"] not in named
    )


def set_value(data: Path, factor: float) -> None:
    city = _grouped_city(data)["id"]
    rows = _rows(data)
    last = max((r for r in rows if r["place"] == city), key=lambda r: int(r["year"]))
    last["value"] = str(round(float(last["value"]) * factor, 1))
    _write_rows(data, rows)


def rename(data: Path) -> None:
    cities = _yaml(data / "cities.yaml")
    target = _grouped_city(data)["id"]
    for city in cities:
        if city["id"] == target:
            city["name"] = "Zzyzx Renamed"
    _write_yaml(data / "cities.yaml", cities)


def retag(data: Path) -> None:
    cities = _yaml(data / "cities.yaml")
    target = _grouped_city(data)["id"]
    for city in cities:
        if city["id"] == target:
            city.pop("tags")
    _write_yaml(data / "cities.yaml", cities)


def add_city(data: Path) -> None:
    cities = _yaml(data / "cities.yaml")
    model = _grouped_city(data)
    cities.append({**model, "id": "new-town", "name": "New Town", "summary": "Added."})
    _write_yaml(data / "cities.yaml", cities)
    rows = _rows(data)
    rows += [dict(r, place="new-town") for r in rows if r["place"] == model["id"]]
    _write_rows(data, rows)


def delete_city(data: Path) -> None:
    target = _grouped_city(data)["id"]
    cities = [c for c in _yaml(data / "cities.yaml") if c["id"] != target]
    _write_yaml(data / "cities.yaml", cities)
    _write_rows(data, [r for r in _rows(data) if r["place"] != target])


def national_value(data: Path) -> None:
    rows = _rows(data)
    countries = {c["id"] for c in _yaml(data / "countries.yaml")}
    last = max((r for r in rows if r["place"] in countries), key=lambda r: int(r["year"]))
    last["value"] = str(round(float(last["value"]) * 0.9, 1))
    _write_rows(data, rows)


def group_name(data: Path) -> None:
    groups = _yaml(data / "groups.yaml")
    groups[0]["name"] = "Renamed group"
    _write_yaml(data / "groups.yaml", groups)


def newer_year(data: Path) -> None:
    city = _grouped_city(data)["id"]
    rows = _rows(data)
    last = max((r for r in rows if r["place"] == city), key=lambda r: int(r["year"]))
    rows.append(dict(last, year=str(int(last["year"]) + 1)))
    _write_rows(data, rows)


def summary(data: Path) -> None:
    cities = _yaml(data / "cities.yaml")
    target = _grouped_city(data)["id"]
    for city in cities:
        if city["id"] == target:
            city["summary"] = "A new summary."
    _write_yaml(data / "cities.yaml", cities)


EDITS: dict[str, Callable[[Path], None]] = {
    "value": lambda d: set_value(d, 1.03),
    "value-becomes-highest": lambda d: set_value(d, 50.0),
    "rename": rename,
    "retag": retag,
    "add-city": add_city,
    "delete-city": delete_city,
    "national-value": national_value,
    "group-name": group_name,
    "newer-year": newer_year,
    "summary": summary,
}


def _no_kept_pages(cache: Path) -> Path:
    """``cache`` without the pages a build keeps for the next (so a build makes every page)."""
    shutil.rmtree(cache / "pages", ignore_errors=True)
    return cache


def _files(built) -> dict[str, bytes | str]:
    return {
        path: content.read_bytes() if isinstance(content, Path) else content
        for path, content in built.site.all_files().items()
    }


CASES = [(edit, "en", False) for edit in EDITS] + [("value", "es", False), ("rename", "es", False)]
# with more cities than a table lists: the cities listed by first letter, a page per letter
CASES += [("value", "en", True), ("rename", "en", True), ("add-city", "en", True)]


@pytest.mark.parametrize(("edit", "language", "by_letter"), CASES)
def test_rebuild_after_edit_equals_fresh_build(
    synthetic, tmp_path, monkeypatch, edit, language, by_letter
):
    if by_letter:
        monkeypatch.setattr(indexes, "CITY_TABLE_MAX", 10)
    data = tmp_path / "data"
    shutil.copytree(synthetic, data)
    cache = synthetic.parent / "cache"  # drawings shared by the cases: only new charts drawn
    server = BuildCache(reuse=True)
    server.site_for(data, cache_dir=_no_kept_pages(cache), language=language)
    EDITS[edit](data)

    rebuilt = server.site_for(data, cache_dir=cache, language=language)
    fresh = BuildCache().site_for(data, cache_dir=_no_kept_pages(cache), language=language)

    served, expected = _files(rebuilt), _files(fresh)
    assert sorted(served) == sorted(expected)
    differ = [path for path in expected if served[path] != expected[path]]
    assert differ == []
    assert server.reuse is not None
    assert server.reuse.reused + server.reuse.made == len(fresh.dataset.cities)
    if edit == "summary":  # shown on the city's page alone: the others are not made again
        assert server.reuse.made == 1
    if edit in ("summary", "value"):  # keys computed again only for the cities it can reach
        reached = server.reuse.reached  # (the city and those it is compared with)
        assert reached is not None and 1 < len(reached) < len(fresh.dataset.cities)
    if edit == "value":  # the pages of the other country, of groups and letters without it
        letters = [p for p in expected if p.startswith("cities/by-letter/") and p.endswith(".md")]
        assert (len(letters) > 5) == by_letter
        assert server.reuse.hubs_reused > max(0, len(letters) - 1)


@pytest.mark.parametrize("edit", ["value", "rename", "add-city", "summary", "newer-year"])
def test_a_later_build_keeps_the_pages_an_edit_left_alone(synthetic, tmp_path, edit):
    """Each ``mkdocs build`` is a new process: it reads the pages the last build kept on disk
    and makes again only those the edit changed, as a running server does."""
    data = tmp_path / "data"
    shutil.copytree(synthetic, data)
    cache = _no_kept_pages(synthetic.parent / "cache")
    BuildCache().site_for(data, cache_dir=cache)
    assert list((cache / "pages").glob("*.pickle"))
    EDITS[edit](data)

    later = BuildCache().site_for(data, cache_dir=cache)
    fresh = BuildCache().site_for(data, cache_dir=_no_kept_pages(cache))

    if edit == "newer-year":  # the data's date is on every page: none is kept
        assert later.site.kept == 0
    else:
        assert 0 < later.site.kept < len(later.site.pages)
    assert fresh.site.kept == 0
    kept, expected = _files(later), _files(fresh)
    assert sorted(kept) == sorted(expected)
    assert [path for path in expected if kept[path] != expected[path]] == []


def test_a_build_that_let_go_of_its_site_builds_the_same_again(synthetic, tmp_path):
    """A single build lets go of each language's site once MkDocs has written it, so the next
    language is built in that memory; asked again, the cache builds the same files."""
    cache = synthetic.parent / "cache"
    builds = BuildCache()
    first = _files(builds.site_for(synthetic, cache_dir=cache))
    builds.forget()
    assert not builds.has_site
    again = _files(builds.site_for(synthetic, cache_dir=cache))
    assert sorted(again) == sorted(first)
    assert [path for path in first if again[path] != first[path]] == []


@pytest.mark.parametrize("language", ["en", "es"])
def test_pages_made_in_small_batches_are_those_of_one_batch(synthetic, tmp_path, language):
    """A build takes pages through drawing and writing a batch at a time (so it holds one
    batch's views, not all): a page whose shared drawing an earlier batch drew, and the
    sources page listing every page, come out as from one batch."""
    import factsheets.site

    cache = synthetic.parent / "cache"
    whole = BuildCache().site_for(synthetic, cache_dir=_no_kept_pages(cache), language=language)
    expected = _files(whole)
    assert len(whole.site.pages) > 40
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(factsheets.site, "BATCH", 7)
        again = BuildCache().site_for(synthetic, cache_dir=_no_kept_pages(cache), language=language)
        assert again.site.kept == 0
        batched = _files(again)
    assert sorted(batched) == sorted(expected)
    assert [path for path in expected if batched[path] != expected[path]] == []


@pytest.fixture(scope="module")
def larger(tmp_path_factory) -> Path:
    """Peer sets of dozens of cities: a peer chart shows a window of them."""
    return _synthesize(tmp_path_factory.mktemp("reuse-larger"), 300)


def test_an_edit_reaches_only_the_cities_whose_ranks_or_charts_it_moved(larger, tmp_path):
    """A small change of one city's figure moves no other city in rank: only the cities whose
    peer chart shows it are made again, not every city of its peer sets. Rankings the server
    kept from earlier rebuilds serve the next edit, which moves the city far (every page
    between its old and new rank changes): after both, the files are a fresh build's."""
    data = tmp_path / "data"
    shutil.copytree(larger, data)
    cache = larger.parent / "cache"
    server = BuildCache(reuse=True)
    first = server.site_for(data, cache_dir=_no_kept_pages(cache))
    city = first.dataset.cities[_grouped_city(data)["id"]]
    members = {c.id for c in first.dataset.cities.values() if set(c.tags) & set(city.tags)}
    assert len(members) > 40

    for factor, narrower in ((1.0001, True), (0.5, False)):
        set_value(data, factor)
        rebuilt = server.site_for(data, cache_dir=cache)
        fresh = BuildCache().site_for(data, cache_dir=_no_kept_pages(cache))
        served, expected = _files(rebuilt), _files(fresh)
        assert sorted(served) == sorted(expected)
        assert [path for path in expected if served[path] != expected[path]] == []
        reached = server.reuse.reached if server.reuse else None
        assert reached is not None and city.id in reached
        if narrower:  # the city and the few around it in its peer charts
            assert 1 < len(reached) < len(members) - 10
