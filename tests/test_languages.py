"""The site in English and Spanish: every page in both, a switcher between them, Spanish words,
numbers and search on the Spanish pages, and translations of the data checked."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, chart_spec

from factsheets import i18n
from factsheets.site import build_site
from factsheets.translate import coverage
from factsheets.validate import load_dataset

#: Common English words that a Spanish page shows only inside an element marked lang="en".
ENGLISH = set(
    [
        "the",
        "and",
        "of",
        "with",
        "from",
        "was",
        "were",
        "which",
        "that",
        "this",
        "these",
        "those",
        "by",
        "for",
        "has",
        "have",
        "had",
        "rate",
        "fell",
        "rose",
        "city",
        "cities",
        "country",
        "countries",
        "program",
        "programs",
        "source",
        "sources",
        "data",
        "figures",
        "latest",
        "year",
        "value",
        "change",
        "between",
        "about",
        "more",
        "than",
        "less",
        "home",
        "search",
        "share",
        "previous",
        "next",
        "page",
        "download",
        "show",
        "chart",
        "table",
    ]
)


class Text(HTMLParser):
    """The text a reader sees in the page's own language: without scripts, code, drawings and
    elements marked with another language."""

    VOID = {"br", "img", "meta", "link", "input", "hr", "source", "wbr", "area", "base", "col"}
    SKIP = {"script", "style", "code", "pre", "svg", "template", "title"}

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang, self.stack, self.skip, self.parts = lang, [], 0, []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        own = dict(attrs).get("lang")
        skip = tag in self.SKIP or (own is not None and own != self.lang)
        self.stack.append((tag, skip))
        self.skip += skip

    def handle_endtag(self, tag):
        while self.stack:
            name, skip = self.stack.pop()
            self.skip -= skip
            if name == tag:
                break

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def own_language_text(html: str, lang: str) -> str:
    parser = Text(lang)
    parser.feed(html)
    return " ".join(parser.parts)


def names_in_data() -> list[str]:
    """Proper names that stay as written in every language: organisations, headlines quoted in
    notes, places; longest first. Not source titles: a Spanish page marks each with its
    language (lang="en"), so the parser leaves them out, and one left unmarked is found."""
    names = {"Material for MkDocs", "Frictionless Data Package", "CC BY", "JSON Schema"}
    for file, fields in {
        "programs.yaml": ("implementer", "funder"),
    }.items():
        for record in yaml.safe_load((ROOT / "data" / file).read_text(encoding="utf-8")):
            names.update(str(record[f]) for f in fields if record.get(f))
    for record in yaml.safe_load((ROOT / "data" / "sources.yaml").read_text(encoding="utf-8")):
        names.update(re.findall(r'"([^"]+)"', record.get("note", "")))
    return sorted(names, key=len, reverse=True)


def english_words(text: str) -> set[str]:
    for name in names_in_data():
        text = text.replace(name, " ")
    text = re.sub(r"\S+\.(?:csv|json|yaml|md)\b|/[\w/.-]*", " ", text)  # file names, paths
    return {w for w in re.findall(r"[A-Za-z]+", text) if w.lower() in ENGLISH}


def pages(site: Path) -> list[str]:
    """URL paths of the English pages (the Spanish ones live under es/)."""
    out = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("es/", "assets/", "search/")):
            continue
        out.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return out


def switcher(html: str) -> dict[str, str]:
    return dict(
        (lang, href)
        for href, lang in re.findall(
            r'<a href="([^"]*)" hreflang="([a-z]+)" lang="[a-z]+" class="md-select__link"', html
        )
    )


def resolve(page: str, href: str) -> str:
    from posixpath import normpath

    base = page if page.endswith("/") or page == "" else page.rsplit("/", 1)[0] + "/"
    joined = normpath(base + href) if base else normpath(href)
    joined = "" if joined == "." else joined
    return joined + ("/" if href.endswith("/") and joined else "")


def head_alternates(html: str) -> list[tuple[str, str]]:
    """The ``<link rel="alternate" hreflang>`` of a page's head, as (hreflang, href)."""
    head = html.split("</head>", 1)[0]
    pattern = r'<link rel="alternate" href="([^"]*)" hreflang="([a-z-]+)">'
    return [(lang, href) for href, lang in re.findall(pattern, head)]


