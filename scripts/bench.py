"""Benchmark the site build on synthetic data: the hook against plain MkDocs, and `mkdocs serve`.

    python scripts/bench.py --cities N [--years 10] [--seed 1] [--runs 1] [--workdir DIR] [--keep]

Figures, in one run:

(a) `mkdocs build` with the hook and an empty chart cache (cold);
(b) the same with the cache (a) filled (warm);
(c) the floor: `mkdocs build` of the docs folder `python -m factsheets build-pages` wrote, with a
    copy of mkdocs.yml without the hook, so MkDocs only turns finished Markdown into HTML.

Each is run --runs times, alternating a, b, c, a, b, c...; the median wall time and peak RSS of the
child process are shown. Then sizes of the site (a) built, and the time from a one-city edit of
the data to the rebuilt page in a running `mkdocs serve`.

Only the standard library and PyYAML; the children run with this Python (`sys.executable`).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import io
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TAIL_LINES = 30
POLL_SECONDS = 0.25
# a distinctive value per kind of indicator, and how the site prints it
EDIT_VALUES = {"rate": 12345.6, "count": 123457.0, "percent": 97.3}


class BenchError(Exception):
    """A step failed; the message says which and shows the end of its output."""


# --- running children ------------------------------------------------------------------------


@dataclass
class Measure:
    wall: float
    rss_mb: float
    log: Path
    cpu: float = 0.0  # user + system time of the child and the workers it waited for


@dataclass
class Runs:
    measures: list[Measure] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(m.wall for m in self.measures)

    @property
    def rss(self) -> float:
        return statistics.median(m.rss_mb for m in self.measures)


def child_env(**extra: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    # The package lives in hooks/; make `-m factsheets` work even if it is not installed.
    hooks = str(ROOT / "hooks")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (hooks, env.get("PYTHONPATH")) if p)
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def tail(path: Path, n: int = TAIL_LINES) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return "(no output)"
    return "\n".join(lines[-n:]) or "(no output)"


def kill_group(pgid: int, sig: int = signal.SIGKILL) -> None:
    """Signal the process group this script created for one child (the child and its workers)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def run_measured(
    label: str, cmd: list[str], env: dict[str, str], log: Path, timeout: float
) -> Measure:
    """Run ``cmd`` (cwd: the project), output to ``log``; wall time and peak RSS via wait4.

    The child gets its own process group, so a timeout also ends the worker processes it started.
    ``ru_maxrss`` from wait4 is the largest resident set of the child or of any child it waited
    for (a chart worker, say): the peak of one process, not a sum.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    timed_out = threading.Event()
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def kill() -> None:
            timed_out.set()
            kill_group(proc.pid)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # Ctrl-C: the child is in its own session and would live on
            kill_group(proc.pid)
            proc.wait(timeout=30)
            raise
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    if timed_out.is_set() or proc.returncode != 0:
        why = f"timed out after {timeout:g} s" if timed_out.is_set() else f"exit {proc.returncode}"
        raise BenchError(
            f"{label} failed ({why}): {' '.join(cmd)}\n"
            f"--- last {TAIL_LINES} lines of output ---\n{tail(log)}"
        )
    # Linux reports ru_maxrss in KiB (macOS in bytes).
    kib = usage.ru_maxrss / 1024 if sys.platform == "darwin" else usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime
    return Measure(wall=wall, rss_mb=kib / 1024, log=log, cpu=cpu)


def chart_line(log: Path) -> str:
    """The hook's `charts: N rendered, M reused...` line in a build's output."""
    for line in reversed(log.read_text(encoding="utf-8", errors="replace").splitlines()):
        if "charts:" in line:
            return line[line.index("charts:") :].strip()
    return "(no charts line)"


def empty_dir(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)


# --- the floor's mkdocs.yml --------------------------------------------------------------------


class EnvLoader(yaml.SafeLoader):
    """SafeLoader that resolves `!ENV` like MkDocs: the first variable set, else the default."""


def _construct_env(loader: yaml.SafeLoader, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return default


EnvLoader.add_constructor("!ENV", _construct_env)


def floor_config(project_yml: Path, docs_dir: Path, out: Path) -> None:
    """Copy of mkdocs.yml without hooks or watch, reading the written docs folder."""
    with open(project_yml, encoding="utf-8") as fh:
        config = yaml.load(fh, Loader=EnvLoader)  # noqa: S506 - a SafeLoader subclass
    config.pop("hooks", None)
    config.pop("watch", None)
    config["docs_dir"] = str(docs_dir.resolve())
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        custom = Path(theme["custom_dir"])
        theme["custom_dir"] = str(custom if custom.is_absolute() else project_yml.parent / custom)
    elif isinstance(theme, str):
        config["theme"] = {"name": theme}
    # The site dir comes from the command line; drop one that might be relative.
    config.pop("site_dir", None)
    with open(out, "w", encoding="utf-8") as fh:
        yaml.safe_dump(config, fh, allow_unicode=True, sort_keys=False, width=100)


# --- data -------------------------------------------------------------------------------------


def load_yaml(path: Path):
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or []


def observation_files(data: Path) -> list[Path]:
    files = [data / "observations.csv"] if (data / "observations.csv").is_file() else []
    return files + sorted((data / "observations").glob("*.csv"))


@dataclass
class Edit:
    file: Path
    line_no: int  # 0-based index in the file's lines
    old_line: str
    new_line: str
    city: str
    indicator: str
    year: int
    old_value: str
    new_value: float
    needle: str


def number(value: float) -> str:
    """As the site prints figures (factsheets.text.number): 12345.6 -> '12,345.6'."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def plan_edit(data: Path, city: str) -> Edit:
    """The latest observation of ``city`` for a rate (else any) indicator, set to a new value."""
    kinds = {i["id"]: i.get("kind", "rate") for i in load_yaml(data / "indicators.yaml")}
    best: tuple | None = None  # (preference, year, file, line_no, row, header)
    for path in observation_files(data):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        header = next(csv.reader([lines[0].lstrip("\ufeff")]))
        for no, line in enumerate(lines[1:], start=1):
            if not line.startswith(city + ","):
                continue
            row = dict(zip(header, next(csv.reader([line])), strict=False))
            if row.get("place") != city:
                continue
            pref = 0 if kinds.get(row["indicator"]) == "rate" else 1
            key = (-pref, int(row["year"]))
            if best is None or key > best[0]:
                best = (key, path, no, line, row, header)
    if best is None:
        raise BenchError(f"no observation of city {city!r} in {data}")
    _key, path, no, line, row, header = best
    kind = kinds.get(row["indicator"], "rate")
    value = EDIT_VALUES.get(kind, EDIT_VALUES["rate"])
    new = dict(row)
    new["value"] = repr(value) if not value.is_integer() else str(int(value))
    if "reported_change" in new:
        new["reported_change"] = ""  # a stated change would no longer agree with the figures
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow([new.get(h, "") for h in header])
    ending = line[len(line.rstrip("\r\n")) :]
    return Edit(
        file=path,
        line_no=no,
        old_line=line,
        new_line=buf.getvalue() + ending,
        city=city,
        indicator=row["indicator"],
        year=int(row["year"]),
        old_value=row["value"],
        new_value=value,
        needle=number(value),
    )


