"""Static SVG of every chart, rendered at build time and cached on disk by a hash of its spec.

Readers without JavaScript, on slow links and on paper see this SVG; the script replaces it with
the interactive chart when it can. The cache may be deleted at any time: the output is the same.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from .store import CacheGone, digest_beside, sha256, sound, write_with_digest

#: Width the static chart is drawn at; it scales to its container (viewBox) on the page. A phone
#: 360 px wide shows it about 328 px wide: its 12 px labels stay 11.5 px, readable. Wider
#: screens show it at most 1.4 times this size (the stylesheet), and the live chart fills them.
STATIC_WIDTH = 340
PARALLEL_FROM = 24  # below this many charts to draw, a second process costs more than it saves
BATCH = 16  # charts sent to a worker at a time

_STRIP = re.compile(r'\s(?:class|role|aria-[a-z]+)="[^"]*"')


@dataclass
class RenderStats:
    rendered: int = 0
    reused: int = 0
    damaged: int = 0

    def add(self, other: RenderStats) -> None:
        self.rendered += other.rendered
        self.reused += other.reused
        self.damaged += other.damaged

    def __str__(self) -> str:
        damaged = f" ({self.damaged} damaged in the cache, drawn again)" if self.damaged else ""
        return f"charts: {self.rendered} rendered, {self.reused} reused from the cache{damaged}"


def static_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as drawn for the static image. The description is left out: ``clean`` strips
    it from the drawing anyway (the page carries it), and without it a chart whose bars did not
    change keeps its cached image when, say, a peer's rank in the description moves."""
    out = {k: v for k, v in spec.items() if k != "description"}
    width, height = spec.get("width"), spec.get("height")
    if "projection" in spec and isinstance(width, int | float) and isinstance(height, int | float):
        out["height"] = round(height * STATIC_WIDTH / width)  # a map keeps its proportions
    out["width"] = STATIC_WIDTH
    return out


#: Bump when ``clean`` or the fonts change, so cached SVGs from before are not reused.
CLEAN_VERSION = "7"
#: Bump when the way a page's drawings are put in one file (:mod:`factsheets.sheet`) changes.
SHEET_VERSION = "1"

#: vl-convert measures text with the fonts fontconfig lists, and opens and maps a system font
#: file again for every piece of text it measures: that took more than half of a chart's
#: drawing time. This setup lists a folder without fonts, so it measures with the Liberation
#: Sans built into it, from memory: about 2.5 times faster, and the same drawing on every
#: machine whatever fonts it has. Readers' browsers still draw the text in the page's font.
FONTS_CONF = Path(__file__).parent / "fonts" / "fonts.conf"


def _vl_convert() -> ModuleType:
    """vl-convert, set up to measure text with its own fonts. It reads the font setup once, at
    its first drawing, so this runs before any drawing in this process and in the workers."""
    os.environ["FONTCONFIG_FILE"] = str(FONTS_CONF)
    import vl_convert

    return vl_convert


@lru_cache(maxsize=1)
def renderer_version() -> str:
    return getattr(_vl_convert(), "__version__", "")


@lru_cache(maxsize=1)
def _version() -> str:
    return renderer_version() + "/" + CLEAN_VERSION


