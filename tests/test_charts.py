"""Chart specs as data: encodings, titles, units, and validity against the Vega-Lite schema."""

from __future__ import annotations

import json
import os
import posixpath
import re
from importlib import resources

import jsonschema
import pytest
from conftest import ROOT

from factsheets import build_site, chartspec, compiled, load_dataset, svg
from factsheets.figures import peers, trend
from factsheets.svg import render as _render


@pytest.fixture(scope="module")
def site():
    return build_site(load_dataset(ROOT / "data"))


@pytest.fixture(scope="module")
def validator():
    schema_file = resources.files("altair") / "vegalite/v6/schema/vega-lite-schema.json"
    schema = json.loads(schema_file.read_text())
    return jsonschema.Draft7Validator(schema)


def _specs(site):
    """Every chart's spec, as the browser puts it together from the page's figures.json and
    the template it names; by ``<page folder>/<figure id>``."""
    files = site.all_files()
    specs = {}
    for path, text in files.items():
        if not path.endswith("/figures.json"):
            continue
        folder = posixpath.dirname(path)
        for figure in json.loads(text)["figures"]:
            chart = figure["chart"]
            if "spec" in chart:
                spec = chart["spec"]
            else:
                template = files[posixpath.normpath(posixpath.join(folder, chart["template"]))]
                spec = chartspec.put_together(
                    json.loads(template), chart["patch"], figure["description"]
                )
            specs[f"{folder}/{figure['id']}"] = spec
    return specs


def test_each_chart_is_its_template_and_its_patch(site):
    """What a page's JSON holds of a chart puts together the very spec that was drawn, and
    charts share their templates."""
    from factsheets import derive, emit, i18n, pages, routes
    from factsheets.figures import Context
    from factsheets.pages import indexes
    from factsheets.store import FileStore

    ds = load_dataset(ROOT / "data")
    templates: dict = {}
    charts = 0
    with i18n.use("en"):
        ctx = Context(ds, derive.compute(ds))
        _, counts = emit.data_package(ds)
        for page in pages.every_page(ctx, indexes.headlines(ctx), counts):
            for figure in page.figures:
                # a chart's text alternative is its figure's (the JSON holds it once)
                assert figure.spec.get("description") == figure.description, page.src
                entry = emit.chart_entry(page.src, figure.spec, templates, FileStore(None))
                if "spec" in entry:
                    assert entry["spec"] == figure.spec
                    continue
                charts += 1
                path = posixpath.normpath(
                    posixpath.join(routes.folder(page.src), entry["template"])
                )
                template = json.loads(templates[path])
                assert chartspec.apply(template, entry["patch"]) == figure.spec, page.src
                # as the page's JSON holds it: the figure's description beside the chart
                held = emit.chart_entry(
                    page.src, figure.spec, templates, FileStore(None), None, figure.description
                )
                assert "description" not in held["patch"], page.src
                together = chartspec.put_together(template, held["patch"], figure.description)
                assert together == figure.spec, page.src
    assert charts >= 20
    assert 0 < len(templates) < charts / 2, sorted(templates)
    assert len(_specs(site)) >= charts


def test_a_patch_puts_back_every_kind_of_change():
    template = {"a": [1, {"b": 2, "c": [1, 2]}], "d": {"e": 1.5}, "f": "x", "g": None, "h": 1}
    value = {
        "a": [1, {"b": 3, "c": [1, 2, 3]}],
        "d": {"e": 2.0, "rows": [{"p": 1, "q": 2.5}, {"p": 2, "q": 3.0}, {"p": 3, "q": ""}]},
        "f": True,
        "g": {"k": [1]},
    }
    patch = chartspec.diff(template, value)
    assert chartspec.apply(template, patch) == value
    assert patch["$-"] == ["h"]
    assert patch["d"]["rows"] == {"$table": [["p", "q"], [1, 2.5], [2, 3], [3, ""]]}
    with pytest.raises(ValueError):
        chartspec.diff({}, {"$=": 1})