def test_every_page_has_its_spanish_twin_and_the_switcher_leads_there_and_back(built):
    english = pages(built.site)
    assert len(english) > 25
    for path in english:
        html_en = built.html(path)
        assert '<html lang="en"' in html_en, path
        assert (built.site / "es" / (path or "index.html")).exists() or (
            built.site / "es" / path / "index.html"
        ).exists(), f"no Spanish page for {path!r}"
        if path == "404.html":
            continue  # its links are absolute to the site's root, like Material's
        links = switcher(html_en)
        assert resolve(path, links["es"]) == "es/" + path, path
        html_es = built.html("es/" + path)
        assert '<html lang="es"' in html_es, path
        assert resolve("es/" + path, switcher(html_es)["en"]) == path, path
        # the head's alternates too: this same page in each language, English the default
        for own, html in ((path, html_en), ("es/" + path, html_es)):
            found = [(lang, resolve(own, href)) for lang, href in head_alternates(html)]
            assert found == [("en", path), ("es", "es/" + path), ("x-default", path)], own


#: A page of each type, for the head's alternates with absolute addresses.
HEAD_PAGES = {
    "home": "",
    "countries index": "countries/",
    "country": "countries/mx/",
    "cities index": "cities/",
    "city": "cities/el-paso/",
    "program": "programs/previ/",
    "group": "groups/border/",
    "sources": "sources/",
    "hand-written": "about/",
}


@pytest.mark.parametrize("path", list(HEAD_PAGES.values()), ids=list(HEAD_PAGES))
def test_head_alternates_are_absolute_addresses_of_the_same_page_when_site_url_is_set(served, path):
    """The site as published (site_url set, under a sub-path): each language's page names
    this same page in English and Spanish, and English as the default (x-default)."""
    base = served.base
    want = [("en", base + path), ("es", base + "es/" + path), ("x-default", base + path)]
    for own in (path, "es/" + path):
        html = (served.site / own / "index.html").read_text(encoding="utf-8")
        assert head_alternates(html) == want, own
        assert f'<link rel="canonical" href="{base + own}">' in html, own


def test_the_404_pages_name_no_alternates_and_the_root_one_carries_the_spanish_text(built):
    root, spanish = built.html("404.html"), built.html("es/404.html")
    assert head_alternates(root) == [] and head_alternates(spanish) == []
    # one page for every missing address: the Spanish text is there too, marked and hidden
    # until not-found.js shows it for an address under es/
    assert '<div class="fs-not-found" lang="en" data-fs-folder="">' in root
    assert '<div class="fs-not-found fs-not-found--other" lang="es" data-fs-folder="es/">' in root
    assert "<h1>Página no encontrada" in root and 'href="/es/">Ir a la página de inicio' in root
    assert '<script src="/assets/javascripts/not-found.js" data-fs-root="/"></script>' in root
    assert "<noscript><style>" in root  # without JavaScript, both show
    assert (built.site / "assets/javascripts/not-found.js").is_file()
    # the Spanish site's own 404 page stays, in Spanish only
    assert '<html lang="es"' in spanish and "Página no encontrada" in spanish
    assert "Page not found" not in spanish and "not-found.js" not in spanish


def test_spanish_pages_hold_no_english_outside_marked_elements(built):
    found = {}
    for path in pages(built.site):
        words = english_words(own_language_text(built.html("es/" + path), "es"))
        if words:
            found[path] = sorted(words)
    assert not found, f"English on Spanish pages: {found}"


#: A source whose title is shown, not its publisher (it names none): quoted on the Spanish pages.
USAID_TITLE = "Mexico: Crime and Violence Prevention Fact Sheet"


def source_titles() -> list[str]:
    records = yaml.safe_load((ROOT / "data" / "sources.yaml").read_text(encoding="utf-8"))
    return [str(r["title"]) for r in records if r.get("title")]


def test_source_titles_on_spanish_pages_are_marked_with_their_own_language(built):
    mexico = built.html("es/countries/mx/")
    quoted = f'«<cite lang="en">{USAID_TITLE}</cite>»'
    link = f'<a href="#source-usaid-mexico-factsheet">{quoted}</a>'
    assert f'<span class="fs-glance__source">Fuente: {link}' in mexico
    assert f'<span class="fs-cite">Ficha: <cite lang="en">{USAID_TITLE}</cite>.' in mexico
    assert f"<strong>{quoted}</strong>" in built.html("es/sources/")
    unmarked = {}
    for path in pages(built.site):
        html = built.html("es/" + path)
        for title in source_titles():
            shown = html.count(title) - html.count(f'<cite lang="en">{title}</cite>')
            if shown:
                unmarked.setdefault(path, []).append(title)
    assert not unmarked, f"source titles without lang on Spanish pages: {unmarked}"


