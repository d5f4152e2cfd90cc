"""The message catalogue: up to date with the code, loaded, and used by the templates.

When a test here fails because a message was added, changed or removed, refresh the catalogue
with the commands in the README ("Words on the site").
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from markupsafe import Markup

from factsheets import i18n, render, text
from factsheets.models import Indicator

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "hooks" / "factsheets" / "locale"
TEMPLATES = ROOT / "hooks" / "factsheets" / "templates"
#: The documented extraction command, without its output file.
EXTRACT = [
    "pybabel",
    "--quiet",
    "extract",
    "-F",
    "babel.cfg",
    "-k",
    "_",
    "-k",
    "gettext",
    "-k",
    "ngettext:1,2",
    "-k",
    "pgettext:1c,2",
    "-k",
    "N_",
    "--no-location",
    "--omit-header",
    "--sort-output",
    "--no-wrap",
]


def messages(catalog: Catalog) -> dict[tuple[str | None, object], object]:
    """(context, msgid) -> translation of every message but the header."""
    return {
        (m.context, m.id if isinstance(m.id, str) else tuple(m.id)): (
            m.string if isinstance(m.string, str) else tuple(m.string)
        )
        for m in catalog
        if m.id
    }


def read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def describe(keys) -> str:
    return "\n".join(
        f"  {ctx + ' | ' if ctx else ''}{msgid!r}" for ctx, msgid in sorted(keys, key=str)
    )


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Catalog:
    out = tmp_path_factory.mktemp("catalogue") / "messages.pot"
    import os

    here = os.getcwd()
    os.chdir(ROOT)  # babel.cfg names paths from the project's folder
    try:
        CommandLineInterface().run([*EXTRACT, "-o", str(out), "."])
    finally:
        os.chdir(here)
    return read(out)


def test_every_message_of_the_code_is_in_the_committed_template(extracted):
    committed = messages(read(LOCALE / "messages.pot"))
    code = messages(extracted)
    assert len(code) > 100, f"only {len(code)} messages found in the code and templates"
    missing = code.keys() - committed.keys()
    assert not missing, (
        "messages in the code are missing from hooks/factsheets/locale/messages.pot "
        "(refresh the catalogue, see README):\n" + describe(missing)
    )
    stale = committed.keys() - code.keys()
    assert not stale, "messages.pot holds messages the code no longer uses:\n" + describe(stale)


def test_committed_template_is_exactly_the_extracted_one(extracted, tmp_path):
    """Byte for byte: the committed file is what the documented command writes."""
    out = tmp_path / "messages.pot"
    import os

    here = os.getcwd()
    os.chdir(ROOT)
    try:
        CommandLineInterface().run([*EXTRACT, "-o", str(out), "."])
    finally:
        os.chdir(here)
    assert out.read_text(encoding="utf-8") == (LOCALE / "messages.pot").read_text(
        encoding="utf-8"
    ), "messages.pot is not what `pybabel extract` writes: refresh it (see README)"


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_catalogue_holds_every_message_and_is_compiled(language):
    template = messages(read(LOCALE / "messages.pot"))
    po_path = LOCALE / language / "LC_MESSAGES" / "messages.po"
    po = messages(read(po_path))
    missing = template.keys() - po.keys()
    assert not missing, f"{po_path.name} of {language!r} lacks messages:\n" + describe(missing)
    with (po_path.parent / "messages.mo").open("rb") as f:
        compiled = messages(read_mo(f))
    expected = {}
    for key, string in po.items():
        if isinstance(string, tuple):  # Babel writes the msgids for untranslated plurals
            msgid = key[1]
            string = tuple(s or msgid[min(i, len(msgid) - 1)] for i, s in enumerate(string))
        if string:
            expected[key] = string
    assert compiled == expected, f"messages.mo of {language!r} is older than its .po: compile it"


def test_english_catalogue_loads_with_its_plural_rule():
    en = i18n.language("en")
    assert type(en.translations).__name__ == "Translations", "no messages.mo found for 'en'"
    assert en.translations.plural(1) == 0 and en.translations.plural(3) == 1
    with i18n.use("en"):
        assert i18n.ngettext("%(cities)s city", "%(cities)s cities", 1, cities="1") == "1 city"
        assert i18n.ngettext("%(cities)s city", "%(cities)s cities", 3, cities="3") == "3 cities"
        assert i18n.format_number(29651) == "29,651"
        assert i18n.format_month("2020-08") == "August 2020"


@pytest.fixture
def test_language(tmp_path, monkeypatch):
    """A made-up language 'es' with a few translated messages, compiled into a temp folder."""
    catalog = Catalog(locale="es")
    forms = ["%(cities)s ciudad"] + ["%(cities)s ciudades"] * (catalog.num_plurals - 1)
    catalog.add(("%(cities)s city", "%(cities)s cities"), tuple(forms))
    catalog.add(
        "No figures have been recorded for %(place)s yet.",
        "Aún no hay cifras de %(place)s.",
    )
    catalog.add("%(num)sth", "%(num)s.º", context="ordinal, CLDR category other (4, 11, 12, 13...)")
    catalog.add(
        "In %(year)s %(place)s recorded %(quantity)s, down %(change)s from %(before)s in "
        "%(prev_year)s.",
        "%(place)s registró %(quantity)s en %(year)s, %(change)s menos que los %(before)s de "
        "%(prev_year)s.",
    )
    catalog.add("%(value)s %(phrase)s", "%(value)s %(phrase)s")
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as f:
        write_mo(f, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.language.cache_clear()
    yield "es"
    i18n.language.cache_clear()


def test_a_translated_catalogue_picks_plural_forms_and_formats(test_language):
    with i18n.use(test_language):
        assert i18n.ngettext("%(cities)s city", "%(cities)s cities", 1, cities="1") == "1 ciudad"
        assert i18n.ngettext("%(cities)s city", "%(cities)s cities", 5, cities="5") == (
            "5 ciudades"
        )
        assert text.ordinal(2) == "2.º"
        assert text.month("2020-08") == "agosto de 2020"
        rate = Indicator(id="r", name="Rate", unit="per 100,000", kind="rate", phrase="homicides")
        assert text.latest_sentence("El Paso", rate, 2024, 450.5, 2023, 520) == (
            "El Paso registró 450.5 homicides en 2024, 13.4% menos que los 520 de 2023."
        )
    # English again outside the block
    assert text.ordinal(2) == "2nd"


TRANS = (
    "{% trans place=name %}No figures have been recorded for {{ place }} yet.{% endtrans %} | "
    "{% trans count=n, cities=n|number %}{{ cities }} city{% pluralize count %}"
    "{{ cities }} cities{% endtrans %}"
)


def test_templates_translate_fill_and_escape_once():
    env = render.make_env()
    template = env.from_string(TRANS)
    assert template.render(name="A & <B>", n=1) == (
        "No figures have been recorded for A &amp; &lt;B&gt; yet. | 1 city"
    )
    assert template.render(name="Town", n=1234) == (
        "No figures have been recorded for Town yet. | 1,234 cities"
    )
    # _() in an expression: the message is markup, the placeholder escaped
    caption = env.from_string('{{ _("Strategies citing %(place)s", place=name) }}')
    assert caption.render(name="<i>") == "Strategies citing &lt;i&gt;"


def test_templates_render_in_the_language_in_use(test_language):
    env = render.make_env()
    template = env.from_string(TRANS)
    with i18n.use(test_language):
        assert template.render(name="A & B", n=1) == "Aún no hay cifras de A &amp; B. | 1 ciudad"
        assert template.render(name="X", n=1234).endswith(" | 1,234 ciudades")


def test_routes_are_a_template_global():
    env = render.make_env()
    assert env.from_string("{{ routes.city('el-paso') }}").render() == "cities/el-paso.md"


def test_the_page_templates_are_compiled_once_per_process(monkeypatch):
    """Each build (and language) makes its own environment: the templates are not compiled
    again for it, and still speak the language in use."""
    counts = dict.fromkeys(["countries", "cities", "programs", "strategies", "sources"], 2)
    english = (
        render.make_env().get_template("home_hubs.md.j2").render(counts=counts, groups=[], href=str)
    )
    compiled: list[str | None] = []
    compile_ = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    template = render.make_env().get_template("home_hubs.md.j2")
    assert compiled == []
    with i18n.use("es"):
        spanish = template.render(counts=counts, groups=[], href=str)
    assert ">Países</a> (2)" in spanish and ">Countries</a> (2)" in english


_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_TRANS_BLOCK = re.compile(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}", re.S)
_EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_TAG = re.compile(r"<[^>]*>")
_SHOWN_ATTRIBUTE = re.compile(r'\b(?:aria-label|title|alt|placeholder)="([^"{]*)"')
_FRONT_MATTER_KEY = re.compile(r"^\s*(?:title|description|search|boost|tags|hide):", re.M)
#: What a page's front matter asks the theme to hide (its settings, not words a reader sees).
_HIDDEN_PART = re.compile(r"^\s*-\s*(?:navigation|toc|footer|path|tabs|tags|feedback)\s*$", re.M)
#: A string literal in a template expression that is not a message: phrases (with a space)
#: and words offered as a fallback (`else "running"`, `or "none"`).
_LITERAL = re.compile(r"""(?<![_(\w])\s*(?:(else|or)\s+)?(["'])([^"']*)\2""")
_GETTEXT_ARGS = re.compile(
    r"""\b(?:_|gettext|ngettext|pgettext)\(\s*(["'])[^"']*\1(?:\s*,\s*(["'])[^"']*\2)?"""
)
#: Words allowed outside messages: file names shown as they are.
_ALLOWED = {"datapackage", "json", "csv"}


def english_outside_messages(source: str) -> list[str]:
    """Words a reader would see that are not in a message: text between tags, attributes shown
    to readers, and phrases in template expressions."""
    source = _COMMENT.sub("", source)
    source = _TRANS_BLOCK.sub("", source)
    found: list[str] = []
    for expr in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", source, re.S):
        expr = _GETTEXT_ARGS.sub("", expr)
        for fallback, _quote, literal in _LITERAL.findall(expr):
            if re.search(r"[A-Za-z]{2}", literal) and (" " in literal.strip() or fallback):
                found.append(literal)
    rest = _EXPRESSION.sub("", source)
    rest = _FRONT_MATTER_KEY.sub("", rest)
    rest = _HIDDEN_PART.sub("", rest)
    found += [v for v in _SHOWN_ATTRIBUTE.findall(rest) if re.search(r"[A-Za-z]{2}", v)]
    words = re.findall(r"[A-Za-z]{2,}", _TAG.sub(" ", rest))
    return found + [w for w in words if w.lower() not in _ALLOWED]


def test_english_outside_messages_is_found():
    assert english_outside_messages('<th scope="col">Country</th>') == ["Country"]
    assert english_outside_messages('<div aria-label="All cities">') == ["All cities"]
    assert english_outside_messages('{{ p.end if p.end else "running" }}') == ["running"]
    assert english_outside_messages('{{ m.t(rows, "Latest value for " ~ name) }}') == [
        "Latest value for "
    ]
    assert english_outside_messages('<p>{{ _("Some words") }} · {{ x }}</p>') == []
    assert english_outside_messages("<p>{% trans %}Some words{% endtrans %}</p>") == []
    assert english_outside_messages("---\nhide:\n  - navigation\n  - toc\n---\n") == []
    assert english_outside_messages("---\nhide:\n  - Cities\n---\n") == ["Cities"]


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.j2")))
def test_templates_hold_no_english_outside_messages(template):
    words = english_outside_messages((TEMPLATES / template).read_text(encoding="utf-8"))
    assert not words, f"{template}: words outside {{% trans %}} or _(): {words}"


def test_markup_of_messages_is_kept():
    """A message may hold markup (links, code); its placeholders are still escaped."""
    env = render.make_env()
    out = env.from_string(
        '{% trans url="a&b" %}see the <a href="{{ url }}">sources page</a>{% endtrans %}'
    ).render()
    assert out == Markup('see the <a href="a&amp;b">sources page</a>')


SCRIPT = ROOT / "docs" / "assets" / "javascripts" / "factsheets.js"
THEME = ROOT / "docs" / "overrides" / "main.html"


def test_script_takes_its_words_from_the_page():
    """factsheets.js writes no English of its own: the words come from data attributes that
    the theme override writes in the site's language."""
    script = SCRIPT.read_text(encoding="utf-8")
    shown = re.findall(
        r"""(?:textContent|innerText|innerHTML)\s*=\s*["'][^"']*[A-Za-z]{2}"""
        r"""|setAttribute\(\s*["'](?:aria-label|title|alt)["']\s*,\s*["']""",
        script,
    )
    assert not shown, f"words a reader sees written in factsheets.js: {shown}"
    names = set(re.findall(r"""message\(\s*(?:[^()]*\?\s*)?["']([\w-]+)["']""", script))
    names |= set(re.findall(r""":\s*["']([\w-]+)["']\s*,\s*\{""", script))
    assert "sorted-ascending" in names and "sorted-descending" in names, names
    theme = THEME.read_text(encoding="utf-8")
    for language in ("en", "es"):
        block = re.search(rf'"{language}":\s*\{{\n(.*?)\n\s*\}}', theme, re.S)
        assert block, f"main.html has no words for {language!r}"
        for name in names:
            assert f'"{name}":' in block.group(1), f"main.html lacks {name!r} for {language!r}"


def test_built_pages_carry_the_scripts_words(built):
    html = built.html("cities/")
    holder = re.search(r"<div hidden data-fs-messages[^>]*>", html)
    assert holder, "the cities page carries no words for factsheets.js"
    assert 'data-sorted-ascending="Sorted by {column}, ascending"' in holder.group(0)