def test_every_generated_spec_is_valid_vega_lite(site, validator):
    specs = _specs(site)
    assert len(specs) >= 20, sorted(specs)
    for path, spec in specs.items():
        errors = list(validator.iter_errors(spec))
        assert not errors, (path, errors[0].message)


def test_every_chart_has_title_description_and_its_unit_once(site):
    """The unit is said once, in the subtitle: the value axis has no title of its own."""
    for path, spec in _specs(site).items():
        assert spec["title"]["text"], path
        assert spec["description"].endswith("."), path
        quantitative = False
        for layer in spec.get("layer", [spec]):
            for axis in ("x", "y"):
                enc = layer.get("encoding", {}).get(axis)
                if enc and enc["type"] == "quantitative" and "title" in enc:
                    quantitative = True
                    assert enc["title"] is None, (path, axis, enc["title"])
                elif enc and enc["type"] in ("ordinal", "temporal") and "title" in enc:
                    assert enc["title"], (path, axis)
        if quantitative:
            assert spec["title"]["subtitle"], path  # the unit


def test_trend_spec_encodes_year_and_value_with_unit():
    spec = trend.spec(
        [
            {"year": 2023, "value": 520, "flag": ""},
            {"year": 2024, "value": 450, "flag": "preliminary"},
        ],
        y_title="Violent crime rate (per 100,000 residents)",
        title="Violent crime rate in El Paso, 2023–2024",
        subtitle="",
        description="x.",
    )
    line = spec["layer"][0]
    assert line["mark"]["type"] == "line"
    assert line["encoding"]["x"]["field"] == "year"
    assert line["encoding"]["y"]["title"] is None  # the subtitle names the unit
    tip = spec["layer"][1]["mark"]["tooltip"]["expr"]
    assert '"Violent crime rate (per 100,000 residents)": format(' in tip
    assert spec["layer"][1]["encoding"]["shape"]["field"] == "flag"  # flagged years marked
    assert spec["data"]["values"][1]["value"] == 450


def test_peer_chart_highlights_the_place_and_draws_reference():
    rows = [
        {"name": "A", "value": 1, "highlight": True, "order": 0, "label": "1", "flag": ""},
        {"name": "B", "value": 2, "highlight": False, "order": 1, "label": "2", "flag": ""},
    ]
    spec = peers.spec(
        rows,
        x_title="Rate (per 100,000)",
        title="t",
        subtitle="",
        description="d.",
        reference=(1.5, "National 2024: 1.5"),
    )
    color = spec["layer"][0]["encoding"]["color"]
    assert color["condition"]["test"] == "datum.highlight"
    assert spec["layer"][2]["mark"]["type"] == "rule"
    assert spec["layer"][2]["data"]["values"][0]["reference"] == 1.5
    # the bars read the chart's rows, not a placeholder of their own
    assert all("data" not in layer for layer in spec["layer"][:2])
    drawn = _render(spec)
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", drawn)
    assert {"A", "B"} <= set(labels), labels
    assert "undefined" not in labels


def test_rates_and_counts_never_share_an_axis(site):
    for path, spec in _specs(site).items():
        titles = {
            json.dumps(lay["encoding"][ax].get("title"))
            for lay in spec.get("layer", [spec])
            for ax in ("x", "y")
            if ax in lay.get("encoding", {})
            and lay["encoding"][ax].get("type") == "quantitative"
            and "title" in lay["encoding"][ax]
        }
        assert len(titles) <= 1, (path, titles)


def test_charts_are_measured_with_the_renderers_own_fonts_not_the_machines():
    """The drawing must not depend on which fonts a machine has (a CI runner, a laptop): the
    renderer is pointed at a font setup that lists a folder without fonts, shipped with the
    package, before it draws anything."""
    conf = resources.files("factsheets") / "fonts" / "fonts.conf"
    assert conf.is_file(), "fonts/fonts.conf is missing from the package"
    folder = conf.parent
    fonts = [p.name for p in folder.iterdir() if p.name.lower().endswith((".ttf", ".otf", ".ttc"))]
    assert fonts == []
    assert '<dir prefix="relative">.</dir>' in conf.read_text()
    spec = trend.spec(
        [{"year": 2023, "value": 5.5, "flag": ""}, {"year": 2024, "value": 4.5, "flag": ""}],
        y_title="Homicides (per 100,000 residents)",
        title="Homicides in Ciudad Juárez, 2023–2024",
        subtitle="",
        description="x.",
    )
    assert "Ciudad Juárez" in _render(spec)
    assert os.environ["FONTCONFIG_FILE"] == str(conf)


