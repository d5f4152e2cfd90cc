"""A page's static drawings in one SVG file: each chart a ``<view>`` of it.

A city page shows a few charts; one file for all of them (``charts.svg``) instead of one each
keeps the site's file count down, and styles repeated across its charts are written once. The
page shows a chart with ``<img src="charts.svg#<figure id>">``: the browser draws only that
view. Each drawing stays cached on its own (:mod:`factsheets.svg`); putting a page's drawings
together is string work, done at every build. So is finding a shared drawing's bars, which
pages mark their own over.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from .svg import Drawn, tenth

_ROOT = re.compile(r"<svg\b([^>]*)>")
_ATTR = re.compile(r'\s([\w:-]+)="([^"]*)"')
_ID = re.compile(r'\sid="([^"]+)"')
_TAG = re.compile(r"<([a-zA-Z]+)((?:\s[\w:-]+=\"[^\"]*\")*)\s*(/?)>")

#: Presentation attributes that mean the same as CSS properties of the same name and value,
#: so a set of them that many elements repeat can become one class.
STYLED = (
    "fill",
    "fill-opacity",
    "font-size",
    "font-style",
    "font-weight",
    "opacity",
    "stroke",
    "stroke-dasharray",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-opacity",
    "stroke-width",
    "text-anchor",
)


def drawing_text(drawn: Drawn) -> str:
    content = drawn.content
    return content.read_text(encoding="utf-8") if isinstance(content, Path) else content


def combine(views: Sequence[tuple[str, Drawn]]) -> str:
    """One SVG holding each drawing under the other, with a ``<view>`` named by its id."""
    parts: list[str] = []
    marks: list[str] = []
    fonts: Counter[str] = Counter()
    top = width = 0
    roots: list[tuple[str, Drawn, dict[str, str], str]] = []
    for name, drawn in views:
        svg = drawing_text(drawn)
        root = _ROOT.search(svg)
        if root is None:
            raise ValueError(f"{name}: not an SVG drawing")
        attrs = dict(_ATTR.findall(" " + root.group(1)))
        fonts[attrs.get("font-family", "")] += 1
        inner = svg[root.end() : svg.rindex("</svg>")]
        roots.append((name, drawn, attrs, _own_ids(inner, f"d{len(roots)}-")))
    font = max(fonts, key=lambda f: (fonts[f], f)) if fonts else ""
    for name, drawn, attrs, inner in roots:
        w, h = drawn.width, drawn.height
        box = attrs.get("viewBox", f"0 0 {w} {h}")
        marks.append(f'<view id="{name}" viewBox="0 {top} {w} {h}"/>')
        other = attrs.get("font-family", "")
        own_font = f' font-family="{other}"' if other and other != font else ""
        parts.append(
            f'<svg y="{top}" width="{w}" height="{h}" viewBox="{box}"{own_font}>{inner}</svg>'
        )
        top += h
        width = max(width, w)
    body = "".join(marks) + "".join(parts)
    xlink = ' xmlns:xlink="http://www.w3.org/1999/xlink"' if "xlink:" in body else ""
    family = f' font-family="{font}"' if font else ""
    body = _classes(body)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg"{xlink} aria-hidden="true" focusable="false"'
        f'{family} viewBox="0 0 {width} {top}">{body}</svg>'
    )


def _own_ids(svg: str, prefix: str) -> str:
    """The drawing with its ids (gradients, clip paths) made unique in the file."""
    for found in sorted(set(_ID.findall(svg)), key=len, reverse=True):
        new = prefix + found
        svg = svg.replace(f'id="{found}"', f'id="{new}"')
        svg = svg.replace(f"url(#{found})", f"url(#{new})")
        svg = svg.replace(f'href="#{found}"', f'href="#{new}"')
    return svg


def _class_name(n: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    name = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        name = letters[r] + name
    return name


def _classes(svg: str) -> str:
    """Sets of style attributes that elements repeat, written once in a ``<style>`` as a
    class each. An element keeps its attributes unless all of its style attributes are one
    such set, so nothing it had is overridden."""
    sets: Counter[str] = Counter()
    for match in _TAG.finditer(svg):
        styled = _styled(match.group(2))
        if styled:
            sets[styled] += 1
    # a class pays for itself when its attributes are written often enough
    chosen = [s for s, n in sets.items() if n >= 2 and (len(s) - 9) * n > len(s) + 4]
    chosen.sort(key=lambda s: (-(len(s) - 9) * sets[s], s))
    names = {s: _class_name(i) for i, s in enumerate(chosen)}
    if not names:
        return svg

    def replace(match: re.Match[str]) -> str:
        tag, attrs, close = match.groups()
        styled = _styled(attrs)
        if styled not in names:
            return match.group(0)
        rest = "".join(
            f' {k}="{v}"' for k, v in _ATTR.findall(attrs) if k not in STYLED and k != "class"
        )
        return f'<{tag} class="{names[styled]}"{rest}{close}>'

    body = _TAG.sub(replace, svg)
    rules = "".join(f".{names[s]}{{{_css(s)}}}" for s in chosen)
    return f"<style>{rules}</style>{body}"


def _styled(attrs: str) -> str:
    """An element's style attributes, as written, in a fixed order; "" if it has a class."""
    pairs = _ATTR.findall(attrs)
    if any(k == "class" for k, _ in pairs):
        return ""
    return "".join(f' {k}="{v}"' for k, v in sorted(pairs) if k in STYLED)


def _css(styled: str) -> str:
    return ";".join(f"{k}:{v}" for k, v in _ATTR.findall(styled))


_PLACED = re.compile(r"<g\b[^>]*?/>|<g\b[^>]*>|</g>|<path\b[^>]*>")
_TRANSLATE = re.compile(r'transform="translate\(([-\d.]+),([-\d.]+)\)"')
_PATH_D = re.compile(r' d="M([-\d.]+),([-\d.]+)([^"]*)"')


def bars(svg: str, fill: str) -> tuple[str, ...]:
    """The paths filled with ``fill`` (a bar chart's bars), top to bottom, each as the
    attributes that draw it at the same place on its own: ``transform`` (the translations of
    the groups around it) and ``d``."""
    found: list[tuple[float, str]] = []
    offsets = [(0.0, 0.0)]
    for match in _PLACED.finditer(svg):
        tag = match.group(0)
        if tag == "</g>":
            if len(offsets) > 1:
                offsets.pop()
            continue
        moved = _TRANSLATE.search(tag)
        x, y = offsets[-1]
        if moved:
            x, y = x + float(moved.group(1)), y + float(moved.group(2))
        if tag.startswith("<g"):
            if not tag.endswith("/>"):
                offsets.append((x, y))
            continue
        path = _PATH_D.search(tag)
        if path is not None and f'fill="{fill}"' in tag:
            d = f"M{path.group(1)},{path.group(2)}{path.group(3)}"
            place = f'transform="translate({tenth(x)},{tenth(y)})" d="{d}"'
            found.append((y + float(path.group(2)), place))
    found.sort(key=lambda bar: bar[0])
    return tuple(place for _, place in found)
