"""Benchmark the site build on synthetic data: the hook against plain MkDocs, and `mkdocs serve`.

    python scripts/bench.py --cities N [--years 10] [--seed 1] [--runs 1] [--workdir DIR] [--keep]

Every build runs as a user's would: in a fresh copy of the project (the files git tracks, and new
files it does not ignore, as they are in the working tree; no `.cache/`, `site/` or `__pycache__`),
whose `data/` is the synthetic data, with `mkdocs build` and no options or FACTSHEETS_* variables.

(a) cold: the first `mkdocs build` in the fresh copy. No chart images, generated files or Vega
    bundle in `.cache/charts/`, no bytecode of the package, no `site/`: everything a first build
    after `git clone` does, the chart drawing included.
(b) warm: `mkdocs build` again in the same copy, right after (a): `.cache/charts/` (images and
    generated files), bytecode and `site/` as (a) left them, so MkDocs first deletes the old
    `site/`, as a user's second build does.
(c) the floor: `mkdocs build` of the docs folder that `python -m factsheets build-pages` writes
    (in the copy, from its cache), with the project's mkdocs.yml less `hooks:` and `watch:` (same
    theme, plugins, extensions, validation, `use_directory_urls`), into an empty `site/` beside it,
    on the same file system; then the same for each other language the hook builds (`build-pages
    --language`, its configuration inheriting the floor's), times added: the hook builds every
    language of the site, so the floor does too. MkDocs reads the same pages and copies the same
    files (chart images, downloads) as in (a) and (b); it only turns finished Markdown into HTML.
    (The hook also folds the whitespace of every page's HTML, so (c) writes a few percent more
    bytes.) a/c and b/c are what the hook costs over MkDocs alone, as a user comparing the two
    commands would measure.
(d) the floor again, right after (c): MkDocs first deletes the `site/` (c) wrote, as in (b). b/d
    compares two second builds: the hook's cost alone, without the deletion both pay.

Each run makes a new copy and times a, b, c, d in that order; with --runs N that is a, b, c, d,
a, b, c, d... so drift in the machine's speed hits each figure alike; each figure is the median of
N. Wall time is what a user waits; CPU time (user + system, the chart workers included) varies
less on a busy machine; peak RSS is the largest of one process (the build or one chart worker).
All children get the same environment: this one, less FACTSHEETS_DATA and FACTSHEETS_CACHE (which
would point the build elsewhere) and PYTHONDONTWRITEBYTECODE and PYTHONPYCACHEPREFIX (so bytecode
is written into the copy by (a) and found by (b), as by default), with the copy's `hooks/` first
on PYTHONPATH (so `-m factsheets` and the chart workers run the copy's package, as with
`pip install -e .` in a clone). Before each timed step, `sync` writes what earlier steps left in
memory to disk, untimed: at scale each build takes minutes and its output is on disk before the
next starts, so (b) and (d) delete files that are on disk, and no step pays for the previous one's
writing. The OS page cache is not dropped: the data was just written, as after a clone.

Then the sizes of the site, and the time from a one-city edit of the data to the rebuilt page in a
running `mkdocs serve` in the last copy (its cache warm).

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
# The edit is a correction an analyst makes: the value moved by a small amount that prints
# differently (two decimals), so the city's rank and its group's lowest and highest stay as they
# were. (A value that becomes its group's highest changes every member's page: their sentences
# name the highest city.) Tried in turn until the new figure is not on the page already.
EDIT_STEPS = (0.37, 0.73, 1.19, 1.61)


class BenchError(Exception):
    """A step failed; the message says which and shows the end of its output."""


# --- running children ------------------------------------------------------------------------


@dataclass
class Measure:
    wall: float
    cpu: float  # user + system seconds of the child and the processes it waited for
    rss_mb: float  # the largest resident set of any one process (wait4's ru_maxrss)
    log: Path
    tree_mb: float | None = None  # the most its processes held at once, summed (None: unknown)


@dataclass
class Runs:
    measures: list[Measure] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(m.wall for m in self.measures)

    @property
    def cpu(self) -> float:
        return statistics.median(m.cpu for m in self.measures)

    @property
    def rss(self) -> float:
        return statistics.median(m.rss_mb for m in self.measures)

    @property
    def tree(self) -> float | None:
        known = [m.tree_mb for m in self.measures if m.tree_mb is not None]
        return statistics.median(known) if known else None


#: Variables that would make a build read other data or another cache, or keep its bytecode
#: elsewhere or not at all, than a user's `mkdocs build` in a fresh clone.
DROPPED_ENV = (
    "FACTSHEETS_DATA",
    "FACTSHEETS_CACHE",
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONPYCACHEPREFIX",
)


def child_env(repo: Path) -> dict[str, str]:
    """The one environment of every child: this one, less DROPPED_ENV, with ``repo``'s package
    first on the path (for `-m factsheets` and for the chart workers, which import it by name)."""
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    env["NO_MKDOCS_2_WARNING"] = "1"
    hooks = str(repo / "hooks")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (hooks, env.get("PYTHONPATH")) if p)
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


def group_rss(pgid: int) -> int | None:
    """Bytes resident in every process of the process group ``pgid`` now (Linux: /proc), or
    None where /proc does not say."""
    proc = Path("/proc")
    if not (proc / "self" / "statm").is_file():
        return None
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            # after the command name in parentheses: state, ppid, pgrp, ...
            if int(stat[stat.rindex(")") + 2 :].split()[2]) != pgid:
                continue
            total += int((entry / "statm").read_text().split()[1]) * page
        except (OSError, ValueError, IndexError):  # the process ended meanwhile
            continue
    return total


class GroupMemory:
    """Samples the summed resident memory of a process group, four times a second, in a
    thread; :meth:`stop` gives the most seen, in MB (None where it cannot be read)."""

    def __init__(self, pgid: int) -> None:
        self.pgid, self.peak, self._stop = pgid, 0, threading.Event()
        self.known = group_rss(pgid) is not None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            self.peak = max(self.peak, group_rss(self.pgid) or 0)

    def stop(self) -> float | None:
        self._stop.set()
        self._thread.join()
        return self.peak / 2**20 if self.known and self.peak else None


def run_measured(
    label: str, cmd: list[str], cwd: Path, env: dict[str, str], log: Path, timeout: float
) -> Measure:
    """Run ``cmd`` in ``cwd``, output to ``log``; wall time, CPU time and peak RSS via wait4.

    The child gets its own process group, so a timeout also ends the worker processes it started.
    The usage wait4 reports covers the child and every process it waited for (the chart
    workers): CPU time is their sum; ``ru_maxrss`` is the largest resident set of any one of
    them, the peak of one process, not a sum. So the group's summed memory is also sampled
    while it runs (``tree_mb``): the memory the build needs of a machine. Unwritten data is
    flushed to disk (`sync`) first, outside the timing.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    # Earlier steps' output goes to disk now, not while this one is timed: as when a user runs
    # one command after another at scale, where each takes minutes.
    if hasattr(os, "sync"):
        os.sync()
    timed_out = threading.Event()
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        memory = GroupMemory(proc.pid)

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
            tree_mb = memory.stop()
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
    return Measure(wall=wall, cpu=cpu, rss_mb=kib / 1024, log=log, tree_mb=tree_mb)