def test_a_drawing_is_the_same_whatever_was_drawn_before_it():
    """Vega numbers gradient ids across everything it drew in a process: a map's legend would
    be drawn differently by a build that drew other maps first."""
    shaded = {
        "data": {"values": [{"x": 1, "y": 2, "v": 3}, {"x": 2, "y": 1, "v": 9}]},
        "mark": "point",
        "encoding": {
            "x": {"field": "x", "type": "quantitative"},
            "y": {"field": "y", "type": "quantitative"},
            "color": {"field": "v", "type": "quantitative"},
        },
    }
    first = _render(shaded)
    assert re.search(r'id="gradient_\d+"', first)
    other = {**shaded, "data": {"values": [{"x": 5, "y": 1, "v": 1}, {"x": 2, "y": 7, "v": 4}]}}
    _render(other)
    assert _render(shaded) == first


def test_a_country_with_more_cities_than_a_table_holds_points_to_the_full_table(monkeypatch):
    """Thousands of rows make a country page slow on a phone; above the limit it says how many
    cities there are and where to find them, instead of listing them."""
    from factsheets.pages import country

    ds = load_dataset(ROOT / "data")
    in_mexico = sum(1 for c in ds.cities.values() if c.country == "mx")
    assert in_mexico >= 2
    monkeypatch.setattr(country, "CITY_TABLE_MAX", in_mexico - 1)
    page = next(p for p in build_site(ds).pages if p.page.src == "countries/mx.md")
    md = page.markdown if isinstance(page.markdown, str) else page.markdown.read_text()
    assert f"{in_mexico} cities: too many to list on this page" in md
    assert re.search(r'<a href="[^"]*cities/[^"]*">cities by first letter</a>', md)
    assert "Cities in Mexico with their latest figures" not in md

    monkeypatch.setattr(country, "CITY_TABLE_MAX", in_mexico)
    page = next(p for p in build_site(ds).pages if p.page.src == "countries/mx.md")
    md = page.markdown if isinstance(page.markdown, str) else page.markdown.read_text()
    assert "Cities in Mexico with their latest figures" in md


def test_a_source_used_by_more_city_pages_than_a_list_holds_counts_them(monkeypatch):
    """At tens of thousands of cities the sources page would list every city page under each
    source (megabytes of links); above the limit it counts them and says where each figure's
    source is given, and still lists the other pages using the source."""
    from factsheets.pages import indexes

    ds = load_dataset(ROOT / "data")

    def sources_page() -> str:
        page = next(p for p in build_site(ds).pages if p.page.src == "sources/index.md")
        md = page.markdown
        return md if isinstance(md, str) else md.read_text(encoding="utf-8")

    entry = re.compile(r'<li id="source-axios-border-2024">(.*?)</li>\n(?=<li id=|</ol>)', re.S)
    listed = entry.search(sources_page())
    assert listed is not None
    cities = re.findall(r'<a href="\.\./cities/[a-z-]+/">', listed.group(1))
    assert len(cities) >= 2 and "Also used on" not in listed.group(1)

    monkeypatch.setattr(indexes, "CITY_TABLE_MAX", len(cities) - 1)
    counted = entry.search(sources_page())
    assert counted is not None
    assert re.findall(r'<a href="\.\./cities/[a-z-]+/">', counted.group(1)) == []
    assert f"Also used on {len(cities)} city pages: too many to list here." in counted.group(1)
    assert '(see <a href="../data/">Data</a>)' in counted.group(1)
    others = set(re.findall(r'<a href="(\.\./(?!cities/)[^"]+)">', listed.group(1)))
    assert others and others | {"../data/"} == set(
        re.findall(r'<a href="(\.\./[^"]+)">', counted.group(1))
    )


