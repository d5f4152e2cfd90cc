"""Problems found in data files, kept as values and reported together at the end."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or doubtful) in one file, at one line, with what to do about it."""

    path: str
    line: int = 0
    column: int = 0
    message: str = field(default="", compare=True)
    hint: str = field(default="", compare=False)
    severity: Literal["error", "warning"] = field(default="error", compare=False)

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text


def display_path(path: Path) -> str:
    """A path as the person running the build typed it: relative to the working folder if inside."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    if rel.startswith(".."):
        # Absolute, but links are not followed: the message names the file the maintainer has.
        return Path(os.path.abspath(path)).as_posix()
    return Path(rel).as_posix()


class DataError(Exception):
    """Raised when data files have errors; carries every problem found, sorted."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        lines = "\n".join(str(p) for p in errors)
        super().__init__(
            f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in the data files:\n{lines}"
        )
