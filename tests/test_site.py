"""The default site, built by the real MkDocs: what a reader sees on each page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
import yaml
from conftest import ROOT, chart_csv, mkdocs_build


def text_of(html: str) -> str:
    """The visible text of a page's article, tags removed and whitespace folded."""
    match = re.search(r"<article[^>]*>(.*)</article>", html, re.S)
    body = match.group(1) if match else html
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    body = (
        body.replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", '"')
        .replace("&lt;", "<")
        .replace("&gt;", ">")
    )
    return " ".join(body.split())


def ids(name: str) -> list[str]:
    return [r["id"] for r in yaml.safe_load((ROOT / "data" / name).read_text())]


def test_strict_build_prints_no_warning(built):
    assert "WARNING" not in built.output, built.output
    assert "not included in the nav" not in built.output


@pytest.mark.parametrize(
    "url",
    [
        "",
        "countries/",
        "cities/",
        "programs/",
        "groups/",
        "strategies/",
        "sources/",
        "about/",
        "methodology/",
    ],
)
def test_hub_pages_exist(built, url):
    assert "<h1" in built.html(url)


def test_a_page_for_every_record(built):
    for cid in ids("countries.yaml"):
        assert "<h1" in built.html(f"countries/{cid}/")
    for cid in ids("cities.yaml"):
        assert "<h1" in built.html(f"cities/{cid}/")
    for pid in ids("programs.yaml"):
        assert "<h1" in built.html(f"programs/{pid}/")
    tags = {
        t
        for c in yaml.safe_load((ROOT / "data/cities.yaml").read_text())
        for t in c.get("tags", [])
    }
    assert tags == {"border", "major-city"}
    for tag in tags:
        assert "<h1" in built.html(f"groups/{tag}/")


def test_city_page_states_latest_figure_and_change(built):
    text = text_of(built.html("cities/el-paso/"))
    assert (
        "In 2024 El Paso recorded 450 violent crimes per 100,000 residents, "
        "down 13.5% from 520 in 2023."
    ) in text
    assert (
        "Violent crime rate: El Paso had the lowest of the 3 border cities with 2024 data." in text
    )
    assert "Axios" in text


def test_counts_are_never_ranked_or_compared_nationally(built):
    text = text_of(built.html("cities/chicago/"))
    assert "In 2024 Chicago recorded 2,560 violent crimes, down 20% from 3,200 in 2023." in text
    assert "had the lowest" not in text and "had the highest" not in text
    assert "national" not in text.lower()


def test_sidebar_lists_hub_pages_only(built):
    html = built.html("cities/el-paso/")
    nav = re.search(r'<nav class="md-nav md-nav--primary.*?</nav>', html, re.S).group(0)
    assert "Cities" in nav and "Countries" in nav
    assert "El Paso" not in nav and "cities/el-paso" not in nav


# Every figure of the five source documents, the page it belongs on, and the source named there.
SEED_FIGURES = [
    ("cities/el-paso/", ["520", "450", "13.5%"], "Axios"),
    ("cities/san-diego/", ["610", "525", "13.9%"], "Axios"),
    ("cities/miami/", ["740", "680", "8.1%"], "Axios"),
    ("cities/chicago/", ["3,200", "2,560", "20%"], "Politico"),
    ("cities/new-york/", ["2,800", "2,100", "25%"], "Politico"),
    ("cities/los-angeles/", ["3,500", "2,975", "15%"], "Politico"),
    ("countries/mx/", ["29,651", "67", "13", "32", "35", "8,700", "6–69%"], "USAID"),
    (
        "programs/jpv/",
        ["more than 70%", "15%", "October 2015", "October 2020"],
        "Reducing Crime and Restoring Trust in Mexico",
    ),
    ("programs/previ/", ["August 2020", "August 2024", "Chemonics International"], "USAID"),
    ("programs/women-in-prison/", ["2021", "2024", "La Cana"], "USAID"),
    ("programs/civic-justice-police/", ["2021", "2024", "Mexicali", "Ensenada"], "USAID"),
    (
        "programs/community-reinsertion/",
        ["2024", "2026", "Innovations for Poverty Action"],
        "USAID",
    ),
    (
        "strategies/",
        [
            "+30% crime reporting",
            "-20% repeat offenses",
            "+15% reduced use of force",
            "2023",
            "2024",
        ],
        "Politico",
    ),
    ("groups/border/", ["450", "525", "680"], "Axios"),
    ("groups/major-city/", ["2,560", "2,100", "2,975"], "Politico"),
]


@pytest.mark.parametrize(("url", "figures", "source"), SEED_FIGURES)
def test_every_seed_figure_is_on_its_page_with_its_source(built, url, figures, source):
    text = text_of(built.html(url))
    for figure in figures:
        assert re.search(rf"(?<![\d,.]){re.escape(figure)}(?!,?\d)", text), (url, figure)
    assert source in text


