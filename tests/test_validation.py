"""Golden cases: one change to valid data each, and the exact messages a maintainer sees."""

from __future__ import annotations

import os
import resource
import shutil
import time
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, mkdocs_build

from factsheets import DataError, load_dataset

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))


def apply_case(case: dict, data: Path) -> None:
    """Change a copy of the default data as the case says."""
    for edit in case.get("edits", []):
        path = data / edit["file"]
        text = path.read_bytes().decode("utf-8")
        assert edit["find"] in text, f"case edit not applicable: {edit['find']!r}"
        path.write_bytes(text.replace(edit["find"], edit["replace"], 1).encode("utf-8"))
    for name, content in case.get("write", {}).items():
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text(content, encoding="utf-8")
    for name, content in case.get("write_bytes", {}).items():
        (data / name).write_bytes(content.encode("latin-1"))
    for name in case.get("delete", []):
        (data / name).unlink()
    for name, target in case.get("rename", {}).items():
        (data / name).rename(data / target)
    for name, size in case.get("grow", {}).items():  # a comment line that makes it this large
        with (data / name).open("a", encoding="utf-8") as fh:
            fh.write("#" * size + "\n")
    for special in case.get("special", []):
        make_special(data / special["path"], special["kind"], special.get("target", ""))


def make_special(path: Path, kind: str, target: str) -> None:
    """Put something that is not an ordinary data file where one is read."""
    if path.exists() or path.is_symlink():
        path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "symlink":
        path.symlink_to(target)
    elif kind == "folder":
        path.mkdir()
        (path / "inside.yaml").write_text("- id: x\n", encoding="utf-8")
    elif kind == "unreadable":
        path.write_text("- id: x\n", encoding="utf-8")
        path.chmod(0)
    else:
        raise AssertionError(f"unknown special file kind {kind!r}")


def messages(data: Path) -> tuple[list[str], list[str]]:
    """(errors, warnings) as printed lines."""
    try:
        ds = load_dataset(data)
    except DataError as exc:
        return (
            [str(p) for p in exc.problems if p.severity == "error"],
            [str(p) for p in exc.problems if p.severity == "warning"],
        )
    return [], [str(p) for p in ds.warnings]


def test_there_are_golden_cases():
    assert len(CASES) >= 20


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_golden_case(case_file, tmp_path, monkeypatch):
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    if case.get("needs_non_root") and hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("file permissions do not stop the superuser from reading")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    apply_case(case, Path("data"))
    errors, warnings = messages(Path("data"))
    assert errors == case.get("expected", []), "\n".join(errors)
    assert warnings == case.get("warnings", []), "\n".join(warnings)


def test_default_data_is_clean():
    errors, warnings = messages(ROOT / "data")
    assert errors == [] and warnings == []


BUILT_CASES = [c for c in CASES if yaml.safe_load(c.read_text(encoding="utf-8")).get("build")]
#: A bad input must not make the build hang or fill the memory.
BUILD_SECONDS, BUILD_MEMORY = 60, 1.5 * 1024**3


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("previous") / "site"
    build = mkdocs_build(site)
    assert build.returncode == 0, build.output
    return site


def _hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("case_file", BUILT_CASES, ids=[c.stem for c in BUILT_CASES])
def test_golden_case_in_the_real_build(case_file, tmp_path, previous_site):
    """`check` and the build agree: the same messages, no traceback, no hang, and the site
    built before stays whole."""
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    shutil.copytree(ROOT / "data", tmp_path / "data")
    apply_case(case, tmp_path / "data")
    site = tmp_path / "site"
    shutil.copytree(previous_site, site)
    started = time.monotonic()
    build = mkdocs_build(site, data_dir=tmp_path / "data", timeout=BUILD_SECONDS)
    assert time.monotonic() - started < BUILD_SECONDS
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 < BUILD_MEMORY
    assert "Traceback" not in build.output, build.output
    assert build.returncode != 0  # errors, or warnings under --strict
    shown = build.output.replace(f"{tmp_path}/", "")
    for message in case.get("expected", []) + case.get("warnings", []):
        assert message in shown, shown
    assert _hashes(site) == _hashes(previous_site)


def test_a_file_the_build_may_not_read_is_a_message(tmp_path, monkeypatch):
    """As the golden case ``data_file_unreadable``, also where the tests run as the superuser
    (whom file permissions do not stop): the refusal is simulated where the file is opened."""
    import factsheets.readfile

    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("groups.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(factsheets.readfile.os, "open", refuse)
    errors, _ = messages(Path("data"))
    assert errors == [
        "data/groups.yaml: cannot be read: permission denied — let the user running the build "
        "read it (chmod a+r data/groups.yaml)"
    ]