def apply_edit(edit: Edit, scratch: Path) -> None:
    """Replace the one line; written beside and renamed, so the watcher never sees half a file."""
    lines = edit.file.read_text(encoding="utf-8").splitlines(keepends=True)
    if lines[edit.line_no] != edit.old_line:
        raise BenchError(f"{edit.file}: line {edit.line_no + 1} changed under the benchmark")
    lines[edit.line_no] = edit.new_line
    tmp = scratch / (edit.file.name + ".edit")
    tmp.write_text("".join(lines), encoding="utf-8", newline="")
    os.replace(tmp, edit.file)


# --- mkdocs serve -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 30) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


@dataclass
class ServeResult:
    edit: Edit
    startup: float | None = None
    seconds: float | None = None
    charts_before: str = "(no charts line)"
    charts_after: list[str] = field(default_factory=list)
    error: str | None = None  # why there is no figure


def proc_children(pid: int) -> list[str]:
    """Processes whose parent is ``pid``: 'pid state cpu-seconds' each (Linux /proc only)."""
    out = []
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            stat = entry.read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid:
            cpu = (int(fields[11]) + int(fields[12])) / tick
            out.append(f"pid {entry.parent.name} state {fields[0]} cpu {cpu:.1f} s")
    return out


class Server:
    """`mkdocs serve` in its own process group; its output is read into ``lines`` as it comes."""

    def __init__(self, cmd: list[str], env: dict[str, str], log: Path) -> None:
        self.lines: list[tuple[float, str]] = []
        self.log = log
        self._lock = threading.Lock()
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        with open(self.log, "w", encoding="utf-8") as out:
            for line in self.proc.stdout:
                out.write(line)
                out.flush()
                with self._lock:
                    self.lines.append((time.monotonic(), line.rstrip("\n")))

    def since(self, t: float) -> list[str]:
        with self._lock:
            return [line for when, line in self.lines if when >= t]

    def check_alive(self, what: str) -> None:
        if self.proc.poll() is not None:
            self._reader.join(timeout=5)
            raise BenchError(
                f"mkdocs serve exited ({self.proc.returncode}) while {what}\n"
                f"--- last {TAIL_LINES} lines of output ---\n{tail(self.log)}"
            )

    def wait_for(self, url: str, needle: str | None, seconds: float, what: str) -> float:
        """Poll ``url`` until it answers 200 (and holds ``needle``); the monotonic time it did."""
        deadline = time.monotonic() + seconds
        while True:
            self.check_alive(what)
            remaining = deadline - time.monotonic()
            status, body = fetch(url, timeout=max(1.0, min(30.0, remaining)))
            now = time.monotonic()
            if status == 200 and (needle is None or needle in body):
                return now
            if now >= deadline:
                children = proc_children(self.proc.pid)
                raise BenchError(
                    f"timed out after {seconds:g} s {what} ({url}, last status {status}); "
                    f"child processes of mkdocs serve: {'; '.join(children) or 'none'}\n"
                    f"--- last {TAIL_LINES} lines of output ---\n{tail(self.log)}"
                )
            time.sleep(POLL_SECONDS)

    def stop(self) -> None:
        """Terminate, wait, kill on timeout; then end what is left of its process group (chart
        workers that would outlive it)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=20)
        kill_group(self.proc.pid)
        self._reader.join(timeout=10)


def measure_serve(
    data: Path,
    cache: Path,
    city: str,
    scratch: Path,
    logs: Path,
    start_timeout: float,
    edit_timeout: float,
) -> ServeResult:
    """Seconds from a one-city edit of the data to the page showing it in `mkdocs serve`."""
    result = ServeResult(edit=plan_edit(data, city))
    edit = result.edit
    port = free_port()
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    env = child_env(FACTSHEETS_DATA=str(data), FACTSHEETS_CACHE=str(cache))
    url = f"http://127.0.0.1:{port}/cities/{city}/"

    def short(line: str) -> str:
        return line[line.index("charts:") :].strip()

    t_start = time.monotonic()
    server = Server(cmd, env, logs / "serve.log")
    t0 = None
    try:
        up = server.wait_for(url, None, start_timeout, "waiting for the first build")
        result.startup = up - t_start
        before = [line for line in server.since(t_start) if "charts:" in line]
        if before:
            result.charts_before = short(before[-1])
        _status, page = fetch(url)
        if edit.needle in page:
            raise BenchError(f"{url} already shows {edit.needle!r}; pick another value")
        apply_edit(edit, scratch)
        t0 = time.monotonic()
        done = server.wait_for(url, edit.needle, edit_timeout, "waiting for the edited page")
        result.seconds = done - t0
        time.sleep(0.5)  # the hook logs its line in on_pre_build, before pages are written
    except BenchError as exc:
        result.error = str(exc)
    finally:
        server.stop()
    if t0 is not None:
        result.charts_after = [short(line) for line in server.since(t0) if "charts:" in line]
    return result


# --- sizes ------------------------------------------------------------------------------------


def site_sizes(site: Path, city_ids: list[str]) -> dict:
    total = files = 0
    html_pages = 0
    for path in site.rglob("*"):
        if path.is_file():
            files += 1
            total += path.stat().st_size
            if path.suffix == ".html":
                html_pages += 1
    city_bytes = []
    missing = []
    for cid in city_ids:
        page = site / "cities" / cid / "index.html"
        if page.is_file():
            city_bytes.append(page.stat().st_size)
        else:
            missing.append(cid)
    index = site / "search" / "search_index.json"
    index_bytes = index.stat().st_size if index.is_file() else 0
    entries = None
    if index.is_file():
        with open(index, encoding="utf-8") as fh:
            entries = len(json.load(fh).get("docs", []))
    return {
        "total": total,
        "files": files,
        "html_pages": html_pages,
        "city_pages": len(city_bytes),
        "city_missing": missing,
        "city_median": statistics.median(city_bytes) if city_bytes else 0,
        "city_max": max(city_bytes) if city_bytes else 0,
        "index_bytes": index_bytes,
        "index_entries": entries,
    }


# --- report -----------------------------------------------------------------------------------


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def ratio(x: float, y: float) -> str:
    return f"{x / y:.2f}" if y else "n/a"


def report(args, info: dict, runs: dict[str, Runs], sizes: dict, serve: ServeResult) -> str:
    out: list[str] = []
    w = out.append
    w(
        f"factsheets benchmark — {datetime.date.today().isoformat()}, {platform.platform()}, "
        f"{os.cpu_count()} CPUs, {info['cities']:,} cities × {info['indicators']} indicators × "
        f"{args.years} years (seed {args.seed})"
    )
    w(
        f"Python {platform.python_version()}; {info['observations']:,} observations, "
        f"{info['countries']} countries, {info['programs']} programs; "
        f"median of {args.runs} run{'s' if args.runs != 1 else ''}"
    )
    w("")
    w(f"{'':<26}{'wall s':>10}{'peak RSS MB':>14}")
    names = {
        "a": "(a) hook, cold cache",
        "b": "(b) hook, warm cache",
        "c": "(c) floor (MkDocs)",
    }
    for key, name in names.items():
        w(f"{name:<26}{runs[key].wall:>10.2f}{runs[key].rss:>14.1f}")
    a, b, c = runs["a"], runs["b"], runs["c"]
    w(f"{'ratio a/c':<26}{ratio(a.wall, c.wall):>10}{ratio(a.rss, c.rss):>14}")
    w(f"{'ratio b/c':<26}{ratio(b.wall, c.wall):>10}{ratio(b.rss, c.rss):>14}")
    if args.runs > 1:
        for key in "abc":
            walls = ", ".join(f"{m.wall:.2f}" for m in runs[key].measures)
            w(f"  ({key}) all runs, wall s: {walls}")
    w("")
    w(f"{'site (a) size':<26}{sizes['total']:,} bytes in {sizes['files']:,} files")
    w(
        f"{'pages':<26}{sizes['html_pages']:,} HTML pages, of which {sizes['city_pages']:,} "
        f"city pages ({info['generated']})"
    )
    w(
        f"{'city page HTML':<26}median {kb(sizes['city_median'])}, max {kb(sizes['city_max'])}"
        "  (cities/<id>/index.html only)"
    )
    if sizes["city_missing"]:
        w(
            f"{'':<26}missing city pages: {len(sizes['city_missing'])} "
            f"(e.g. {sizes['city_missing'][0]})"
        )
    per_page = sizes["index_bytes"] / sizes["html_pages"] if sizes["html_pages"] else 0
    w(
        f"{'search index':<26}{sizes['index_bytes']:,} bytes = {kb(per_page)} per HTML page; "
        f"{sizes['index_entries']:,} docs entries"
        if sizes["index_entries"] is not None
        else f"{'search index':<26}(no search/search_index.json)"
    )
    w("")
    e = serve.edit
    if serve.seconds is not None:
        w(f"{'serve: edit -> page':<26}{serve.seconds:.2f} s")
    else:
        w(f"{'serve: edit -> page':<26}FAILED (details below the table)")
    w(
        f"{'':<26}{e.city}, {e.indicator} {e.year}: {e.old_value} -> {e.needle} "
        f"({e.file.name} line {e.line_no + 1})"
    )
    w(f"{'  hook, first build':<26}{serve.charts_before}")
    if serve.charts_after:
        for line in serve.charts_after:
            w(f"{'  hook, after the edit':<26}{line}")
    else:
        w(f"{'  hook, after the edit':<26}(no charts line after the edit)")
    w("")
    w("steps (informational)")
    w(f"{'  synthesize':<26}{info['t_synth']:>10.2f} s")
    w(f"{'  build-pages (floor docs)':<26}{info['t_pages']:>10.2f} s   {info['pages_out']}")
    if serve.startup is not None:
        w(f"{'  serve, first page':<26}{serve.startup:>10.2f} s")
    w(f"{'  charts (a)':<26}{chart_line(a.measures[-1].log)}")
    w(f"{'  charts (b)':<26}{chart_line(b.measures[-1].log)}")
    w(f"{'  build-pages':<26}{info['pages_charts']}")
    if serve.error:
        w("")
        w(f"mkdocs serve: {serve.error}")
    return "\n".join(out)


# --- main -------------------------------------------------------------------------------------


def timed(label: str, cmd: list[str], env: dict[str, str], log: Path, timeout: float):
    m = run_measured(label, cmd, env, log, timeout)
    return m.wall, log.read_text(encoding="utf-8", errors="replace")


def bench(args, work: Path) -> tuple[str, bool]:
    """The report, and whether every step succeeded."""
    py = sys.executable
    data, cache, logs = work / "data", work / "cache", work / "logs"
    site_a, site_b, site_c = work / "site-a", work / "site-b", work / "site-c"
    floor_docs, floor_yml = work / "floor-docs", work / "floor.yml"
    logs.mkdir(parents=True, exist_ok=True)
    info: dict = {}

    synth = [py, str(ROOT / "scripts" / "synthesize.py"), "--cities", str(args.cities)]
    synth += ["--countries", str(args.countries), "--years", str(args.years)]
    synth += ["--seed", str(args.seed), "--out", str(data)]
    print(f"synthesizing {args.cities:,} cities into {data} ...", file=sys.stderr, flush=True)
    info["t_synth"], _ = timed("synthesize", synth, child_env(), logs / "synth.log", args.timeout)

    cities = load_yaml(data / "cities.yaml")
    city_ids = [c["id"] for c in cities]
    info["cities"] = len(city_ids)
    info["indicators"] = len(load_yaml(data / "indicators.yaml"))
    info["countries"] = len(load_yaml(data / "countries.yaml"))
    info["programs"] = (
        len(load_yaml(data / "programs.yaml")) if (data / "programs.yaml").exists() else 0
    )
    info["observations"] = sum(
        max(0, len(p.read_text(encoding="utf-8").splitlines()) - 1) for p in observation_files(data)
    )

    hook_env = child_env(FACTSHEETS_DATA=str(data), FACTSHEETS_CACHE=str(cache))
    floor_env = child_env(FACTSHEETS_DATA=None, FACTSHEETS_CACHE=None)
    mk = [py, "-m", "mkdocs", "build"]
    cmd_a = [*mk, "-f", str(ROOT / "mkdocs.yml"), "-d", str(site_a)]
    cmd_b = [*mk, "-f", str(ROOT / "mkdocs.yml"), "-d", str(site_b)]
    cmd_c = [*mk, "-f", str(floor_yml), "-d", str(site_c)]
    runs = {k: Runs() for k in "abc"}
    for i in range(1, args.runs + 1):
        tag = f"run {i}/{args.runs}"
        empty_dir(cache)
        print(f"{tag}: (a) hook, cold cache ...", file=sys.stderr, flush=True)
        runs["a"].measures.append(
            run_measured("(a)", cmd_a, hook_env, logs / f"a-{i}.log", args.timeout)
        )
        print(f"{tag}: (b) hook, warm cache ...", file=sys.stderr, flush=True)
        runs["b"].measures.append(
            run_measured("(b)", cmd_b, hook_env, logs / f"b-{i}.log", args.timeout)
        )
        if i == 1:
            print("build-pages for the floor ...", file=sys.stderr, flush=True)
            pages = [py, "-m", "factsheets", "build-pages", "--data", str(data)]
            pages += ["--out", str(floor_docs), "--docs", str(ROOT / "docs"), "--cache", str(cache)]
            info["t_pages"], text = timed(
                "build-pages", pages, floor_env, logs / "build-pages.log", args.timeout
            )
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            wrote = next((x for x in lines if x.startswith("wrote ")), "")
            info["pages_out"] = wrote.partition(" to /")[0]
            info["pages_charts"] = next((x for x in lines if x.startswith("charts:")), "")
            floor_config(ROOT / "mkdocs.yml", floor_docs, floor_yml)
        print(f"{tag}: (c) floor ...", file=sys.stderr, flush=True)
        runs["c"].measures.append(
            run_measured("(c)", cmd_c, floor_env, logs / f"c-{i}.log", args.timeout)
        )

    found = re.search(r"\((\d+) generated pages\)", info["pages_out"])
    info["generated"] = f"{int(found[1]):,} generated pages" if found else "generated: unknown"
    sizes = site_sizes(site_a, city_ids)

    print(
        "mkdocs serve: waiting for the first build, then editing one city ...",
        file=sys.stderr,
        flush=True,
    )
    # A rebuild after one edit should take about as long as a warm build.
    edit_timeout = args.edit_timeout or max(120.0, 5 * runs["b"].wall)
    serve = measure_serve(data, cache, city_ids[0], work, logs, args.serve_timeout, edit_timeout)
    return report(args, info, runs, sizes, serve), serve.error is None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, required=True, help="number of synthetic cities")
    parser.add_argument("--years", type=int, default=10, help="years of data (default 10)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--countries", type=int, default=2, help="countries (default 2)")
    parser.add_argument("--runs", type=int, default=1, help="runs of a, b, c; median shown")
    parser.add_argument("--workdir", type=Path, help="where to put temporary folders")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    parser.add_argument(
        "--timeout", type=float, default=4 * 3600, help="limit per build, seconds (default 4 h)"
    )
    parser.add_argument(
        "--serve-timeout",
        type=float,
        default=20 * 60,
        help="limit for mkdocs serve's first build, seconds (default 20 min)",
    )
    parser.add_argument(
        "--edit-timeout",
        type=float,
        default=None,
        help="limit from the data edit to the rebuilt page, seconds "
        "(default: 5 x the warm build, at least 120)",
    )
    args = parser.parse_args(argv)
    if args.cities < 1:
        parser.error("--cities must be at least 1")
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="factsheets-bench-", dir=args.workdir)).resolve()
    print(f"work folder: {work}", file=sys.stderr, flush=True)
    status = 0
    try:
        text, ok = bench(args, work)
        print(text, flush=True)
        status = 0 if ok else 1
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        status = 1
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
