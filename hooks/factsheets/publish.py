"""The published folder is never half-built: the site is written beside it, then swapped in.

A build writes into ``.<name>.building`` next to the site folder; only a finished build takes
the place of the previous site, in one step. A build that fails or is killed leaves the previous
site as it was (and a staging folder the next build cleans).
"""

from __future__ import annotations

import ctypes
import html
import os
import shutil
import sys
from pathlib import Path

#: Linux's renameat2 flag that exchanges two paths in one step.
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def staging_dir(site_dir: Path) -> Path:
    """Where the next site is written before it replaces ``site_dir``."""
    return site_dir.parent / f".{site_dir.name}.building"


def swap_in(staging: Path, site_dir: Path) -> None:
    """Put the finished site in ``staging`` where ``site_dir`` is. The old site goes to
    ``.<name>.previous`` and is removed; at every moment ``site_dir`` is a complete site."""
    previous = site_dir.parent / f".{site_dir.name}.previous"
    if previous.exists():
        shutil.rmtree(previous)
    if not os.path.lexists(site_dir):
        staging.rename(site_dir)
        return
    if _exchange(staging, site_dir):
        staging.rename(previous)  # staging now holds the old site
    else:  # no atomic exchange here: two renames, a moment apart
        site_dir.rename(previous)
        staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically where the system can (Linux 3.15+); False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot exchange
        return False
    raise OSError(errno, os.strerror(errno), str(b))


def with_error_banner(page: str, message: str) -> str:
    """A served page with the data's errors shown above it (``mkdocs serve`` keeps the last good
    site while the data is broken; the maintainer sees why their edit does not show)."""
    banner = (
        '<div class="factsheets-data-error" role="alert" style="background:#fdd;color:#000;'
        'padding:1em;border:2px solid #b00"><strong>The data has errors: this is the last good '
        f"site.</strong><pre>{html.escape(message)}</pre></div>"
    )
    anchor = '<div class="md-container"'
    if anchor not in page:
        anchor = "</header>" if "</header>" in page else "<body"
    return page.replace(anchor, banner + anchor, 1) if anchor != "<body" else banner + page
