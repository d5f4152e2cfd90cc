"""A site from one dataset: the pipeline ``derive → pages → emit → draw → render → emit``,
pages taken through it a batch at a time.

The MkDocs hook and the command line are two doors to :func:`build_site`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TypeVar

from . import derive, drawing, emit, i18n, pages, routes, sheet, svg
from .figures import Context
from .figures.base import MUTED
from .pages import home, indexes
from .render import Renderer, Size
from .reuse import CityKeys, Kept, Reuse, shared_key
from .routes import Routes
from .store import Content, FileStore
from .translate import localized
from .validate import Dataset

#: Pages made, drawn and written together: a page's view (its figures' data, its charts'
#: specs) is let go once its Markdown is written, so a build holds two batches of them (one
#: being drawn, the next being made), not all.
BATCH = 500
MARKER = re.compile(r"<!--\s*factsheets:([a-z-]+)\s*-->")
MARKERS = ("headlines", "hubs")
T = TypeVar("T")


class MarkerError(ValueError):
    """A hand-written page names a marker the generator does not know."""


@dataclass
class Site:
    """Everything generated for one dataset: pages and other files, by path."""

    pages: list[emit.Emitted]
    home: home.Home
    renderer: Renderer
    language: str = i18n.DEFAULT_LANGUAGE
    files: dict[str, Content] = field(default_factory=dict)
    chart_stats: svg.RenderStats = field(default_factory=svg.RenderStats)
    #: Pages taken as the last build made them (see :mod:`factsheets.reuse`).
    kept: int = 0

    def stats(self) -> str:
        kept = f"; {self.kept} of {len(self.pages)} pages kept from the last build"
        return f"{self.chart_stats}{kept if self.kept else ''}"

    def all_files(self) -> dict[str, Content]:
        out: dict[str, Content] = {p.page.src: p.markdown for p in self.pages}
        for emitted in self.pages:
            out.update(emitted.files)
        out.update(self.files)
        return out


def build_site(
    ds: Dataset,
    *,
    use_directory_urls: bool = True,
    site_url: str = "",
    svg_cache: svg.SvgCache | None = None,
    store: FileStore | None = None,
    language: str = i18n.DEFAULT_LANGUAGE,
    reuse: Reuse | None = None,
) -> Site:
    """Every generated page and file for ``ds``. With a ``store``, files are written to disk
    as each page is made and the site holds their paths. With ``reuse`` (the city pages of the
    previous build), a city page whose inputs are unchanged is taken from it, not made again."""
    links = Routes(use_directory_urls, site_url)
    store = store or FileStore(None)
    svg_cache = svg_cache or svg.SvgCache(None)
    ds = localized(ds, language)
    with i18n.use(language):
        ctx = Context(ds, derive.compute(ds))
        date = ctx.facts.data_date
        headlines = indexes.headlines(ctx)
        package, counts = emit.data_package(ds)
        shared: set[str] = set()
        keys: dict[tuple[str, str], str] = {}
        found: dict[int, Kept] = {}
        city_key = CityKeys(ctx)

        def known(kind: str, item: str, shown: Collection[str]) -> pages.Page | None:
            if reuse is None:
                return None
            key = keys[(kind, item)] = reuse.key(kind, item, shown, city_key)
            kept = reuse.find(kind, item, key)
            if kept is None:
                return None
            found[id(kept.emitted.page)] = kept
            return kept.emitted.page

        if reuse is not None:
            reuse.begin(shared_key(ctx, language, use_directory_urls, site_url), ctx)
        templates: dict[str, Content] = {}
        renderer = Renderer(ds, links, date, ctx.facts.program_status)
        done = Drawn()
        made = done.every_page(
            pages.every_page(ctx, headlines, counts, known),
            lambda page: emit.page_files(ds, page, links, date, store, shared, templates),
            found,
            (renderer, svg_cache, store),
        )
        for emitted in made:  # the chart templates of every page, reused ones included
            templates.update(emitted.templates)
        if reuse is not None:
            reuse.pages = _kept_pages(made, keys, reuse)
            reuse.end(ctx, city_key)
        files = {**emit.site_files(ds, package, store), **templates}
        files.update(shared_drawings(made, done.shared, reuse))
        hub = home.build(ctx, headlines)
        return Site(made, hub, renderer, language, files, done.stats, len(found))


@dataclass
class Drawn:
    """What the batches of a build drew so far: sizes by the address each drawing is shown
    from, the drawings pages share by their files, and the counts."""

    sizes: dict[str, Size] = field(default_factory=dict)
    shared: dict[str, Content] = field(default_factory=dict)
    stats: svg.RenderStats = field(default_factory=svg.RenderStats)

    def every_page(
        self,
        every: Iterable[pages.Page],
        make: Callable[[pages.Page], emit.Emitted],
        found: dict[int, Kept],
        tools: tuple[Renderer, svg.SvgCache, FileStore],
    ) -> list[emit.Emitted]:
        """Every page, taken from the last build (``found``) or made, a batch at a time; each
        batch's charts are drawn while the next batch is made, and its Markdown written."""
        renderer, cache, store = tools
        made: list[emit.Emitted] = []
        with drawing.Painter().running() as painter:
            behind: tuple[list[emit.Emitted], svg.Pending] | None = None
            for batch in _batches(every, BATCH):
                fresh: list[emit.Emitted] = []
                for page in batch:
                    kept = found.get(id(page))
                    if kept is None:
                        fresh.append(make(page))
                    made.append(kept.emitted if kept else fresh[-1])
                ahead = (fresh, self.begin(fresh, cache, painter))
                if behind:  # the batch before, drawn while this one was made
                    self.write(*behind, renderer, cache, store)
                behind = ahead
            if behind:
                self.write(*behind, renderer, cache, store)
        return made

    @staticmethod
    def begin(
        fresh: list[emit.Emitted], cache: svg.SvgCache, painter: drawing.Painter
    ) -> svg.Pending:
        """Start drawing a batch's charts (the workers draw them while the next is made)."""
        return cache.begin([(c.key, c.spec) for e in fresh for c in e.charts], painter.start)

    def write(
        self,
        fresh: list[emit.Emitted],
        pending: svg.Pending,
        renderer: Renderer,
        cache: svg.SvgCache,
        store: FileStore,
    ) -> None:
        """Wait for a batch's drawings, then write each page's Markdown; keep of each page only
        what is read again (its address, sources and the name a later build may reuse it by)."""
        sizes, shared, stats = draw(fresh, pending, cache, store)
        self.sizes.update(sizes)
        self.shared.update(shared)
        self.stats.add(stats)
        for emitted in fresh:
            text = renderer.page(emitted.page, self.sizes, emitted.downloads)
            emit.markdown(emitted, text, store)
            emitted.name = pages.name_of(emitted.page)
            emitted.page = pages.citing(emitted.page)
            emitted.charts = []  # drawn


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last may be shorter)."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _kept_pages(
    made: list[emit.Emitted], keys: dict[tuple[str, str], str], reuse: Reuse
) -> dict[tuple[str, str], Kept]:
    """Every city, country, group and letter page of this build, for the next one to reuse."""
    out: dict[tuple[str, str], Kept] = {}
    for emitted in made:
        name = emitted.name
        if name is not None:
            kept = reuse.pages.get(name)
            if kept is None or kept.emitted is not emitted:
                kept = Kept(keys[name], emitted)
            out[name] = kept
    return out


