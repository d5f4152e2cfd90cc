"""Pages as Markdown (with HTML blocks) rendered from Jinja templates with autoescape on.

Everything from data goes through the templates' escaping; links between pages are relative, so
the site works under any sub-path (e.g. a GitHub Pages project site).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup, escape

from . import text
from .pages.base import Page
from .pages.home import Home
from .routes import Routes, figure_files, map_drawing
from .validate import Dataset

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md_text(value: Any) -> Markup:
    """Text for a Markdown line (e.g. a heading): HTML-escaped, Markdown punctuation escaped."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(value))))


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


@dataclass(frozen=True)
class Size:
    """The size a static chart was drawn at, for the image that shows it (no reflow)."""

    width: int
    height: int


class Renderer:
    """Turns a page's view model into Markdown with the templates; the only user of Jinja."""

    def __init__(self, ds: Dataset, routes: Routes, data_date: str):
        self.env = make_env()
        self.ds = ds
        self.routes = routes
        self.data_date = data_date

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
            downloads=downloads,
            sizes=sizes,
            chart_files=lambda figure_id: figure_files(src, figure_id),
            map_drawing=map_drawing,
            **page.content.context(),
        )

    def marker(self, name: str, src: str, home: Home) -> str | None:
        """The generated part of a hand-written page that a marker stands for (None: unknown)."""
        href = lambda to: self.routes.href(src, to)  # noqa: E731
        if name == "headlines":
            return self.env.get_template("home_headlines.md.j2").render(
                countries=home.headlines, href=href
            )
        if name == "hubs":
            return self.env.get_template("home_hubs.md.j2").render(
                counts=home.counts, groups=home.groups, href=href
            )
        return None
