"""How readers meet the site beyond a desktop screen: tables on a phone, a printed fact sheet,
the search, and a missing page; in Chromium, on the site served under a sub-path."""

from __future__ import annotations

import base64
import contextlib
import io
from urllib.parse import quote

import pytest
from conftest import CHART_BOXES

pypdf = pytest.importorskip("pypdf")

PHONE = {"width": 360, "height": 780}
#: Every "Show data" table of a page shown, as a reader who opens them all sees them.
OPEN_DATA = "document.querySelectorAll('details.fs-data').forEach(d => d.open = true)"


@contextlib.contextmanager
def screen(browser, width: int, height: int = 900):
    """A page in a browser window of its own, of that size."""
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture()
def phone(browser):
    with screen(browser, **PHONE) as pg:
        yield pg


@pytest.fixture()
def desktop(browser):
    with screen(browser, 1280) as pg:
        yield pg


# --- tables on a phone ---------------------------------------------------------------------

TABLE_PAGES = [
    "cities/el-paso/",
    "cities/chicago/",
    "countries/us/",
    "countries/mx/",
    "cities/",
    "countries/",
    "programs/",
    "data/",
    "contributing-data/",
    "es/programs/",
]

# For each table: how far it scrolls sideways, whether each row shows its value, change and
# source inside the screen, and the height of its tallest row.
TABLE_FACTS = """() => [...document.querySelectorAll('.fs-table-wrap')].map(wrap => {
  const rows = [...wrap.querySelectorAll('tbody tr')];
  const right = document.documentElement.clientWidth;
  const cells = rows.flatMap(r => [...r.cells]);
  return {
    name: wrap.getAttribute('aria-label'),
    scroll: wrap.scrollWidth - wrap.clientWidth,
    outside: cells.filter(c => c.textContent.trim() && c.getBoundingClientRect().right > right + 1)
      .map(c => c.textContent.trim()),
    unlabelled: cells.filter(c => c.localName === 'td' && c.textContent.trim()
      && !c.hasAttribute('data-label')).length,
    tallest: Math.max(0, ...rows.map(r => r.getBoundingClientRect().height)),
    inData: !!wrap.closest('.fs-data'),
  };
})"""


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_every_table_fits_a_phone_without_scrolling_sideways(phone, served, path):
    phone.goto(served.url(path), wait_until="networkidle")
    phone.evaluate(OPEN_DATA)
    tables = phone.evaluate(TABLE_FACTS)
    assert tables, "no table on " + path
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for t in tables:
        assert t["scroll"] <= 1, t
        assert t["outside"] == [], t
        assert t["unlabelled"] == 0, t  # every value is shown under its column's caption
        if t["inData"]:
            assert t["tallest"] < 280, t


# --- tables on a desktop screen and a tablet ------------------------------------------------

WIDE_PAGES = [
    "cities/",
    "es/cities/",
    "cities/el-paso/",
    "countries/us/",
    "data/",
    "contributing-data/",
]


@pytest.mark.parametrize("width", [1280, 800])
@pytest.mark.parametrize("path", WIDE_PAGES)
def test_every_table_fits_the_text_column_on_a_wider_screen(browser, served, path, width):
    """The cities index shows every column of its table on a desktop screen (its headings wrap
    their units, and the page has no sidebars there), and no table scrolls sideways by the few
    pixels Material's own table scroller stuck out of ours (a scrollbar under each table)."""
    with screen(browser, width) as pg:
        pg.goto(served.url(path), wait_until="networkidle")
        pg.evaluate(OPEN_DATA)
        tables = pg.evaluate(TABLE_FACTS)
    assert tables, "no table on " + path
    for t in tables:
        assert t["scroll"] <= 1, t
        assert t["outside"] == [], t


