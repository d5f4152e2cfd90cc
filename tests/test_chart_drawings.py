"""The static chart drawings as a browser shows them: no label runs into another or off the
drawing, for the default data and for many cities with long names, and on a phone every
chart's text is at least 11 px high."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, launch_chromium

from factsheets import build_site, load_dataset
from factsheets.figures.base import CHART_CONFIG, NARROWEST
from factsheets.svg import STATIC_WIDTH

#: Every kind of chart, by the start of its file name.
KINDS = ("trend-", "peers-", "compare-", "change-", "timeline-")

#: Text boxes of every visible <text> of the SVG open in the page, in its viewBox units.
TEXT_BOXES = r"""() => {
  const svg = document.documentElement;
  const box = svg.viewBox.baseVal;
  const texts = [];
  for (const t of svg.querySelectorAll('text')) {
    if (!t.textContent.trim()) continue;
    let shown = true;
    for (let n = t; n && n !== svg; n = n.parentNode) {
      const style = getComputedStyle(n);
      if (style.display === 'none' || style.visibility === 'hidden' ||
          style.opacity === '0' || style.fillOpacity === '0') {
        shown = false;
      }
    }
    if (!shown) continue;
    const r = t.getBoundingClientRect();
    texts.push({text: t.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom});
  }
  return {width: box.width, height: box.height, texts: texts};
}"""

#: Overlaps and overhangs of less than this many pixels are antialiasing, not collisions.
TOLERANCE = 0.5


def collisions(measured: dict) -> list[str]:
    """Every text box outside the drawing, and every two text boxes that overlap."""
    found = []
    texts = measured["texts"]
    w, h = measured["width"] + TOLERANCE, measured["height"] + TOLERANCE
    for t in texts:
        if min(t["x0"], t["y0"]) < -TOLERANCE or t["x1"] > w or t["y1"] > h:
            found.append(f"outside the drawing: {t['text']!r}")
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            across = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            down = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
            if across > TOLERANCE and down > TOLERANCE:
                found.append(f"overlap: {a['text']!r} and {b['text']!r}")
    return found


def measure(browser, svgs: list[Path]) -> dict[str, list[str]]:
    """The collisions of each drawing, opened by a browser of its own: hundreds of documents
    are no burden on the one the other tests share."""
    own = launch_chromium(browser.browser_type)
    try:
        page = own.new_page(viewport={"width": 1200, "height": 900})
        problems = {}
        for path in svgs:
            page.goto(path.as_uri())
            found = collisions(page.evaluate(TEXT_BOXES))
            if found:
                problems[f"{path.parent.name}/{path.name}"] = found
        return problems
    finally:
        own.close()


def views_of(sheet: str) -> dict[str, str]:
    """Each drawing of a page's charts.svg as an SVG of its own (its own styles with it), by the
    id of its view; a drawing file of one chart as it is, under ""."""
    views = re.findall(r'<view id="([^"]+)" viewBox="0 (\d+) (\d+) (\d+)"/>', sheet)
    if not views:
        return {"": sheet}
    root = re.match(r"<svg [^>]*?(?= viewBox=)", sheet)
    style = re.search(r"<style>.*?</style>", sheet)
    assert root is not None
    out = {}
    for name, top, width, height in views:
        drawing = re.search(f'<svg y="{top}" (.*?)</svg>', sheet, re.S)
        assert drawing is not None, name
        used = set(re.findall(r' class="([a-z]+)"', drawing.group(1)))
        rules = re.findall(r"\.([a-z]+)(\{[^}]*\})", style.group(0) if style else "")
        own = "".join(f".{c}{rule}" for c, rule in rules if c in used)  # its own styles only
        out[name] = (
            f'{root.group(0)} width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f'<style>{own}</style><svg y="0" {drawing.group(1)}</svg></svg>'
        )
    return out


def split(svgs: list[Path], folder: Path) -> list[Path]:
    """The drawings of these files, each in a file of its own (named by its view)."""
    out = []
    for path in svgs:
        for name, text in views_of(path.read_text(encoding="utf-8")).items():
            if not name:
                out.append(path)
                continue
            target = folder / path.parent.name / f"{name}.svg"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            out.append(target)
    return out


def kinds_of(svgs: list[Path]) -> set[str]:
    return {k for p in svgs for k in KINDS if p.name.startswith(k)}


def test_the_drawing_is_as_wide_as_the_narrowest_chart_the_figures_plan_for():
    assert STATIC_WIDTH == NARROWEST


def test_no_text_of_a_default_chart_overlaps_or_leaves_the_drawing(browser, built, tmp_path):
    found = sorted(p for p in built.site.rglob("*.svg") if "assets" not in p.parts)
    svgs = split(found, tmp_path)
    assert kinds_of(svgs) == set(KINDS), svgs
    assert measure(browser, svgs) == {}


def drawings_of(data: Path, folder: Path) -> dict[Path, str]:
    """Every static drawing of a site built from ``data``, written under ``folder``."""
    site = build_site(load_dataset(data))
    out = {}
    for path, content in site.all_files().items():
        if path.endswith(".svg") and isinstance(content, str):
            for name, text in views_of(content).items():
                target = folder / (path if not name else f"{path.rsplit('/', 1)[0]}/{name}.svg")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
                out[target] = text
    return out


def test_no_text_of_an_edge_case_chart_overlaps_or_leaves_the_drawing(browser, tmp_path):
    """Flagged values (a legend, labels with the flag), one-city sets, a timeline."""
    svgs = sorted(drawings_of(Path(__file__).parent / "fixtures" / "edge", tmp_path))
    assert {"trend-", "peers-", "timeline-"} <= kinds_of(svgs), svgs
    assert measure(browser, svgs) == {}


# --- many cities, with names up to 40 characters ------------------------------------------------

LONG_NAMES = 40


@pytest.fixture(scope="module")
def long_names(tmp_path_factory) -> list[Path]:
    """The charts of 200 synthetic cities, half with long names: every country and group
    chart, and the city charts with the longest words in them and a few others."""
    folder = tmp_path_factory.mktemp("long-names")
    data = folder / "data"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "synthesize.py"),
            "--cities",
            "200",
            "--long-names",
            str(LONG_NAMES),
            "--seed",
            "3",
            "--out",
            str(data),
        ],
        check=True,
        capture_output=True,
    )
    drawn = drawings_of(data, folder / "svg")
    drawings = {str(p.relative_to(folder / "svg")): text for p, text in drawn.items()}
    sets = [p for p in drawings if not p.startswith("cities/")]
    city = sorted(
        (p for p in drawings if p.startswith("cities/")),
        key=lambda p: (-max(map(len, re.findall(r">([^<]+)</text>", drawings[p])), default=0), p),
    )
    return [folder / "svg" / path for path in sets + city[:60] + city[60::25]]


def test_long_place_names_leave_every_label_readable(browser, long_names):
    longest = max(
        len(name)
        for path in long_names
        for name in re.findall(r">([^<]+)</text>", path.read_text(encoding="utf-8"))
    )
    assert longest >= 30, longest  # the names are truncated on the chart, but long ones exist
    assert kinds_of(long_names) == set(KINDS)
    assert measure(browser, long_names) == {}


# --- on a phone ----------------------------------------------------------------------------------

PHONE_PAGES = ("cities/el-paso/", "cities/chicago/", "countries/mx/", "groups/border/")
SMALLEST = 11  # px


def font_sizes(svg: str) -> list[float]:
    """Every text size of a drawing: in attributes, and in the styles its charts share."""
    return [float(s) for s in re.findall(r'font-size(?:="|:)([\d.]+)(?:px)?', svg)]


@pytest.mark.parametrize("width", [360, 412])
def test_static_chart_text_is_readable_on_a_phone(browser, built, width):
    context = browser.new_context(
        viewport={"width": width, "height": 800}, java_script_enabled=False
    )
    page = context.new_page()
    smallest = {}
    for path in PHONE_PAGES:
        page.goto((built.site / path / "index.html").as_uri())
        for img in page.locator(".fs-chart img").all():
            src = img.get_attribute("src")
            sheet = (built.site / path / src.split("#")[0]).read_text(encoding="utf-8")
            drawing = views_of(sheet)[src.split("#")[1] if "#" in src else ""]
            shown = img.bounding_box()["width"]
            drawn = float(img.get_attribute("width"))
            sizes = font_sizes(drawing)  # a map's outline drawing has no words
            if sizes:
                smallest[path + src] = min(sizes) * shown / drawn
    context.close()
    assert smallest
    assert {src: round(px, 1) for src, px in smallest.items() if px < SMALLEST} == {}


#: Text boxes and font sizes of every live chart on the page, each in its own SVG's units.
LIVE_TEXT = r"""() => [...document.querySelectorAll('.fs-chart__live svg.marks')].map(svg => {
  const frame = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')]
    .filter(t => t.textContent.trim() && getComputedStyle(t).visibility !== 'hidden'
                 && t.getAttribute('opacity') !== '0')
    .map(t => {
      const r = t.getBoundingClientRect();
      return {text: t.textContent, x0: r.left - frame.left, y0: r.top - frame.top,
              x1: r.right - frame.left, y1: r.bottom - frame.top,
              size: parseFloat(getComputedStyle(t).fontSize)};
    });
  return {width: frame.width, height: frame.height, texts: texts};
})"""


@pytest.mark.parametrize("width", [360, 1280])
def test_live_charts_keep_the_same_rules(browser, served, width):
    """The interactive chart, at a phone's width and a desktop's: text at least 11 px, none
    overlapping or cut off."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    problems, sizes = {}, []
    for path in PHONE_PAGES:
        page.goto(served.url(path), wait_until="networkidle")
        for chart in page.locator(".fs-chart").all():
            chart.scroll_into_view_if_needed()
        page.wait_for_function(
            "() => [...document.querySelectorAll('.fs-chart')]"
            ".every(e => e.dataset.fsChart === 'live')",
            timeout=30_000,
        )
        for i, measured in enumerate(page.evaluate(LIVE_TEXT)):
            sizes += [t["size"] for t in measured["texts"]]
            found = collisions(measured)
            if found:
                problems[f"{path}#{i}"] = found
    context.close()
    assert sizes and min(sizes) >= SMALLEST, sorted(sizes)[:5]
    assert problems == {}