def chart_line(log: Path) -> str:
    """The hook's `charts: N rendered, M reused...` line in a build's output."""
    for line in reversed(log.read_text(encoding="utf-8", errors="replace").splitlines()):
        if "charts:" in line:
            return line[line.index("charts:") :].strip()
    return "(no charts line)"


# --- the fresh copy and the floor ----------------------------------------------------------------


def project_files() -> list[str]:
    """The files of the project as a clone of it holds them, plus new files git does not ignore
    (working-tree content): never `.cache/`, `site/`, `__pycache__` or other ignored files."""
    try:
        listing = ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]
        out = subprocess.run(
            ["git", "-C", str(ROOT), *listing],
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise BenchError(f"cannot list the project's files with git: {exc}") from None
    names = [n for n in out.decode("utf-8", errors="surrogateescape").split("\0") if n]
    return [n for n in names if (ROOT / n).is_file()]  # not those deleted in the working tree


def describe_checkout() -> str:
    """The commit benchmarked, and whether the working tree differs from it."""
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=normal"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "commit unknown"
    return f"commit {head}" + (" with uncommitted changes" if dirty else "")


def fresh_copy(names: list[str], data: Path, dest: Path) -> Path:
    """A copy of the project in ``dest`` as after `git clone`, with ``data`` as its data folder."""
    for name in names:
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, target)
    shutil.rmtree(dest / "data", ignore_errors=True)
    shutil.copytree(data, dest / "data")
    return dest


