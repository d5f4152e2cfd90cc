"""Worker processes that draw charts while the build goes on making pages.

A build makes its pages a batch at a time and draws each batch's charts. Drawing keeps every
processor busy; making pages keeps one. So a batch's charts are sent to the workers as soon as
its pages are made, and the build makes the next batch while they draw; it waits for a batch's
drawings only when it writes that batch's pages. One set of workers serves the whole build.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from . import svg

PARALLEL_FROM = 24  # below this many charts to draw, a second process costs more than it saves
BATCH = 16  # charts sent to a worker at a time


def _render_many(specs: list[dict[str, Any]]) -> list[str]:
    return [svg.render(s) for s in specs]


class Painter:
    """Draws lists of chart specs: in this process when there are few, else in worker
    processes started at the first list and kept until ``close``."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    def start(self, specs: list[dict[str, Any]]) -> Iterator[str]:
        """The drawing of each spec, in order. Many specs are sent to the workers now and
        drawn while the caller goes on; few are drawn when the result is read."""
        workers = min(os.cpu_count() or 1, 8)
        if len(specs) < PARALLEL_FROM or workers < 2:
            return (svg.render(s) for s in specs)
        if self._pool is None:
            # "spawn": a forked child would inherit vl-convert's runtime threads mid-state and
            # hang (the long-lived `mkdocs serve` process has started them before).
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        # Small batches: results reach the cache as they come, and a stopped build (Ctrl-C)
        # leaves no worker drawing on for minutes.
        with _package_on_path():  # the workers import this copy of the package, not another
            futures = [
                self._pool.submit(_render_many, specs[i : i + BATCH])
                for i in range(0, len(specs), BATCH)
            ]
        return _results(futures)

    def close(self, *, cancel: bool = False) -> None:
        """Stop the workers: after their work (``cancel``: dropping what is queued, without
        waiting, for a build stopped by an error or Ctrl-C)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=not cancel, cancel_futures=cancel)

    @contextlib.contextmanager
    def running(self) -> Iterator[Painter]:
        """The painter, closed when the block ends: queued drawings are dropped if it fails."""
        try:
            yield self
        except BaseException:
            self.close(cancel=True)
            raise
        self.close()


def _results(futures: list[Future[list[str]]]) -> Iterator[str]:
    for future in futures:
        yield from future.result()


@contextlib.contextmanager
def _package_on_path() -> Iterator[None]:
    """Started workers import the package by name, on the search path of the process that
    starts them: MkDocs puts the hook's folder on it only while it loads the hook, and an
    installed copy of the package (another checkout) may come first. With this copy's folder
    first, the workers import the package being built, not another or none."""
    root = str(Path(__file__).resolve().parent.parent)
    sys.path.insert(0, root)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):  # taken out only what was put in: MkDocs, in
            sys.path.remove(root)  # another thread, may change the path meanwhile
