"""Charts as readers get them: static SVG, caption, text alternative, table and downloads."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, chart_csv, chart_spec, mkdocs_build, page_figures

FIGURE = re.compile(
    r'<figure class="fs-figure[^"]*" id="fig-([^"]+)" data-search-exclude>(.*?)</figure>', re.S
)

PAGES = [
    "cities/el-paso/",
    "cities/chicago/",
    "countries/us/",
    "countries/mx/",
    "groups/border/",
    "groups/major-city/",
]


def figures(html: str) -> dict[str, str]:
    return dict(FIGURE.findall(html))


@pytest.mark.parametrize("url", PAGES)
def test_every_figure_has_svg_caption_alternative_table_and_downloads(built, url):
    found = figures(built.html(url))
    assert found, url
    for fid, body in found.items():
        chart = re.search(r'<div class="fs-chart[^"]*" role="img" aria-label="([^"]+)"', body)
        assert chart and len(chart.group(1)) > 20, (url, fid)
        img = re.search(
            r'<img src="([^"#]+\.svg)(#[^"]+)?" alt="" width="(\d+)" height="(\d+)"', body
        )
        assert img, (url, fid)  # the static chart, drawn at build time
        svg = (built.site / url / img.group(1)).read_text(encoding="utf-8")
        if img.group(2):  # a view of the page's drawings: one for each of its charts
            assert img.group(1) == "charts.svg" and img.group(2) == f"#{fid}", (url, fid)
            view = f'<view id="{fid}" viewBox="0 ' + r"\d+ " + f'{img.group(3)} {img.group(4)}"/>'
            assert svg.startswith("<svg ") and re.search(view, svg), (url, fid)
        else:  # a drawing pages share
            assert svg.startswith("<svg ") and f'width="{img.group(3)}"' in svg, (url, fid)
        assert f'data-fs-figure="{fid}" data-fs-data="figures.json"' in body, (url, fid)
        assert "<figcaption>" in body and "Source" in body, (url, fid)
        assert '<details class="fs-data"><summary>Show data' in body
        assert "<table>" in body and '<th scope="col">' in body, (url, fid)
        assert 'href="figures.csv" download data-fs-download="csv"' in body, (url, fid)
        assert 'data-fs-download="spec"' not in body, (url, fid)  # the script makes that link


def test_text_alternative_of_a_known_city_word_for_word(built):
    body = figures(built.html("cities/el-paso/"))["trend-violent-crime-rate"]
    assert (
        'aria-label="Violent crime rate in El Paso fell from 520 in 2023 to 450 in 2024, '
        'per 100,000 residents."'
    ) in body


def test_program_timeline_on_country_page(built):
    body = figures(built.html("countries/mx/"))["timeline-programs"]
    assert "PREVI August 2020 to August 2024" in body
    assert "JPV October 2015 to October 2020" in body


def test_peer_chart_highlights_the_city(built):
    spec = chart_spec(built.site / "cities/el-paso", "peers-border-violent-crime-rate")
    rows = {r["name"]: r for r in spec["data"]["values"]}
    assert rows["El Paso"]["highlight"] is True
    assert rows["Miami"]["highlight"] is False
    assert [r["name"] for r in spec["data"]["values"]] == ["Miami", "San Diego", "El Paso"]


MARKED = re.compile(
    r'data-fs-figure="(peers-[^"]+)".*?<img src="([^"]+)".*?'
    r'<svg class="fs-chart__marks" viewBox="0 0 (\d+) (\d+)"[^>]*><path ([^>]*) fill="#D55E00"/>'
)


@pytest.mark.parametrize("url", ["cities/el-paso/", "cities/san-diego/", "es/cities/miami/"])
def test_a_shared_peer_drawing_has_the_city_marked_where_its_chart_draws_its_bar(built, url):
    """The cities of a peer chart share one drawing without a bar marked; each page lays its
    city's bar over it, exactly where the drawing of its own chart puts the bar."""
    from factsheets import sheet, svg
    from factsheets.figures.base import HIGHLIGHT, MUTED

    html = built.html(url)
    found = MARKED.findall(html)
    assert found, url
    for fid, image, width, height, mark in found:
        assert image.startswith("../../charts/peers-"), image
        shared = (built.site / url / image).read_text(encoding="utf-8")
        assert HIGHLIGHT not in shared  # no city's bar marked in the drawing pages share
        assert f'width="{width}" height="{height}"' in shared
        spec = chart_spec(built.site / url, fid)
        own = svg.render(spec)  # the page's own chart, its city's bar highlighted
        (expected,) = sheet.bars(own, HIGHLIGHT)
        assert mark == expected, (url, fid)
        rows = spec["data"]["values"]
        city = [r["highlight"] for r in rows].index(True)
        assert sheet.bars(shared, MUTED)[city] == expected
        assert len(sheet.bars(shared, MUTED)) == len(rows)


