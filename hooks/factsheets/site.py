"""The list of pages and files a site is made of. The MkDocs hook and the CLI both call this."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import derive
from .charts import CHART_CONFIG
from .pages import PageBuilder
from .render import Content, PageOut, relative
from .store import FileStore
from .svg import RenderStats, SvgCache, renderer_version
from .validate import Dataset

VEGA_BUNDLE = "assets/javascripts/vega-bundle.js"
MARKER = re.compile(r"<!--\s*factsheets:([a-z-]+)\s*-->")
MARKERS = ("headlines", "hubs")


class MarkerError(ValueError):
    """A hand-written page names a marker the generator does not know."""


@dataclass
class Site:
    """Everything generated for one dataset: Markdown pages and other files, by path."""

    pages: list[PageOut]
    files: dict[str, Content] = field(default_factory=dict)
    builder: PageBuilder | None = None
    headlines: list[dict[str, Any]] = field(default_factory=list)
    chart_stats: RenderStats = field(default_factory=RenderStats)

    def markdown_files(self) -> dict[str, str | Path]:
        return {p.src: p.markdown for p in self.pages}

    def all_files(self) -> dict[str, Content]:
        out: dict[str, Content] = dict(self.markdown_files())
        for page in self.pages:
            out.update(page.files)
        out.update(self.files)
        return out


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed in one offline script, its names kept out of the global
    scope except the ``window.*`` it sets on purpose."""
    import vl_convert

    return (
        "(function () {\n" + vl_convert.javascript_bundle() + "\n})();\n"
        f"window.factsheetsChartConfig = {_chart_config_json()};\n"
    )


def _chart_config_json() -> str:
    return json.dumps(CHART_CONFIG, separators=(",", ":"))


def vega_bundle_key() -> str:
    """What the bundle depends on: the renderer's version and the chart settings. Making the
    bundle takes about a second, so a build with a store reuses the one an earlier build made."""
    text = f"{renderer_version()}\n{_chart_config_json()}"
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def country_headlines(builder: PageBuilder) -> list[dict[str, Any]]:
    """Per country: national sentences and how its cities' figures moved."""
    ds, facts = builder.ds, builder.facts
    out = []
    for cid, country in ds.countries.items():
        sentences = [r["sentence"] for r in builder.latest_rows(cid)]
        members = facts.cities_of_country.get(cid, [])
        latest = facts.latest
        for ind_id, ind in ds.indicators.items():
            if latest.empty:
                break
            mask = (latest.index.get_level_values("indicator") == ind_id) & (
                latest.index.get_level_values("place").isin(members)
            )
            frame = latest[mask]
            if frame.empty:
                continue
            year = int(frame["year"].max())
            frame = frame[(frame["year"] == year) & frame["prev_value"].notna()]
            if frame.empty:
                continue
            falls = int((frame["value"] < frame["prev_value"]).sum())
            name = ind.name[0].lower() + ind.name[1:]
            n = len(frame)
            sentences.append(
                f"In {year}, {name} fell in {falls} of the {n} "
                f"{'city' if n == 1 else 'cities'} with an earlier year to compare."
            )
        out.append(
            {
                "country": country,
                "sentences": sentences,
                "cities": len(members),
                "programs": len(facts.programs_of_country.get(cid, [])),
                "tiles": len(facts.achievements_of.get(("country", cid), [])),
            }
        )
    return out


class _Pages(list):
    """The pages made so far; each page's files go to the store as it is added."""

    def __init__(self, store: FileStore):
        super().__init__()
        self.store = store

    def append(self, page: PageOut) -> None:
        self.store.keep_files(page)
        super().append(page)


