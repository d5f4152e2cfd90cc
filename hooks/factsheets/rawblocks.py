"""The HTML blocks of a generated page, set aside while MkDocs turns its Markdown into HTML.

Most of a generated page is HTML blocks (figures, tables, lists), which Markdown passes through
as they are, after reading each of them with an HTML parser twice (once to find where it ends,
once for MkDocs to list its ids): a city page took 12.7 ms to convert, 1.8 ms with its blocks
set aside. A block set aside is one short placeholder while the page converts, and is put back
into the converted page, which is then the same as converting the page whole (a test compares
them on every generated page). The ids of the blocks are given back to MkDocs, which checks
links to anchors against them.
"""

from __future__ import annotations

import html
import re

#: Block-level elements whose content Markdown reads as plain HTML (not code, scripts, styles).
_BLOCK_TAGS = (
    "address|article|aside|blockquote|details|div|dl|fieldset|figure|footer|form|h[1-6]|"
    "header|hr|nav|ol|p|section|table|ul"
)
_START = re.compile(rf"<({_BLOCK_TAGS})(?=[\s>/])")
_FENCE = re.compile(r"(```|~~~)")
_SLOT = '<div data-fs-raw="{}"></div>'
_SLOTS = re.compile(r'<div data-fs-raw="(\d+)"></div>')
_TAGS = re.compile(r"<([a-zA-Z][\w-]*)(\s[^>]*)>")
_ID_ATTRS = re.compile(r'(?<=\s)(id|name)="([^"]*)"')


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """``markdown`` with each HTML block that starts a line and ends one with its closing tag
    replaced by a placeholder, and the blocks, in order."""
    lines = markdown.split("\n")
    out: list[str] = []
    blocks: list[str] = []
    fenced = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            fenced = not fenced
        start = None if fenced else _START.match(line)
        end = _block_end(lines, i, start.group(1)) if start else None
        if end is None:
            out.append(line)
            i += 1
            continue
        out.append(_SLOT.format(len(blocks)))
        blocks.append("\n".join(lines[i : end + 1]))
        i = end + 1
    return "\n".join(out), blocks


def _block_end(lines: list[str], first: int, tag: str) -> int | None:
    """The line the block opened by ``tag`` on line ``first`` closes on, if the closing tag
    ends that line; None when it does not, or never closes."""
    opening = re.compile(rf"<{tag}(?=[\s>/])")
    closing = re.compile(rf"</{tag}\s*>")
    depth = 0
    for i in range(first, len(lines)):
        closed = closing.findall(lines[i])
        depth += len(opening.findall(lines[i])) - len(closed)
        if depth <= 0:
            return i if closed and lines[i].rstrip().endswith(closed[-1]) else None
    return None


def put_back(converted: str, blocks: list[str]) -> str | None:
    """The converted page with its blocks in place of their placeholders; None if a
    placeholder did not come through the conversion as it went in."""
    found = 0

    def block(match: re.Match[str]) -> str:
        nonlocal found
        found += 1
        return blocks[int(match.group(1))]

    page = _SLOTS.sub(block, converted)
    return page if found == len(blocks) else None


def anchor_ids(blocks: list[str]) -> set[str]:
    """The ids in the blocks (and names of ``a`` elements), as MkDocs lists a page's anchors."""
    return {
        html.unescape(value)
        for block in blocks
        for tag, attrs in _TAGS.findall(block)
        for attr, value in _ID_ATTRS.findall(attrs)
        if attr == "id" or tag.lower() == "a"
    }


class Aside:
    """The blocks of the pages being converted, by page, from before their conversion to after."""

    def __init__(self) -> None:
        self._held: dict[str, tuple[str, list[str]]] = {}

    def take(self, page: str, markdown: str) -> str:
        """The page's Markdown with its blocks set aside."""
        stubbed, blocks = set_aside(markdown)
        if blocks:
            self._held[page] = (markdown, blocks)
        return stubbed

    def give_back(
        self, page: str, converted: str, anchors: set[str] | None
    ) -> tuple[str, str | None]:
        """The page's HTML with its blocks back, their ids added to ``anchors``; or, when a
        placeholder did not come through, the page's Markdown to convert whole again."""
        if (held := self._held.pop(page, None)) is None:
            return converted, None
        markdown, blocks = held
        whole = put_back(converted, blocks)
        if whole is None:
            return converted, markdown
        if anchors is not None:
            anchors |= anchor_ids(blocks)
        return whole, None