def test_chart_text_sizes_are_those_of_the_shared_settings():
    """One set of sizes for the drawing and the live chart: the phone tests hold for both."""
    axis, title = CHART_CONFIG["axis"], CHART_CONFIG["title"]
    sizes = [axis["labelFontSize"], axis["titleFontSize"], title["fontSize"]]
    sizes += [title["subtitleFontSize"], CHART_CONFIG["legend"]["labelFontSize"]]
    assert min(sizes) * 328 / STATIC_WIDTH >= SMALLEST  # 328 px: the chart's column at 360


# --- tooltips ------------------------------------------------------------------------------------

TOOLTIPS = """async (spec) => {
  const target = document.createElement('div');
  target.style.width = '600px';
  document.body.appendChild(target);
  const result = await window.vegaEmbed(target, spec, {renderer: 'svg', ast: true});
  const found = [];
  const visit = (node) => {
    for (const item of node.items || []) {
      if (item.tooltip) { found.push(item.tooltip); }
      visit(item);
    }
  };
  visit(result.view.scenegraph().root);
  result.view.finalize();
  target.remove();
  return found;
}"""


def test_tooltips_have_a_flag_row_only_where_a_value_has_a_flag(browser, served):
    from factsheets.figures import peers, trend

    context = browser.new_context()
    page = context.new_page()
    page.goto(served.url("cities/el-paso/"), wait_until="networkidle")
    page.locator(".fs-chart").first.scroll_into_view_if_needed()
    page.wait_for_function("() => typeof window.vegaEmbed === 'function'", timeout=30_000)
    rows = [
        {"year": 2023, "value": 1520, "flag": ""},
        {"year": 2024, "value": 1450.5, "flag": "preliminary"},
    ]
    drawn = trend.spec(rows, y_title="Tasa “año”", title="t", subtitle="u", description="d.")
    bars = peers.spec(
        [
            {"name": "A", "value": 1, "highlight": True, "label": "1", "flag": ""},
            {"name": "B", "value": 2, "highlight": False, "label": "2 (x)", "flag": "estimated"},
        ],
        x_title="Rate",
        title="t",
        subtitle="u",
        description="d.",
    )
    trend_tips = page.evaluate(TOOLTIPS, drawn)
    bar_tips = page.evaluate(TOOLTIPS, bars)
    context.close()
    assert trend_tips == [
        {"Year": 2023, "Tasa “año”": "1,520"},
        {"Year": 2024, "Tasa “año”": "1,450.5", "Flag": "preliminary"},
    ]
    assert bar_tips == [
        {"Place": "A", "Rate": "1"},
        {"Place": "B", "Rate": "2", "Flag": "estimated"},
    ]


