"""A generated page converts with its HTML blocks set aside (MkDocs reads them twice with an HTML
parser otherwise) and put back: the page MkDocs makes is the same as converting it whole, with
the same table of contents and the same anchors, for every page the site generates."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from factsheets import rawblocks
from factsheets.site import build_site
from factsheets.validate import load_dataset

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="module")
def config():
    return load_config(str(ROOT / "mkdocs.yml"))


def _golden() -> dict[str, str]:
    """The Markdown of every generated English page: the golden files of the default and the
    edge data (read when the tests are collected: small files, no build)."""
    return {
        path.relative_to(GOLDEN).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(GOLDEN.rglob("*.md"))
    }


PAGES = _golden()


def _render(config, src: str, markdown: str) -> Page:
    file = File(
        src.split("/", 1)[1], src_dir=None, dest_dir=config.site_dir, use_directory_urls=True
    )
    page = Page(None, file, config)
    page.markdown = markdown
    page.render(config, Files([file]))
    return page


def test_the_generated_pages_are_many_and_of_every_kind():
    kinds = {src.split("/")[1] for src in PAGES}
    assert {"cities", "countries", "programs", "groups", "data", "sources", "strategies"} <= kinds
    assert len(PAGES) > 40


def _same_converted(config, src: str, text: str) -> None:
    markdown, _meta = get_data(text)
    whole = _render(config, src, markdown)
    stubbed, blocks = rawblocks.set_aside(markdown)
    if ("/cities/" in src or "/countries/" in src) and not src.endswith("index.md"):
        assert len(blocks) >= 3, f"{src}: a fact sheet is mostly HTML blocks"
    aside = _render(config, src, stubbed)
    assert rawblocks.put_back(aside.content, blocks) == whole.content, src
    assert aside.title == whole.title, src
    assert [(t.title, t.id, t.level) for t in aside.toc] == [
        (t.title, t.id, t.level) for t in whole.toc
    ], src
    assert aside.present_anchor_ids | rawblocks.anchor_ids(blocks) == whole.present_anchor_ids


@pytest.mark.parametrize("src", sorted(PAGES))
def test_a_page_converted_with_its_blocks_set_aside_is_the_page_converted_whole(config, src):
    _same_converted(config, src, PAGES[src])


def test_the_spanish_pages_convert_the_same_with_their_blocks_set_aside(config):
    spanish = build_site(load_dataset(ROOT / "data"), language="es")
    pages = {
        f"es/{path}": content.decode("utf-8") if isinstance(content, bytes) else content
        for path, content in spanish.all_files().items()
        if path.endswith(".md") and isinstance(content, str | bytes)
    }
    assert len(pages) > 20 and "es/cities/el-paso.md" in pages
    for src, text in sorted(pages.items()):
        _same_converted(config, src, text)


def test_a_placeholder_that_does_not_come_through_is_noticed():
    stubbed, blocks = rawblocks.set_aside('# A\n\n<div class="x">\n<p>b</p>\n</div>\n')
    assert len(blocks) == 1 and blocks[0].startswith('<div class="x">')
    assert rawblocks.put_back(stubbed.replace("data-fs-raw", "data-other"), blocks) is None


def test_blocks_that_markdown_would_not_read_as_one_are_left_in_place():
    text = (
        "```\n<div>in a code block</div>\n```\n\n"  # code, not HTML
        "<div>closed, then text</div> on the same line\n\n"  # Markdown reads the tail as text
        "<div>\nnever closed\n\n"
        "<span>inline</span>\n"  # not a block element
    )
    stubbed, blocks = rawblocks.set_aside(text)
    assert blocks == [] and stubbed == text