def test_material_s_table_scroller_is_in_the_pages_tables(desktop, served):
    """The case the test above guards against: the theme's script wraps our tables in its own
    scroller (so that test runs with it in place)."""
    desktop.goto(served.url("cities/el-paso/"), wait_until="networkidle")
    assert desktop.locator(".fs-table-wrap > .md-typeset__scrollwrap table").count() >= 3


def test_a_sort_button_shows_the_unit_under_the_indicator_and_the_arrow_beside_it(desktop, served):
    desktop.goto(served.url("cities/"), wait_until="networkidle")
    button = desktop.locator("table.fs-sortable thead th").nth(3).locator("button.fs-sort")
    name_box = button.locator(".fs-sort__label").bounding_box()
    unit_box = button.locator(".fs-sort__label > .fs-muted").bounding_box()
    assert button.locator(".fs-sort__label").inner_text().startswith("Violent crime rate")
    assert unit_box["y"] >= name_box["y"] + 10  # the unit on a line of its own
    arrow_left = button.evaluate(
        "b => b.getBoundingClientRect().right - parseFloat(getComputedStyle(b).paddingRight)"
        " - parseFloat(getComputedStyle(b, '::after').width)"
    )
    assert arrow_left >= name_box["x"] + name_box["width"]  # beside the words, not under them


#: The mean brightness (0-255) of each screenshot given, read back through a canvas.
BRIGHTNESS = """async (sources) => Promise.all(sources.map(async (src) => {
  const img = new Image(); img.src = src; await img.decode();
  const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
  const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, c.width, c.height).data; let sum = 0;
  for (let i = 0; i < d.length; i += 4) sum += (d[i] + d[i + 1] + d[i + 2]) / 3;
  return sum / (d.length / 4); }))"""


def test_a_table_wider_than_its_column_shows_a_shadow_on_the_side_with_more(browser, served):
    """A reader sees that a table goes on sideways: a shadow at the edge it continues past,
    none at an end it has reached."""
    with screen(browser, 800) as pg, screen(browser, 100, 100) as reader:
        pg.goto(served.url("cities/"), wait_until="networkidle")
        pg.evaluate(  # a city name too long for the column: the table overflows
            "() => { const a = document.querySelector('table.fs-sortable tbody th a');"
            " a.textContent = 'A city name long enough to push the table out of its column';"
            " a.style.whiteSpace = 'nowrap'; }"
        )
        # only the shadows are measured: the table's words and lines are made invisible
        pg.add_style_tag(
            content=".fs-table-wrap table, .fs-table-wrap table * { color: transparent !important;"
            " border-color: transparent !important; text-decoration: none !important; }"
        )
        wrap = pg.locator(".fs-table-wrap").first
        assert wrap.evaluate("e => e.scrollWidth - e.clientWidth") > 50
        box = wrap.bounding_box()
        top = box["y"] + box["height"] / 2  # within the rows, away from their borders

        def edges() -> list[float]:
            strip = {"y": top, "width": 6, "height": 40}
            shots = [
                pg.screenshot(clip={**strip, "x": box["x"] + 2}),
                pg.screenshot(clip={**strip, "x": box["x"] + box["width"] - 8}),
            ]
            urls = ["data:image/png;base64," + base64.b64encode(s).decode() for s in shots]
            return reader.evaluate(BRIGHTNESS, urls)

        left, right = edges()
        assert right < left - 8, (left, right)  # more to the right: its edge is shaded
        wrap.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
        left, right = edges()
        assert left < right - 8, (left, right)  # the end reached: the shadow moved left


def test_latest_figures_show_value_change_and_source_on_a_phone(phone, served):
    phone.goto(served.url("cities/el-paso/"), wait_until="networkidle")
    latest = phone.locator(".fs-stack[aria-label^='Latest value of each indicator']")
    row = latest.locator("tbody tr").first
    text = row.inner_text()
    for words in ("450", "down 13.5% from 520 in 2023", "Axios"):
        assert words in text
    captions = row.locator("td").evaluate_all(
        "cs => cs.map(c => getComputedStyle(c, '::before').content)"
    )
    assert captions == ['"Year"', '"Value"', '"Unit"', '"Change"', '"Source"']
    for cell in row.locator("td").all():
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_cities_table_sorts_on_a_phone(phone, served):
    phone.goto(served.url("cities/"), wait_until="networkidle")
    table = phone.locator("table.fs-sortable")
    header = table.locator("thead th").nth(3)  # violent crime rate
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert table.locator("tbody tr").first.locator("th").inner_text() == "El Paso"


