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
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Everything but the data, as (path, time of change, size) of each file.
Others = tuple[tuple[str, int, int], ...]
SEARCH_INDEX = "search/search_index.json"


@dataclass
class Preview:
    """What a running server keeps of one language's last build, to render again only the
    pages a data edit changed."""

    #: The last build finished: the served folder holds a whole site.
    complete: bool = False
    #: Everything but the data, when the last build started.
    others: Others = ()
    #: Each generated file of the last build: where it was written, from which cache file.
    sources: dict[str, str] = field(default_factory=dict)
    had_error: bool = False
    # this build
    incremental: bool = False
    force: bool = False
    started: Others = ()
    previous_index: str | None = None
    rendered: set[str] = field(default_factory=set)
    order: list[str] = field(default_factory=list)
    new_sources: dict[str, str] = field(default_factory=dict)
    clock: float = 0.0
    #: The builder's objects for the last build's generated files (not pages), by what they
    #: copy: making 100,000 of them again takes seconds.
    file_objects: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    def begin(self, others: Others) -> None:
        """A build starts, reading ``others`` besides the data."""
        self.started, self.clock, self.complete = others, time.monotonic(), False
        self.rendered, self.order, self.new_sources = set(), [], {}

    def seconds(self) -> float:
        return time.monotonic() - self.clock

    def read_index(self, site_dir: Path) -> None:
        """Keep the search index the last build wrote, for the pages not rendered again."""
        try:
            self.previous_index = (site_dir / SEARCH_INDEX).read_text("utf-8")
        except OSError:
            self.force = True  # no index to keep entries from: render every page

    def changed(self, dest: str, src: str) -> bool:
        """Whether the generated file written to ``dest`` from ``src`` must be written again
        (the cache names files by their content: another source is another content). The
        served folder is the server's own: a file the last build wrote is there (looking
        at 100,000 of them takes half a second)."""
        return self.force or self.sources.get(dest) != src

    def whole_index(self, site_dir: Path) -> str | None:
        """The search index of a full build, when this build rendered only some pages."""
        index = site_dir / SEARCH_INDEX
        if not self.incremental or self.force or self.previous_index is None:
            return None
        if not index.is_file():
            return None
        written = index.read_text("utf-8")
        return merge_search_index(self.previous_index, written, self.order, self.rendered)

    def finish(self, *, serving: bool, error: bool) -> str | None:
        """Delete what the last build wrote that this one does not, remember this build, and
        say what the build rendered (None for a full build)."""
        said = None
        if self.incremental:
            gone = remove_stale(self.sources, set(self.new_sources))
            said = (
                f"Rendered {len(self.rendered)} of {len(self.order)} pages again"
                + (f", removed {gone} files no longer generated" if gone else "")
                + f" ({self.seconds():.1f} s)"
            )
        self.sources, self.new_sources = self.new_sources, {}
        self.previous_index = None
        self.others, self.complete = self.started, serving
        self.had_error, self.incremental = error, False
        return said


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


#: How often the server looks at the data for edits, in seconds (MkDocs looks every half
#: second: on average a quarter of a second before a rebuild even starts).
DATA_POLL = 0.1


def poll_data_often(server: Any) -> None:
    """Make the paths the server watches from now on (the data) be looked at every
    ``DATA_POLL`` seconds: its file watcher takes the interval of its observer when a path is
    added. A folder of a few data files costs nothing to look at that often. Left as it is if
    the watcher is not the kind this knows."""
    observer = getattr(server, "observer", None)
    if observer is not None and isinstance(getattr(observer, "_timeout", None), int | float):
        observer._timeout = min(observer._timeout, DATA_POLL)
