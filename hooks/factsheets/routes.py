"""Where every page and file lives: source paths, URLs and relative links, defined once.

Code and templates ask this module for a path instead of spelling it. A page's *source path*
is the Markdown path MkDocs sees (``cities/el-paso.md``); its URL follows from it and from
``use_directory_urls``; links between pages are relative, so the site works under a sub-path.
"""

from __future__ import annotations

from dataclasses import dataclass

HOME = "index.md"
COUNTRIES = "countries/index.md"
CITIES = "cities/index.md"
GROUPS = "groups/index.md"
PROGRAMS = "programs/index.md"
STRATEGIES = "strategies/index.md"
SOURCES = "sources/index.md"
DATA = "data/index.md"
CONTRIBUTING = "contributing-data/index.md"

#: Where the whole dataset's files go, beside the data page.
DATA_FOLDER = "data"
VEGA_BUNDLE = "assets/javascripts/vega-bundle.js"
#: Chart templates every page's charts are made from, written once per site.
CHART_TEMPLATES = "assets/charts"
#: Chart drawings the pages of several places share.
CHART_DRAWINGS = "charts"
#: Map files every page shares: each country's boundaries and the drawings made from them.
MAPS = "maps"


def country(country_id: str) -> str:
    return f"countries/{country_id}.md"


def city(city_id: str) -> str:
    return f"cities/{city_id}.md"


def cities_starting(slug: str) -> str:
    """The table of the cities whose names start with one letter (``slug``: the letter)."""
    return f"cities/by-letter/{slug}.md"


def group(group_id: str) -> str:
    return f"groups/{group_id}.md"


def program(program_id: str) -> str:
    return f"programs/{program_id}.md"


def strategy(strategy_id: str) -> str:
    return f"{STRATEGIES}#strategy-{strategy_id}"


def source(source_id: str) -> str:
    """A source's entry on the sources page (every page using it is listed there)."""
    return f"{SOURCES}#source-{source_id}"


def page_url(src: str, use_directory_urls: bool = True) -> str:
    """The URL path (relative to the site root) of a Markdown source path; other files keep
    their path."""
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


def folder(src: str) -> str:
    """Where a page's own files go: beside its index.html (``cities/el-paso``)."""
    stem = src[:-3]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")].rstrip("/")
    return stem


def page_file(src: str, name: str) -> str:
    """A file that belongs to one page, e.g. ``cities/el-paso/figures.json``."""
    base = folder(src)
    return f"{base}/{name}" if base else name


def boundary_file(country_id: str) -> str:
    """A country's state boundaries (TopoJSON), which live maps load."""
    return f"{MAPS}/{country_id}.topo.json"


def map_drawing(name: str) -> str:
    """A drawing several pages show (a country's outlines, one state highlighted)."""
    return f"{MAPS}/{name}.svg"


def bars_drawing(name: str) -> str:
    """A peer chart's drawing the pages of the cities it shows share (no bar marked), named
    by a hash of what it draws."""
    return f"{CHART_DRAWINGS}/peers-{name}.svg"


def page_drawings(src: str) -> str:
    """The static drawings of a page's charts, in one SVG file; each chart is a view of it
    (``charts.svg#<figure id>``)."""
    return page_file(src, "charts.svg")


def page_json(src: str) -> str:
    """A page's figures with their sources and each chart's data and spec, as JSON."""
    return page_file(src, "figures.json")


def page_csv(src: str) -> str:
    """The data of a page's figures and charts in one table, a ``chart`` column naming the
    chart each row belongs to."""
    return page_file(src, "figures.csv")


def chart_template(name: str) -> str:
    """A Vega-Lite template charts share (see :mod:`factsheets.chartspec`)."""
    return f"{CHART_TEMPLATES}/{name}"


@dataclass(frozen=True)
class Routes:
    """Links and addresses for one build (its URL style and published address)."""

    use_directory_urls: bool = True
    site_url: str = ""

    def href(self, from_src: str, to: str) -> str:
        return relative(from_src, to, self.use_directory_urls)

    def address(self, src: str) -> str:
        """The full address of a page (a root-relative one when no site URL is set)."""
        base = self.site_url.rstrip("/") + "/" if self.site_url else "/"
        return base + page_url(src, self.use_directory_urls)


def language_alternates(
    alternate: object, site_url: str, base_url: str, page_url: str, default: str
) -> list[tuple[str, str]]:
    """The same page in every language of ``extra.alternate`` as ``(hreflang, href)``, then
    ``x-default`` for the ``default`` language's (e.g. for ``<link rel="alternate">``). Each
    ``link`` is the language's folder relative to this site's root (``es/``, ``../``). The
    addresses are absolute when ``site_url`` is set; else relative through ``base_url``, like the
    language switcher."""
    from urllib.parse import urljoin

    out: list[tuple[str, str]] = []
    for alt in alternate if isinstance(alternate, list) else []:
        if not isinstance(alt, dict) or not alt.get("lang") or alt.get("link") is None:
            continue
        path = str(alt["link"]) + page_url
        href = urljoin(site_url, path) if site_url else f"{base_url}/{path}"
        out.append((str(alt["lang"]), href))
    if len(out) < 2:
        return []  # a site in one language has no alternates
    fallback = [href for lang, href in out if lang == default] or [out[0][1]]
    return [*out, ("x-default", fallback[0])]