def test_a_spanish_title_is_marked_on_english_pages(data_copy):
    path = data_copy / "sources.yaml"
    title = "México: ficha sobre la prevención del delito y la violencia"
    text = path.read_text(encoding="utf-8").replace(
        f'  title: "{USAID_TITLE}"\n', f'  title: "{title}"\n  lang: es\n'
    )
    path.write_text(text, encoding="utf-8")
    site = build_site(load_dataset(data_copy), language="en")
    files = site.all_files()
    for src in ("countries/mx.md", "sources/index.md", "programs/previ.md"):
        page = files[src]
        page = page.read_text(encoding="utf-8") if isinstance(page, Path) else page
        assert f'<cite lang="es">{title}</cite>' in page, src
        assert page.count(title) == page.count(f'<cite lang="es">{title}</cite>'), src


def test_spanish_pages_write_numbers_dates_and_theme_labels_as_in_mexico(built):
    mexico = built.html("es/countries/mx/")
    assert "29,651" in mexico  # es_MX: thousands with a comma, as Babel writes them
    assert "homicidios" in mexico and "México" in mexico
    previ = built.html("es/programs/previ/")
    assert re.search(r"agosto de 2020", previ)
    assert 'placeholder="Búsqueda"' in mexico  # Material's own labels in Spanish
    assert "Hecho con" in mexico
    spec = chart_spec(built.site / "es/cities/el-paso", "trend-violent-crime-rate")
    locale = spec["config"]["locale"]
    assert locale["number"]["decimal"] == "." and locale["number"]["thousands"] == ","
    assert locale["time"]["months"][7] == "agosto"


def test_each_language_has_its_own_search_index(built):
    en = json.loads((built.site / "search/search_index.json").read_text(encoding="utf-8"))
    es = json.loads((built.site / "es/search/search_index.json").read_text(encoding="utf-8"))
    assert en["config"]["lang"] == ["en"] and es["config"]["lang"] == ["es"]
    titles = {d["title"] for d in es["docs"]}
    assert {"Ensenada", "Actividad de Prevención y Reducción de la Violencia (PREVI)"} <= titles


def test_the_default_data_is_fully_translated():
    found = coverage(load_dataset(ROOT / "data"), "es")
    assert not found.missing and found.total > 100


def drop_summary_translation(data: Path) -> None:
    path = data / "cities.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: ensenada")
    cut = text.index("  translations:", start)
    path.write_text(text[:cut].rstrip("\n") + "\n", encoding="utf-8")


def test_check_lists_missing_translations_and_can_require_them(data_copy):
    drop_summary_translation(data_copy)
    cmd = [sys.executable, "-m", "factsheets", "check", str(data_copy)]
    plain = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert plain.returncode == 0, plain.stderr
    assert "warning: cities.yaml: ensenada: summary: no 'es' translation yet" in plain.stderr
    assert re.search(r"translations 'es': \d+ of \d+ texts \(\d+%\), 1 missing", plain.stdout)
    strict = subprocess.run(cmd + ["--require-translations"], capture_output=True, text=True)
    assert strict.returncode == 1
    assert "error: cities.yaml: ensenada: summary" in strict.stderr


def test_a_missing_translation_shows_the_english_text_marked(data_copy):
    drop_summary_translation(data_copy)
    site = build_site(load_dataset(data_copy), language="es")
    page = site.all_files()["cities/ensenada.md"]
    page = page.read_text(encoding="utf-8") if isinstance(page, Path) else page
    assert '<span lang="en">Municipality where the USAID-funded' in page
    assert '<small class="fs-untranslated">(en inglés)</small>' in page
    with i18n.use("es"):
        assert i18n.format_number(29651) == "29,651"
        assert i18n.format_month("2020-08") == "agosto de 2020"


@pytest.mark.parametrize("lang", ["es"])
def test_a_site_in_one_language_only_is_configuration(tmp_path, lang):
    from conftest import mkdocs_build

    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {ROOT / 'docs'}\n"
        f"hooks: [{ROOT / 'hooks/factsheets_hook.py'}]\n"
        f"theme: {{language: {lang}, custom_dir: {ROOT / 'docs/overrides'}}}\n"
        "extra: {alternate: []}\n"
        f"watch: [{ROOT / 'data'}]\n"
        "plugins: [{search: {lang: es}}]\n",
        encoding="utf-8",
    )
    build = mkdocs_build(tmp_path / "site", config=config, data_dir=ROOT / "data", strict=False)
    assert build.returncode == 0, build.output
    home = build.html("")
    assert '<html lang="es"' in home and "Fichas sobre la prevención" in home
    assert not (tmp_path / "site" / "es").exists()


def test_the_languages_share_the_data_read_once_until_it_changes(data_copy):
    from factsheets import service

    first = service.dataset_for(data_copy)
    assert service.dataset_for(data_copy) is first  # the second language reads nothing again
    with (data_copy / "cities.yaml").open("a", encoding="utf-8") as f:
        f.write("# edited\n")
    assert service.dataset_for(data_copy) is not first
