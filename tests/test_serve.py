"""`mkdocs serve` picks up a data edit without a restart."""

from __future__ import annotations

import gc
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT

from factsheets import preview, service


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


def _served(url: str) -> bytes | None:
    """A file as the server sends it, less the reload script it adds to every page."""
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            body = resp.read()
    except OSError:
        return None
    end = body.rfind(b"</body>")
    start = body.rfind(b"<script>", 0, end)
    if end != -1 and start != -1 and b"livereload" in body[start:end]:
        body = body[:start] + body[end:]
    return body


def _matches_clean_build(base: str, data: Path, tmp: Path) -> list[str]:
    """Files of a clean build of ``data`` (at the server's address) that the server sends
    differently; the search index compared as data."""
    site = tmp / "clean"
    shutil.rmtree(site, ignore_errors=True)
    env = {**os.environ, "FACTSHEETS_DATA": str(data), "SITE_URL": base}
    env["NO_MKDOCS_2_WARNING"] = "1"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    differ = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        served = _served(base + rel)
        expected = path.read_bytes()
        if rel.endswith("search_index.json") and served is not None:
            same = json.loads(served) == json.loads(expected)
        else:
            same = served == expected
        if not same:
            differ.append(rel)
    return differ


def _rendered_again(log: Path, since: int) -> list[tuple[int, int]]:
    found = re.findall(r"Rendered (\d+) of (\d+) pages again", log.read_text()[since:])
    return [(int(a), int(b)) for a, b in found]


_STEPS = {
    "Detected file changes": "change",
    "pages again": "rendered",
    "Reloading browsers": "reload",
    "Building the 'es' pages": "es",
}


def _steps(log: Path, since: int) -> list[str]:
    """The server's rebuild in the words of its log: changes seen, languages built and
    rendered, browsers reloaded."""
    return [
        word
        for line in log.read_text()[since:].splitlines()
        for text, word in _STEPS.items()
        if text in line
    ]


def test_rebuild_renders_only_what_changed_and_equals_a_clean_build(data_copy, tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "FACTSHEETS_DATA": str(data_copy), "NO_MKDOCS_2_WARNING": "1"}
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    cities, csv = data_copy / "cities.yaml", data_copy / "observations.csv"
    original_cities, original_csv = cities.read_text(), csv.read_text()
    try:
        assert _wait_for(base + "es/cities/el-paso/", "450", 180), "server did not come up"
        # an edit of one figure and a new city
        mark = len(log.read_text())
        cities.write_text(
            original_cities + "- id: testville\n  name: Testville\n  country: us\n  region: Texas\n"
            "  tags: [border]\n  summary: A city added while the server runs.\n"
        )
        csv.write_text(
            original_csv.replace(
                "el-paso,violent-crime-rate,2024,450,", "el-paso,violent-crime-rate,2024,455,"
            )
            + "testville,violent-crime-rate,2024,300,"
            + original_csv.split("el-paso,violent-crime-rate,2024,450,", 1)[1].split("\n")[0]
            + "\n"
        )
        assert _wait_for(base + "es/cities/testville/", "Testville", 120), log.read_text()
        time.sleep(1)
        rendered = _rendered_again(log, mark)
        assert len(rendered) == 2, log.read_text()[mark:]  # English, then Spanish
        assert all(again < total for again, total in rendered), rendered
        # the English pages are served (browsers reloaded) before the Spanish are built, in a
        # pass of their own; the server tells of one change, not of a second for that pass
        assert _steps(log, mark) == ["change", "rendered", "reload", "es", "rendered", "reload"]
        assert _matches_clean_build(base, data_copy, tmp_path) == []

        # the city removed again: its page and files go
        mark = len(log.read_text())
        cities.write_text(original_cities)
        csv.write_text(original_csv)
        deadline = time.monotonic() + 120
        while _served(base + "es/cities/testville/") is not None and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _served(base + "cities/testville/") is None
        time.sleep(1)
        assert len(_rendered_again(log, mark)) == 2, log.read_text()[mark:]
        assert _matches_clean_build(base, data_copy, tmp_path) == []

        # a figure for a newer year: the data's date, and every page's date in the sitemap, change
        mark = len(log.read_text())
        csv.write_text(original_csv + "el-paso,violent-crime-rate,2025,430,axios-border-2024,,,\n")
        assert _wait_for(base + "es/cities/el-paso/", "2025", 120), log.read_text()[mark:]
        time.sleep(1)
        assert len(_rendered_again(log, mark)) == 2, log.read_text()[mark:]
        assert _matches_clean_build(base, data_copy, tmp_path) == []
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert "Traceback" not in log.read_text()