def test_country_page_shows_programs_timeline_and_goals(built):
    html = built.html("countries/mx/")
    text = text_of(html)
    for name in [
        "Violence Prevention and Reduction Activity",
        "Awareness and Opportunities for Women in Prison Activity",
        "Financing Local Police under Civic Justice",
        "A Community-based Approach for Reinsertion",
    ]:
        assert name in text
    assert 'id="fig-timeline-programs"' in html
    assert "Goals" in text
    assert "fs-tiles" in html


def test_program_page_links_predecessor_and_places(built):
    html = built.html("programs/previ/")
    assert 'href="../jpv/"' in html
    assert "more than 70%" in text_of(html)  # the predecessor's results
    assert 'href="../../countries/mx/"' in html
    assert 'href="../previ/"' in built.html("programs/jpv/")  # successor
    assert 'href="../../cities/mexicali/"' in built.html("programs/civic-justice-police/")


def test_sources_page_lists_pages_using_each_source(built):
    html = built.html("sources/")
    item = re.search(r'<li id="source-axios-border-2024">.*?</ul>', html, re.S).group(0)
    assert 'href="../cities/el-paso/"' in item
    assert 'href="../groups/border/"' in item


def test_home_shows_headlines_and_hub_links(built):
    text = text_of(built.html(""))
    assert "In 2023 Mexico recorded 29,651 homicides." in text
    assert "6 cities" not in text  # rates and counts are never counted together
    assert "Violent crime rate, 2024: fell in all 3 cities with an earlier year to compare." in text
    assert "Violent crimes, 2024: fell in all 3 cities with an earlier year to compare." in text
    assert "0 programs" not in text and "0 prevention programs" not in text  # no zero counts


def test_cities_index_is_a_sortable_table_of_all_cities(built):
    html = built.html("cities/")
    table = re.search(r'<table class="fs-sortable">.*?</table>', html, re.S).group(0)
    for cid in ids("cities.yaml"):
        assert f'href="{cid}/"' in table
    assert 'data-sort="450.0"' in table


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.refs.append((tag, value))


def _pages(site: Path):
    return sorted(site.rglob("*.html"))


def test_no_request_to_another_host(built):
    for page in _pages(built.site):
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, ref in parser.refs:
            if tag in ("script", "link", "img", "iframe", "source"):
                assert not urlparse(ref).netloc, (page, ref)
    css = "".join(p.read_text() for p in built.site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_every_internal_link_resolves(built):
    broken = []
    for page in _pages(built.site):
        rel = page.relative_to(built.site).as_posix()
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        for _, ref in parser.refs:
            parsed = urlparse(ref)
            if parsed.scheme or parsed.netloc or ref.startswith(("#", "mailto:")):
                continue
            target = unquote(urlparse(urljoin("/" + rel, ref)).path).lstrip("/")
            path = built.site / target
            if target == "" or target.endswith("/"):
                path = path / "index.html"
            if not path.exists():
                broken.append((rel, ref))
    assert not broken, broken[:20]


def test_chart_downloads_hold_the_page_figures(built):
    csv_text = chart_csv(built.site / "cities/el-paso", "trend-violent-crime-rate")
    assert csv_text.splitlines()[1].startswith(
        "el-paso,El Paso,violent-crime-rate,Violent crime rate,2023,520,"
    )
    page = (built.site / "cities/el-paso/figures.csv").read_text(encoding="utf-8")
    assert "\ntrend-violent-crime-rate,el-paso,El Paso,violent-crime-rate," in page
    html = built.html("cities/el-paso/")
    assert 'href="figures.csv" download data-fs-download="csv"' in html
    # the link to a chart's spec is made by the script, in the page's words, from figures.json
    assert 'data-fs-download="spec"' not in html
    assert 'data-chart-spec="chart (Vega-Lite JSON)"' in html
    assert 'data-chart-spec="gráfica (Vega-Lite JSON)"' in built.html("es/cities/el-paso/")


def test_vega_bundle_is_served_by_the_site(built):
    bundle = (built.site / "assets/javascripts/vega-bundle.js").read_text()
    assert "window.vegaEmbed" in bundle and "factsheetsChartConfig" in bundle


def test_other_data_folder_builds_a_site_of_that_data_alone(tmp_path):
    build = mkdocs_build(tmp_path / "site", data_dir=Path(__file__).parent / "fixtures/minimal")
    assert build.returncode == 0, build.output
    assert "WARNING" not in build.output, build.output
    cities = sorted(p.name for p in (tmp_path / "site/cities").iterdir() if p.is_dir())
    assert cities == ["springfield"]
    assert not (tmp_path / "site/countries/mx").exists()
    text = text_of(build.html("cities/springfield/"))
    assert "In 2024 Springfield recorded 12 burglaries, up 20% from 10 in 2023." in text
