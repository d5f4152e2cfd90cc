"""Generated files kept on disk, named by a hash of their content, instead of in memory.

At 10,000 places a site holds over 100,000 generated files (chart specs and data, downloads,
pages). Held as strings until MkDocs copies them, they would take gigabytes; written here as
each page is made, the build holds only their paths. Equal content keeps its file, so a rebuild
with unchanged data writes nothing. The folder may be deleted at any time.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

#: A generated file: its text or bytes, or a file on disk to copy (a cached chart image).
Content = str | bytes | Path


def gone(path: object, name: str) -> str:
    """What to say when a file ``name`` of the site, kept at ``path`` in the cache, is gone."""
    return (
        f"{path}: the cache folder was deleted during the build, so {name} cannot be copied "
        "— fix: run the build again (the site was not changed)"
    )


class CacheGone(RuntimeError):
    """The cache folder was deleted while a build still needed what it held."""


class FileStore:
    """Files named by the hash of their content; one whose bytes do not match its name is
    written again. A folder that cannot be written is left alone: content then stays in memory
    and ``problem`` says why, once."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.problem: str | None = None

    def _fail(self, exc: OSError) -> None:
        self.problem = (
            f"the file cache {self.folder} cannot be written ({exc.strerror}): the site is "
            "built without it this time — fix: make the folder writable, or delete it"
        )

    def put(self, name: str, content: str | bytes) -> Content:
        """The file to use for ``content`` (named ``name`` on the site); the content itself
        when there is no folder."""
        if self.folder is None or self.problem is not None:
            return content
        data = content.encode("utf-8") if isinstance(content, str) else content
        digest = hashlib.sha256(data).hexdigest()
        suffix = "".join(Path(name).suffixes[-2:]) or ".bin"
        path = self.folder / digest[:2] / f"{digest}{suffix}"
        try:
            if not _holds(path, data):
                write_atomically(path, data)
        except OSError as exc:
            self._fail(exc)
            return content
        return path

    def made_once(self, key: str, suffix: str, make: Callable[[], str]) -> Content:
        """The file made by ``make`` for ``key``, made only if no earlier build stored it: for
        content that is slow to make and depends only on ``key`` (such as library versions)."""
        if self.folder is None or self.problem is not None:
            return make()
        path = self.folder / "made" / f"{key}{suffix}"
        if sound(path):
            return path
        content = make()
        try:
            write_with_digest(path, content.encode("utf-8"))
        except OSError as exc:
            self._fail(exc)
            return content
        return path

    def present(self) -> bool:
        return self.folder is None or self.problem is not None or self.folder.is_dir()


def _holds(path: Path, data: bytes) -> bool:
    """Whether the stored file is there with exactly these bytes (not cut short or edited)."""
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except FileNotFoundError:
        return False


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest_beside(path: Path) -> str:
    """The hash a cache file was written with, kept beside it."""
    return path.with_suffix(".sha256").read_text(encoding="ascii").strip()


def sound(path: Path) -> bool:
    """Whether a cached file is whole: its bytes hash to the digest written beside it (chart
    drawings) or, without one, to the digest it is named by (files of the store)."""
    try:
        digest = sha256(path.read_bytes())
        try:
            return digest == digest_beside(path)
        except FileNotFoundError:
            return path.name.startswith(digest + ".")
    except (OSError, UnicodeDecodeError):
        return False


def write_with_digest(path: Path, data: bytes) -> None:
    """A cache file and, beside it, the hash that tells later builds it is whole."""
    write_atomically(path, data)
    write_atomically(path.with_suffix(".sha256"), sha256(data).encode("ascii"))


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)  # atomic: a stored file is whole or absent
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