def test_show_data_toggle_shows_a_table_icon(desktop, served):
    desktop.goto(served.url("cities/el-paso/"), wait_until="networkidle")
    mask = desktop.locator("details.fs-data > summary").first.evaluate(
        "e => getComputedStyle(e, '::before').maskImage"
    )
    assert "M5 4h14a2 2 0 0 1 2 2v12" in mask  # Material Design Icons' "table", not the pencil


def test_a_printed_table_has_no_sort_arrows(desktop, served):
    """Sort buttons are for the screen: on paper a column heading is its words alone."""
    desktop.goto(served.url("cities/"), wait_until="networkidle")
    buttons = desktop.locator("table.fs-sortable th .fs-sort")
    assert buttons.count() == 5
    arrows = "bs => bs.map(b => getComputedStyle(b, '::after').content)"
    assert "none" not in buttons.evaluate_all(arrows)  # on the screen: an arrow each
    desktop.emulate_media(media="print")
    assert set(buttons.evaluate_all(arrows)) == {"none"}


# --- the printed fact sheet ---------------------------------------------------------------

PRINTED = {
    "cities/el-paso/": 2,
    "cities/chicago/": 2,
    "cities/atlanta/": 2,  # a city without figures
    "countries/us/": 3,
    "countries/mx/": 3,
    "programs/previ/": 3,
}

# @page margins in factsheets.css: text outside them is the page number.
TOP_MARGIN_PT, BOTTOM_MARGIN_PT = 12 / 25.4 * 72, 14 / 25.4 * 72


def blank_fractions(pdf: bytes) -> list[float]:
    """For each printed page, the share of its text area left blank: above the first and below
    the last line of text (charts are measured by their axis labels)."""
    fractions = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)
        area = height - TOP_MARGIN_PT - BOTTOM_MARGIN_PT
        ys: list[float] = []

        def visit(text, cm, tm, font, size, ys=ys, height=height):
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text.strip() and BOTTOM_MARGIN_PT < y < height - TOP_MARGIN_PT:
                ys.append(y)

        page.extract_text(visitor_text=visit)
        used = (max(ys) - min(ys) + 12) if ys else 0  # + one line: a baseline is not its top
        fractions.append(round(max(0.0, 1 - used / area), 2))
    return fractions


@pytest.mark.parametrize("paper", ["Letter", "A4"])
@pytest.mark.parametrize("path", list(PRINTED))
def test_printed_fact_sheet_is_short_and_full(desktop, served, path, paper):
    desktop.goto(served.url(path), wait_until="networkidle")
    desktop.emulate_media(media="print")
    pdf = desktop.pdf(format=paper)
    blank = blank_fractions(pdf)
    assert len(blank) <= PRINTED[path], blank
    assert all(b <= 1 / 3 for b in blank[:-1]), blank  # no page a third blank but the last
    assert blank[-1] < 1, blank  # and no empty page at the end


