"""A running server shows an edit in its first language before it builds the others.

A server does not answer while it builds, so an edit used to be seen only once every language
was built again (at 10,000 places, about 6 s for English and 4 s for Spanish). After a rebuild
of the first language the server now answers, and reloads the readers' pages, at once; it
builds the other languages in a pass of their own right after, as if a file had changed (and
reloads the pages again when done). That pass builds only the other languages when nothing
was changed since the first language's build began; otherwise it is a whole rebuild, which
defers the other languages again. A server of another kind than the one this knows builds
every language in one pass, as before.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import preview, service

#: What MkDocs' server logs when it starts a rebuild: said of a pass asked for here, it would
#: tell of a change nobody made.
CHANGE_LINE = "Detected file changes"


def alternates(config: Any) -> list[dict[str, Any]]:
    """The other languages of a configuration's ``extra.alternate`` built from their own
    configuration file."""
    alts = config.extra.get("alternate") or []
    return [a for a in alts if isinstance(a, dict) and a.get("config")]


def besides_data(config: Any) -> preview.Others:
    """Everything a build reads but the data: configurations, pages, theme, code."""
    base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    configs = [Path(config.config_file_path)] if config.config_file_path else []
    configs += [base / str(alt["config"]) for alt in alternates(config)]
    hooks = Path(__file__).resolve().parent.parent  # the hook and this package
    return preview.others([*configs, Path(config.docs_dir), hooks])


#: Everything a build reads: what :func:`besides_data` names, and the data.
Seen = tuple[preview.Others, service.Fingerprint]


def seen(config: Any, besides: preview.Others | None = None) -> Seen:
    """What a build of ``config`` reads now (``besides``: its :func:`besides_data`, if known)."""
    besides = besides_data(config) if besides is None else besides
    return besides, service.fingerprint(service.data_dir_for(config.config_file_path))


class OthersLater:
    """Whether a server's next pass builds only the other languages, and asking for it."""

    def __init__(self) -> None:
        self.server: Any = None
        #: What the first language's build read (configurations, pages, code, data) as it
        #: began, and kept while its other languages wait for the next pass.
        self.started: Seen | None = None
        self.due: Seen | None = None
        self._asked = False

    def attach(self, server: Any) -> None:
        """The server whose builds these are; unknown kinds are not asked for passes."""
        known = hasattr(server, "_rebuild_cond") and hasattr(server, "_want_rebuild")
        self.server = server if known else None

    def begin(self, seen: Seen) -> None:
        """The first language's build begins, reading ``seen``: an edit made while it runs
        is not in it, and makes the pass after it a whole rebuild."""
        self.started = seen

    def defer(self) -> bool:
        """After the first language's build: ask the server for another pass to build the
        others in. False (build them now) when it cannot be asked."""
        server = self.server
        if server is None or self.started is None:
            return False
        self.due, self._asked = self.started, True
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()
        return True

    def take(self, seen: Seen) -> bool:
        """At the start of a pass: True when it is to build only the other languages (they
        wait, and what a build reads is still ``seen``); either way none wait after."""
        due, self.due = self.due, None
        return due is not None and due == seen

    def filter(self, record: logging.LogRecord) -> bool:
        """Drops the server's change line once for each pass asked for here."""
        if self._asked and record.getMessage().endswith(CHANGE_LINE):  # after its time
            self._asked = False
            return False
        return True


class QuietDirty(logging.Filter):
    """MkDocs warns that a dirty build may leave stale navigation and files: a server's
    rebuild of only the pages an edit changed does not (it removes what is gone)."""

    def __init__(self, previews: Mapping[str, preview.Preview]) -> None:
        super().__init__()
        self.previews = previews

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            record.getMessage().startswith(("A 'dirty' build", "The directory contains stale"))
            and any(p.incremental for p in self.previews.values())
        )
