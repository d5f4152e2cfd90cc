"""The only code that writes: a page's chart files and downloads, its Markdown, the Vega bundle,
the data package, and (for other builders) a whole docs folder."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import posixpath
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import chartspec, datapackage, geo, routes
from .downloads import page_json, page_observations, page_rows, records_csv, to_json
from .figures.base import CHART_CONFIG
from .pages.base import Page
from .routes import Routes
from .store import Content, FileStore
from .svg import renderer_version, spec_key
from .validate import Dataset


@dataclass(frozen=True)
class Chart:
    """A chart waiting for its drawing: the key of what it draws, its spec (a file of the
    store, not kept in memory), and where the drawing goes: ``charts.svg#<figure id>`` (a view
    of the page's one drawings file) or a drawing file pages share; ``bars``: a shared peer
    chart, whose bars pages mark over it."""

    key: str
    spec: Content
    image: str
    bars: bool = False


@dataclass
class Emitted:
    """A page whose files are written: its view (charts' data released), files, downloads."""

    page: Page
    files: dict[str, Content] = field(default_factory=dict)
    charts: list[Chart] = field(default_factory=list)
    downloads: dict[str, str] = field(default_factory=dict)
    markdown: Content = ""
    #: The shared chart templates its charts use, by file path.
    templates: dict[str, Content] = field(default_factory=dict)
    #: The drawings it shows that other pages show too (written once for all), by file path.
    shared: frozenset[str] = frozenset()
    #: The kind and id of a page a later build may reuse (see ``pages.name_of``).
    name: tuple[str, str] | None = None


def page_files(
    ds: Dataset,
    page: Page,
    links: Routes,
    data_date: str,
    store: FileStore,
    shared: set[str] | None = None,
    templates: dict[str, Content] | None = None,
) -> Emitted:
    """Write a page's downloads (its figures with their charts' specs as JSON, their data as
    one CSV) and queue its drawings; keep the page without the charts' data.
    A drawing figures share is queued once: by the first page whose drawing is not in
    ``shared`` (the files of the drawings queued so far in this build). Chart templates go into
    ``templates`` (by file path), each once."""
    out = Emitted(page)
    shared = set() if shared is None else shared
    templates = {} if templates is None else templates
    charts: dict[str, dict[str, Any]] = {}
    for fig in page.figures:
        spec = dict(fig.spec)
        if fig.drawing is None:
            kept = store.put(routes.page_file(page.src, f"{fig.id}.vl.json"), to_json(spec))
            image = f"{routes.page_drawings(page.src)}#{fig.id}"
            out.charts.append(Chart(spec_key(spec), kept, image))
        else:
            path = fig.drawing.path
            out.shared |= {path}
            if path not in shared:
                shared.add(path)
                drawing = dict(fig.drawing.spec)
                bars = fig.highlight is not None
                out.charts.append(Chart(spec_key(drawing), to_json(drawing), path, bars))
        charts[fig.id] = chart_entry(
            page.src, fig.spec, templates, store, out.templates, fig.description
        )
    observations = page_observations(page)
    if observations or page.achievements or page.figures:
        name = routes.page_json(page.src)
        payload = page_json(ds, page, links, data_date, observations, charts)
        out.files[name] = store.put(name, to_json(payload))
        out.downloads["json"] = name
        rows = page_rows(page, observations)
        if rows:
            name = routes.page_csv(page.src)
            out.files[name] = store.put(name, records_csv(rows).encode("utf-8"))
            out.downloads["csv"] = name
    out.page = dataclasses.replace(page, figures=tuple(f.without_data() for f in page.figures))
    return out


def chart_entry(
    src: str,
    spec: Mapping[str, Any],
    templates: dict[str, Content],
    store: FileStore,
    used: dict[str, Content] | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    """A chart's spec as the page's JSON holds it: the address of its template (relative to
    the page's folder) and what the chart changes in it, without the ``description`` of its
    figure, which the JSON holds beside it; the whole spec if it has no template."""
    template = chartspec.template_of(spec)
    if template is None:
        return {"spec": dict(spec)}
    path = routes.chart_template(chartspec.template_name(template))
    if path not in templates:
        templates[path] = store.put(path, chartspec.dumps(template))
    if used is not None:
        used[path] = templates[path]
    address = posixpath.relpath(path, routes.folder(src) or ".")
    patch = chartspec.diff(template, dict(spec))
    if description is not None:
        patch = chartspec.without_description(template, patch, description)
    return {"template": address, "patch": patch}


def markdown(emitted: Emitted, text: str, store: FileStore) -> None:
    emitted.markdown = store.put(emitted.page.src, text)


def _chart_config_json() -> str:
    return json.dumps(CHART_CONFIG, separators=(",", ":"))


@cache
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed in one offline script, its names kept out of the global
    scope except the ``window.*`` it sets on purpose."""
    import vl_convert

    return (
        "(function () {\n"
        + vl_convert.javascript_bundle()  # type: ignore[call-arg]  # its snippet is optional
        + "\n})();\n"
        f"window.factsheetsChartConfig = {_chart_config_json()};\n"
    )


def vega_bundle_key() -> str:
    """What the bundle depends on: the renderer's version and the chart settings. Making the
    bundle takes about a second, so a build with a store reuses the one an earlier build made."""
    text = f"{renderer_version()}\n{_chart_config_json()}"
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def site_files(ds: Dataset, package: dict[str, str], store: FileStore) -> dict[str, Content]:
    """The files every site has once: the Vega bundle, the data package and the boundaries of
    each country whose cities are on maps (live maps load them)."""
    files: dict[str, Content] = {
        routes.VEGA_BUNDLE: store.made_once(f"vega-bundle-{vega_bundle_key()}", ".js", vega_bundle)
    }
    for shape in geo.used(ds.cities.values()):
        name = routes.boundary_file(shape.country)
        files[name] = store.put(name, geo.dump(shape))
    for name, text in package.items():
        files[name] = store.put(name, text)
    return files


def data_package(ds: Dataset) -> tuple[dict[str, str], dict[str, int]]:
    return datapackage.files(ds)


def write_docs(
    generated: dict[str, Content],
    docs_dir: Path,
    out_dir: Path,
    expand: Callable[[str, str, str], str],
    language_dir: str | None = None,
) -> int:
    """Write the hand-written pages (markers expanded by ``expand(markdown, src, label)``) and
    every generated file into ``out_dir``, as a plain docs folder any MkDocs-compatible builder
    can read; the folder is replaced only when all of it is written. Returns the file count."""
    work = out_dir.with_name(f".{out_dir.name}.partial")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        count = _write_docs(generated, docs_dir, work, expand, language_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    if out_dir.exists():
        shutil.rmtree(out_dir)
    work.rename(out_dir)
    return count


def _write_docs(
    generated: dict[str, Content],
    docs_dir: Path,
    out_dir: Path,
    expand: Callable[[str, str, str], str],
    language_dir: str | None = None,
) -> int:
    """``language_dir`` (e.g. ``es``): the folder of ``docs_dir`` whose pages replace the
    default language's pages of the same name."""
    count = 0
    for path in sorted(docs_dir.rglob("*")):
        if path.is_dir():
            continue
        rel = path.relative_to(docs_dir).as_posix()
        if rel in generated or (language_dir and rel.startswith(language_dir + "/")):
            continue
        if language_dir and path.suffix == ".md" and (docs_dir / language_dir / rel).is_file():
            path = docs_dir / language_dir / rel
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
            target.write_text(expand(text, rel, str(path)), encoding="utf-8")
        else:
            target.write_bytes(path.read_bytes())
        count += 1
    for rel, content in generated.items():
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        elif isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        count += 1
    return count
