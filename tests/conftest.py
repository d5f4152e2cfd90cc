"""Shared fixtures: the real site, built once per test session by the real `mkdocs build`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Build:
    site: Path
    returncode: int
    output: str

    def html(self, url_path: str) -> str:
        """The HTML of a page by its URL path, e.g. 'cities/el-paso/'."""
        path = self.site / url_path
        if url_path.endswith("/") or url_path == "":
            path = path / "index.html"
        return path.read_text(encoding="utf-8")


def mkdocs_build(
    site_dir: Path,
    *,
    data_dir: Path | None = None,
    strict: bool = True,
    config: Path | None = None,
    env: dict[str, str] | None = None,
) -> Build:
    """Run the real `mkdocs build` as a user would, into ``site_dir``."""
    run_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    run_env.pop("FACTSHEETS_DATA", None)
    if data_dir is not None:
        run_env["FACTSHEETS_DATA"] = str(data_dir)
    cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "-d",
        str(site_dir),
        "-f",
        str(config or ROOT / "mkdocs.yml"),
    ]
    if strict:
        cmd.append("--strict")
    proc = subprocess.run(cmd, cwd=ROOT, env=run_env, capture_output=True, text=True, timeout=600)
    return Build(site_dir, proc.returncode, proc.stdout + proc.stderr)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Build:
    """The default site, built with --strict."""
    build = mkdocs_build(tmp_path_factory.mktemp("site") / "site")
    assert build.returncode == 0, build.output
    return build


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    """A private copy of the default data folder, to change in a test."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target
