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


class FileStore:
    def __init__(self, folder: Path | None):
        self.folder = folder

    def put(self, name: str, content: str | bytes) -> Content:
        """The file to use for ``content`` (named ``name`` on the site); the content itself
        when there is no folder."""
        if self.folder is None:
            return content
        data = content.encode("utf-8") if isinstance(content, str) else content
        digest = hashlib.sha256(data).hexdigest()
        suffix = "".join(Path(name).suffixes[-2:]) or ".bin"
        path = self.folder / digest[:2] / f"{digest}{suffix}"
        if not path.exists():
            _write(path, data)
        return path

    def made_once(self, key: str, suffix: str, make: Callable[[], str]) -> Content:
        """The file made by ``make`` for ``key``, made only if no earlier build stored it: for
        content that is slow to make and depends only on ``key`` (such as library versions)."""
        if self.folder is None:
            return make()
        path = self.folder / "made" / f"{key}{suffix}"
        if not path.exists():
            _write(path, make().encode("utf-8"))
        return path

    def present(self) -> bool:
        return self.folder is None or self.folder.is_dir()


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)  # atomic: a stored file is whole or absent