def spec_key(spec: dict[str, Any]) -> str:
    text = json.dumps(static_spec(spec), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256((_version() + "\n" + text).encode("utf-8")).hexdigest()


class NotInline(ValueError):
    """A chart names data by URL: vl-convert would draw it empty, without an error, if the
    URL were missing, so a static drawing takes its data inline only."""


def loaded_urls(spec: Any) -> list[str]:
    """The URLs a Vega-Lite spec loads data from (its top level, layers and sub-views)."""
    found: list[str] = []
    if isinstance(spec, dict):
        data = spec.get("data")
        if isinstance(data, dict) and "url" in data:
            found.append(str(data["url"]))
        for key in ("layer", "concat", "hconcat", "vconcat"):
            for part in spec.get(key) or []:
                found.extend(loaded_urls(part))
        if isinstance(spec.get("spec"), dict):
            found.extend(loaded_urls(spec["spec"]))
    return found


def _render(spec: dict[str, Any]) -> str:
    urls = loaded_urls(spec)
    if urls:
        raise NotInline(f"a chart to draw loads data from {', '.join(urls)}: pass it inline")
    return clean(_vl_convert().vegalite_to_svg(static_spec(spec)))


def _render_many(specs: list[dict[str, Any]]) -> list[str]:
    return [_render(s) for s in specs]


_DEFAULTS = re.compile(
    r' (?:opacity="1"|pointer-events="none"|stroke-width="1"|stroke-miterlimit="10"'
    r'|transform="translate\(0,0\)"|[xy][12]="0")(?=[ />])'
)
_EMPTY = re.compile(r'<path d="(?:M0,0h0v0h0Z)?"(?: display="none")?/>')
#: A group's background without fill or stroke of its own: the root group has fill="none".
_FRAME = re.compile(r'<path d="M0,0h[\d.]+v[\d.]+h-[\d.]+Z"/>')
_TAG = re.compile(r"<[^>]+>")
_DECIMALS = re.compile(r"\d+\.\d+")
#: A point drawn as a path (two arcs) where it is placed: a circle says the same in less.
_DOT = re.compile(
    r'<path transform="translate\(([-\d.]+),([-\d.]+)\)" '
    r'd="M([\d.]+),0A\3,\3,0,1,1,-\3,0A\3,\3,0,1,1,\3,0"'
)
#: A one-line label placed by a translation: x and y say the same in less.
_LABEL = re.compile(
    r'<text((?: [\w-]+="[^"]*")*?) transform="translate\(([-\d.]+),([-\d.]+)\)"'
    r'((?: [\w-]+="[^"]*")*)>([^<]*)</text>'
)
_FONT = re.compile(r' font-family="([^"]*)"')
_NUMBERED = re.compile(r'(\sid="|url\(#|href="#)([^")]*?)(\d+)(?=[")])')
_GROUP = re.compile(r"<g>|<g\s[^>]*>|</g>")


def clean(svg: str) -> str:
    """Smaller, quieter SVG. The figure around it carries the accessible name, so the drawing's
    own roles and labels go and it is hidden from assistive technology; default-valued
    attributes, groups without attributes, empty and invisible paths and sub-pixel decimals
    (in the drawing's markup, never in its text) go; points become circles and one-line
    labels take x and y; the font is set once on the root."""
    svg = _STRIP.sub("", svg)
    svg = _DEFAULTS.sub("", svg)
    svg = _EMPTY.sub("", svg)
    if '<g fill="none"' in svg[:600]:  # the root group: a frame without a fill draws nothing
        svg = _FRAME.sub("", svg)
    svg = _TAG.sub(lambda tag: _DECIMALS.sub(_round, tag.group(0)), svg)
    svg = _DOT.sub(r'<circle cx="\1" cy="\2" r="\3"', svg)
    svg = _LABEL.sub(r'<text\1 x="\2" y="\3"\4>\5</text>', svg)
    svg = _bare_groups(svg)
    svg = _own_numbers(svg)
    fonts = _FONT.findall(svg)
    font = max(set(fonts), key=fonts.count) if fonts else ""
    if font:
        svg = svg.replace(f' font-family="{font}"', "")
        svg = svg.replace("<svg ", f'<svg font-family="{font}" ', 1)
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def _own_numbers(svg: str) -> str:
    """Ids Vega numbers (``gradient_3``) across all it drew before, numbered in the drawing's
    own order: a chart is drawn the same whatever was drawn before it."""
    numbers: dict[tuple[str, str], str] = {}
    counts: dict[str, int] = {}

    def renumber(match: re.Match[str]) -> str:
        where, prefix, number = match.groups()
        new = numbers.get((prefix, number))
        if new is None:
            new = numbers[(prefix, number)] = str(counts.get(prefix, 0))
            counts[prefix] = int(new) + 1
        return f"{where}{prefix}{new}"

    return _NUMBERED.sub(renumber, svg)


def _round(number: re.Match[str]) -> str:
    return tenth(float(number.group(0)))


def tenth(value: float) -> str:
    """A coordinate to a tenth of a pixel, without a trailing ".0"."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _bare_groups(svg: str) -> str:
    """The drawing without ``<g>`` elements that have no attributes: they group nothing a
    reader sees (no transform, style or clip), so their children are drawn the same without."""
    out: list[str] = []
    kept: list[bool] = []
    last = 0
    for match in _GROUP.finditer(svg):
        out.append(svg[last : match.start()])
        last = match.end()
        tag = match.group(0)
        if tag == "</g>":
            if kept.pop():
                out.append(tag)
        else:
            keep = tag != "<g>"
            kept.append(keep)
            if keep:
                out.append(tag)
    out.append(svg[last:])
    return "".join(out)


_SIZE = re.compile(r'<svg [^>]*?width="([\d.]+)" height="([\d.]+)"')


def size_of(svg: str) -> tuple[int, int]:
    """Width and height the SVG was drawn at (for the <img> that shows it, to avoid reflow)."""
    match = _SIZE.search(svg)
    if match is None:
        return STATIC_WIDTH, 320
    return round(float(match.group(1))), round(float(match.group(2)))


@dataclass(frozen=True)
class Drawn:
    """One static chart: its SVG text, or the cache file holding it (kept on disk, not in
    memory, so a site of tens of thousands of charts does not hold them all at once)."""

    content: str | Path
    width: int
    height: int


class SvgCache:
    """Renders charts to SVG, reusing earlier results stored under ``folder``.

    Each drawing ``<key>.svg`` (``key`` is the hash of what it draws) has the hash of its own
    bytes beside it in ``<key>.sha256``; a drawing whose bytes do not match (cut short, edited,
    or half-deleted) is drawn again. A folder that cannot be written is left alone: drawings
    are then kept in memory and ``problem`` says why, once."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.memory: dict[str, Drawn] = {}
        #: (size, mtime) of each cache file when it was last found sound
        self._checked: dict[str, tuple[int, int]] = {}
        self.problem: str | None = None
        self.damaged = 0

    def _path(self, key: str) -> Path | None:
        if self.folder is None or self.problem is not None:
            return None
        return self.folder / key[:2] / f"{key}.svg"

    def _lookup(self, key: str) -> Drawn | None:
        drawn = self.memory.get(key)
        if drawn is not None and not isinstance(drawn.content, Path):
            return drawn
        path = self._path(key)
        if path is None:
            return None
        try:
            info = path.stat()
            if drawn is not None and self._checked.get(key) == (info.st_size, info.st_mtime_ns):
                return drawn
            data, digest = path.read_bytes(), digest_beside(path)
        except (OSError, UnicodeDecodeError):  # not drawn yet, deleted, or unreadable
            self.memory.pop(key, None)
            return None
        if sha256(data) != digest:
            self.damaged += 1
            self.memory.pop(key, None)
            return None
        drawn = Drawn(path, *size_of(data[:1024].decode("utf-8", "replace")))
        self.memory[key] = drawn
        self._checked[key] = (info.st_size, info.st_mtime_ns)
        return drawn

    def _store(self, key: str, svg: str) -> None:
        path = self._path(key)
        if path is not None:
            try:
                write_with_digest(path, svg.encode("utf-8"))
            except OSError as exc:
                self.problem = (
                    f"the chart cache {self.folder} cannot be written ({exc.strerror}): charts "
                    "are drawn without it this time — fix: make the folder writable, or delete it"
                )
            else:
                info = path.stat()
                self.memory[key] = Drawn(path, *size_of(svg))
                self._checked[key] = (info.st_size, info.st_mtime_ns)
                return
        self.memory[key] = Drawn(svg, *size_of(svg))

    def combined(self, views: list[tuple[str, str]], combine: Callable[[], str]) -> str | Path:
        """A page's drawings in one file, given its views as (figure id, drawing key): made by
        ``combine`` once, then taken from the cache, checked like a drawing (putting them
        together takes longer than finding the drawings: seconds at thousands of pages)."""
        text = "\n".join(f"{name}={key}" for name, key in views)
        key = hashlib.sha256(f"sheet/{SHEET_VERSION}\n{text}".encode()).hexdigest()
        if self.folder is None or self.problem is not None:
            return combine()
        path = self.folder / "sheets" / key[:2] / f"{key}.svg"
        if sound(path):
            return path
        made = combine()
        try:
            write_with_digest(path, made.encode("utf-8"))
        except OSError:
            return made
        return path

    def render_all(
        self, charts: list[tuple[str, str | bytes | Path]]
    ) -> tuple[list[Drawn], RenderStats]:
        """The static image of each chart, given as (``spec_key``, spec as JSON or the file
        holding it), in order; only charts not seen before are drawn."""
        stats = RenderStats()
        damaged_before = self.damaged
        keys = [key for key, _ in charts]
        out: list[Drawn | None] = [self._lookup(k) for k in keys]
        missing: dict[str, dict[str, Any]] = {}
        for (key, spec), drawn in zip(charts, out, strict=True):
            if drawn is None and key not in missing:
                try:
                    text = spec.read_bytes() if isinstance(spec, Path) else spec
                except FileNotFoundError:
                    raise CacheGone(
                        f"{spec!s}: the cache folder was deleted during the build — fix: run the "
                        "build again (the site was not changed)"
                    ) from None
                missing[key] = json.loads(text)
        stats.reused = sum(drawn is not None for drawn in out)
        if missing:
            todo = list(missing.items())
            drawn_svgs = self._draw([spec for _, spec in todo])
            for (key, _), svg in zip(todo, drawn_svgs, strict=True):
                self._store(key, svg)  # as each arrives: an interrupted build keeps its work
            stats.rendered = len(todo)
        stats.damaged = self.damaged - damaged_before
        return [self.memory[k] for k in keys], stats

    @staticmethod
    def _draw(specs: list[dict[str, Any]]) -> Iterator[str]:
        workers = min(os.cpu_count() or 1, 8)
        if len(specs) < PARALLEL_FROM or workers < 2:
            yield from (_render(s) for s in specs)
            return
        # Small batches: results reach the cache as they come, and a stopped build (Ctrl-C)
        # leaves no worker drawing on for minutes.
        batches = [specs[i : i + BATCH] for i in range(0, len(specs), BATCH)]
        # "spawn": a forked child would inherit vl-convert's runtime threads mid-state and hang
        # (the long-lived `mkdocs serve` process has started them before).
        context = multiprocessing.get_context("spawn")
        with _package_on_path():  # the workers import this copy of the package, not another
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
            try:
                for batch in pool.map(_render_many, batches):
                    yield from batch
            except BaseException:  # Ctrl-C or an error: drop the queued batches, do not wait
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            pool.shutdown()


@contextlib.contextmanager
def _package_on_path() -> Iterator[None]:
    """Started workers import the package by name: MkDocs puts the hook's folder on the path
    only while it loads the hook, so without this a worker would import an installed copy of
    the package (or none), not the one being built."""
    root = str(Path(__file__).resolve().parent.parent)
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = root + (os.pathsep + before if before else "")
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = before
