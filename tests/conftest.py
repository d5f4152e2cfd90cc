"""Shared fixtures: the real site, built once per test session by the real `mkdocs build`."""

from __future__ import annotations

import csv
import io
import json
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
    timeout: float = 600,
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
    proc = subprocess.run(
        cmd, cwd=ROOT, env=run_env, capture_output=True, text=True, timeout=timeout
    )
    return Build(site_dir, proc.returncode, proc.stdout + proc.stderr)


def page_figures(folder: Path) -> dict[str, dict]:
    """The figures of the page built into ``folder``, by id, as its figures.json holds them."""
    data = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    return {f["id"]: f for f in data["figures"]}


def chart_spec(folder: Path, figure_id: str) -> dict:
    """A chart's Vega-Lite spec as the browser puts it together: its template (a file the
    site serves) with the chart's patch from the page's figures.json."""
    from factsheets import chartspec

    figure = page_figures(folder)[figure_id]
    chart = figure["chart"]
    if "spec" in chart:
        return chart["spec"]
    template = json.loads((folder / chart["template"]).read_text(encoding="utf-8"))
    return chartspec.put_together(template, chart["patch"], figure["description"])


def chart_csv(folder: Path, figure_id: str) -> str:
    """A chart's own CSV: its rows of the page's figures.csv, with its columns."""
    figure = page_figures(folder)[figure_id]
    with (folder / figure["files"]["data"]).open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["chart"] == figure_id]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if figure["columns"]:
        writer.writerow(figure["columns"])
    for row in rows:
        writer.writerow([row[c] for c in figure["columns"]])
    return out.getvalue()


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Build:
    """The default site, built with --strict."""
    build = mkdocs_build(tmp_path_factory.mktemp("site") / "site")
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def synthetic_site(tmp_path_factory) -> Path:
    """A site of 80 synthetic cities (about 40 in each of two countries), built as a user
    builds it: its country pages rank 30 cities in a chart."""
    folder = tmp_path_factory.mktemp("synthetic")
    data = folder / "data"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "synthesize.py"), "--cities", "80"]
        + ["--out", str(data)],
        check=True,
        capture_output=True,
    )
    build = mkdocs_build(
        folder / "site", data_dir=data, env={"FACTSHEETS_CACHE": str(folder / "cache")}
    )
    assert build.returncode == 0, build.output
    return folder / "site"


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    """A private copy of the default data folder, to change in a test."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


# --- a built site served under a sub-path, as GitHub Pages serves a project site --------------

SUBPATH = "factsheets"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Served:
    root: Path  # folder served at /
    site: Path  # root / SUBPATH
    base: str  # http://127.0.0.1:PORT/factsheets/

    def url(self, path: str = "") -> str:
        return self.base + path


def serve_folder(root: Path, port: int, not_found: Path | None = None):
    """A static HTTP server for ``root`` on localhost, answering unknown paths with the site's
    404 page like GitHub Pages does. Returns the server; call shutdown() when done."""
    import functools
    import http.server
    import threading

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_error(self, code, message=None, explain=None):
            if code == 404 and not_found is not None and not_found.exists():
                body = not_found.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
                return
            super().send_error(code, message, explain)

    handler = functools.partial(Handler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def build_and_serve(tmp: Path, data_dir: Path | None = None):
    port = free_port()
    base = f"http://127.0.0.1:{port}/{SUBPATH}/"
    site = tmp / "www" / SUBPATH
    build = mkdocs_build(site, data_dir=data_dir, env={"SITE_URL": base})
    assert build.returncode == 0, build.output
    server = serve_folder(tmp / "www", port, not_found=site / "404.html")
    return Served(tmp / "www", site, base), server


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    served, server = build_and_serve(tmp_path_factory.mktemp("served"))
    yield served
    server.shutdown()


#: Each chart of a page as the browser lays it out: its state, whether its live chart and its
#: static drawing show, the drawing's box and the size it was drawn at, and the box of a mark
#: laid over the drawing (a city on a shared map, its bar), if any.
CHART_BOXES = """() => [...document.querySelectorAll('.fs-chart')].map(el => {
  const img = el.querySelector(':scope > img'), live = el.querySelector('.fs-chart__live');
  const marks = el.querySelector(':scope > .fs-chart__marks');
  const box = img.getBoundingClientRect(), over = marks && marks.getBoundingClientRect();
  return {id: el.closest('figure').id, state: el.dataset.fsChart,
          live: !!live && live.getBoundingClientRect().height > 0, img: box.height > 0,
          left: box.left, top: box.top, width: box.width, height: box.height,
          drawn: [+img.getAttribute('width'), +img.getAttribute('height')],
          marks: over && [over.left, over.top, over.width, over.height]};
})"""


def chromium_path() -> str | None:
    import shutil

    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def launch_chromium(browser_type):
    """Chromium with the machine's own fonts. A test that draws a chart in this process points
    the process's font setup (FONTCONFIG_FILE) at the renderer's, which lists no fonts: a
    browser started after it would inherit that and draw text with no font at all (links of
    no size, and text boxes that never collide)."""
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    return browser_type.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, env=env)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Without it: a failure in CI, a skip elsewhere."""
    path = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if path is None or sync_playwright is None:
        reason = (
            "Chromium not found (install Debian's chromium or set CHROMIUM_PATH)"
            if path is None
            else "playwright is not installed (pip install -e '.[test]')"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as p:
        b = launch_chromium(p.chromium)
        yield b
        b.close()