def test_printed_page_has_header_and_footer_and_no_site_chrome(desktop, served):
    desktop.goto(served.url("cities/el-paso/"), wait_until="networkidle")
    desktop.emulate_media(media="print")
    header = desktop.locator(".fs-print-header")
    assert header.is_visible()
    assert "Crime and Violence Prevention Fact Sheets" in header.inner_text()
    assert "El Paso" in header.inner_text()
    footer = desktop.locator(".fs-print-footer")
    assert footer.is_visible()
    assert served.url("cities/el-paso/") in footer.inner_text()
    assert "Data up to 2024" in footer.inner_text()
    for chrome in (".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-search"):
        assert not desktop.locator(chrome).first.is_visible(), chrome
    # each chart's title prints once: drawn in the chart, not again in its caption
    assert desktop.locator(".fs-figure__title").count() >= 1
    assert not desktop.locator(".fs-figure__title").first.is_visible()
    printed = pypdf.PdfReader(io.BytesIO(desktop.pdf(format="Letter"))).pages
    text = " ".join(" ".join(page.extract_text() for page in printed).split())
    assert text.count("Violent crime rate in El Paso, 2023–2024") == 1
    # later pages name the site in their top margin, and every page has its number
    desktop.goto(served.url("countries/us/"), wait_until="networkidle")
    desktop.emulate_media(media="print")
    pages = pypdf.PdfReader(io.BytesIO(desktop.pdf(format="A4"))).pages
    assert len(pages) >= 2
    assert "Crime and Violence Prevention Fact Sheets" in pages[1].extract_text()
    assert f"2 / {len(pages)}" in pages[1].extract_text()


#: The width of the text on paper, in CSS pixels: the paper less the @page side margins (13 mm).
TEXT_WIDTH_PX = {"Letter": 8.5 * 96 - 2 * 13 / 25.4 * 96, "A4": (210 - 2 * 13) / 25.4 * 96}

#: The smallest words of a chart drawing, in px (test_chart_drawings checks the drawings).
DRAWN_WORDS_PX = 12


@pytest.mark.parametrize("paper", ["Letter", "A4"])
@pytest.mark.parametrize("path", ["cities/el-paso/", "countries/us/", "es/cities/el-paso/"])
def test_printed_charts_are_readable_two_to_a_row(browser, served, path, paper):
    """On paper a chart's words print at 6 pt or more: charts share a row, two side by side,
    each as wide as it was drawn and at most 2.7 in high (shrunk to 1.9 in high under one
    another, a city's trend chart printed its words at 5 pt). A mark stays on its drawing."""
    with screen(browser, round(TEXT_WIDTH_PX[paper])) as page:
        page.goto(served.url(path), wait_until="networkidle")
        page.emulate_media(media="print")
        charts = page.evaluate(CHART_BOXES)
    assert len(charts) >= 3, charts
    for chart in charts:
        (width, height), box = chart["drawn"], chart["width"]
        assert box >= 0.97 * min(width, 340), chart  # 98% on A4, whose half is 339.5 px
        scale = min(box / width, chart["height"] / height)  # the drawing is fitted in its box
        assert DRAWN_WORDS_PX * scale * 0.75 >= 6, chart  # px to pt
        if chart["marks"]:
            assert chart["marks"] == [chart["left"], chart["top"], box, chart["height"]], chart
    rows: dict[int, list[float]] = {}
    for chart in charts:
        rows.setdefault(round(chart["top"]), []).append(chart["left"])
    assert any(len(lefts) == 2 for lefts in rows.values()), charts  # two charts side by side
    assert all(len(lefts) <= 2 for lefts in rows.values()), charts


#: Each figure of a page as it prints: the height its chart was drawn at, whether the figure,
#: its chart (live or drawn), its drawing and its table show, the row headings' left edges
#: (a column of rows each), the column headings that show and all of them, the size of the
#: table's words in px, and its first row's text.
PRINTED_FIGURES = """() => [...document.querySelectorAll('figure.fs-figure')].map(fig => {
  // (the inside of a closed <details> still has a size, but is not visible)
  const shows = el => !!el && el.checkVisibility() && el.getBoundingClientRect().height > 0;
  const img = fig.querySelector('.fs-chart > img'), table = fig.querySelector('table');
  const heads = [...table.querySelectorAll('thead th')].filter(shows);
  const rows = [...table.querySelectorAll('tbody th[scope=row]')];
  return {id: fig.id, drawn: +img.getAttribute('height'), figure: shows(fig),
          chart: shows(fig.querySelector('.fs-chart')), drawing: shows(img),
          table: shows(table), rows: rows.length,
          lefts: [...new Set(rows.map(th => Math.round(th.getBoundingClientRect().left)))],
          heads: heads.map(th => th.textContent),
          columns: [...table.querySelectorAll('thead th')].map(th => th.textContent),
          words: parseFloat(getComputedStyle(table.querySelector('td')).fontSize),
          first: table.querySelector('tbody tr').innerText.split('\\t')};
})"""


