"""What a running server needs to rebuild only the pages a data edit changed.

After a data edit, MkDocs renders again only the pages whose generated Markdown changed (its
``--dirty`` mode, with "changed" decided by the content of each generated file, not by file
times). What that mode leaves out, done here: the search index keeps the entries of the pages
not rendered again, in the order a full build writes them; files of pages that are gone are
deleted. Any change other than to the data (the configuration, hand-written pages, the theme,
the code) is a full build.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

#: Everything but the data, as (path, time of change, size) of each file.
Others = tuple[tuple[str, int, int], ...]


def others(paths: Iterable[Path]) -> Others:
    """Changes whenever a file under ``paths`` (files or folders) is added, removed or edited."""
    found: list[tuple[str, int, int]] = []
    for root in paths:
        if root.is_file():
            candidates: Iterable[Path] = [root]
        elif root.is_dir():
            candidates = (p for p in root.rglob("*") if "__pycache__" not in p.parts)
        else:
            continue
        for path in candidates:
            try:
                info = path.stat()
            except OSError:
                continue
            if path.is_file():
                found.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(sorted(found))


def _by_page(docs: list[dict[str, object]]) -> dict[str, list[dict[str, object]]]:
    out: dict[str, list[dict[str, object]]] = {}
    for entry in docs:
        out.setdefault(str(entry.get("location", "")).split("#")[0], []).append(entry)
    return out


def merge_search_index(previous: str, written: str, order: list[str], rendered: set[str]) -> str:
    """The search index of a full build: the entries just ``written`` for the pages
    ``rendered`` again, the ``previous`` entries for the others, pages in ``order`` (their
    URLs, as MkDocs renders them)."""
    old = _by_page(json.loads(previous).get("docs", []))
    data = json.loads(written)
    new = _by_page(data.get("docs", []))
    data["docs"] = [
        entry for url in order for entry in (new if url in rendered else old).get(url, [])
    ]
    return json.dumps(data, separators=(",", ":"), default=str)


def remove_stale(before: Iterable[str], now: set[str]) -> int:
    """Delete the files a previous build wrote that this one does not (a deleted city's page),
    and the folders that leaves empty. Returns how many files went."""
    gone = 0
    for path in sorted(set(before) - now):
        try:
            os.remove(path)
        except FileNotFoundError:
            continue
        gone += 1
        folder = Path(path).parent
        while True:
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break
            folder = folder.parent
    return gone