# --- dark scheme ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["cities/el-paso/", "countries/us/"])
def test_charts_in_the_dark_scheme_keep_their_contrast(browser, served, path):
    """The live chart's words and axes turn light on the dark page; the static one stays a
    white card. axe finds nothing serious in either."""
    from axe_playwright_python.sync_playwright import Axe
    from test_browser import settle

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served.url(path), wait_until="networkidle")
    page.evaluate("() => document.body.setAttribute('data-md-color-scheme', 'slate')")
    for chart in page.locator(".fs-chart").all():
        chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.fs-chart')]"
        ".every(e => e.dataset.fsChart === 'live')",
        timeout=30_000,
    )
    colours = page.evaluate(
        """() => {
          const svg = document.querySelector('.fs-chart:not(.fs-map) .fs-chart__live svg');
          const label = svg.querySelector('.role-axis-label text');
          return {page: getComputedStyle(document.body).backgroundColor,
                  chart: getComputedStyle(svg).backgroundColor,
                  label: getComputedStyle(label).fill};
        }"""
    )
    settle(page)
    results = Axe().run(page)
    context.close()
    assert colours["chart"] == "rgba(0, 0, 0, 0)", colours  # the page's own dark background
    assert colours["label"] == "rgb(230, 232, 236)", colours
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


