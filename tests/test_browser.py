"""The site in a real browser, served under a sub-path as on GitHub Pages."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

PAGE_TYPES = {
    "home": "",
    "countries index": "countries/",
    "country": "countries/mx/",
    "cities index": "cities/",
    "city": "cities/el-paso/",
    "program": "programs/previ/",
    "group": "groups/border/",
    "strategies": "strategies/",
    "sources": "sources/",
    "data": "data/",
    "404": "no-such-page/",
}

CHARTS_DONE = """() => [...document.querySelectorAll('.fs-chart')].every(
  e => e.dataset.fsChart === 'live' || e.dataset.fsChart === 'failed')"""


class Watch:
    """Everything a page did that a reader should never meet."""

    def __init__(self, page, base: str):
        self.problems: list[str] = []
        host = urlparse(base).netloc
        # (the 404 page's own status is logged by Chromium as a console error: that one is expected)
        page.on(
            "console",
            lambda m: (
                m.type == "error"
                and "no-such-page" not in (m.location or {}).get("url", "")
                and self.problems.append(f"console error: {m.text}")
            ),
        )
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on(
            "requestfailed", lambda r: self.problems.append(f"failed request: {r.url} {r.failure}")
        )
        page.on(
            "request",
            lambda r: (
                urlparse(r.url).netloc not in (host, "")
                and not r.url.startswith(("data:", "blob:"))
                and self.problems.append(f"request to another host: {r.url}")
            ),
        )
        page.on(
            "response",
            lambda r: (
                r.status >= 400
                and "no-such-page" not in r.url
                and self.problems.append(f"HTTP {r.status}: {r.url}")
            ),
        )
        page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


def show_all_charts(page) -> None:
    """Charts turn interactive as they come into view: scroll each one into view."""
    charts = page.locator(".fs-chart")
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()
    page.wait_for_function(CHARTS_DONE, timeout=30_000)


def open_page(page, served, path: str) -> Watch:
    watch = Watch(page, served.base)
    page.goto(served.url(path), wait_until="networkidle")
    show_all_charts(page)
    settle(page)
    return watch


def settle(page) -> None:
    """Back at the top of the page with nothing moving: scrolling through the page shows the
    theme's back-to-top button, whose fading colours a contrast check would otherwise read."""
    page.evaluate("window.scrollTo(0, 0)")
    # the theme shows its tabs again at the top once its scroll handler has run, and they fade
    # in one after the other: wait for that before waiting for every animation to end
    page.wait_for_function("() => !document.querySelector('.md-tabs[hidden]')", timeout=10_000)
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running')", timeout=10_000
    )


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_type_is_clean_in_the_browser(page, served, name):
    path = PAGE_TYPES[name]
    watch = open_page(page, served, path)
    assert watch.problems == []
    charts = page.locator(".fs-chart").count()
    assert page.locator(".fs-chart--live").count() == charts
    if name in ("country", "city", "group"):
        assert charts >= 1
        assert page.locator(".fs-chart--live svg.marks").count() == charts  # drawn by Vega
    if name == "404":
        assert "404" in page.locator("article").inner_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_serious_accessibility_violation(browser, served, name, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    open_page(page, served, PAGE_TYPES[name])
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.dataset.mdColorScheme") == expected
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    context.close()
    assert serious == []


def test_without_javascript_charts_are_svg_and_tables_open(browser, served):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for path in ("cities/el-paso/", "countries/mx/", "groups/major-city/"):
        page.goto(served.url(path))
        charts = page.locator(".fs-chart")
        assert charts.count() >= 1
        for i in range(charts.count()):
            img = charts.nth(i).locator("img")
            img.scroll_into_view_if_needed()
            page.wait_for_function(
                "e => e.complete && e.naturalWidth > 0", arg=img.element_handle()
            )
            box = img.bounding_box()
            assert box and box["width"] > 200 and box["height"] > 80, (path, i)
            src = img.get_attribute("src")
            # a view of the page's one drawings file, or a drawing pages share
            assert src.startswith("charts.svg#") or src.endswith(".svg"), src
            # shown in the proportions of its own drawing, not of the whole file
            ratio = int(img.get_attribute("width")) / int(img.get_attribute("height"))
            assert abs(box["width"] / box["height"] - ratio) < 0.02, (path, i)
            assert img.get_attribute("alt") == ""  # the chart's text alternative is its box's
            assert charts.nth(i).get_attribute("aria-label")
        # the chart's own spec needs the script to be put together: the script makes its link
        assert page.locator(".fs-downloads").first.is_visible()
        assert page.locator("a[data-fs-download=spec]").count() == 0
        details = page.locator("details.fs-data").first
        details.locator("summary").click()
        assert details.locator("table").is_visible()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_theme_icons_are_drawn_on_a_phone(browser, served, scheme):
    """The header's icons come from the site's stylesheet (not inline in each page): each is
    drawn, square, in the colour of its button, on a phone and in either colour scheme."""
    context = browser.new_context(viewport={"width": 360, "height": 640}, color_scheme=scheme)
    page = context.new_page()
    page.goto(served.url("cities/el-paso/"), wait_until="networkidle")
    icons = page.evaluate(
        """() => [...document.querySelectorAll(".md-header .fs-i")]
          .filter(el => el.getClientRects().length)
          .map(el => {
            const s = getComputedStyle(el), box = el.getBoundingClientRect();
            return {name: el.getAttribute("class"), w: box.width, h: box.height,
                    mask: s.maskImage || s.webkitMaskImage, paint: s.backgroundColor,
                    color: s.color};
          })"""
    )
    shown = {i["name"].split("--")[1] for i in icons}
    assert {"menu", "translate", "magnify"} <= shown, icons
    for icon in icons:
        assert icon["w"] == icon["h"] >= 16, icon  # square, at the size the theme gives it
        assert icon["mask"].startswith('url("data:image/svg+xml'), icon
        assert icon["paint"] == icon["color"], icon  # in its button's colour, as the theme's
    context.close()


def test_keyboard_reaches_skip_link_tables_and_downloads(page, served):
    open_page(page, served, "cities/el-paso/")
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.className + ' ' + document.activeElement.href")
    assert "md-skip" in first
    reached = set()
    for _ in range(400):
        page.keyboard.press("Tab")
        reached.add(
            page.evaluate(
                "(() => { const e = document.activeElement;"
                " return e.tagName + ':' + (e.getAttribute('href') || e.textContent.trim()); })()"
            )
        )
        if any(r.startswith("A:") and r.endswith("/cities/el-paso/figures.json") for r in reached):
            break
    # (the theme's instant navigation makes every href absolute)
    assert any(r.startswith("SUMMARY:Show data") for r in reached), reached
    # each chart's downloads (made on click from the page's files) and the page's own
    assert any(r.endswith("/cities/el-paso/figures.csv") for r in reached)
    assert any(r.endswith("/cities/el-paso/figures.json") for r in reached)
    # a disclosure opens from the keyboard
    summary = page.locator("details.fs-data summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.fs-data").first.locator("table").is_visible()


def _figures_of(src: str, language: str = "en") -> dict:
    """The figures of one page as the build makes them (with their spec and rows)."""
    from conftest import ROOT

    from factsheets import derive, emit, i18n, load_dataset, pages
    from factsheets.figures import Context
    from factsheets.pages import indexes
    from factsheets.translate import localized

    ds = localized(load_dataset(ROOT / "data"), language)
    with i18n.use(language):
        ctx = Context(ds, derive.compute(ds))
        _, counts = emit.data_package(ds)
        for made in pages.every_page(ctx, indexes.headlines(ctx), counts):
            if made.src == src:
                return {f.id: f for f in made.figures}
    raise AssertionError(src)


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_chart_download_is_made_on_click_with_the_charts_own_bytes(browser, served, language):
    """A chart's "data (CSV)" and "chart (Vega-Lite JSON)" are put together in the browser from
    the page's figures.json and figures.csv: the same rows and spec the build made."""
    import json

    from factsheets.downloads import records_csv

    prefix = "" if language == "en" else "es/"
    expected = _figures_of("cities/el-paso.md", language)
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    watch = Watch(page, served.base)
    page.goto(served.url(prefix + "cities/el-paso/"), wait_until="networkidle")
    lists = page.locator(".fs-figure .fs-downloads")
    assert lists.count() == len(expected) == 3
    for i in range(lists.count()):
        fid = page.locator(".fs-figure").nth(i).get_attribute("id").removeprefix("fig-")
        figure = expected[fid]
        with page.expect_download() as got:
            lists.nth(i).locator("a[data-fs-download=csv]").click()
        assert got.value.suggested_filename == f"{fid}.csv"
        data = Path(got.value.path()).read_bytes()
        assert data == records_csv(figure.records).encode("utf-8"), fid
        spec_link = lists.nth(i).locator("a[data-fs-download=spec]")
        assert spec_link.is_visible()  # the script adds the link it can serve, in the page's words
        words = {"en": "chart (Vega-Lite JSON)", "es": "gráfica (Vega-Lite JSON)"}[language]
        assert spec_link.inner_text() == words
        with page.expect_download() as got:
            spec_link.click()
        assert got.value.suggested_filename == f"{fid}.vl.json"
        spec = json.loads(Path(got.value.path()).read_bytes())
        assert spec == json.loads(json.dumps(figure.spec)), fid
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert watch.problems == []
    context.close()


def test_without_javascript_a_charts_csv_link_gets_the_pages_table(browser, served):
    """Without the script the "data (CSV)" link of a chart downloads the page's figures.csv,
    which holds every chart's rows under its id."""
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(served.url("cities/el-paso/"))
    with page.expect_download() as got:
        page.locator("#fig-trend-violent-crime-rate a[data-fs-download=csv]").click()
    data = Path(got.value.path()).read_bytes()
    assert data == (served.site / "cities/el-paso/figures.csv").read_bytes()
    assert b"\ntrend-violent-crime-rate,el-paso,El Paso,violent-crime-rate," in data
    context.close()


def test_instant_navigation_renders_charts_on_each_page(page, served):
    watch = open_page(page, served, "")
    page.evaluate("window.__notReloaded = true")
    steps = [
        ("a[href$='countries/mx/']", "countries/mx/", "Mexico"),
        ("article a[href$='cities/mexicali/']", "cities/mexicali/", "Mexicali"),
        (
            "article a[href$='programs/civic-justice-police/']",
            "programs/civic-justice-police/",
            "Financing Local Police under Civic Justice",
        ),
        ("article a[href$='countries/mx/']", "countries/mx/", "Mexico"),
    ]
    for selector, target, heading in steps:
        page.locator(selector).first.click()
        # the theme may add the heading in view to the address (#sources) as the page settles
        page.wait_for_url(lambda url, target=target: url.split("#")[0] == served.url(target))
        page.locator("article h1", has_text=heading).wait_for()
        show_all_charts(page)
        assert page.locator(".fs-chart").count() == page.locator(".fs-chart--live").count()
    assert page.evaluate("window.__notReloaded === true")  # instant navigation, no reload
    assert page.locator(".fs-chart--live").count() >= 1
    # and on to a US city with several charts
    page.goto(served.url("countries/us/"))
    page.locator("article a[href$='cities/el-paso/']").first.click()
    page.wait_for_url(served.url("cities/el-paso/"))
    page.locator("article h1", has_text="El Paso").wait_for()
    show_all_charts(page)
    assert page.locator(".fs-chart--live").count() == 3  # its map and two charts
    assert watch.problems == []


def test_maps_show_the_city_without_javascript_and_live(browser, served):
    """Without JavaScript (and on paper) the country's shared drawing shows with the city's
    mark over it, where Vega put it; live, the map loads the boundaries the site ships."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served.url("cities/el-paso/"))
    locator = page.locator("#fig-map-locator .fs-map")
    img = locator.locator("img")
    img.scroll_into_view_if_needed()
    page.wait_for_function("e => e.complete && e.naturalWidth > 0", arg=img.element_handle())
    assert img.get_attribute("src").endswith("maps/us-texas.svg")
    box, mark = img.bounding_box(), locator.locator("circle").bounding_box()
    assert box and mark
    # the mark lands where Vega placed El Paso on the drawing, at any width the image is shown
    circle = locator.locator("circle")
    cx, cy = float(circle.get_attribute("cx")), float(circle.get_attribute("cy"))
    _, _, width, height = (
        float(v) for v in locator.locator("svg").get_attribute("viewBox").split()
    )
    assert abs(mark["x"] + mark["width"] / 2 - (box["x"] + box["width"] * cx / width)) < 3
    assert abs(mark["y"] + mark["height"] / 2 - (box["y"] + box["height"] * cy / height)) < 3
    page.emulate_media(media="print")  # printed, the drawing and its mark print too
    assert img.is_visible() and locator.locator("circle").is_visible()
    assert locator.get_attribute("aria-label").startswith("Map of United States")
    context.close()
    page = browser.new_page()
    watch = Watch(page, served.base)
    page.goto(served.url("cities/el-paso/"), wait_until="networkidle")
    show_all_charts(page)
    live = page.locator("#fig-map-locator .fs-chart--live svg.marks")
    assert live.locator("path").count() > 50  # the states, loaded from maps/us.topo.json
    assert watch.problems == []
    page.close()


def test_cities_table_sorts_by_clicked_column(page, served):
    open_page(page, served, "cities/")
    table = page.locator("table.fs-sortable")

    def first_city():
        return table.locator("tbody tr").first.locator("th").inner_text()

    assert first_city() == "Atlanta"
    header = table.locator("thead th").nth(3)  # violent crime rate
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert first_city() == "El Paso"  # 450, the lowest rate
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert first_city() == "Miami"  # 680
    table.locator("thead th").first.locator("button").click()
    assert first_city() == "Atlanta"


def test_hostile_names_open_no_dialog(browser, tmp_path, data_copy):
    from conftest import build_and_serve

    for old, new in (
        ("  name: El Paso\n", '  name: "<script>alert(1)</script>"\n'),
        ("  name: Miami\n", '  name: "<img src=x onerror=alert(2)>"\n'),
    ):
        path = data_copy / "cities.yaml"
        path.write_text(path.read_text().replace(old, new))
    served, server = build_and_serve(tmp_path, data_dir=data_copy)
    try:
        context = browser.new_context()
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ("cities/el-paso/", "cities/miami/", "groups/border/", "cities/", ""):
            page.goto(served.url(path), wait_until="networkidle")
            show_all_charts(page)
        page.goto(served.url("cities/el-paso/"))
        heading = page.locator("article h1").evaluate("e => e.firstChild.textContent")
        assert heading == "<script>alert(1)</script>"  # shown as text
        assert dialogs == []
        context.close()
    finally:
        server.shutdown()


def test_live_charts_print_as_their_static_drawings(page, served):
    """A live chart is as wide as the screen it was drawn for (476 px on a desktop); printed,
    it would be shrunk to the paper's half and its words to 6 pt. The static drawing, kept
    hidden under it, prints instead, at the size it was drawn for, with its marks."""
    from conftest import CHART_BOXES

    watch = open_page(page, served, "cities/el-paso/")
    shown = page.evaluate(CHART_BOXES)
    assert len(shown) == 3 and {c["state"] for c in shown} == {"live"}, shown
    assert all(c["live"] and not c["img"] for c in shown), shown  # on screen: the live chart
    page.emulate_media(media="print")
    printed = page.evaluate(CHART_BOXES)
    assert all(c["img"] and not c["live"] for c in printed), printed  # on paper: the drawing
    for c in printed:  # at its drawn size, a mark over it covering it exactly
        assert c["width"] == c["drawn"][0] == 340, c
        assert c["marks"] is None or c["marks"][:3] == [c["left"], c["top"], c["width"]], c
    page.emulate_media(media="screen")
    assert page.evaluate(CHART_BOXES) == shown
    assert watch.problems == []


def test_printed_fact_sheet_has_charts_and_sources_without_navigation(page, served):
    open_page(page, served, "cities/el-paso/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator(".fs-chart svg, .fs-chart img").first.is_visible()
    assert page.locator("ol.fs-sources").is_visible()
    footer = page.locator(".fs-print-footer")
    assert footer.is_visible()
    assert served.url("cities/el-paso/") in footer.inner_text()
    assert "Data up to 2024" in footer.inner_text()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_vega_loads_only_when_a_chart_comes_into_view(browser, served):
    context = browser.new_context(viewport={"width": 400, "height": 300})
    page = context.new_page()
    loaded = []
    page.on("request", lambda r: "vega-bundle.js" in r.url and loaded.append(r.url))
    page.goto(served.url("cities/el-paso/"), wait_until="networkidle")
    assert loaded == []  # the first screen shows no chart: nothing loaded yet
    assert page.locator(".fs-chart > img").count() >= 2  # the static charts are there
    show_all_charts(page)
    assert len(loaded) == 1
    page.goto(served.url("about/"), wait_until="networkidle")
    context.close()


def test_charts_in_view_turn_live_only_once_the_reader_acts(browser, served):
    """A page that has just opened loads no chart script, even with charts in view (nothing
    blocks it while a phone reads the page); the first scroll, touch, pointer move or key
    turns the charts seen so far live."""
    context = browser.new_context(viewport={"width": 1280, "height": 2000})
    page = context.new_page()
    loaded = []
    page.on("request", lambda r: "vega-bundle.js" in r.url and loaded.append(r.url))
    page.goto(served.url("cities/el-paso/"), wait_until="networkidle")
    page.wait_for_timeout(500)
    assert page.locator(".fs-chart").first.is_visible()
    assert loaded == [] and page.locator(".fs-chart--live").count() == 0
    page.mouse.move(200, 200)
    page.wait_for_function(
        "() => document.querySelector('#fig-map-locator .fs-chart').dataset.fsChart === 'live'",
        timeout=30_000,
    )
    assert len(loaded) == 1
    context.close()
