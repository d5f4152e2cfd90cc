"""The two languages in a real browser, served under a sub-path as on GitHub Pages: the switcher
on every page type leads to the same page in the other language and back, and the Spanish
search finds Spanish words."""

from __future__ import annotations

import pytest
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

    # A host answers a missing address with the site's root 404 page (English): the Spanish one is
    # es/404.html, opened here by its name.
    watch = open_page(page, served, "es/404.html" if name == "404" else "es/" + PAGE_TYPES[name])
    assert page.evaluate("document.documentElement.lang") == "es"
    assert watch.problems == [], watch.problems
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