@pytest.fixture(scope="module")
def synthetic_served(synthetic_site):
    from conftest import free_port, serve_folder

    port = free_port()
    server = serve_folder(synthetic_site, port)
    yield f"http://127.0.0.1:{port}/"
    server.shutdown()


@pytest.mark.parametrize("path", ["countries/us/", "es/countries/mx/"])
def test_a_chart_too_tall_to_print_readably_prints_its_table(browser, synthetic_served, path):
    """A country's ranking of 30 cities is drawn 870 px high: in the 2.7 in a chart has on
    paper its words would print at 2 pt. Its table prints instead, rows in two columns across
    the page, without the Source column (the caption names every source). On the screen
    nothing changes: the drawing shows and the table waits behind "Show data"."""
    with screen(browser, round(TEXT_WIDTH_PX["Letter"])) as page:
        page.goto(synthetic_served + path, wait_until="networkidle")
        on_screen = page.evaluate(PRINTED_FIGURES)
        page.emulate_media(media="print")
        printed = page.evaluate(PRINTED_FIGURES)
        pdf = page.pdf(format="Letter")
        timeline = page.locator("ol.fs-timeline")
        timeline_prints = timeline.count() == 0 or timeline.is_visible()
    assert all(f["chart"] and not f["table"] for f in on_screen), on_screen  # live or drawn
    # drawings whose words would print under 6 pt in the 2.7 in a printed chart has
    tall = [f for f in printed if DRAWN_WORDS_PX * 0.75 * 2.7 * 96 / f["drawn"] < 6]
    assert len(tall) >= 3, printed  # a ranking and a change chart for each indicator
    for fig in printed:
        if fig not in tall:
            assert fig["drawing"] and not fig["table"], fig
        elif fig["id"] == "fig-timeline-programs":  # the list after it says the same
            assert not fig["figure"], fig
        else:
            assert fig["table"] and not fig["drawing"], fig
            assert fig["rows"] >= 20 and len(fig["lefts"]) == 2, fig
            assert not {"Source", "Fuente"} & set(fig["heads"]), fig
            assert fig["words"] * 0.75 >= 6, fig  # px to pt
    assert timeline_prints
    sourced = [f for f in tall if {"Source", "Fuente"} & set(f["columns"])]
    assert sourced, tall  # a ranking of cities whose figures come from two sources
    text = " ".join(
        " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages).split()
    )
    for fig in printed:
        if fig["table"]:
            assert " ".join(fig["first"][:2]) in text, fig
    assert all(b <= 1 / 3 for b in blank_fractions(pdf)[:-1])


# --- search ---------------------------------------------------------------------------------


def search(page, served, query: str) -> list[str]:
    """The addresses of the results of Material's own search, in their order."""
    page.goto(served.url("?q=" + quote(query)), wait_until="networkidle")  # opens the search
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    page.wait_for_timeout(300)  # results for the whole query, not a prefix of it
    links = page.locator(".md-search-result__item > .md-search-result__link")
    return [h.removeprefix(served.base) for h in links.evaluate_all("es => es.map(e => e.href)")]


