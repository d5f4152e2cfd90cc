"""`mkdocs serve` picks up a data edit without a restart."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, needle: str, seconds: float) -> str | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _get(url)
        if page and needle in page:
            return page
        time.sleep(0.5)
    return None


def test_edit_to_observations_shows_after_reload(data_copy):
    port = _free_port()
    env = {**os.environ, "FACTSHEETS_DATA": str(data_copy), "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/cities/el-paso/"
    try:
        assert _wait_for(url, "recorded 450 violent crimes", 120), "server did not come up"
        csv = data_copy / "observations.csv"
        csv.write_text(
            csv.read_text().replace(
                "el-paso,violent-crime-rate,2024,450,", "el-paso,violent-crime-rate,2024,455,"
            )
        )
        page = _wait_for(url, "recorded 455 violent crimes", 60)
        assert page is not None, "the edit did not reach the page"
        assert "down 12.5% from 520 in 2023" in page
    finally:
        proc.terminate()
        try:
            output = proc.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            proc.kill()
            output = proc.communicate()[0]
    assert "Traceback" not in output, output
