"""Golden pages: the generated Markdown and download files of every page, compared byte for byte.

They hold the output fixed while the code that makes it moves. When a change of output is meant,
refresh them and review the diff before committing:

    FACTSHEETS_UPDATE_GOLDEN=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from factsheets.site import build_site, expand_markers
from factsheets.svg import SvgCache
from factsheets.validate import load_dataset

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
DATASETS = {"default": ROOT / "data", "edge": Path(__file__).parent / "fixtures" / "edge"}
UPDATE = os.environ.get("FACTSHEETS_UPDATE_GOLDEN") == "1"
#: Text files a reader gets; chart drawings (SVG) and the Vega bundle are checked elsewhere.
TEXT_SUFFIXES = (".md", ".csv", ".json")


def generated_text(name: str, cache: Path) -> dict[str, str]:
    """Every generated text file of a dataset, and the home page with its markers expanded."""
    ds = load_dataset(DATASETS[name])
    site = build_site(ds, site_url="https://example.org/factsheets/", svg_cache=SvgCache(cache))
    out: dict[str, str] = {}
    for path, content in site.all_files().items():
        if not path.endswith(TEXT_SUFFIXES) or path.endswith(".js") or path.startswith("maps/"):
            continue  # boundary files ship with the package: tests/test_maps.py checks them
        if isinstance(content, Path):
            content = content.read_bytes()
        out[path] = content.decode("utf-8") if isinstance(content, bytes) else content
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    out["index.md"] = expand_markers(home, "index.md", site)
    return out


@pytest.fixture(scope="module", params=sorted(DATASETS))
def generated(request, tmp_path_factory) -> tuple[str, dict[str, str]]:
    name = request.param
    files = generated_text(name, tmp_path_factory.mktemp("charts"))
    if UPDATE:
        target = GOLDEN / name
        shutil.rmtree(target, ignore_errors=True)
        for path, content in files.items():
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            (target / path).write_text(content, encoding="utf-8")
    return name, files


def test_golden_files_are_the_generated_files(generated):
    name, files = generated
    golden = sorted(p.relative_to(GOLDEN / name).as_posix() for p in (GOLDEN / name).rglob("*.*"))
    assert golden, f"no golden files in {GOLDEN / name}: refresh them (see this module's doc)"
    assert sorted(files) == golden


def test_every_generated_file_equals_its_golden_copy(generated):
    name, files = generated
    different = [
        path
        for path, content in sorted(files.items())
        if not (GOLDEN / name / path).exists()
        or (GOLDEN / name / path).read_text(encoding="utf-8") != content
    ]
    if different:
        first = different[0]
        expected = (GOLDEN / name / first).read_text(encoding="utf-8").splitlines()
        actual = files[first].splitlines()
        import difflib

        diff = "\n".join(
            list(difflib.unified_diff(expected, actual, "golden", "generated", lineterm=""))[:40]
        )
        pytest.fail(
            f"{len(different)} generated files differ from tests/golden/{name}: "
            f"{different[:8]}\nfirst difference ({first}):\n{diff}"
        )
