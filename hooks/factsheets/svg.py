"""Static SVG of every chart, rendered at build time and cached on disk by a hash of its spec.

Readers without JavaScript, on slow links and on paper see this SVG; the script replaces it with
the interactive chart when it can. The cache may be deleted at any time: the output is the same.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from . import compiled
from .store import CacheGone, digest_beside, sha256, sound, write_with_digest

#: Width the static chart is drawn at; it scales to its container (viewBox) on the page. A phone
#: 360 px wide shows it about 328 px wide: its 12 px labels stay 11.5 px, readable. Wider
#: screens show it at most 1.4 times this size (the stylesheet), and the live chart fills them.
STATIC_WIDTH = 340

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
    change keeps its cached image when, say, a peer's rank in the description moves. So are
    ARIA labels (``clean`` strips them too): not making them saves a tenth of the time."""
    out = {k: v for k, v in spec.items() if k != "description"}
    out["config"] = {**spec.get("config", {}), "aria": False}
    width, height = spec.get("width"), spec.get("height")
    if "projection" in spec and isinstance(width, int | float) and isinstance(height, int | float):
        out["height"] = round(height * STATIC_WIDTH / width)  # a map keeps its proportions
    out["width"] = STATIC_WIDTH
    return out


#: Bump when ``clean`` or the fonts change, so cached SVGs from before are not reused.
CLEAN_VERSION = "8"
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


def render(spec: dict[str, Any]) -> str:
    """The static drawing of ``spec``, cleaned."""
    urls = loaded_urls(spec)
    if urls:
        raise NotInline(f"a chart to draw loads data from {', '.join(urls)}: pass it inline")
    vlc = _vl_convert()
    return clean(vlc.vega_to_svg(compiled.vega_text(static_spec(spec), vlc.vegalite_to_vega)))


_DEFAULTS = re.compile(
    r' (?:opacity="1"|pointer-events="none"|stroke-width="1"|stroke-miterlimit="10"'
    r'|transform="translate\(0,0\)"|[xy][12]="0")(?=[ />])'
)
_EMPTY = re.compile(r'<path d="(?:M0,0h0v0h0Z)?"(?: display="none")?/>')
#: A group's background without fill or stroke of its own: the root group has fill="none".
_FRAME = re.compile(r'<path d="M0,0h[\d.]+v[\d.]+h-[\d.]+Z"/>')
#: Text Vega hid (an axis label that would overlap its neighbour): nothing to draw.
_HIDDEN = re.compile(r'<text(?: [^>]*?)? opacity="0"[^>]*>[^<]*</text>')
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

#: A tick or grid line placed by a translation (its numbers as groups); a run of them drawn alike.
_LINE_PARTS = re.compile(
    r'<line transform="translate\(([-\d.]+),([-\d.]+)\)"(?: x2="([-\d.]+)")?(?: y2="([-\d.]+)")?'
)
_LINE = _LINE_PARTS.pattern.replace("([-", "(?:[-")
_LINES = re.compile(rf'(?:{_LINE}(( [\w-]+="[^"]*")*)/>)(?:{_LINE}\1/>)+')


def clean(svg: str) -> str:
    """Smaller, quieter SVG. The figure around it carries the accessible name, so the drawing's
    own roles and labels go and it is hidden from assistive technology; default-valued
    attributes, groups without attributes, empty and invisible paths, hidden text and sub-pixel
    decimals (in the markup, never in the text) go; points become circles, one-line labels take
    x and y, runs of lines drawn alike become one path; the font is set once on the root."""
    svg = _STRIP.sub("", svg)
    svg = _DEFAULTS.sub("", svg)
    svg = _EMPTY.sub("", svg)
    svg = _HIDDEN.sub("", svg)
    if '<g fill="none"' in svg[:600]:  # the root group: a frame without a fill draws nothing
        svg = _FRAME.sub("", svg)
    svg = _TAG.sub(lambda tag: _DECIMALS.sub(_round, tag.group(0)), svg)
    svg = _DOT.sub(r'<circle cx="\1" cy="\2" r="\3"', svg)
    svg = _LABEL.sub(r'<text\1 x="\2" y="\3"\4>\5</text>', svg)
    svg = _LINES.sub(_one_path, svg)
    svg = _bare_groups(svg)
    svg = _own_numbers(svg)
    fonts = _FONT.findall(svg)
    font = max(set(fonts), key=fonts.count) if fonts else ""
    if font:
        svg = svg.replace(f' font-family="{font}"', "")
        svg = svg.replace("<svg ", f'<svg font-family="{font}" ', 1)
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def _one_path(run: re.Match[str]) -> str:
    """A run of lines drawn alike (an axis's ticks, a chart's grid) as one path: a tenth of
    the bytes, drawn the same (a line has no inside to fill)."""
    moves = []
    for x, y, dx, dy in _LINE_PARTS.findall(run.group(0)):
        if dx and dy:
            moves.append(f"M{x},{y}l{dx},{dy}")
        else:
            moves.append(f"M{x},{y}h{dx}" if dx else f"M{x},{y}v{dy or 0}")
    return f'<path d="{"".join(moves)}" fill="none"{run.group(1)}/>'


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
        #: keys of drawings started and not yet finished
        self._pending: set[str] = set()

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

    def begin(self, charts: list[tuple[str, str | bytes | Path]], start: Start) -> Pending:
        """Start drawing each chart, given as (``spec_key``, spec as JSON or the file holding
        it), that was not drawn before (nor is being drawn): ``start`` draws a list of specs,
        now or in the background. ``Pending.finish`` gives the drawings, in order."""
        keys = [key for key, _ in charts]
        missing: dict[str, dict[str, Any]] = {}
        reused, damaged_before = 0, self.damaged
        for key, spec in charts:
            if key in missing or key in self._pending:
                continue
            if self._lookup(key) is not None:
                reused += 1
                continue
            try:
                text = spec.read_bytes() if isinstance(spec, Path) else spec
            except FileNotFoundError:
                raise CacheGone(
                    f"{spec!s}: the cache folder was deleted during the build — fix: run the "
                    "build again (the site was not changed)"
                ) from None
            missing[key] = json.loads(text)
        todo = list(missing)
        self._pending.update(todo)
        drawn = start(list(missing.values())) if todo else iter(())
        stats = RenderStats(len(todo), reused, self.damaged - damaged_before)
        return Pending(self, keys, todo, drawn, stats)

    def _finish(self, pending: Pending) -> tuple[list[Drawn], RenderStats]:
        try:
            for key, svg in zip(pending.todo, pending.drawn, strict=True):
                self._store(key, svg)  # as each arrives: an interrupted build keeps its work
        finally:
            self._pending.difference_update(pending.todo)
        return [self.memory[k] for k in pending.keys], pending.stats


Start = Callable[[list[dict[str, Any]]], Iterator[str]]


@dataclass
class Pending:
    """Charts being drawn: ``finish`` waits for them and gives every chart's drawing."""

    cache: SvgCache
    keys: list[str]
    todo: list[str]
    drawn: Iterator[str]
    stats: RenderStats

    def finish(self) -> tuple[list[Drawn], RenderStats]:
        return self.cache._finish(self)