# --- smaller drawings ----------------------------------------------------------------------------


def test_a_smaller_drawing_draws_the_same_pixels(browser, monkeypatch):
    """Cleaning writes an axis's ticks and a chart's grid lines as one path each and leaves out
    the labels Vega hid (those that would overlap a neighbour): the drawing is smaller, and a
    browser draws it pixel for pixel as before."""
    import re
    from urllib.parse import quote

    from factsheets import svg
    from factsheets.figures import peers, trend

    values = [417.8, 454.7, 497.8, 496.4, 607.7, 614.4, 638.4, 593.2, 610.2, 650.5]
    years = [
        {"year": 2015 + i, "value": v, "flag": "estimated" if i == 5 else ""}
        for i, v in enumerate(values)
    ]
    bars = [
        {"name": f"City {i}", "value": 100 - 7 * i, "highlight": i == 3, "label": str(100 - 7 * i)}
        | {"flag": ""}
        for i in range(11)
    ]
    specs = [
        trend.spec(years, y_title="Rate", title="A trend", subtitle="u", description="d."),
        peers.spec(bars, x_title="Rate", title="Peers", subtitle="u", description="d."),
    ]
    never = re.compile(r"(?!)")
    with monkeypatch.context() as m:
        m.setattr(svg, "_LINES", never)
        m.setattr(svg, "_HIDDEN", never)
        before = [svg.render(s) for s in specs]
    after = [svg.render(s) for s in specs]

    assert 'opacity="0"' in before[0] and 'opacity="0"' not in after[0]  # hidden year labels
    assert before[0].count("<line") >= 15 and after[0].count("<line") <= 4
    for old, new in zip(before, after, strict=True):
        assert len(new) < 0.85 * len(old)

    page = browser.new_page(viewport={"width": 340, "height": 420}, device_scale_factor=2)
    shots = []
    for drawing in [*before, *after]:
        page.set_content(
            f'<body style="margin:0"><img src="data:image/svg+xml,{quote(drawing)}"></body>'
        )
        page.wait_for_function("() => document.images[0].complete")
        shots.append(page.screenshot())
    page.close()
    assert shots[:2] == shots[2:]


def test_a_browser_started_after_a_drawing_in_this_process_draws_text(browser):
    """Drawing a chart points this process's font setup at the renderer's, which lists no
    fonts; the browsers tests start keep the machine's, so their text has its size."""
    import os

    from factsheets import svg

    svg.render({"mark": "text", "encoding": {"text": {"value": "Ciudad Juárez"}}})
    assert os.environ.get("FONTCONFIG_FILE") == str(svg.FONTS_CONF)
    own = launch_chromium(browser.browser_type)
    try:
        page = own.new_page()
        page.set_content('<p><span id="t" style="font: 16px sans-serif">Ciudad Juárez</span></p>')
        width = page.evaluate("document.getElementById('t').getBoundingClientRect().width")
    finally:
        own.close()
    assert width > 60
