"""scripts/bench.py builds the floor from the project's own mkdocs.yml, less the hook, and runs
every build in a copy of the project as a clone has it."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
bench = importlib.util.module_from_spec(spec)
sys.modules["bench"] = bench
spec.loader.exec_module(bench)


def test_floor_config_is_mkdocs_yml_less_the_hook(tmp_path):
    floor = tmp_path / "floor"
    shutil.copytree(ROOT / "docs", floor / "docs")  # as build-pages writes it
    bench.floor_config(ROOT / "mkdocs.yml", floor)
    text = (floor / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks:" not in text and "factsheets_hook" not in text
    got = load_config(config_file=str(floor / "mkdocs.yml"))
    want = load_config(config_file=str(ROOT / "mkdocs.yml"))
    assert not got.hooks and want.hooks
    assert got.docs_dir == str(floor / "docs")
    for key in ("markdown_extensions", "use_directory_urls", "nav", "site_url"):
        assert got[key] == want[key], key
    assert got.theme.name == want.theme.name
    assert got.theme["features"] == want.theme["features"]
    assert list(got.plugins) == [p for p in want.plugins if p not in want.hooks]
    assert got.validation == want.validation
    assert got.exclude_docs.patterns == want.exclude_docs.patterns


def test_copy_holds_tracked_files_only(tmp_path):
    names = bench.project_files()
    assert "mkdocs.yml" in names and "hooks/factsheets_hook.py" in names
    assert not [n for n in names if n.startswith((".cache/", "site/")) or "__pycache__" in n]


def test_children_get_one_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FACTSHEETS_CACHE", "/elsewhere")
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    env = bench.child_env(tmp_path)
    assert "FACTSHEETS_CACHE" not in env and "PYTHONDONTWRITEBYTECODE" not in env
    assert env["PYTHONPATH"].split(os.pathsep)[0] == str(tmp_path / "hooks")


def test_memory_of_a_build_is_its_processes_summed(tmp_path):
    """A build's memory is what its processes hold at once, the chart workers included; wait4's
    figure is only the largest of them."""
    if bench.group_rss(os.getpid()) is None:
        pytest.skip("no /proc to read processes' memory from")
    hold = (
        "import time; b = bytearray(80 * 2**20); b[::4096] = b'x' * len(b[::4096]); time.sleep(2)"
    )
    script = (
        "import subprocess, sys\n"
        f"kids = [subprocess.Popen([sys.executable, '-c', {hold!r}]) for _ in range(2)]\n"
        f"{hold}\n"
        "for kid in kids: kid.wait()\n"
    )
    measure = bench.run_measured(
        "memory", [sys.executable, "-c", script], tmp_path, dict(os.environ), tmp_path / "log", 60
    )
    assert 80 <= measure.rss_mb < 160, measure  # one process
    assert measure.tree_mb is not None and measure.tree_mb >= 3 * 80, measure  # all three
