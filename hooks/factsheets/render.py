"""Pages as Markdown (with HTML blocks) rendered from Jinja templates with autoescape on.

Everything from data goes through the templates' escaping; links between pages are relative, so
the site works under any sub-path (e.g. a GitHub Pages project site).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2.bccache import Bucket, BytecodeCache
from markupsafe import Markup

from . import citing, i18n, routes, text
from .pages.base import Page
from .pages.home import Home
from .routes import Routes
from .translate import DATA_LANGUAGE, Untranslated
from .validate import Dataset

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md_text(value: Any) -> Markup:
    """Text for a Markdown line (e.g. a heading): ``&``, ``<`` and ``>`` HTML-escaped, Markdown
    punctuation escaped. Quotes stay as typed: the table of contents would escape an entity for
    them a second time. Not for attribute values."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False)))


def front_matter_text(value: Any) -> Markup:
    """A YAML string for front matter, HTML-escaped: the theme pastes titles and descriptions
    into <title> and attributes without escaping them."""
    return Markup(json.dumps(html.escape(str(value), quote=True), ensure_ascii=False))


def make_env() -> jinja2.Environment:
    """Templates with autoescape on and every word from the message catalogue: ``{% trans %}``
    blocks and ``_()`` take named placeholders, which Jinja fills and escapes itself (new-style
    gettext), so the installed callables only look the message up in the language in use."""
    env = jinja2.Environment(
        finalize=in_own_language,
        loader=jinja2.PackageLoader("factsheets", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=TEMPLATE_CODE,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=i18n.message,
        ngettext=i18n.plural_message,
        pgettext=i18n.message_in_context,
        newstyle=True,
    )
    env.filters["md"] = md_text
    env.filters["fm"] = front_matter_text

    def front_matter_word(value: Any) -> Markup:
        """A fixed title or description for front matter: as written when YAML and HTML read it
        as plain text ('Cities'), quoted and escaped like ``fm`` otherwise."""
        words = str(value)
        if re.fullmatch(r"[^\W\d_][^:#&<>\"'\n]*[^\s:]", words):
            return Markup(words)
        return front_matter_text(words)

    env.filters["fm_word"] = front_matter_word
    env.filters["number"] = text.number
    env.filters["month"] = text.month
    env.filters["program_status"] = text.program_status
    env.filters["plain"] = plain_text
    env.filters["cell_label"] = cell_label
    env.filters["source_name"] = citing.source_name
    env.filters["source_kind"] = citing.source_kind
    env.globals["routes"] = routes
    env.globals["lang_attr"] = lang_attr
    env.globals["mark_titles"] = mark_titles
    env.globals["title_marks"] = title_marks
    env.globals["with_titles_marked"] = with_titles_marked
    return env


#: A source title to mark in text: the title as HTML, and its `` lang="…"`` attribute.
TitleMarks = tuple[tuple[Markup, Markup], ...]


def title_marks(sources: Iterable[str], ds: Dataset) -> TitleMarks:
    """The titles of ``sources`` written in another language than the page's, each with its
    ``lang`` attribute (none when every title is in the page's language)."""
    marks = []
    for sid in dict.fromkeys(sources):
        source = ds.sources.get(sid)
        attr = lang_attr(source.lang) if source is not None and source.title else Markup("")
        if source is not None and attr:
            marks.append((Markup.escape(source.title), attr))
    return tuple(marks)


def with_titles_marked(value: Any, marks: TitleMarks) -> Any:
    """``value`` with each title of ``marks`` in it wrapped in ``<cite lang="…">`` (a title
    stays in its own language); ``value`` itself when there is nothing to mark, so text still
    in the data's language keeps its own marker (``in_own_language``)."""
    if not marks or isinstance(value, (Markup, Untranslated)):
        return value
    out = Markup.escape(value)
    found = [(title, attr) for title, attr in marks if title in out]
    for title, attr in found:
        out = Markup(out.replace(title, Markup("<cite{}>{}</cite>").format(attr, title)))
    return out if found else value


def mark_titles(text: Any, sources: Iterable[str], ds: Dataset) -> Any:
    """``text`` with the titles of ``sources`` written in another language than the page's
    marked with their ``lang`` (a title stays in its own language)."""
    return with_titles_marked(text, title_marks(sources, ds))


def in_own_language(value: Any) -> Any:
    """Data text still in the data's language (its translation is missing) keeps that
    language's ``lang`` and a discreet marker, so a reader and a screen reader know."""
    if isinstance(value, Untranslated) and value.lang != i18n.current().code:
        marked = '<span lang="{lang}">{text}</span> <small class="fs-untranslated">{marker}</small>'
        return Markup(marked).format(
            lang=value.lang, text=str.__str__(value), marker=i18n.gettext("(in English)")
        )
    return value


def plain_text(value: Any) -> str:
    """A value as plain text, for attributes: no language marker."""
    return str.__str__(value) if isinstance(value, str) else str(value)


def cell_label(indicator: Any) -> str:
    """The label of an indicator's cells in a table stacked on a phone: name (unit)."""
    return f"{plain_text(indicator.name)} ({plain_text(indicator.unit)})"


def lang_attr(code: str | None) -> Markup:
    """` lang="en"` for text in another language than the page's; nothing otherwise."""
    code = code or DATA_LANGUAGE
    return Markup(' lang="{}"').format(code) if code != i18n.current().code else Markup("")


_INDENT = re.compile(r"\n[ \t]+")
_BLANK_LINES = re.compile(r"\n{2,}")


def fold_whitespace(page_html: str) -> str:
    """Drop the theme's indentation and blank lines (about a seventh of a page) where no
    element keeps whitespace as written."""
    if "<pre" in page_html or "<textarea" in page_html:
        return page_html
    return _BLANK_LINES.sub("\n", _INDENT.sub("\n", page_html))


#: On paper a chart is at most 2.7 in (259 px) high (the print stylesheet), and its smallest
#: words, drawn at 12 px (9 pt), are to print at 6 pt or more: a drawing taller than this
#: would shrink them below that (a ranking of 30 cities, 870 px, to 2 pt).
PRINTS_READABLY_UP_TO = 2.7 * 96 * 9 / 6


@dataclass(frozen=True)
class Size:
    """The size a static chart was drawn at, for the image that shows it (no reflow)."""

    width: int
    height: int
    #: A shared peer chart's bars, top to bottom, each as the attributes of an SVG path in
    #: the drawing's pixels: the page marks its own bar over the drawing with one of them.
    bars: tuple[str, ...] = ()

    @property
    def prints_as_table(self) -> bool:
        """Too tall to print readably: the chart's table prints instead."""
        return self.height > PRINTS_READABLY_UP_TO


class Renderer:
    """Turns a page's view model into Markdown with the templates; the only user of Jinja."""

    def __init__(
        self, ds: Dataset, routes: Routes, data_date: str, status: Mapping[str, str]
    ) -> None:
        self.env = make_env()
        self.ds = ds
        self.routes = routes
        self.data_date = data_date
        self.status = status  # program id -> 'planned', 'running' or 'ended'

    def page(self, page: Page, sizes: Mapping[str, Size], downloads: Mapping[str, str]) -> str:
        src = page.src
        return self.env.get_template(page.template).render(
            src=src,
            page_address=self.routes.address(src),
            href=lambda to: self.routes.href(src, to),
            ds=self.ds,
            title=page.title,
            description=page.description,
            sources=[self.ds.sources[s] for s in page.sources],
            data_date=self.data_date,
            status=self.status,
            downloads=downloads,
            sizes=sizes,
            page_drawings=routes.page_drawings(src),
            page_json=routes.page_json(src),
            page_csv=routes.page_csv(src),
            **page.content.context(),
        )

    def marker(self, name: str, src: str, home: Home) -> str | None:
        """The generated part of a hand-written page that a marker stands for (None: unknown)."""
        href = lambda to: self.routes.href(src, to)  # noqa: E731
        if name == "headlines":
            return self.env.get_template("home_headlines.md.j2").render(
                countries=home.headlines, href=href, status=self.status
            )
        if name == "hubs":
            return self.env.get_template("home_hubs.md.j2").render(
                counts=home.counts, groups=home.groups, href=href
            )
        return None


class MemoryBytecode(BytecodeCache):
    """Compiled templates kept in memory, for a builder that makes a new template environment
    for every build (MkDocs does, per build and language; so does :class:`Renderer`), which
    would compile the templates again each time (about half a second for the theme's, as much
    for the pages'). A template whose source changed is compiled again (Jinja checks it)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


#: Every template this process compiled (the pages' and the theme's; a template is known by
#: its file, so each keeps its own), for every environment made after.
TEMPLATE_CODE = MemoryBytecode()
