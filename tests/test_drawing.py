"""Charts drawn in worker processes while the build makes the next pages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from factsheets import drawing, svg
from factsheets.figures import trend


def _trend(i: int) -> dict:
    return trend.spec(
        [{"year": 2023, "value": i, "flag": ""}, {"year": 2024, "value": i + 1, "flag": ""}],
        y_title="Homicides (homicides)",
        title=f"Homicides in Place {i}, 2023–2024",
        subtitle="homicides",
        description="x.",
    )


def test_workers_draw_what_this_process_draws():
    specs = [_trend(i) for i in range(drawing.PARALLEL_FROM + 3)]
    with drawing.Painter().running() as painter:
        drawn = list(painter.start(specs))
    assert drawn == [svg.render(s) for s in specs]
    assert "Place 7" in drawn[7]


def test_workers_import_this_copy_of_the_package_not_one_earlier_on_the_path(tmp_path):
    """Another checkout installed in the environment comes first on the path the workers are
    started with; they must still draw with the package being built."""
    other = tmp_path / "factsheets"
    other.mkdir()
    (other / "__init__.py").write_text("raise ImportError('the other copy was imported')\n")
    sys.path.insert(0, str(tmp_path))
    try:
        with drawing.Painter().running() as painter:
            drawn = list(painter.start([_trend(i) for i in range(drawing.PARALLEL_FROM)]))
    finally:
        sys.path.remove(str(tmp_path))
    assert "Place 3" in drawn[3]


def test_a_chart_started_by_one_batch_is_not_drawn_again_by_the_next(tmp_path):
    cache = svg.SvgCache(tmp_path / "cache")
    sent: list[list[str]] = []

    def start(specs):
        sent.append([s["title"]["text"] for s in specs])
        return (svg.render(s) for s in specs)

    charts = {i: _trend(i) for i in range(4)}
    keys = {i: svg.spec_key(spec) for i, spec in charts.items()}
    first = cache.begin([(keys[i], json.dumps(charts[i])) for i in (0, 1, 1)], start)
    second = cache.begin([(keys[i], json.dumps(charts[i])) for i in (1, 2, 3)], start)
    assert len(sent) == 2 and len(sent[0]) == 2 and len(sent[1]) == 2  # 1 is drawn once
    drawings, stats = first.finish()
    assert (stats.rendered, stats.reused) == (2, 0)
    later, stats = second.finish()
    assert (stats.rendered, stats.reused) == (2, 0)
    assert later[0] == drawings[1]
    third = cache.begin([(keys[i], json.dumps(charts[i])) for i in (0, 3)], start)
    assert len(sent) == 2  # everything was drawn: nothing started
    assert third.finish()[1].reused == 2


def test_a_worker_imports_only_what_draws():
    """A worker imports the module its drawing function is in: not pandas, Altair or the page
    makers (about 100 MB more in each worker, held for the whole build)."""
    hooks = Path(drawing.__file__).resolve().parent.parent
    code = (
        "import sys, factsheets.drawing\n"
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'pandas', 'altair', 'numpy', 'pydantic', 'jinja2', 'babel', 'yaml'} "
        "or m in {'factsheets.site', 'factsheets.derive', 'factsheets.validate'})))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(hooks)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == []
