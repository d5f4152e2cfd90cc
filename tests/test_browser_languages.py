"""The two languages in a real browser, served under a sub-path as on GitHub Pages: the switcher
on every page type leads to the same page in the other language and back, the Spanish search
finds Spanish words, and a missing address under es/ gets the 404 page in Spanish."""

from __future__ import annotations

import pytest
from conftest import SUBPATH
from test_browser import PAGE_TYPES

SWITCHABLE = {name: path for name, path in PAGE_TYPES.items() if name != "404"}


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


def switch(pg, lang: str) -> None:
    pg.hover(".md-header__option .md-select")
    pg.locator(f'a.md-select__link[hreflang="{lang}"]').click()
    pg.wait_for_function(f"document.documentElement.lang === '{lang}'", timeout=30_000)
    pg.wait_for_load_state("networkidle")


@pytest.mark.parametrize("name", list(SWITCHABLE))
def test_switcher_leads_to_the_same_page_in_the_other_language_and_back(page, served, name):
    path = SWITCHABLE[name]
    page.goto(served.url(path), wait_until="networkidle")
    assert page.evaluate("document.documentElement.lang") == "en"
    switch(page, "es")
    assert page.url == served.url("es/" + path)
    assert page.locator(".md-search__input").get_attribute("placeholder") == "Búsqueda"
    switch(page, "en")
    assert page.url == served.url(path)
    assert page.locator(".md-search__input").get_attribute("placeholder") == "Search"


@pytest.mark.parametrize(
    "query, first",
    [
        ("homicidios", "es/countries/mx/"),
        ("Ensenada", "es/cities/ensenada/"),
        ("PREVI", "es/programs/previ/"),
        ("policía comunitaria", "es/strategies/"),
    ],
)
def test_spanish_search_lists_the_right_page_first(page, served, query, first):
    page.goto(served.url("es/"), wait_until="networkidle")
    page.locator(".md-search__input").click()
    page.keyboard.type(query, delay=30)  # the theme searches on key events, as a reader types
    result = page.locator("li.md-search-result__item > a.md-search-result__link").first
    result.wait_for(timeout=30_000)
    # results come as each key is typed: read them once the search of the whole query is shown
    page.wait_for_function(
        "q => document.querySelector('.md-search__input').value === q", arg=query
    )
    page.wait_for_timeout(1500)
    href = result.get_attribute("href")
    assert href.split("#")[0].split("?")[0] == served.url(first), (query, href)


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_spanish_pages_are_clean_and_have_no_serious_accessibility_violation(page, served, name):
    from axe_playwright_python.sync_playwright import Axe
    from test_browser import open_page

    # A host answers a missing address with the site's root 404 page, Spanish under es/.
    watch = open_page(page, served, "es/" + PAGE_TYPES[name])
    assert page.evaluate("document.documentElement.lang") == "es"
    assert watch.problems == [], watch.problems
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def not_found_versions(pg) -> dict[str, bool]:
    """Each language version of the 404 text shown: whether it is visible."""
    return {
        el.get_attribute("lang"): el.is_visible()
        for el in pg.locator(".fs-not-found").element_handles()
    }


@pytest.mark.parametrize(
    "path, lang, heading, home",
    [
        ("es/no-such-page/", "es", "Página no encontrada", "es/"),
        ("es/cities/atlantis/", "es", "Página no encontrada", "es/"),
        ("no-such-page/", "en", "Page not found", ""),
        ("cities/es/atlantis/", "en", "Page not found", ""),  # es/ only at the site's root
    ],
)
def test_a_missing_address_gets_the_404_page_in_the_language_of_its_folder(
    page, served, path, lang, heading, home
):
    response = page.goto(served.url(path), wait_until="networkidle")
    assert response is not None and response.status == 404
    assert page.evaluate("document.documentElement.lang") == lang
    assert not_found_versions(page) == {"en": lang == "en", "es": lang == "es"}
    shown = page.locator(f'.fs-not-found[lang="{lang}"]')
    assert shown.locator("h1").inner_text().startswith(heading)
    assert shown.locator("a.md-button").first.get_attribute("href") in (
        served.url(home),
        f"/{SUBPATH}/" + home,
    )
    if lang == "es":
        assert page.title().startswith("Página no encontrada")


def test_without_javascript_the_404_page_shows_both_languages(browser, served):
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(served.url("es/no-such-page/"))
        assert not_found_versions(pg) == {"en": True, "es": True}
        assert pg.get_attribute("html", "lang") == "en"  # the page's own; the Spanish is marked
    finally:
        context.close()


def test_links_lead_where_they_point_after_pages_with_alternates_were_seen(page, served):
    """Material reads each <link rel="alternate"> as a language's root and would send a click
    on any link below a page seen before (countries/) to that page; the site's alternates name
    the same page in each language, so factsheets.js keeps them from Material."""
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    page.goto(served.url("countries/"), wait_until="networkidle")
    for target in ("countries/us/", "cities/el-paso/", "countries/us/"):
        page.locator(f"article a[href$='{target}']").first.click()
        page.wait_for_url(served.url(target), timeout=30_000)
        page.wait_for_load_state("networkidle")
    assert page.url == served.url("countries/us/")
    assert not [u for u in failed if u.endswith("sitemap.xml")], failed