def test_a_rebuild_runs_without_the_collector_and_sets_its_memory_aside(monkeypatch):
    """A server's rebuild runs with the garbage collector off; after the first build every
    object is collected and set aside (frozen), and the collector is on again. A rebuild that
    fails turns the collector on again at once."""
    monkeypatch.setattr(service, "_since_whole", None)
    try:
        with service.collector_paused():
            assert not gc.isenabled()
            service.set_aside_memory()  # the first build: everything collected, at once
        assert gc.isenabled() and gc.get_freeze_count() > 0
        with pytest.raises(RuntimeError), service.collector_paused():
            raise RuntimeError("a failed rebuild")
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_the_other_languages_pass_is_a_whole_rebuild_after_another_edit(
    data_copy, monkeypatch, tmp_path
):
    """The pass a server is asked for builds only the other languages when nothing changed
    since the first language was built; after another edit it builds everything."""
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    from factsheets import serving

    monkeypatch.setenv("FACTSHEETS_DATA", str(data_copy))
    config = load_config(str(ROOT / "mkdocs.yml"))
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    later = serving.OthersLater()
    later.attach(server)

    later.begin(serving.seen(config))  # the first language's build begins
    assert later.defer() and server._want_rebuild  # and ends: the server runs again
    assert later.take(serving.seen(config))  # nothing changed: only the other languages
    assert not later.take(serving.seen(config))  # and only once

    later.begin(serving.seen(config))
    csv = data_copy / "observations.csv"  # edited while the first language is built
    csv.write_text(csv.read_text() + "el-paso,violent-crime-rate,2025,430,axios-border-2024,,,\n")
    assert later.defer()
    assert not later.take(serving.seen(config))  # the data changed: a whole rebuild

    elsewhere = serving.OthersLater()
    elsewhere.attach(object())  # a server of a kind this does not know
    elsewhere.begin(serving.seen(config))
    assert not elsewhere.defer()  # every language in one pass


def _index(*pages: tuple[str, list[str]]) -> str:
    """A search index as the theme writes it: each page's entry, then its sections'."""
    docs = [
        {"location": url + (f"#{title.lower()}" if i else ""), "title": title, "text": "…"}
        for url, titles in pages
        for i, title in enumerate(titles)
    ]
    return json.dumps({"config": {"lang": ["en"]}, "docs": docs}, separators=(",", ":"))


def _rebuild(known: preview.Preview, site: Path, order: list[str], rendered: set[str]) -> None:
    known.begin(())
    known.incremental, known.order, known.rendered = True, order, rendered
    known.read_index(site)


def test_a_server_keeps_the_search_entries_of_the_pages_it_does_not_render_again(tmp_path):
    index = tmp_path / preview.SEARCH_INDEX
    index.parent.mkdir(parents=True)
    home, a, b, c = ("", ["Home"]), ("cities/a/", ["A", "Sources"]), ("cities/b/", ["B"]), None
    index.write_text(_index(home, a, b))
    known = preview.Preview()
    known.begin(())
    assert known.whole_index(tmp_path, serving=True) is None  # a full build's index is whole
    known.finish(serving=True, error=False)

    # city a rendered again: the theme writes an index of that page alone
    a = ("cities/a/", ["A, edited", "Sources"])
    index.write_text(_index(a))
    _rebuild(known, tmp_path, ["", "cities/a/", "cities/b/"], {"cities/a/"})
    assert known.previous_index is None  # the entries are known: the old index is not read
    assert known.whole_index(tmp_path, serving=True) == _index(home, a, b)
    known.finish(serving=True, error=False)

    # city b gone and city c new, from the entries the last rebuild kept
    c = ("cities/c/", ["C"])
    index.write_text(_index(c))
    _rebuild(known, tmp_path, ["", "cities/a/", "cities/c/"], {"cities/c/"})
    assert known.whole_index(tmp_path, serving=True) == _index(home, a, c)

    # a server that kept nothing reads the index it served, to the same result
    index.write_text(_index(home, a, b))
    fresh = preview.Preview()
    _rebuild(fresh, tmp_path, ["", "cities/a/", "cities/c/"], {"cities/c/"})
    assert fresh.previous_index is not None
    index.write_text(_index(c))
    assert fresh.whole_index(tmp_path, serving=True) == _index(home, a, c)