@pytest.mark.parametrize(
    "query, first",
    [
        ("PREVI", "programs/previ/"),
        ("El Paso", "cities/el-paso/"),
        ("Mexico", "countries/mx/"),
        ("community policing", "strategies/"),
        ("Border cities", "groups/border/"),
        ("JPV", "programs/jpv/"),
        ("Violence Prevention and Reduction Activity", "programs/previ/"),
        ("Chicago", "cities/chicago/"),
        ("United States", "countries/us/"),
        ("Youth engagement", "strategies/"),
    ],
)
def test_search_lists_the_things_own_page_first(desktop, served, query, first):
    results = search(desktop, served, query)
    assert results and results[0].split("#")[0].split("?")[0] == first, results[:5]


def _index_requests(page) -> list[str]:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "search_index.json" in r.url else None)
    return asked


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_search_index_is_downloaded_when_a_reader_turns_to_the_search(
    desktop, phone, served, screen
):
    """A page does not download the search index (megabytes on a large site) with itself; a
    reader who opens the search gets it, and the search finds pages as before."""
    page = desktop if screen == "desktop" else phone
    asked = _index_requests(page)
    page.goto(served.url("cities/el-paso/"), wait_until="networkidle")
    page.wait_for_timeout(1000)
    assert asked == []
    if screen == "desktop":
        page.locator("input.md-search__input").click()
    else:
        page.locator("label.md-header__button[for='__search']").click()
    page.keyboard.type("Chicago")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert len(asked) == 1
    first = page.locator(".md-search-result__item > .md-search-result__link").first
    assert first.get_attribute("href").split("#")[0].split("?")[0].endswith("cities/chicago/")


def test_the_search_key_asks_for_the_index_and_other_keys_do_not(desktop, served):
    asked = _index_requests(desktop)
    desktop.goto(served.url("countries/us/"), wait_until="networkidle")
    desktop.keyboard.press("ArrowDown")
    desktop.keyboard.press("Tab")
    desktop.wait_for_timeout(500)
    assert asked == []
    desktop.keyboard.press("Escape")
    desktop.keyboard.press("/")  # the theme's key for the search
    desktop.wait_for_function("document.getElementById('__search').checked")
    desktop.keyboard.type("PREVI")
    desktop.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert len(asked) == 1


def test_search_index_keeps_word_boundaries(served):
    import json

    index = json.loads((served.site / "search" / "search_index.json").read_text("utf-8"))
    text = " ".join(d["title"] + " " + d["text"] for d in index["docs"])
    for glued in ("namePREVI", "Short namePREVI", "StatesRegion", "levelhigh", "TexasGroups"):
        assert glued not in text
    maintainers = [d for d in index["docs"] if d["location"].startswith(("contributing", "scale"))]
    assert maintainers and all(d.get("boost") == 0.5 for d in maintainers)


def test_search_leaves_out_figures_and_keeps_the_sentences(served):
    """A city page's search entries hold what it says in words, not its figures' titles,
    sources and tables (about a third of its entries' text)."""
    import json

    index = json.loads((served.site / "search" / "search_index.json").read_text("utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith("cities/el-paso/")]
    text = " ".join(d["title"] + " " + d["text"] for d in docs)
    assert "In 2024 El Paso recorded 450 violent crimes per 100,000 residents" in text
    for words in ("Violent crime rate in El Paso, 2023–2024", "El Paso in Texas, United States"):
        assert words not in text
    assert "Show data" not in text and "data (CSV)" not in text


# --- a missing page -------------------------------------------------------------------------


def test_missing_page_links_home_and_to_search_under_the_sub_path(desktop, served):
    response = desktop.goto(served.url("no/such/deep/page/"))
    assert response.status == 404
    article = desktop.locator("article")
    assert "Page not found" in article.inner_text()
    article.get_by_role("link", name="Go to the home page").click()
    desktop.wait_for_url(served.url(""))
    desktop.goto(served.url("no/such/deep/page/"))
    desktop.locator("article").get_by_role("link", name="Search the fact sheets").click()
    desktop.wait_for_url(served.url("") + "*")
    desktop.wait_for_function("document.getElementById('__search').checked")  # search is open
    assert desktop.locator("input.md-search__input").evaluate("e => e === document.activeElement")
