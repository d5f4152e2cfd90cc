"""Pages as Markdown (with HTML blocks) rendered from Jinja templates with autoescape on.

Everything from data goes through the templates' escaping; links between pages are relative, so
the site works under any sub-path (e.g. a GitHub Pages project site).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import text

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
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("factsheets", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = md_text
    env.filters["fm"] = front_matter_text
    env.filters["number"] = text.number
    env.filters["month"] = text.month
    return env


_INDENT = re.compile(r"\n[ \t]+")
_BLANK_LINES = re.compile(r"\n{2,}")


def fold_whitespace(page_html: str) -> str:
    """Drop the theme's indentation and blank lines (about a seventh of a page) where no
    element keeps whitespace as written."""
    if "<pre" in page_html or "<textarea" in page_html:
        return page_html
    return _BLANK_LINES.sub("\n", _INDENT.sub("\n", page_html))


def page_url(src: str, use_directory_urls: bool = True) -> str:
    """The URL path (relative to the site root) of a Markdown source path."""
    if not src.endswith(".md"):
        return src
    stem = src[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/" if use_directory_urls else stem + ".html"


def relative(from_src: str, to: str, use_directory_urls: bool = True) -> str:
    """A link from the page built from ``from_src`` to a page source or a file path."""
    here = page_url(from_src, use_directory_urls)
    base = here.rsplit("/", 1)[0].split("/") if "/" in here else []
    if base == [""]:
        base = []
    anchor = ""
    if "#" in to:
        to, anchor = to.split("#", 1)
        anchor = "#" + anchor
    target = page_url(to, use_directory_urls) if to else here
    parts = target.split("/")
    common = 0
    while common < len(base) and common < len(parts) - 1 and base[common] == parts[common]:
        common += 1
    rel = "../" * (len(base) - common) + "/".join(parts[common:])
    return (rel or "./") + anchor


def _plain_number(value: Any) -> Any:
    if isinstance(value, float):
        return int(value) if value.is_integer() else repr(value)
    return value


def records_csv(records: list[dict[str, Any]]) -> str:
    """Tidy rows as CSV with a header; numbers written as plain digits."""
    buf = io.StringIO()
    if records:
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(records[0].keys())
        writer.writerows([_plain_number(v) for v in rec.values()] for rec in records)
    return buf.getvalue()


#: A generated file: its text or bytes, or a file on disk to copy (a cached chart image).
Content = str | bytes | Path


@dataclass
class Figure:
    """One chart with everything a reader needs around it."""

    id: str
    title: str
    description: str
    caption: str
    spec: dict[str, Any]
    columns: list[str]
    rows: list[list[Any]]
    csv_name: str = ""
    json_name: str = ""
    svg_name: str = ""
    width: int = 0
    height: int = 0
    sources: list[str] = field(default_factory=list)
    #: The static image's cache key (a hash of what it draws).
    key: str = ""
    #: The figures behind the chart as tidy rows, for the CSV and JSON downloads.
    records: list[dict[str, Any]] = field(default_factory=list)

    def csv_text(self) -> str:
        return records_csv(self.records)

    def release(self) -> None:
        """Drop the spec and records once written into the page's files: at tens of thousands
        of charts these small objects add up to hundreds of megabytes."""
        self.spec, self.records = {}, []


@dataclass
class PageOut:
    """A generated page and the files that come with it."""

    src: str
    markdown: str | Path
    files: dict[str, Content] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    title: str = ""
    figures: list[Figure] = field(default_factory=list)
    #: Template and context, kept until the charts' static SVGs are ready.
    pending: tuple[str, dict[str, Any]] | None = None
