"""What the MkDocs hook keeps between events and between builds of one process: how MkDocs
was started, and per language the built site, this build's state and the server's record of
the last build. Plain data; the hook alone changes it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .preview import Preview
from .service import BuildCache


@dataclass
class Mode:
    """How MkDocs was started (``serve``, ``--dirty``): the same for every language."""

    serving: bool = False
    dirty: bool = False


@dataclass
class Run:
    """What the build of one language is doing, kept between its events."""

    #: Where the finished site goes; set when the build writes into a staging folder first.
    site_dir: Path | None = None
    #: The data's errors, shown on every page while ``serve`` keeps the last good site.
    error: str | None = None
    #: Built inside another language's build, into a folder of its site.
    nested: bool = False


@dataclass
class State:
    mode: Mode = field(default_factory=Mode)
    #: Per language: the built site (survives rebuilds of one `mkdocs serve`), this build's
    #: state, and what a server keeps of the last build.
    caches: dict[str, BuildCache] = field(default_factory=dict)
    runs: dict[str, Run] = field(default_factory=dict)
    previews: dict[str, Preview] = field(default_factory=dict)
    #: Cache problems already reported by this process.
    cache_notes: set[str] = field(default_factory=set)
    #: Languages being built, innermost last: the primary build's, then one nested at a time.
    building: list[str] = field(default_factory=list)