class EnvLoader(yaml.SafeLoader):
    """SafeLoader that resolves `!ENV` like MkDocs (the first variable set, else the default)
    and reads any other tag (`!!python/name:...`) as a (tag, value) pair: enough to compare."""


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


def _construct_other(loader: yaml.SafeLoader, suffix: str, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        return (suffix, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return (suffix, tuple(loader.construct_sequence(node)))
    return (suffix, tuple(sorted(loader.construct_mapping(node).items())))


EnvLoader.add_constructor("!ENV", _construct_env)
EnvLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_other)
EnvLoader.add_multi_constructor("!", _construct_other)

#: Top-level keys the floor's mkdocs.yml leaves out: the hook, what `mkdocs serve` watches, and
#: where the docs and the site are (beside the floor's mkdocs.yml, as MkDocs' defaults).
FLOOR_DROPS = ("hooks", "watch", "docs_dir", "site_dir")
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def floor_config(project_yml: Path, floor: Path) -> None:
    """``floor/mkdocs.yml``: the project's mkdocs.yml as written, less FLOOR_DROPS, for the docs
    folder in ``floor/docs``. Theme overrides named by a relative ``custom_dir`` that are not in
    the docs folder are copied beside it. Checked: it reads as the original less those keys."""
    text = project_yml.read_text(encoding="utf-8")
    floor_text = _without_drops(text)
    want = yaml.load(text, Loader=EnvLoader)  # noqa: S506 - a SafeLoader subclass
    got = yaml.load(floor_text, Loader=EnvLoader)  # noqa: S506
    want = {k: v for k, v in want.items() if k not in FLOOR_DROPS}
    if got != want:
        raise BenchError(f"the floor's copy of {project_yml} does not read as the original")
    (floor / "mkdocs.yml").write_text(floor_text, encoding="utf-8")
    theme = want.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if custom and not Path(custom).is_absolute() and not (floor / custom).exists():
        shutil.copytree(project_yml.parent / custom, floor / custom)


def _without_drops(text: str) -> str:
    kept, skipping = [], False
    for line in text.splitlines(keepends=True):
        key = _TOP_KEY.match(line)
        if key:
            skipping = key.group(1) in FLOOR_DROPS
        elif line.startswith("#"):  # a comment on the next key
            skipping = False
        if not skipping:
            kept.append(line)
    return "".join(kept)


def other_languages(project_yml: Path) -> list[tuple[str, Path, str]]:
    """(code, configuration, folder of the site, e.g. ``es/``) of each language
    ``extra.alternate`` builds beside the first."""
    config = yaml.load(project_yml.read_text(encoding="utf-8"), Loader=EnvLoader)  # noqa: S506
    alternates = ((config or {}).get("extra") or {}).get("alternate") or []
    return [
        (
            str(alt["lang"]),
            project_yml.parent / str(alt["config"]),
            str(alt.get("link", alt["lang"])).strip("./") + "/",
        )
        for alt in alternates
        if isinstance(alt, dict) and alt.get("config") and alt.get("lang")
    ]


def floor_language_config(language_yml: Path, folder: Path) -> None:
    """``folder/mkdocs.yml``: another language's configuration, less FLOOR_DROPS, inheriting
    the floor's mkdocs.yml (one folder up) instead of the project's."""
    text = _without_drops(language_yml.read_text(encoding="utf-8"))
    text, found = re.subn(r"(?m)^INHERIT:.*$", "INHERIT: ../mkdocs.yml", text)
    if found != 1:
        raise BenchError(f"{language_yml}: expected one INHERIT line (the main configuration)")
    (folder / "mkdocs.yml").write_text(text, encoding="utf-8")


def summed(measures: list[Measure]) -> Measure:
    """Builds run one after the other: their times added, the largest memory."""
    return Measure(
        sum(m.wall for m in measures),
        sum(m.cpu for m in measures),
        max(m.rss_mb for m in measures),
        measures[0].log,
        max((m.tree_mb for m in measures if m.tree_mb is not None), default=None),
    )


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


def plan_edit(data: Path, city: str, step: float = EDIT_STEPS[0]) -> Edit:
    """The latest observation of ``city`` for a rate (else any) indicator, moved by ``step``
    (down for a percentage near 100; a count by one)."""
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
    old = float(row["value"])
    if kind == "count":
        value = float(int(old) + 1 + int(step * 10))
    elif kind == "percent" and old + step > 100:
        value = round(old - step, 2)
    else:
        value = round(old + step, 2)
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
    #: Seconds from the edit until the other language's page (``other_url``) shows it.
    other_seconds: float | None = None
    other_url: str = ""
    #: Seconds from the edit until every language's pages are rebuilt, and what each rendered.
    complete: float | None = None
    rendered: list[str] = field(default_factory=list)
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

    def __init__(self, cmd: list[str], cwd: Path, env: dict[str, str], log: Path) -> None:
        self.lines: list[tuple[float, str]] = []
        self.log = log
        self._lock = threading.Lock()
        self.proc = subprocess.Popen(
            cmd,
            cwd=cwd,
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

    def time_of(self, wanted: str) -> float:
        with self._lock:
            return next(when for when, line in self.lines if line == wanted)

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


def number_in(code: str, value: float) -> str:
    """``value`` as the site prints it in the language ``code`` (its own number formatting)."""
    if str(ROOT / "hooks") not in sys.path:
        sys.path.insert(0, str(ROOT / "hooks"))
    from factsheets import i18n

    with i18n.use(code):
        return i18n.format_number(value)


def measure_serve(
    repo: Path,
    city: str,
    scratch: Path,
    logs: Path,
    start_timeout: float,
    edit_timeout: float,
) -> ServeResult:
    """Seconds from a one-city edit of ``repo/data`` to the page showing it in `mkdocs serve`
    run in ``repo`` (its chart cache as the builds left it)."""
    result = ServeResult(edit=plan_edit(repo / "data", city))
    port = free_port()
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    env = child_env(repo)
    url = f"http://127.0.0.1:{port}/cities/{city}/"

    def short(line: str) -> str:
        return line[line.index("charts:") :].strip()

    t_start = time.monotonic()
    server = Server(cmd, repo, env, logs / "serve.log")
    t0 = None
    try:
        up = server.wait_for(url, None, start_timeout, "waiting for the first build")
        result.startup = up - t_start
        before = [line for line in server.since(t_start) if "charts:" in line]
        if before:
            result.charts_before = short(before[-1])
        _status, page = fetch(url)
        for step in EDIT_STEPS:
            result.edit = edit = plan_edit(repo / "data", city, step)
            if edit.needle not in page:
                break
        else:
            raise BenchError(f"{url} already shows every value the edit could take")
        apply_edit(edit, scratch)
        t0 = time.monotonic()
        done = server.wait_for(url, edit.needle, edit_timeout, "waiting for the edited page")
        result.seconds = done - t0
        others = other_languages(repo / "mkdocs.yml")
        if others:
            code, _config, link = others[0]
            result.other_url = f"http://127.0.0.1:{port}/{link}cities/{city}/"
            needle = number_in(code, edit.new_value)
            seen = server.wait_for(result.other_url, needle, edit_timeout, f"waiting for {link}")
            result.other_seconds = seen - t0
        # the page shows the edit as soon as its language is written; the rebuild goes on
        # with the other languages (one "Rendered ... again" line each)
        languages = 1 + len(others)
        deadline = time.monotonic() + edit_timeout
        while time.monotonic() < deadline:
            server.check_alive("waiting for the rebuild to finish")
            found = [line for line in server.since(t0) if "pages again" in line]
            if len(found) >= languages:
                result.complete = server.time_of(found[-1]) - t0
                result.rendered = [line[line.index("Rendered") :].strip() for line in found]
                break
            time.sleep(POLL_SECONDS)
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
    files_of = city_files(site, city_ids)  # each city folder listed once, for both below
    folders = city_footprint(site, city_ids, files_of)
    folder_files = [f for f, _ in folders.values()]
    folder_bytes = [b for _, b in folders.values()]
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
        "folder_files_median": statistics.median(folder_files) if folder_files else 0,
        "folder_files_max": max(folder_files, default=0),
        "folder_bytes_median": statistics.median(folder_bytes) if folder_bytes else 0,
        "folder_bytes_max": max(folder_bytes, default=0),
        "parts": city_parts(site, city_ids, files_of),
        "index_bytes": index_bytes,
        "index_entries": entries,
    }


def city_files(site: Path, city_ids: list[str]) -> dict[str, dict[str, int]]:
    """The bytes of each file of each city page on disk (everything in ``cities/<id>/``: the
    page, its downloads and drawings; not the assets and drawings all pages share), by name."""
    out = {}
    for cid in city_ids:
        folder = site / "cities" / cid
        if folder.is_dir():
            out[cid] = {
                p.relative_to(folder).as_posix(): p.stat().st_size
                for p in sorted(folder.rglob("*"))
                if p.is_file()
            }
    return out


def city_parts(
    site: Path, city_ids: list[str], files: dict[str, dict[str, int]] | None = None
) -> dict[str, float]:
    """The median bytes of each part of a city page on disk: in its HTML, what the theme puts
    around the page's own content (header, navigation, search, footer: all outside
    ``<article>``) and the content; then each other file of its folder, by name. ``files``:
    ``city_files`` of the same pages, if already listed."""
    parts: dict[str, list[int]] = {"theme": [], "content": []}
    for cid, found in (city_files(site, city_ids) if files is None else files).items():
        for name, size in found.items():
            if name != "index.html":
                parts.setdefault(name, []).append(size)
                continue
            html = (site / "cities" / cid / name).read_bytes()
            start, end = html.find(b"<article"), html.find(b"</article>")
            content = end - start if 0 <= start < end else 0
            parts["theme"].append(size - content)
            parts["content"].append(content)
    order = ["theme", "content"] + sorted(parts.keys() - {"theme", "content"})
    return {name: statistics.median(parts[name]) for name in order if parts[name]}


def city_footprint(
    site: Path, city_ids: list[str], files: dict[str, dict[str, int]] | None = None
) -> dict[str, tuple[int, int]]:
    """Files and bytes of each city page on disk (see ``city_files``)."""
    found = city_files(site, city_ids) if files is None else files
    return {cid: (len(sizes), sum(sizes.values())) for cid, sizes in found.items()}


# --- report -----------------------------------------------------------------------------------


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def ratio(x: float, y: float) -> str:
    return f"{x / y:.2f}" if y else "n/a"


NAMES = {
    "a": "(a) hook, cold: first build",
    "b": "(b) hook, warm: second build",
    "c": "(c) floor, empty site/",
    "d": "(d) floor again, site/ present",
}


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
        f"{info['checkout']}; median of {args.runs} run{'s' if args.runs != 1 else ''}"
    )
    w(
        "Each run: a fresh copy of the project, synthetic data/ in it; (a) `mkdocs build` there, "
        "(b) `mkdocs build` again"
    )
    w(
        "(cache, bytecode and site/ from (a)); (c) and (d) `mkdocs build` of the build-pages "
        "output, mkdocs.yml without the hook; `sync` before each."
    )
    w("")
    w(f"{'':<34}{'wall s':>10}{'CPU s':>10}{'peak RSS MB':>14}{'all procs MB':>14}")
    for key, name in NAMES.items():
        r = runs[key]
        tree = f"{r.tree:>14.1f}" if r.tree is not None else f"{'?':>14}"
        w(f"{name:<34}{r.wall:>10.2f}{r.cpu:>10.2f}{r.rss:>14.1f}{tree}")
    a, b, c, d = runs["a"], runs["b"], runs["c"], runs["d"]
    for label, x, y in (("ratio a/c", a, c), ("ratio b/c", b, c), ("ratio b/d", b, d)):
        walls, cpus, rss = ratio(x.wall, y.wall), ratio(x.cpu, y.cpu), ratio(x.rss, y.rss)
        trees = ratio(x.tree, y.tree) if x.tree and y.tree else "?"
        w(f"{label:<34}{walls:>10}{cpus:>10}{rss:>14}{trees:>14}")
    w(
        "peak RSS: the largest one process held (wait4); all procs: the most the build's "
        "processes (the chart workers too) held at once, sampled 4 times a second"
    )
    if args.runs > 1:
        for key in NAMES:
            walls = ", ".join(f"{m.wall:.2f}" for m in runs[key].measures)
            cpus = ", ".join(f"{m.cpu:.2f}" for m in runs[key].measures)
            w(f"  ({key}) all runs, wall s: {walls}; CPU s: {cpus}")
    w("")
    same = "the same" if info["floor_files"] == sizes["files"] else "DIFFERENT"
    w(
        f"{'files':<26}{sizes['files']:,} in the hook's site, {info['floor_files']:,} in the "
        f"floor's ({same})"
    )
    w(f"{'site size':<26}{sizes['total']:,} bytes in {sizes['files']:,} files")
    w(
        f"{'pages':<26}{sizes['html_pages']:,} HTML pages, of which {sizes['city_pages']:,} "
        f"city pages ({info['generated']})"
    )
    w(
        f"{'city page HTML':<26}median {kb(sizes['city_median'])}, max {kb(sizes['city_max'])}"
        "  (cities/<id>/index.html only)"
    )
    w(
        f"{'city page on disk':<26}files median {sizes['folder_files_median']:g}, max "
        f"{sizes['folder_files_max']:,}; bytes median {kb(sizes['folder_bytes_median'])}, max "
        f"{kb(sizes['folder_bytes_max'])}  (all of cities/<id>/: page, downloads, drawings)"
    )
    if sizes.get("parts"):
        names = {"theme": "theme around the page", "content": "the page's own content"}
        w(
            f"{'':<26}median of each part: "
            + ", ".join(f"{names.get(k, k)} {kb(v)}" for k, v in sizes["parts"].items())
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
        w(f"{'serve: edit -> page':<26}{serve.seconds:.2f} s   (the first language)")
    else:
        w(f"{'serve: edit -> page':<26}FAILED (details below the table)")
    if serve.other_seconds is not None:
        w(f"{'serve: edit -> other page':<26}{serve.other_seconds:.2f} s   ({serve.other_url})")
    if serve.complete is not None:
        w(f"{'serve: edit -> all built':<26}{serve.complete:.2f} s   (every language)")
        for line in serve.rendered:
            w(f"{'':<26}{line}")
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
    w(f"{'  copy of the project':<26}{info['t_copy']:>10.2f} s   (median, per run)")
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


def timed(label: str, cmd: list[str], cwd: Path, env: dict[str, str], log: Path, timeout: float):
    m = run_measured(label, cmd, cwd, env, log, timeout)
    return m.wall, log.read_text(encoding="utf-8", errors="replace")


def count_files(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file())


def bench(args, work: Path) -> tuple[str, bool]:
    """The report, and whether every step succeeded."""
    py = sys.executable
    data, logs, floor = work / "data", work / "logs", work / "floor"
    logs.mkdir(parents=True, exist_ok=True)
    info: dict = {"checkout": describe_checkout()}
    names = project_files()

    synth = [py, str(ROOT / "scripts" / "synthesize.py"), "--cities", str(args.cities)]
    synth += ["--countries", str(args.countries), "--years", str(args.years)]
    synth += ["--seed", str(args.seed), "--out", str(data)]
    print(f"synthesizing {args.cities:,} cities into {data} ...", file=sys.stderr, flush=True)
    info["t_synth"], _ = timed(
        "synthesize", synth, work, child_env(ROOT), logs / "synth.log", args.timeout
    )

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

    build = [py, "-m", "mkdocs", "build"]  # what `mkdocs build` runs, with this Python
    floors = [floor]  # the floor's folder of each language
    runs = {k: Runs() for k in NAMES}
    copy_times = []
    repo = work / "repo-0"
    for i in range(1, args.runs + 1):
        tag = f"run {i}/{args.runs}"
        # A new copy for each run: nothing from an earlier run (cache, bytecode, site/) in it.
        previous, repo = repo, work / f"repo-{i}"
        if previous.exists() and not args.keep:
            shutil.rmtree(previous)
        print(f"{tag}: fresh copy of the project in {repo} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        fresh_copy(names, data, repo)
        copy_times.append(time.perf_counter() - t0)
        env = child_env(repo)
        print(f"{tag}: (a) hook, cold: first build ...", file=sys.stderr, flush=True)
        runs["a"].measures.append(
            run_measured("(a)", build, repo, env, logs / f"a-{i}.log", args.timeout)
        )
        print(f"{tag}: (b) hook, warm: second build ...", file=sys.stderr, flush=True)
        runs["b"].measures.append(
            run_measured("(b)", build, repo, env, logs / f"b-{i}.log", args.timeout)
        )
        if i == 1:
            print("build-pages for the floor ...", file=sys.stderr, flush=True)
            floor.mkdir()
            pages = [py, "-m", "factsheets", "build-pages", "--out", str(floor / "docs")]
            info["t_pages"], text = timed(
                "build-pages", pages, repo, env, logs / "build-pages.log", args.timeout
            )
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            wrote = next((x for x in lines if x.startswith("wrote ")), "")
            info["pages_out"] = wrote.partition(" to /")[0]
            info["pages_charts"] = next((x for x in lines if x.startswith("charts:")), "")
            floor_config(repo / "mkdocs.yml", floor)
            # The hook builds every language of the site: so does the floor, one after another.
            for code, config, _folder in other_languages(repo / "mkdocs.yml"):
                folder = floor / f"lang-{code}"
                folder.mkdir()
                more = pages[:-1] + [str(folder / "docs"), "--language", code]
                took, _ = timed(
                    f"build-pages {code}",
                    more,
                    repo,
                    env,
                    logs / f"build-pages-{code}.log",
                    args.timeout,
                )
                info["t_pages"] += took
                floor_language_config(config, folder)
                floors.append(folder)
        for step, label in (("c", "floor, empty site/"), ("d", "floor again, site/ present")):
            if step == "c":
                for folder in floors:
                    shutil.rmtree(folder / "site", ignore_errors=True)
            print(f"{tag}: ({step}) {label} ...", file=sys.stderr, flush=True)
            runs[step].measures.append(
                summed(
                    [
                        run_measured(
                            f"({step})",
                            build,
                            folder,
                            env,
                            logs / f"{step}-{i}-{folder.name}.log",
                            args.timeout,
                        )
                        for folder in floors
                    ]
                )
            )

    info["t_copy"] = statistics.median(copy_times)
    found = re.search(r"\((\d+) generated pages\)", info["pages_out"])
    info["generated"] = f"{int(found[1]):,} generated pages" if found else "generated: unknown"
    sizes = site_sizes(repo / "site", city_ids)
    info["floor_files"] = sum(count_files(folder / "site") for folder in floors)

    print(
        "mkdocs serve: waiting for the first build, then editing one city ...",
        file=sys.stderr,
        flush=True,
    )
    # A rebuild after one edit should take about as long as a warm build.
    edit_timeout = args.edit_timeout or max(120.0, 5 * runs["b"].wall)
    serve = measure_serve(repo, city_ids[0], work, logs, args.serve_timeout, edit_timeout)
    return report(args, info, runs, sizes, serve), serve.error is None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, required=True, help="number of synthetic cities")
    parser.add_argument("--years", type=int, default=10, help="years of data (default 10)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--countries", type=int, default=2, help="countries (default 2)")
    parser.add_argument("--runs", type=int, default=1, help="runs of a, b, c, d; median shown")
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
