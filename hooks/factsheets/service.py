"""One place that turns a data folder into a site, cached across rebuilds of a running server."""

from __future__ import annotations

import ctypes
import gc
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from . import saved
from .i18n import DEFAULT_LANGUAGE
from .reuse import Reuse
from .site import Site, build_site
from .store import FileStore
from .svg import SvgCache
from .validate import Dataset, load_dataset

DATA_ENV = "FACTSHEETS_DATA"
CACHE_ENV = "FACTSHEETS_CACHE"

#: The data folder, and each file in it as (path, time of change in ns, size); no files when
#: the folder is missing.
Fingerprint = tuple[str, tuple[tuple[str, int, int], ...] | None]
#: What a built site depends on: the data, ``use_directory_urls`` and ``site_url``.
BuildKey = tuple[Fingerprint, bool, str, str]  # data, directory URLs, site URL, language


def cache_dir_for(config_file: str | os.PathLike[str] | None) -> Path:
    """Where chart images (and, under ``files/``, generated files) are kept:
    ``$FACTSHEETS_CACHE``, else ``.cache/charts`` beside mkdocs.yml."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser().resolve()
    base = Path(config_file).parent if config_file else Path.cwd()
    return (base / ".cache" / "charts").resolve()


def data_dir_for(config_file: str | os.PathLike[str] | None) -> Path:
    """The data folder: ``$FACTSHEETS_DATA`` if set, else ``data/`` beside ``mkdocs.yml``."""
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser().resolve()
    base = Path(config_file).parent if config_file else Path.cwd()
    return (base / "data").resolve()


def fingerprint(data_dir: Path) -> Fingerprint:
    """Changes whenever a file in the data folder is added, removed or edited."""
    if not data_dir.is_dir():
        return (str(data_dir), None)
    entries: list[tuple[str, int, int]] = []
    for path in sorted(data_dir.rglob("*")):
        if path.is_file():
            stat = path.stat()
            entries.append((path.relative_to(data_dir).as_posix(), stat.st_mtime_ns, stat.st_size))
    return (str(data_dir), tuple(entries))


def data_epoch(ds: Dataset) -> int:
    """The date of the data, in seconds since 1970: the newest source date or observed year."""
    dates = [date(int(ds.observations["year"].max()), 1, 1)] if len(ds.observations) else []
    for source in ds.sources.values():
        if source.date:
            parts = [int(p) for p in source.date.split("-")] + [1, 1]
            dates.append(date(parts[0], parts[1], parts[2]))
    newest = max(dates) if dates else date(1970, 1, 1)
    return int(datetime(newest.year, newest.month, newest.day, tzinfo=timezone.utc).timestamp())


#: The last dataset read, with the fingerprint of its folder: every language's build of the
#: same data shares it (read and checked once), and any edit of the data reads it again.
_last_read: tuple[Fingerprint, Dataset] | None = None


def dataset_for(data_dir: Path, print_: Fingerprint | None = None) -> Dataset:
    """The dataset in ``data_dir``, read and checked once for as long as its files are
    unchanged (``fingerprint``): the languages of one build share it. The dataset is never
    changed by a build (each language makes its own translated copy)."""
    global _last_read
    print_ = print_ if print_ is not None else fingerprint(data_dir)
    if _last_read is not None and _last_read[0] == print_:
        return _last_read[1]
    _last_read = None  # the previous data need not stay in memory while the next is read
    dataset = load_dataset(data_dir)
    _last_read = (print_, dataset)
    return dataset


@dataclass
class Built:
    key: BuildKey
    dataset: Dataset
    site: Site
    #: Why the cache could not be used this time (the site is the same without it).
    cache_problems: tuple[str, ...] = ()


class BuildCache:
    """Keeps the last built site; rebuilds only when the data or the options change."""

    def __init__(self, *, reuse: bool = False) -> None:
        """``reuse``: keep city pages between builds and make again only those whose inputs
        changed (for a running server; a single build gains nothing from it)."""
        self._current: Built | None = None
        self.reuse = Reuse() if reuse else None
        self._svg: SvgCache | None = None
        self._store = FileStore(None)

    @property
    def has_site(self) -> bool:
        return self._current is not None

    @property
    def current(self) -> Built:
        if self._current is None:
            raise RuntimeError("the site has not been built yet")
        return self._current

    def site_for(
        self,
        data_dir: Path,
        *,
        use_directory_urls: bool = True,
        site_url: str = "",
        cache_dir: Path | None = None,
        language: str = DEFAULT_LANGUAGE,
    ) -> Built:
        key = (fingerprint(data_dir), use_directory_urls, site_url, language)
        if self._current is not None and self._current.key == key and self._store.present():
            return self._current
        dataset = dataset_for(data_dir, key[0])
        first = not (self.reuse and self.reuse.pages)
        # MkDocs builds afresh from the files returned now: the previous site need not stay in
        # memory while the next one is made (at 10,000 places, that would be twice the memory).
        self._current = None
        if self._svg is None or self._svg.folder != cache_dir:
            self._svg = SvgCache(cache_dir)
        self._svg.problem = None  # a folder made writable since is used again
        self._store = FileStore(cache_dir / "files" if cache_dir else None)
        if self.reuse is not None and not self._store.present():
            self.reuse.pages.clear()  # their files were in the deleted folder
        # what the last build of this site left (a server keeps its pages in memory after that)
        kept_at = saved.path_for(cache_dir, *key[1:]) if cache_dir and first else None
        reuse = self.reuse
        if kept_at is not None:
            reuse = saved.load(kept_at) or reuse or Reuse()
        site = build_site(
            dataset,
            use_directory_urls=use_directory_urls,
            site_url=site_url,
            svg_cache=self._svg,
            store=self._store,
            language=language,
            reuse=reuse,
        )
        if kept_at is not None and reuse is not None and not self._store.problem:
            saved.save(kept_at, reuse)
        if self.reuse is not None:
            self.reuse = reuse
        # One warning: both caches live in one folder, and one fix serves both.
        problems = tuple(p for p in (self._svg.problem, self._store.problem) if p)[:1]
        self._current = Built(key, dataset, site, problems)
        if self.reuse is None or first:  # a server's rebuild is kept short (at 10,000 places,
            release_memory()  # a full collection takes seconds)
        return self._current

    def forget(self) -> None:
        """Let go of the site once MkDocs has written it (a single build): the next language
        is built in the memory it held. A later call of ``site_for`` builds it again."""
        self._current = None
        release_memory()


#: Builds of a server since everything it holds was last collected, and how many builds
#: may pass before that is done again (what was set aside and became garbage is found then).
_since_whole: int | None = None
WHOLE_EVERY = 20
_settling = threading.Lock()


@contextmanager
def collector_paused() -> Iterator[None]:
    """A server's rebuild runs without garbage collection, and the collector stays off until
    :func:`set_aside_memory` has collected what the rebuild let go. At 10,000 places it
    otherwise looks at hundreds of thousands of new objects again and again (two seconds a
    rebuild). A rebuild that fails turns it on again."""
    gc.disable()
    try:
        yield
    except BaseException:
        gc.enable()
        raise


#: After a rebuild, the server collects what it let go this long after (seconds): the reader
#: has the rebuilt page by then, and the collection (about a second at 10,000 places) is not
#: part of the wait.
SETTLE_AFTER = 1.0


def set_aside_memory() -> None:
    """After a build of a running server: collect what the build let go, then set everything
    it holds aside from the garbage collector (``gc.freeze``), so that later collections look
    only at what later rebuilds make. At 10,000 places a server holds millions of objects: a
    full collection of them took five seconds of a twenty-second rebuild. Everything is
    collected after the first build and every ``WHOLE_EVERY`` builds (that build takes seconds
    longer); otherwise the collection runs ``SETTLE_AFTER`` seconds later, beside the server."""
    global _since_whole
    if _since_whole is None or _since_whole + 1 >= WHOLE_EVERY:
        _since_whole = 0
        _settle(whole=True)
        return
    _since_whole += 1
    timer = threading.Timer(SETTLE_AFTER, _settle)
    timer.daemon = True  # a stopped server does not wait for it
    timer.start()


def _settle(*, whole: bool = False) -> None:
    with _settling:
        if whole:
            gc.unfreeze()
            release_memory()
        else:
            gc.collect()  # only what is not set aside: what the builds since made and let go
        gc.freeze()
        gc.enable()


def release_memory() -> None:
    """Hand memory freed while building back to the system before MkDocs renders the pages.
    Building leaves many freed blocks the C allocator keeps; at 2,000 places, trimming them
    lowers the resident size by about a quarter. Only on Linux with glibc; elsewhere a no-op."""
    gc.collect()
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass
