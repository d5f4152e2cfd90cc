"""The package's shape: one job per module, data flowing one way, MkDocs only behind the hook."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from factsheets import site

PACKAGE = Path(__file__).resolve().parent.parent / "hooks" / "factsheets"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 400


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, relative imports resolved inside the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def test_the_package_has_modules():
    assert len(MODULES) > 20, MODULES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_is_over_400_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines: split it by job"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_mkdocs_is_imported_only_by_the_hook(path):
    assert not any(m == "mkdocs" or m.startswith("mkdocs.") for m in imports_of(path)), path


def layer(name: str) -> list[Path]:
    return [p for p in MODULES if p.relative_to(PACKAGE).parts[0] == name]


@pytest.mark.parametrize("path", layer("pages") + layer("figures"), ids=lambda p: p.name)
def test_pages_and_figures_neither_draw_render_write_nor_compute_with_pandas(path):
    forbidden = {
        "pandas",
        "jinja2",
        "factsheets.render",
        "factsheets.svg",
        "factsheets.emit",
        "factsheets.store",
        "factsheets.site",
        "vl_convert",
    }
    found = {
        m
        for m in imports_of(path)
        if m.split(".")[0] in forbidden
        or m in forbidden
        or any(m.startswith(f + ".") for f in forbidden)
    }
    if path.name == "maps.py":
        # Maps ask the renderer where a place falls on a drawn outline (Vega's own projection,
        # so the mark sits where the drawing puts it); they draw nothing.
        found -= {"factsheets.svg", "factsheets.svg._vl_convert", "factsheets.svg.static_spec"}
    assert not found, f"{path.relative_to(PACKAGE)} imports {sorted(found)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_only_emit_and_the_stores_write_files(path):
    writers = {"emit.py", "store.py", "svg.py", "schema.py"}
    if path.name in writers:
        return
    source = path.read_text(encoding="utf-8")
    for call in ("write_text(", "write_bytes(", "shutil.copy", 'open("w', ".mkdir("):
        assert call not in source, f"{path.relative_to(PACKAGE)} writes files ({call})"


def test_build_site_reads_as_the_pipeline():
    lines = inspect.getsource(site.build_site).splitlines()
    assert len(lines) <= 60, len(lines)
