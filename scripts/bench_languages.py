"""What the second language costs: a warm build of the site in English alone against a warm
build of English and Spanish, on synthetic data.

    python scripts/bench_languages.py --cities 2000 [--runs 2] [--workdir DIR]

Synthesizes the data (scripts/synthesize.py), fills the chart cache with one build of both
languages, then times, alternately, `mkdocs build` of a configuration with English only (the
project's mkdocs.yml with no other language in `extra.alternate`) and of mkdocs.yml itself
(English, then Spanish into es/). Prints the median wall and CPU times and their ratios
(target ≤ 2.2); on a shared machine the CPU times are the steadier measure.
The synthetic data has no Spanish text, so the Spanish pages show the English text, marked.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def english_only_config(path: Path) -> None:
    """mkdocs.yml with no other language; paths absolute, since the file lives elsewhere."""
    path.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {ROOT / 'docs'}\n"
        f"hooks: [{ROOT / 'hooks' / 'factsheets_hook.py'}]\n"
        f"watch: [{ROOT / 'hooks'}]\n"
        f"theme: {{custom_dir: {ROOT / 'docs' / 'overrides'}}}\n"
        "extra: {alternate: []}\n",
        encoding="utf-8",
    )


def build(config: Path, site: Path, env: dict[str, str], log: Path) -> tuple[float, float]:
    """The wall time and the CPU time (user and system) of one `mkdocs build`."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    seconds = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        sys.exit(f"build failed ({proc.returncode}), see {log}")
    return seconds, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=2000, help="synthetic cities (default 2000)")
    parser.add_argument("--runs", type=int, default=2, help="timed builds of each (default 2)")
    parser.add_argument("--workdir", type=Path, help="where to put the data, cache and sites")
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-languages-"))
    work.mkdir(parents=True, exist_ok=True)
    data, cache, logs = work / "data", work / "cache", work / "logs"
    logs.mkdir(exist_ok=True)
    if not (data / "cities.yaml").exists():
        synth = [sys.executable, str(ROOT / "scripts" / "synthesize.py")]
        subprocess.run([*synth, "--cities", str(args.cities), "--out", str(data)], check=True)
    env = {
        **os.environ,
        "FACTSHEETS_DATA": str(data),
        "FACTSHEETS_CACHE": str(cache),
        "NO_MKDOCS_2_WARNING": "1",
    }
    english = work / "mkdocs.en-only.yml"
    english_only_config(english)
    both = ROOT / "mkdocs.yml"
    print("filling the chart cache (both languages) ...", file=sys.stderr, flush=True)
    warmup, _ = build(both, work / "site-both", env, logs / "warmup.log")
    times: dict[str, list[float]] = {"en": [], "both": []}
    cpu: dict[str, list[float]] = {"en": [], "both": []}
    for i in range(args.runs):
        for name, config in (("en", english), ("both", both)):
            print(f"run {i + 1}/{args.runs}: {name} ...", file=sys.stderr, flush=True)
            wall, used = build(config, work / f"site-{name}", env, logs / f"{name}-{i}.log")
            times[name].append(wall)
            cpu[name].append(used)
    print(f"{args.cities:,} synthetic cities; warm chart cache (first build {warmup:.0f} s)")
    for name, label in (("en", "English alone:      "), ("both", "English and Spanish:")):
        runs = ", ".join(f"{t:.1f}" for t in times[name])
        cpus = ", ".join(f"{t:.1f}" for t in cpu[name])
        print(
            f"{label} {statistics.median(times[name]):7.1f} s wall (runs: {runs}); "
            f"{statistics.median(cpu[name]):7.1f} s CPU (runs: {cpus})"
        )
    wall_ratio = statistics.median(times["both"]) / statistics.median(times["en"])
    cpu_ratio = statistics.median(cpu["both"]) / statistics.median(cpu["en"])
    print(f"ratio: {wall_ratio:.2f} wall, {cpu_ratio:.2f} CPU (target <= 2.2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