def build_site(
    ds: Dataset,
    *,
    use_directory_urls: bool = True,
    site_url: str = "",
    svg_cache: SvgCache | None = None,
    store: FileStore | None = None,
) -> Site:
    """Every generated page and file for ``ds``. With a ``store``, the files are written to disk
    as each page is made and the site holds their paths."""
    facts = derive.compute(ds)
    b = PageBuilder(ds, facts, use_directory_urls=use_directory_urls, site_url=site_url)
    store = store or FileStore(None)
    pages = _Pages(store)
    for cid in ds.countries:
        pages.append(b.country_page(cid))
    for cid in ds.cities:
        pages.append(b.city_page(cid))
    for pid in ds.programs:
        pages.append(b.program_page(pid))
    for tag in sorted(ds.groups):
        if facts.cities_of_group.get(tag):
            pages.append(b.group_page(tag))
    headlines = country_headlines(b)

    def index(template: str, src: str, title: str, description: str, **ctx: Any) -> PageOut:
        return b.finish(template, src, title, description, [], [], **ctx)

    pages.append(
        index(
            "countries_index.md.j2",
            "countries/index.md",
            "Countries",
            f"Crime and violence prevention fact sheets for {len(ds.countries)} countries.",
            countries=headlines,
        )
    )
    pages.append(
        index(
            "cities_index.md.j2",
            "cities/index.md",
            "Cities",
            f"Latest crime figures for {len(ds.cities)} cities.",
            table=b.city_table(sorted(ds.cities, key=lambda c: ds.cities[c].name)),
        )
    )
    programs = [
        ds.programs[p]
        for p in sorted(
            ds.programs,
            key=lambda p: (ds.programs[p].country, ds.programs[p].start, ds.programs[p].name),
        )
    ]
    pages.append(
        index(
            "programs_index.md.j2",
            "programs/index.md",
            "Programs",
            f"{len(ds.programs)} crime and violence prevention programs.",
            programs=programs,
        )
    )
    groups = [
        {"group": ds.groups[g], "count": len(facts.cities_of_group[g])}
        for g in sorted(ds.groups)
        if facts.cities_of_group.get(g)
    ]
    pages.append(
        index(
            "groups_index.md.j2",
            "groups/index.md",
            "Groups",
            "Groups of cities compared side by side.",
            groups=groups,
        )
    )
    kinds = [
        (k, label, [s for s in ds.strategies.values() if s.kind == k])
        for k, label in (
            ("strategy", "Strategies"),
            ("factor", "Factors"),
            ("initiative", "Initiatives"),
        )
    ]
    recs = list(ds.recommendations.values())
    strategies_sources = [s.source for s in ds.strategies.values()] + [r.source for r in recs]
    pages.append(
        b.finish(
            "strategies_index.md.j2",
            "strategies/index.md",
            "Strategies",
            "Strategies, factors and initiatives credited with reducing crime.",
            [],
            strategies_sources,
            kinds=kinds,
            recommendations=recs,
            place_src=lambda p: b.place_src(p, ds),
        )
    )
    usage: dict[str, list[tuple[str, str]]] = {sid: [] for sid in ds.sources}
    for page in pages:
        for sid in page.sources:
            usage[sid].append((page.title, page.src))
    sources = [{"source": s, "pages": usage[s.id]} for s in ds.sources.values()]
    pages.append(
        index(
            "sources_index.md.j2",
            "sources/index.md",
            "Sources",
            f"The {len(ds.sources)} sources of every figure on this site.",
            entries=sources,
        )
    )
    from .contributing import describe_files
    from .datapackage import files as package_files

    package, counts = package_files(ds)
    pages.append(
        index(
            "data_index.md.j2",
            "data/index.md",
            "Data",
            "Download the whole dataset as CSV files with a Frictionless Data Package.",
            counts=counts,
            tables=[
                ("observations", "One value of one indicator, place and year"),
                ("places", "Countries and cities"),
                ("indicators", "What is measured, in which unit"),
                ("programs", "Prevention programs"),
                ("achievements", "Results reported by programs and funders"),
                ("sources", "Where every figure comes from"),
            ],
        )
    )

    pages.append(
        index(
            "contributing.md.j2",
            "contributing-data/index.md",
            "Editing the data",
            "Every data file and field, with an example.",
            files=describe_files(ds),
        )
    )
    charts = [(fig.key, page.files[fig.json_name]) for page in pages for fig in page.figures]
    images, stats = (svg_cache or SvgCache(None)).render_all(charts)
    del charts
    drawn = iter(images)
    for page in pages:
        for fig in page.figures:  # same order as ``figures``
            image = next(drawn)
            fig.width, fig.height = image.width, image.height
            page.files[fig.svg_name] = image.content
        b.render_page(page)
        store.keep_markdown(page)
    del images, drawn
    site = Site(pages=list(pages), builder=b, headlines=headlines, chart_stats=stats)
    site.files[VEGA_BUNDLE] = store.made_once(
        f"vega-bundle-{vega_bundle_key()}", ".js", vega_bundle
    )
    site.files.update(package)
    for name, content in site.files.items():
        if not isinstance(content, Path):
            site.files[name] = store.put(name, content)
    return site


def expand_markers(markdown: str, src: str, site: Site, *, path_label: str = "") -> str:
    """Replace ``<!-- factsheets:NAME -->`` in a hand-written page with generated content."""
    b = site.builder
    assert b is not None
    ds = b.ds

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        href = lambda to: relative(src, to, b.use_directory_urls)  # noqa: E731
        if name == "headlines":
            return b.env.get_template("home_headlines.md.j2").render(
                countries=site.headlines, href=href
            )
        if name == "hubs":
            counts = {
                "countries": len(ds.countries),
                "cities": len(ds.cities),
                "programs": len(ds.programs),
                "strategies": len(ds.strategies),
                "sources": len(ds.sources),
            }
            groups = [ds.groups[g] for g in sorted(ds.groups) if b.facts.cities_of_group.get(g)]
            return b.env.get_template("home_hubs.md.j2").render(
                counts=counts, groups=groups, href=href
            )
        line = markdown[: match.start()].count("\n") + 1
        raise MarkerError(
            f"{path_label or src}:{line}: unknown marker 'factsheets:{name}' — known markers: "
            + ", ".join(MARKERS)
        )

    return MARKER.sub(replace, markdown)


def write_docs(site: Site, docs_dir: Path, out_dir: Path) -> int:
    """Write the hand-written pages (markers expanded) and every generated file into ``out_dir``,
    as a plain docs folder any MkDocs-compatible builder can read. Returns the file count."""
    count = 0
    generated = site.all_files()
    for path in sorted(docs_dir.rglob("*")):
        if path.is_dir():
            continue
        rel = path.relative_to(docs_dir).as_posix()
        if rel in generated:
            continue
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
            target.write_text(
                expand_markers(text, rel, site, path_label=str(path)), encoding="utf-8"
            )
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