def test_achievement_range_is_shown_as_a_range(built):
    html = built.html("countries/mx/")
    assert '<span class="fs-tile__figure">6–69%</span>' in html
    assert '<span class="fs-tile__figure">8,700</span>' in html


def _csv(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.mark.parametrize("url", PAGES)
def test_downloads_parse_and_hold_the_page_figures(built, url):
    folder = built.site / url
    html = built.html(url)
    data = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    assert data["title"] and data["sources"]
    rows = _csv(folder / "figures.csv")
    assert rows
    for row in rows:  # every value in the page CSV is shown on the page
        if not row["value"]:
            continue  # a row of a map of places: its coordinates
        value = float(row["value"])
        shown = f"{value:,.0f}" if value.is_integer() else f"{value:,}"
        assert shown in html, (url, row)
    # the JSON's observations: a table (its columns once), the same observations as the CSV
    obs = data["observations"]
    assert obs["columns"][:3] == ["place", "place_name", "indicator"]
    assert obs["rows"] and all(len(r) == len(obs["columns"]) for r in obs["rows"])
    at = [obs["columns"].index(c) for c in ("place", "indicator", "year", "value")]
    in_json = {tuple(str(r[i]) for i in at) for r in obs["rows"]}
    assert in_json == {
        (r["place"], r["indicator"], r["year"], r["value"]) for r in rows if r["indicator"]
    }
    # each chart's rows, under its id; the page's observations no chart shows, under none
    assert set(figures(html)) | {""} >= {row["chart"] for row in rows}
    entries = page_figures(folder)
    for fid in figures(html):
        spec = chart_spec(folder, fid)
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
        chart_rows = list(csv.DictReader(io.StringIO(chart_csv(folder, fid))))
        assert chart_rows and all(r.get("source") or r.get("sources") for r in chart_rows)
        assert list(chart_rows[0]) == entries[fid]["columns"]


def test_whole_dataset_is_a_valid_data_package(built):
    folder = built.site / "data"
    package = json.loads((folder / "datapackage.json").read_text())
    assert {r["name"] for r in package["resources"]} == {
        "observations",
        "places",
        "indicators",
        "programs",
        "achievements",
        "sources",
    }
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    obs = _csv(folder / "observations.csv")
    assert {"place": "el-paso", "year": "2024", "value": "450"}.items() <= next(
        r for r in obs if r["place"] == "el-paso" and r["year"] == "2024"
    ).items()
    proc = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", "datapackage.json"],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    report = json.loads(proc.stdout)
    assert report["valid"] is True, proc.stdout[:2000]


def test_second_build_reuses_every_chart(tmp_path):
    env = {"FACTSHEETS_CACHE": str(tmp_path / "cache")}
    first = mkdocs_build(tmp_path / "a", env=env)
    assert first.returncode == 0, first.output
    m = re.search(r"charts: (\d+) rendered, 0 reused", first.output)
    assert m and int(m.group(1)) > 10, first.output
    second = mkdocs_build(tmp_path / "b", env=env)
    assert re.search(r"charts: 0 rendered, \d+ reused from the cache", second.output), second.output
    for page in ["cities/el-paso/index.html", "countries/mx/index.html"]:
        assert (tmp_path / "a" / page).read_bytes() == (tmp_path / "b" / page).read_bytes()
    # deleting the cache changes nothing in the output
    import shutil

    shutil.rmtree(tmp_path / "cache")
    third = mkdocs_build(tmp_path / "c", env=env)
    assert re.search(r"charts: \d+ rendered, 0 reused", third.output), third.output
    assert (tmp_path / "a/cities/el-paso/index.html").read_bytes() == (
        tmp_path / "c/cities/el-paso/index.html"
    ).read_bytes()


def test_one_city_edit_redraws_only_charts_that_show_that_city(tmp_path):
    """The cache keys a chart by what it draws: after one city's figure changes, the charts
    drawn again are exactly those whose bars or lines hold that city, not every peer whose
    rank in the text moved."""
    import yaml

    data = tmp_path / "data"
    script = ROOT / "scripts" / "synthesize.py"
    subprocess.run(
        [sys.executable, str(script), "--cities", "60", "--out", str(data)],
        check=True,
        capture_output=True,
    )
    env = {"FACTSHEETS_CACHE": str(tmp_path / "cache")}
    first = mkdocs_build(tmp_path / "a", data_dir=data, env=env)
    assert first.returncode == 0, first.output
    # one line per language of the site: every chart is drawn once per language
    total = sum(int(n) for n in re.findall(r"charts: (\d+) rendered, 0 reused", first.output))

    cities = yaml.safe_load((data / "cities.yaml").read_text(encoding="utf-8"))
    city = next(c for c in cities if c.get("tags"))
    obs = data / "observations.csv"
    lines = obs.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = [(i, next(csv.reader([line]))) for i, line in enumerate(lines)]
    i, row = max(
        ((i, r) for i, r in rows if r[:2] == [city["id"], "violent-crime-rate"]),
        key=lambda ir: int(ir[1][2]),
    )
    lines[i] = lines[i].replace(f",{row[3]},", f",{float(row[3]) * 3:.1f},", 1)
    obs.write_text("".join(lines), encoding="utf-8")

    second = mkdocs_build(tmp_path / "b", data_dir=data, env=env)
    assert second.returncode == 0, second.output
    rendered = sum(int(n) for n in re.findall(r"charts: (\d+) rendered, \d+ reused", second.output))
    changed = [
        view
        for view in views(tmp_path / "b")
        if drawing(tmp_path / "b", view) != drawing(tmp_path / "a", view)
    ]
    assert Path(f"cities/{city['id']}/trend-violent-crime-rate") in changed
    assert Path(f"es/cities/{city['id']}/trend-violent-crime-rate") in changed
    # every drawing that changed was drawn again, and nothing else was
    # (per language: a Spanish chart whose drawing shows no words is drawn once more, for its
    # spec holds the Spanish number and date formats)
    drawn = {(p.parts[0] == "es", drawing(tmp_path / "b", p)) for p in changed}
    assert rendered == len(drawn), second.output
    assert 0 < rendered < total / 4, (rendered, total)
    for rel in changed:  # the city is in the chart before or after the edit
        if rel.suffix == ".svg":
            # a drawing the cities of a window of ranks share: one the edit's move made new
            assert not (tmp_path / "a" / rel).exists(), rel
            continue
        shown = set()
        for site in ("a", "b"):
            spec = chart_spec(tmp_path / site / rel.parent, rel.name)
            for data in [spec.get("data"), *(layer.get("data") for layer in spec.get("layer", []))]:
                rows = (data or {}).get("values")
                if isinstance(rows, list):  # (a map's outlines are one TopoJSON object)
                    shown |= {str(v.get("name", "")) for v in rows}
        trend = rel.parent in (Path("cities", city["id"]), Path("es/cities", city["id"]))
        trend = trend and rel.name.startswith("trend-")
        assert trend or city["name"] in shown, (rel, sorted(shown)[:5])


def views(site: Path) -> list[Path]:
    """Every chart drawing of a site, as ``<page folder>/<figure id>`` (relative to it), and
    the drawings pages share, as their files."""
    return [
        svg.parent.relative_to(site) / name
        for svg in site.rglob("*.svg")
        for name in re.findall(r'<view id="([^"]+)"', svg.read_text(encoding="utf-8"))
    ] + [svg.relative_to(site) for svg in site.rglob("charts/peers-*.svg")]


def drawing(site: Path, view: Path) -> str:
    """One chart's drawing in its page's charts.svg: the nested SVG its view shows; a shared
    drawing's file."""
    if view.suffix == ".svg":
        return (site / view).read_text(encoding="utf-8") if (site / view).is_file() else ""
    path = site / view.parent / "charts.svg"
    if not path.is_file():
        return ""
    sheet = path.read_text(encoding="utf-8")
    box = re.search(f'<view id="{re.escape(view.name)}" viewBox="0 (\\d+) ', sheet)
    if box is None:
        return ""
    found = re.search(f'<svg y="{box.group(1)}" .*?</svg>', sheet)
    if found is None:
        return ""
    # as drawn on its own: the page's shared styles written out, its ids without their prefix
    styles = dict(re.findall(r"\.([a-z]+)\{([^}]*)\}", sheet))
    drawn = re.sub(
        r'(id="|url\(#|href="#)d\d+-', r"\1", found.group(0)[found.group(0).index(">") :]
    )
    return re.sub(
        r' class="([a-z]+)"',
        lambda m: "".join(
            f' {k}="{v}"' for k, v in (rule.split(":", 1) for rule in styles[m.group(1)].split(";"))
        ),
        drawn,
    )
