"""What the maps cost: the same synthetic site built cold with and without city coordinates.

    python scripts/bench_maps.py --cities 2000 [--runs 1] [--seed 1] [--workdir DIR] [--keep]

Synthesizes N cities (with coordinates inside their region, see scripts/synthesize.py), copies
the folder without ``lat``/``lon`` (no maps at all), and builds each with ``mkdocs build`` and the
hook, from an empty chart cache, alternating. Reports the median wall times, the maps' share of
the cold build, their cost per city, and what they add to city pages (median of the per-page
difference, and the median page with and without).

Only the standard library and PyYAML, plus the helpers of scripts/bench.py.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import (  # noqa: E402
    ROOT,
    BenchError,
    Runs,
    chart_line,
    child_env,
    empty_dir,
    kb,
    load_yaml,
    run_measured,
    timed,
)

_COORDINATE = re.compile(r"^  (?:lat|lon): .*\n", re.M)


def without_coordinates(data: Path, out: Path) -> None:
    shutil.copytree(data, out)
    cities = out / "cities.yaml"
    cities.write_text(_COORDINATE.sub("", cities.read_text(encoding="utf-8")), encoding="utf-8")


def page_sizes(site: Path, city_ids: list[str]) -> dict[str, int]:
    out = {}
    for cid in city_ids:
        page = site / "cities" / cid / "index.html"
        if page.is_file():
            out[cid] = page.stat().st_size
    return out


def bench(args: argparse.Namespace, work: Path) -> str:
    py = sys.executable
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    data = {"maps": work / "data-maps", "none": work / "data-none"}
    synth = [py, str(ROOT / "scripts" / "synthesize.py"), "--cities", str(args.cities)]
    synth += ["--seed", str(args.seed), "--out", str(data["maps"])]
    print(f"synthesizing {args.cities:,} cities ...", file=sys.stderr, flush=True)
    timed("synthesize", synth, child_env(), logs / "synth.log", args.timeout)
    without_coordinates(data["maps"], data["none"])
    cities = load_yaml(data["maps"] / "cities.yaml")
    city_ids = [c["id"] for c in cities]
    located = sum("lat" in c for c in cities)

    runs = {k: Runs() for k in data}
    sites = {k: work / f"site-{k}" for k in data}
    for i in range(1, args.runs + 1):
        for kind in ("none", "maps") if i % 2 else ("maps", "none"):
            cache = work / f"cache-{kind}"
            empty_dir(cache)
            env = child_env(FACTSHEETS_DATA=str(data[kind]), FACTSHEETS_CACHE=str(cache))
            cmd = [py, "-m", "mkdocs", "build", "-f", str(ROOT / "mkdocs.yml")]
            cmd += ["-d", str(sites[kind])]
            print(f"run {i}/{args.runs}: cold build, {kind} ...", file=sys.stderr, flush=True)
            measure = run_measured(kind, cmd, env, logs / f"{kind}-{i}.log", args.timeout)
            runs[kind].measures.append(measure)
            print(
                f"  {measure.wall:,.1f} s, {measure.cpu:,.1f} s of CPU", file=sys.stderr, flush=True
            )
    with_maps, without = runs["maps"].wall, runs["none"].wall
    cpu = {k: statistics.median(m.cpu for m in runs[k].measures) for k in runs}
    sizes = {k: page_sizes(sites[k], city_ids) for k in data}
    added = [sizes["maps"][c] - sizes["none"][c] for c in city_ids if c in sizes["none"]]
    drawings = sorted((sites["maps"] / "maps").glob("*.svg"))
    lines = [
        f"{len(city_ids):,} synthetic cities, {located:,} with coordinates (seed {args.seed}); "
        f"median of {args.runs} run(s), each a cold build (empty chart cache) with the hook",
        "",
        "| | value |",
        "| --- | ---: |",
        f"| cold build without maps | {without:,.1f} s |",
        f"| cold build with maps | {with_maps:,.1f} s |",
        f"| maps' share (target ≤ 10%) | {100 * (with_maps - without) / without:+.1f}% |",
        f"| per city with coordinates | {1000 * (with_maps - without) / max(located, 1):+.2f} ms |",
        f"| CPU time without / with maps | {cpu['none']:,.1f} s / {cpu['maps']:,.1f} s |",
        f"| maps' share of CPU time (less sensitive to a busy machine) | "
        f"{100 * (cpu['maps'] - cpu['none']) / cpu['none']:+.1f}% |",
        f"| CPU per city with coordinates | "
        f"{1000 * (cpu['maps'] - cpu['none']) / max(located, 1):+.2f} ms |",
        f"| added to a city page, median (target ≤ 3 KB) | {kb(statistics.median(added))} |",
        f"| median city page without / with maps | {kb(statistics.median(sizes['none'].values()))}"
        f" / {kb(statistics.median(sizes['maps'].values()))} |",
        f"| shared map drawings (one per country and state) | {len(drawings)}, "
        f"{kb(sum(p.stat().st_size for p in drawings))} in all |",
        "",
        f"charts, without maps: {chart_line(runs['none'].measures[-1].log)}",
        f"charts, with maps: {chart_line(runs['maps'].measures[-1].log)}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cities", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-maps-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        print(bench(args, work))
    except BenchError as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
