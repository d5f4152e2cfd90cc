"""The reusable pages of the last build, kept on disk for the next one.

A running server keeps its city, country, group and letter pages between rebuilds and makes
again only those an edit changed (:mod:`factsheets.reuse`). A ``mkdocs build`` is a new process
each time: it reads what the last build of the same site (language, address, URL style) left
here, so a build of unchanged data makes none of its city pages again, and a build after an
edit makes the pages a server would.

What is read must be what this code would make. The file starts with a fingerprint of the
package's own files (code, templates, translations, boundaries, fonts), of the libraries that
shape a page and of Python; another fingerprint, a file that does not read, or a cached file a
kept page names that is missing or whose bytes no longer match its hash, and every page is made
again. The file is a pickle: like the project's hook, the cache folder belongs to the project
and is trusted as the project is.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

from .reuse import Reuse
from .store import Content, sound, write_atomically

#: The libraries whose versions can change a page's Markdown, files or drawings.
LIBRARIES = ("altair", "babel", "jinja2", "pandas", "pydantic", "pyyaml", "vl-convert-python")
_PACKAGE = Path(__file__).parent
_MAGIC = b"factsheets-pages "


@cache
def fingerprint() -> str:
    """A hash of everything besides the data and the build's options that makes a page."""
    digest = hashlib.sha256(sys.version.encode("utf-8"))
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"\n{name} {version}".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"\n{path.relative_to(_PACKAGE).as_posix()}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def path_for(folder: Path, *options: object) -> Path:
    """Where the pages of a site built with ``options`` (language, address...) are kept."""
    name = hashlib.sha256(repr(options).encode("utf-8")).hexdigest()[:16]
    return folder / "pages" / f"{name}.pickle"


def load(path: Path) -> Reuse | None:
    """The pages kept at ``path``, if this code made them and every file they name is sound."""
    try:
        data = path.read_bytes()
        head, _, body = data.partition(b"\n")
        if head != _MAGIC + fingerprint().encode("ascii"):
            return None
        reuse = pickle.loads(body)  # noqa: S301 (the project's own cache: see above)
    except Exception:  # noqa: BLE001 (any file that does not read: made again, not a failure)
        return None
    if not isinstance(reuse, Reuse) or not all(map(sound, _files(reuse))):
        return None
    return reuse


def save(path: Path, reuse: Reuse) -> None:
    """Keep ``reuse`` for the next build. Not kept when the folder cannot be written (the file
    cache says so) or a page does not pickle."""
    try:
        body = pickle.dumps(reuse, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomically(path, _MAGIC + fingerprint().encode("ascii") + b"\n" + body)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        pass  # an older file stays: its keys still say which of its pages match the data


def _files(reuse: Reuse) -> set[Path]:
    """Every cached file the kept pages are made of."""
    out: set[Path] = set()

    def add(content: Content) -> None:
        if isinstance(content, Path):
            out.add(content)

    for kept in reuse.pages.values():
        add(kept.emitted.markdown)
        for content in (*kept.emitted.files.values(), *kept.emitted.templates.values()):
            add(content)
    for content in reuse.drawings.values():
        add(content)
    return out