def draw(
    made: list[emit.Emitted], pending: svg.Pending, cache: svg.SvgCache, store: FileStore
) -> tuple[dict[str, Size], dict[str, Content], svg.RenderStats]:
    """The static drawing of every chart (an earlier build's when unchanged), the drawings of
    each page in one file beside it; sizes by the address each is shown from, and the
    drawings pages share by their files."""
    drawings, stats = pending.finish()
    drawn = iter(drawings)
    sizes = {}
    shared: dict[str, Content] = {}
    for emitted in made:
        views: list[tuple[str, svg.Drawn]] = []
        keys: list[tuple[str, str]] = []
        for chart in emitted.charts:  # in the order of ``charts``
            image = next(drawn)
            sizes[chart.image] = Size(image.width, image.height)
            if "#" in chart.image:  # a view of the page's drawings file
                views.append((chart.image.split("#", 1)[1], image))
                keys.append((views[-1][0], chart.key))
                continue
            shared[chart.image] = image.content
            if chart.bars:
                bars = sheet.bars(sheet.drawing_text(image), MUTED)
                sizes[chart.image] = Size(image.width, image.height, bars)
        if views:
            name = routes.page_drawings(emitted.page.src)
            found = cache.combined(keys, partial(sheet.combine, views))
            emitted.files[name] = found if isinstance(found, Path) else store.put(name, found)
    return sizes, shared, stats


def shared_drawings(
    made: list[emit.Emitted], drawn: dict[str, Content], reuse: Reuse | None
) -> dict[str, Content]:
    """The shared drawings the pages show: drawn by this build, or (for pages reused as they
    were) by the last."""
    before = reuse.drawings if reuse is not None else {}
    out = {}
    for path in sorted({path for emitted in made for path in emitted.shared}):
        out[path] = drawn[path] if path in drawn else before[path]
    if reuse is not None:
        reuse.drawings = out
    return out


def expand_markers(markdown: str, src: str, site: Site, *, path_label: str = "") -> str:
    """Replace ``<!-- factsheets:NAME -->`` in a hand-written page with generated content."""

    def replace(match: re.Match[str]) -> str:
        with i18n.use(site.language):
            found = site.renderer.marker(match.group(1), src, site.home)
        if found is None:
            line = markdown[: match.start()].count("\n") + 1
            raise MarkerError(
                f"{path_label or src}:{line}: unknown marker 'factsheets:{match.group(1)}' — "
                "known markers: " + ", ".join(MARKERS)
            )
        return found

    return MARKER.sub(replace, markdown)


def write_docs(site: Site, docs_dir: Path, out_dir: Path) -> int:
    """Write the whole docs folder (hand-written pages with their markers expanded, and every
    generated file) into ``out_dir`` for another MkDocs-compatible builder."""
    return emit.write_docs(
        site.all_files(),
        docs_dir,
        out_dir,
        lambda text, rel, label: expand_markers(text, rel, site, path_label=label),
        site.language if site.language != i18n.DEFAULT_LANGUAGE else None,
    )
