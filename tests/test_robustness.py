"""No fault of the machine breaks the build or the site: time zone and locale, damaged, unwritable
or deleted caches, a build killed half-way, a broken hand-written page, `serve` with bad data."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build
from test_serve import _free_port, _get, _wait_for


def _hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory) -> dict[str, str]:
    """The default site built with an empty cache, as the reference."""
    root = tmp_path_factory.mktemp("clean")
    build = mkdocs_build(root / "site", env={"FACTSHEETS_CACHE": str(root / "cache")})
    assert build.returncode == 0, build.output
    return _hashes(root / "site")


def test_build_in_another_time_zone_locale_folder_and_umask_is_byte_identical(
    tmp_path, clean_build
):
    env = {
        "TZ": "America/Mexico_City",
        "LANG": "es_MX.UTF-8",
        "LC_ALL": "es_MX.UTF-8",
        "PYTHONHASHSEED": "4242",
        "FACTSHEETS_CACHE": str(tmp_path / "other-cache"),
    }
    umask = os.umask(0o077)  # inherited by the build: files only their owner may read
    try:
        build = mkdocs_build(tmp_path / "elsewhere" / "out", env=env)
    finally:
        os.umask(umask)
    assert build.returncode == 0, build.output
    assert _hashes(tmp_path / "elsewhere" / "out") == clean_build


def test_damaged_cache_entries_are_drawn_again(tmp_path, clean_build):
    cache = tmp_path / "cache"
    env = {"FACTSHEETS_CACHE": str(cache)}
    assert mkdocs_build(tmp_path / "first", env=env).returncode == 0
    drawings = sorted(cache.glob("??/*.svg"))
    assert len(drawings) >= 3
    drawings[0].write_bytes(drawings[0].read_bytes()[:100])  # cut short
    edited = drawings[1].read_text(encoding="utf-8").replace("<path", "<path fill='red'", 1)
    drawings[1].write_text(edited, encoding="utf-8")
    drawings[2].with_suffix(".sha256").unlink()
    sheets = sorted(cache.glob("sheets/??/*.svg"))  # a page's drawings put in one file
    assert sheets
    sheets[0].write_bytes(sheets[0].read_bytes()[:100])
    stored = sorted((cache / "files").rglob("*.md"))
    stored[0].write_text("# Wrong\n", encoding="utf-8")
    shutil.rmtree(cache / "pages")  # no page is kept from the last build: every chart is needed
    build = mkdocs_build(tmp_path / "site", env=env)
    assert build.returncode == 0, build.output
    # each language's build reports the damaged drawings it met: together, the two damaged ones
    found = re.findall(r"\((\d+) damaged in the cache, drawn again\)", build.output)
    assert sum(int(n) for n in found) == 2, build.output
    assert _hashes(tmp_path / "site") == clean_build


def test_a_build_keeps_the_last_builds_pages_only_while_they_are_sound(tmp_path, clean_build):
    cache = tmp_path / "cache"
    env = {"FACTSHEETS_CACHE": str(cache)}
    assert mkdocs_build(tmp_path / "first", env=env).returncode == 0
    kept = re.compile(r"; (\d+) of (\d+) pages kept from the last build")
    # a second build (another process) keeps every city, country and group page
    again = mkdocs_build(tmp_path / "site", env=env)
    assert again.returncode == 0, again.output
    counts = [(int(a), int(b)) for a, b in kept.findall(again.output)]
    assert len(counts) == 2 and all(n >= 13 for n, _ in counts), again.output  # both languages
    assert _hashes(tmp_path / "site") == clean_build
    # a file a kept page is made of, damaged: that language's pages are all made again
    saved = sorted((cache / "pages").glob("*.pickle"))
    assert len(saved) == 2
    stored = sorted((cache / "files").rglob("*.md"))
    for path in stored:
        path.write_text(path.read_text(encoding="utf-8") + "Wrong\n", encoding="utf-8")
    damaged = mkdocs_build(tmp_path / "site", env=env)
    assert damaged.returncode == 0, damaged.output
    assert not kept.search(damaged.output), damaged.output
    assert _hashes(tmp_path / "site") == clean_build
    # what another version of the code kept, or a file cut short, is not read
    for path in saved:
        data = path.read_bytes()
        head, _, body = data.partition(b"\n")
        path.write_bytes(head[:-8] + b"00000000\n" + body)
    other = mkdocs_build(tmp_path / "site", env=env)
    assert other.returncode == 0 and not kept.search(other.output), other.output
    for path in saved:
        path.write_bytes(path.read_bytes()[:-100])
    cut = mkdocs_build(tmp_path / "site", env=env)
    assert cut.returncode == 0 and not kept.search(cut.output), cut.output
    assert "Traceback" not in cut.output
    assert _hashes(tmp_path / "site") == clean_build


def test_cache_deleted_between_builds_changes_nothing(tmp_path, clean_build):
    cache = tmp_path / "cache"
    env = {"FACTSHEETS_CACHE": str(cache)}
    assert mkdocs_build(tmp_path / "site", env=env).returncode == 0
    shutil.rmtree(cache)
    build = mkdocs_build(tmp_path / "site", env=env)
    assert build.returncode == 0, build.output
    assert _hashes(tmp_path / "site") == clean_build


def test_unwritable_cache_builds_without_it_with_one_warning(tmp_path, clean_build):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be\n", encoding="utf-8")
    env = {"FACTSHEETS_CACHE": str(blocked)}
    build = mkdocs_build(tmp_path / "site", env=env, strict=False)
    assert build.returncode == 0, build.output
    assert "Traceback" not in build.output
    assert build.output.count("cannot be written") == 1, build.output
    assert _hashes(tmp_path / "site") == clean_build

    # With --strict the warning stops the build, and the site built before stays whole.
    strict = mkdocs_build(tmp_path / "site", env=env)
    assert strict.returncode != 0
    assert "cannot be written" in strict.output and "Traceback" not in strict.output
    assert _hashes(tmp_path / "site") == clean_build


def test_cache_deleted_during_the_build_leaves_a_whole_site(tmp_path, clean_build):
    cache = tmp_path / "cache"
    env = {"FACTSHEETS_CACHE": str(cache)}
    site = tmp_path / "site"
    assert mkdocs_build(site, env=env).returncode == 0
    staging = site.parent / ".site.building"
    for delay in (0.8, None):
        proc = _start_build(site, env)
        if delay is None:  # just as MkDocs starts copying files from the cache
            deadline = time.monotonic() + 60
            while not (staging / "assets").is_dir() and time.monotonic() < deadline:
                time.sleep(0.01)
        else:
            time.sleep(delay)
        shutil.rmtree(cache, ignore_errors=True)
        output = proc.communicate(timeout=300)[0]
        assert "Traceback" not in output, output
        # Either the build finished with the same site, or it stopped and left the old one.
        assert _hashes(site) == clean_build, output
        if delay is None:
            assert proc.returncode != 0
            assert "the cache folder was deleted during the build" in output
        assert mkdocs_build(site, env=env).returncode == 0  # warm the cache again


def _start_build(site: Path, env: dict[str, str]) -> subprocess.Popen:
    run_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    run_env.pop("FACTSHEETS_DATA", None)
    if "FACTSHEETS_DATA" in env:
        run_env["FACTSHEETS_DATA"] = env["FACTSHEETS_DATA"]
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=ROOT,
        env=run_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def test_a_killed_build_leaves_the_previous_site_complete(tmp_path, data_copy, clean_build):
    site = tmp_path / "site"
    env = {"FACTSHEETS_CACHE": str(tmp_path / "cache"), "FACTSHEETS_DATA": str(data_copy)}
    assert mkdocs_build(site, data_dir=data_copy, env=env).returncode == 0
    assert _hashes(site) == clean_build
    _edit(
        data_copy / "observations.csv",
        "el-paso,violent-crime-rate,2024,450,axios-border-2024,,,-13.5",
        "el-paso,violent-crime-rate,2024,455,axios-border-2024,,,-12.5",
    )
    for delay in (0.2, 0.6, 1.0, 1.4, 1.8, 2.4):
        proc = _start_build(site, env)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        if _hashes(site) != clean_build:  # the build finished before it was killed
            break
    else:
        final = mkdocs_build(site, data_dir=data_copy, env=env)
        assert final.returncode == 0, final.output
    assert "recorded 455 violent crimes" in (site / "cities/el-paso/index.html").read_text()
    # the new site, whole: what a build of the edited data with no cache at all makes
    fresh = tmp_path / "fresh"
    alone = {**env, "FACTSHEETS_CACHE": str(tmp_path / "fresh-cache")}
    assert mkdocs_build(fresh, data_dir=data_copy, env=alone).returncode == 0
    assert _hashes(site) == _hashes(fresh)


def _project_with_page(tmp_path: Path, page: str) -> Path:
    """A copy of the project's docs folder with one page changed, and its own mkdocs.yml."""
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "about.md").write_text(page, encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: docs/overrides", f"custom_dir: {docs / 'overrides'}")
    config = config.replace(
        "  - hooks/factsheets_hook.py", f"  - {ROOT / 'hooks/factsheets_hook.py'}"
    )
    config = config.replace("  - data\n  - hooks\n", f"  - {ROOT / 'data'}\n")
    # the other language's configuration lives beside the project's own mkdocs.yml
    config = config.replace("config: mkdocs.es.yml", f"config: {ROOT / 'mkdocs.es.yml'}")
    config += f"docs_dir: {docs}\n"
    path = tmp_path / "mkdocs.yml"
    path.write_text(config, encoding="utf-8")
    return path


def test_unknown_marker_stops_the_build_and_keeps_the_previous_site(tmp_path, clean_build):
    site = tmp_path / "site"
    env = {"FACTSHEETS_CACHE": str(tmp_path / "cache")}
    assert mkdocs_build(site, env=env).returncode == 0
    config = _project_with_page(tmp_path, "# About\n\n<!-- factsheets:headlinez -->\n")
    build = mkdocs_build(site, env=env, config=config, data_dir=ROOT / "data")
    assert build.returncode != 0
    assert "docs/about.md:3: unknown marker 'factsheets:headlinez'" in build.output
    assert "Traceback" not in build.output
    assert _hashes(site) == clean_build


def test_serve_keeps_the_last_good_site_and_shows_the_data_error(data_copy, tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "FACTSHEETS_DATA": str(data_copy),
        "FACTSHEETS_CACHE": str(tmp_path / "cache"),
        "NO_MKDOCS_2_WARNING": "1",
    }
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
        good = csv.read_text(encoding="utf-8")
        csv.write_text(good.replace(",2024,450,", ",2024,lots,", 1), encoding="utf-8")
        page = _wait_for(url, "The data has errors", 60)
        assert page is not None, "the error did not reach the page"
        assert "value &#x27;lots&#x27; is not a number" in page
        assert "recorded 450 violent crimes" in page  # the last good site
        assert _get(f"http://127.0.0.1:{port}/countries/mx/") is not None  # still answering
        csv.write_text(good.replace(",2024,450,", ",2024,455,", 1), encoding="utf-8")
        page = _wait_for(url, "recorded 455 violent crimes", 60)
        assert page is not None and "The data has errors" not in page
    finally:
        proc.terminate()
        try:
            output = proc.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            proc.kill()
            output = proc.communicate()[0]
    assert "observations.csv:" in output and "value 'lots' is not a number" in output
    assert "Traceback" not in output, output


def test_quotes_in_a_heading_are_escaped_once_in_the_table_of_contents(tmp_path, data_copy):
    _edit(
        data_copy / "indicators.yaml",
        "  name: Violent crimes\n",
        "  name: 'Crimes \"seen\" & O''s'\n",
    )
    build = mkdocs_build(tmp_path / "site", data_dir=data_copy)
    assert build.returncode == 0, build.output
    page = (tmp_path / "site" / "cities" / "chicago" / "index.html").read_text(encoding="utf-8")
    toc = page[page.index('data-md-component="toc"') :]
    assert 'Crimes "seen" &amp; O\'s' in toc
    assert "&amp;#34;" not in page and "&amp;#39;" not in page and "&amp;amp;" not in page


def test_serve_started_with_bad_data_shows_the_error_and_recovers(data_copy, tmp_path):
    port = _free_port()
    csv = data_copy / "observations.csv"
    good = csv.read_text(encoding="utf-8")
    csv.write_text(good.replace(",2024,450,", ",2024,lots,", 1), encoding="utf-8")
    env = {
        **os.environ,
        "FACTSHEETS_DATA": str(data_copy),
        "FACTSHEETS_CACHE": str(tmp_path / "cache"),
        "NO_MKDOCS_2_WARNING": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        home = _wait_for(f"http://127.0.0.1:{port}/", "The data has errors", 120)
        assert home is not None, "the server did not show the error"
        assert "value &#x27;lots&#x27; is not a number" in home
        csv.write_text(good, encoding="utf-8")
        page = _wait_for(f"http://127.0.0.1:{port}/cities/el-paso/", "recorded 450 violent", 90)
        assert page is not None and "The data has errors" not in page
    finally:
        proc.terminate()
        try:
            output = proc.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            proc.kill()
            output = proc.communicate()[0]
    assert "Traceback" not in output, output


def test_serve_shows_an_unknown_marker_on_its_page_and_keeps_answering(tmp_path):
    config = _project_with_page(tmp_path, "# About\n\n<!-- factsheets:headlinez -->\n")
    port = _free_port()
    env = {
        **os.environ,
        "FACTSHEETS_DATA": str(ROOT / "data"),
        "FACTSHEETS_CACHE": str(ROOT / ".cache" / "charts"),  # warm from the other builds
        "NO_MKDOCS_2_WARNING": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page = _wait_for(f"http://127.0.0.1:{port}/about/", "This page has an error", 120)
        assert page is not None, "the error did not reach the page"
        assert "unknown marker &#39;factsheets:headlinez&#39;" in page or (
            "unknown marker 'factsheets:headlinez'" in page
        )
        assert _get(f"http://127.0.0.1:{port}/cities/el-paso/") is not None
    finally:
        proc.terminate()
        try:
            output = proc.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            proc.kill()
            output = proc.communicate()[0]
    assert "unknown marker 'factsheets:headlinez'" in output
    assert "Traceback" not in output, output
