"""scripts/synthesize.py writes a valid, varied data folder, the same for the same seed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from factsheets import load_dataset

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "synthesize.py"
FILES = [
    "sources.yaml",
    "countries.yaml",
    "cities.yaml",
    "indicators.yaml",
    "groups.yaml",
    "observations.csv",
    "programs.yaml",
    "achievements.yaml",
    "strategies.yaml",
    "recommendations.yaml",
]
N = 60


def synthesize(out: Path, seed: int) -> Path:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--cities", str(N), "--seed", str(seed), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert str(out) in proc.stdout
    return out


def contents(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FILES}


@pytest.fixture(scope="module")
def first(tmp_path_factory) -> Path:
    return synthesize(tmp_path_factory.mktemp("synth") / "a", seed=7)


def test_same_seed_gives_identical_bytes(first, tmp_path):
    again = synthesize(tmp_path / "b", seed=7)
    assert sorted(p.name for p in first.iterdir()) == sorted(FILES)
    assert contents(first) == contents(again)


def test_other_seed_gives_other_data(first, tmp_path):
    other = synthesize(tmp_path / "c", seed=8)
    assert contents(first)["cities.yaml"] != contents(other)["cities.yaml"]
    assert contents(first)["observations.csv"] != contents(other)["observations.csv"]


def test_output_is_valid_and_varied(first):
    ds = load_dataset(first)
    assert ds.warnings == []
    assert len(ds.cities) == N
    assert len(ds.indicators) >= 2
    assert any(not city.name.isascii() for city in ds.cities.values())
    assert any(" " in city.name for city in ds.cities.values())
    assert not set(ds.cities) & set(ds.countries)
    obs = ds.observations
    assert len(obs) > N * 2 * 5
    assert not obs.duplicated(["place", "indicator", "year"]).any()
    assert obs["flag"].notna().any()
    assert any(a.value_min is not None for a in ds.achievements.values())
    assert set(obs["place"]) >= set(ds.countries)
    assert ds.programs and ds.strategies and ds.recommendations
