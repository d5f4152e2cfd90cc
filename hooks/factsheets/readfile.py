"""Read a data file's bytes safely: only ordinary files, of bounded size, decoded as UTF-8.

A folder, a pipe, a device or an endless file where a data file should be is reported with a
message, never waited on or read without end.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .problems import Problem, display_path

#: Largest data files read; a larger one is refused with a message instead of filling the memory.
#: At 10,000 cities, cities.yaml is about 2 MB and the observations about 10 MB. Reading YAML
#: takes about 60 times its size in memory (8 MB: about 0.5 GB), a CSV file about 12 times.
MAX_YAML_BYTES = 8 * 1024 * 1024
MAX_CSV_BYTES = 64 * 1024 * 1024
MAX_BYTES = MAX_CSV_BYTES


def read_bytes(path: Path, problems: list[Problem], limit: int = MAX_BYTES) -> bytes | None:
    """The bytes of a data file, or a problem saying why it cannot be read. Only ordinary files
    are read, and at most ``limit`` bytes: a folder, a pipe or a device where a data file should
    be is reported, never waited on or read without end."""
    shown = display_path(path)

    def problem(message: str, hint: str) -> None:
        problems.append(Problem(shown, 0, 0, message, hint))

    try:
        # Non-blocking: opening a named pipe (FIFO) must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        if os.path.islink(path):
            problem(
                f"is a link to {os.readlink(path)}, which does not exist",
                "point the link at the data file, or replace it with the file itself",
            )
        else:
            problem("the file disappeared while it was read", "run the build again")
        return None
    except PermissionError:
        problem(
            "cannot be read: permission denied",
            f"let the user running the build read it (chmod a+r {shown})",
        )
        return None
    except OSError as exc:
        problem(f"cannot be opened: {exc.strerror}", "replace it with an ordinary text file")
        return None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            problem(
                "is a folder, not a file",
                "put the data file itself here, or move the folder out of the data folder",
            )
            return None
        if not stat.S_ISREG(info.st_mode):
            problem(
                "is not an ordinary file (it is a pipe, a device or a socket)",
                "replace it with the data file itself",
            )
            return None
        if info.st_size > limit:
            _too_large(shown, problems, limit)
            return None
        os.set_blocking(fd, True)
        with os.fdopen(os.dup(fd), "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        problem(f"cannot be read: {exc.strerror}", "check the disk, or copy the file again")
        return None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while it was read
        _too_large(shown, problems, limit)
        return None
    return data


def _too_large(shown: str, problems: list[Problem], limit: int) -> None:
    problems.append(
        Problem(
            shown,
            0,
            0,
            f"the file is larger than {limit // (1024 * 1024)} MB",
            (
                "check it is the right file (cities.yaml for 10,000 cities is about 2 MB)"
                if limit <= MAX_YAML_BYTES
                else "check it is the right file, or split it into several in observations/"
            ),
        )
    )


def read_text(path: Path, problems: list[Problem], limit: int = MAX_BYTES) -> str | None:
    shown = display_path(path)
    data = read_bytes(path, problems, limit)
    if data is None:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                shown,
                line,
                0,
                f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be read)",
                "save it as UTF-8 (in Excel: 'CSV UTF-8'; in an editor: encoding UTF-8)",
            )
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        problems.append(
            Problem(shown, 1, 0, "the file is empty", "add records, or delete the file if optional")
        )
        return None
    return text
