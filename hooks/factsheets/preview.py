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
    #: A server's: each page's entries of the search index it serves, as JSON text, in the
    #: order of the index (None: read from the index when needed). At 10,000 places, reading
    #: and writing the whole index again took a second of each rebuild.
    entries: dict[str, list[str]] | None = None
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
        """Keep the search index the last build wrote, for the pages not rendered again
        (unless its entries are known)."""
        if self.entries is not None:
            return
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

    def whole_index(self, site_dir: Path, *, serving: bool = False) -> str | None:
        """The search index of a full build, when this build rendered only some pages (None:
        the index written is whole). A server keeps each page's entries of the whole index."""
        kept, self.entries = self.entries, None
        if not serving:  # only a server renders some pages, or keeps entries for later
            return None
        try:
            written = (site_dir / SEARCH_INDEX).read_text("utf-8")
        except OSError:
            return None
        data = json.loads(written)
        new = _by_page(data.get("docs", []))
        if not self.incremental or self.force:
            self.entries = new
            return None
        if kept is None:
            if self.previous_index is None:
                return None
            kept = _by_page(json.loads(self.previous_index).get("docs", []))
        whole = {url: (new if url in self.rendered else kept).get(url, []) for url in self.order}
        self.entries = whole
        data["docs"] = _DOCS
        return _json_text(data).replace(_json_text(_DOCS), _docs_text(whole), 1)

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


def _json_text(value: object) -> str:
    """JSON as the theme's search plugin writes its index."""
    return json.dumps(value, separators=(",", ":"), default=str)


#: Stands for the index's entries while the rest of it is written.
_DOCS = "\x00factsheets: the entries\x00"


def _by_page(docs: list[dict[str, object]]) -> dict[str, list[str]]:
    """Each page's entries of an index (the page's own and its sections'), as JSON text."""
    out: dict[str, list[str]] = {}
    for entry in docs:
        page = str(entry.get("location", "")).split("#")[0]
        out.setdefault(page, []).append(_json_text(entry))
    return out


def _docs_text(entries: dict[str, list[str]]) -> str:
    """The index's list of entries, as JSON text: written as one list, it would be the same."""
    return "[" + ",".join(text for page in entries.values() for text in page) + "]"


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