def _markdown(site, src: str) -> str:
    md = next(p for p in site.pages if p.page.src == src).markdown
    return md if isinstance(md, str) else md.read_text(encoding="utf-8")


def test_more_cities_than_a_table_holds_are_listed_by_first_letter(monkeypatch):
    """Above the limit, the cities page lists the first letters with their counts, and each
    letter has its page with the table of its cities: every city in exactly one table."""
    from factsheets.pages import indexes

    ds = load_dataset(ROOT / "data")
    names = {c.name for c in ds.cities.values()}
    monkeypatch.setattr(indexes, "CITY_TABLE_MAX", len(names) - 1)
    built = build_site(ds)
    index = _markdown(built, "cities/index.md")
    assert f"{len(names)} cities, listed by the first letter of their names" in index
    assert "<table" not in index
    letters = re.findall(r'<li><a href="by-letter/([a-z])/">([A-Z])</a> '
                         r'<span class="fs-muted">(\d+)</span></li>', index)  # fmt: skip
    expected = sorted({indexes.initial(n) for n in names})
    assert [upper for _, upper, _ in letters] == expected
    listed: list[str] = []
    for slug, upper, count in letters:
        page = _markdown(built, f"cities/by-letter/{slug}.md")
        assert f"# Cities: {upper}" in page
        assert f'<a href="./" aria-current="page">{upper}</a>' in page
        rows = re.findall(r'<tr><th scope="row"><a href="[^"]*">([^<]+)</a></th>', page)
        assert len(rows) == int(count) and all(indexes.initial(r) == upper for r in rows)
        listed += rows
    assert sorted(listed) == sorted(c.name for c in ds.cities.values())

    spanish = _markdown(build_site(ds, language="es"), "cities/by-letter/e.md")
    assert "# Ciudades: E" in spanish and "Ciudades de la E con sus cifras" in spanish


def test_a_city_is_listed_under_its_first_letter_without_accents():
    from factsheets.pages.indexes import initial, letter_slug

    assert [initial(n) for n in ("Ávila", "ñuñoa", "El Paso", "3 Rivers", "Łódź")] == [
        "A", "N", "E", "", "Ł"
    ]  # fmt: skip
    assert [letter_slug(k) for k in ("A", "", "Ł")] == ["a", "other", "u0141"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_chart_compiled_by_its_shape_is_the_chart_compiled_alone(language):
    """Drawings compile each shape of chart once and put each chart's rows and title in its
    place: the Vega that comes out must be what compiling the chart alone gives, for every chart
    of the site (trends, peers, maps, timelines, changes) in each language."""
    site = build_site(load_dataset(ROOT / "data"), language=language)
    vlc = svg._vl_convert()
    specs = [svg.static_spec(spec) for spec in _specs(site).values()]
    assert len(specs) >= 20
    shaped = 0
    for spec in specs:
        alone = vlc.vegalite_to_vega(spec)
        assert json.loads(compiled.vega_text(spec, vlc.vegalite_to_vega)) == alone, spec
        shaped += compiled._shape(spec) is not None
    assert shaped >= len(specs) * 0.9  # the shortcut is taken, not left for the slow way


def test_rows_the_compiler_would_change_are_compiled_as_they_are():
    vlc = svg._vl_convert()
    plain = {
        "data": {"values": [3, 1, 2]},  # plain values: the compiler wraps them in objects
        "mark": "bar",
        "encoding": {"x": {"field": "data", "type": "quantitative"}},
        "title": {"text": ["Two", "lines"], "subtitle": "one", "anchor": "start"},
    }
    assert json.loads(compiled.vega_text(plain, vlc.vegalite_to_vega)) == vlc.vegalite_to_vega(
        plain
    )
    shape, fills = compiled._shape(plain)
    assert shape["data"] == plain["data"]  # left as they are
    assert shape["title"]["anchor"] == "start" and len(shape["title"]["text"]) == 2
    assert sorted(json.loads(v) for v in fills.values() if v.startswith('"')) == [
        "Two",
        "lines",
        "one",
    ]
