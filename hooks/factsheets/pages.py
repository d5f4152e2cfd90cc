"""What each page shows: the facts, sentences and charts of one country, city, program or group."""

from __future__ import annotations

import json
from typing import Any

from . import charts, text
from .derive import PEER_LIMIT, Facts
from .models import Indicator, Source
from .render import Figure, PageOut, make_env, page_url, records_csv, relative
from .svg import spec_key
from .validate import Dataset

#: Bars shown at most in a comparison of all cities of a country or group.
COMPARE_LIMIT = 30


#: Most cities a country or group page lists in its table of figures. Above it the page points
#: to the table of all cities and the search: thousands of rows (even of names only) took a
#: throttled phone one to ten seconds of blocked scrolling (Lighthouse performance 0.67-0.84).
CITY_TABLE_MAX = 300


class PageBuilder:
    """Builds every generated page from one dataset; holds the shared lookups."""

    def __init__(
        self, ds: Dataset, facts: Facts, *, use_directory_urls: bool = True, site_url: str = ""
    ):
        self.site_url = site_url.rstrip("/") + "/" if site_url else "/"
        self.ds = ds
        self.facts = facts
        self.use_directory_urls = use_directory_urls
        self.env = make_env()
        self.lookups = facts.lookups

    # --- helpers ---------------------------------------------------------------------------

    def href(self, from_src: str, to: str) -> str:
        return relative(from_src, to, self.use_directory_urls)

    @staticmethod
    def place_src(place_id: str, ds: Dataset) -> str:
        kind = "countries" if place_id in ds.countries else "cities"
        return f"{kind}/{place_id}.md"

    def source_label(self, sid: str) -> str:
        src = self.ds.sources[sid]
        return f"{src.publisher}, “{src.title}”"

    def sources_caption(self, sids: list[str], years: list[int]) -> str:
        unique = list(dict.fromkeys(sids))
        label = "Source" if len(unique) == 1 else "Sources"
        text_ = f"{label}: " + "; ".join(self.source_label(s) for s in unique) + "."
        if years:
            lo, hi = min(years), max(years)
            text_ += f" Data for {lo}." if lo == hi else f" Data for {lo}–{hi}."
        return text_

    def render(self, template: str, src: str, **context: Any) -> str:
        return self.env.get_template(template).render(
            src=src,
            page_address=self.site_url + page_url(src, self.use_directory_urls),
            href=lambda to: self.href(src, to),
            ds=self.ds,
            facts=self.facts,
            **context,
        )

    def value_format(self, indicator: Indicator) -> str:
        return ",.0f" if indicator.kind == "count" else ",.4~g"

    def records(
        self, indicator_id: str, rows: list[tuple[str, int, float, Any, str]]
    ) -> list[dict]:
        """Tidy rows (place, indicator, year, value, unit, flag, source) for downloads."""
        ind = self.ds.indicators[indicator_id]
        return [
            {
                "place": place,
                "place_name": self.ds.place_name(place),
                "indicator": indicator_id,
                "indicator_name": ind.name,
                "year": int(year),
                "value": float(value),
                "unit": ind.unit,
                "flag": flag or "",
                "source": source,
            }
            for place, year, value, flag, source in rows
        ]

    # --- figures ---------------------------------------------------------------------------

    def trend_figure(self, place_id: str, indicator_id: str) -> Figure | None:
        series = self.lookups.series.get((place_id, indicator_id), [])
        if len(series) < 2:
            return None
        ind = self.ds.indicators[indicator_id]
        name = self.ds.place_name(place_id)
        years = [v.year for v in series]
        values = [v.value for v in series]
        flags = [v.flag for v in series]
        sources = [v.source for v in series]
        description = text.trend_description(name, ind, list(zip(years, values, strict=True)))
        title = f"{ind.name} in {name}, {years[0]}–{years[-1]}"
        spec = charts.trend_spec(
            [
                {"year": y, "value": v, "flag": f}
                for y, v, f in zip(years, values, flags, strict=True)
            ],
            y_title=charts.axis_title(ind.name, ind.unit),
            title=title,
            subtitle=ind.unit,
            description=description,
            value_format=self.value_format(ind),
        )
        table = [
            [y, text.number(v), f, self.ds.sources[s].publisher]
            for y, v, f, s in zip(years, values, flags, sources, strict=True)
        ]
        return Figure(
            id=f"trend-{indicator_id}",
            title=title,
            description=description,
            caption=self.sources_caption(sources, years),
            sources=sources,
            spec=spec,
            columns=["Year", f"{ind.name} ({ind.unit})", "Flag", "Source"],
            rows=table,
            records=self.records(
                indicator_id,
                [
                    (place_id, y, v, f, s)
                    for y, v, f, s in zip(years, values, flags, sources, strict=True)
                ],
            ),
        )

    def bars_figure(
        self,
        fig_id: str,
        indicator_id: str,
        year: int,
        members: list[str],
        *,
        members_key: str,
        highlight: str | None,
        group_label: str,
        reference_country: str | None = None,
    ) -> Figure | None:
        ind = self.ds.indicators[indicator_id]
        ranking = self.lookups.ranking(members_key, members, indicator_id, year)
        total = len(ranking)
        if total < 2:
            return None
        if highlight:
            shown = ranking.window(highlight, PEER_LIMIT)
        else:
            # the largest values first (the worst where lower is better), at most COMPARE_LIMIT
            order = range(total - 1, -1, -1) if ind.lower_is_better else range(total)
            shown = list(order)[:COMPARE_LIMIT]
        shown.sort(key=lambda i: (-ranking.values[i], ranking.places[i]))
        places = [ranking.places[i] for i in shown]
        values = [ranking.values[i] for i in shown]
        flags = [ranking.flags[i] for i in shown]
        sources = [ranking.sources[i] for i in shown]
        names = [self.ds.place_name(p) for p in places]
        rows = [
            {
                "name": n,
                "value": v,
                "highlight": p == highlight,
                "label": text.number(v) + (f" ({f})" if f else ""),
                "flag": f,
            }
            for n, p, v, f in zip(names, places, values, flags, strict=True)
        ]
        reference = None
        ref_text = ""
        if reference_country and ind.kind != "count":
            national = self.lookups.latest.get((reference_country, indicator_id))
            if national is not None and national.year == year:
                country_name = self.ds.countries[reference_country].name
                nat = text.number(national.value)
                reference = (national.value, f"{country_name} {year}: {nat}")
                ref_text = f" The dashed line marks the {country_name} figure, {nat}."
        subset = "" if len(shown) == total else f" ({len(shown)} of {total} shown)"
        title = f"{ind.name}, {group_label}, {year}{subset}"
        # the ranking is sorted best first: its ends are the lowest and the highest values
        lo, hi = (0, total - 1) if ind.lower_is_better else (total - 1, 0)
        description = (
            f"{ind.name} in {year} across {total} {group_label}: lowest "
            f"{self.ds.place_name(ranking.places[lo])} at {text.number(ranking.values[lo])}, "
            f"highest {self.ds.place_name(ranking.places[hi])} at "
            f"{text.number(ranking.values[hi])}"
        )
        if highlight and highlight in ranking.position:
            here = ranking.values[ranking.position[highlight]]
            description += f"; {self.ds.place_name(highlight)} {text.number(here)}"
            rank = ranking.rank_of(highlight)
            if rank and ind.kind != "count":
                best = "lowest" if ind.lower_is_better else "highest"
                description += f", {text.ordinal(rank[0])} {best} of {rank[1]}"
        description += f" ({ind.unit})." + ref_text
        spec = charts.bars_spec(
            rows,
            x_title=charts.axis_title(ind.name, ind.unit),
            title=title,
            subtitle=ind.unit,
            description=description,
            reference=reference,
            value_format=self.value_format(ind),
        )
        table = [
            [n, text.number(v), f, self.ds.sources[src].publisher]
            for n, v, f, src in zip(names, values, flags, sources, strict=True)
        ]
        return Figure(
            id=fig_id,
            title=title,
            description=description,
            caption=self.sources_caption(sources, [year]),
            sources=sources,
            spec=spec,
            columns=["Place", f"{ind.name} ({ind.unit})", "Flag", "Source"],
            rows=table,
            records=self.records(
                indicator_id,
                [
                    (p, year, v, f, src)
                    for p, v, f, src in zip(places, values, flags, sources, strict=True)
                ],
            ),
        )

    def change_figure(
        self, fig_id: str, indicator_id: str, members: list[str], group_label: str
    ) -> Figure | None:
        ind = self.ds.indicators[indicator_id]
        latest = self.facts.latest
        try:
            frame = latest.xs(indicator_id, level="indicator")
        except KeyError:
            return None
        frame = frame[frame.index.isin(members) & frame["prev_value"].notna()]
        if frame.empty:
            return None
        year = int(frame["year"].max())
        frame = frame[frame["year"] == year]
        if len(frame) < 1:
            return None
        frame = frame.sort_values("value", ascending=False).head(COMPARE_LIMIT)
        rows: list[dict[str, Any]] = []
        table: list[list[Any]] = []
        falls = 0
        tidy: list[tuple[str, int, float, Any, str]] = []
        for order, (place, rec) in enumerate(frame.iterrows()):
            name = self.ds.place_name(place)
            prev_year = int(rec["prev_year"])
            rows.append(
                {
                    "name": name,
                    "year": str(prev_year),
                    "value": float(rec["prev_value"]),
                    "order": order,
                }
            )
            rows.append(
                {"name": name, "year": str(year), "value": float(rec["value"]), "order": order}
            )
            change = text.change_phrase(rec["value"], rec["prev_value"], prev_year, ind).split(
                " from "
            )[0]
            falls += rec["value"] < rec["prev_value"]
            tidy.append(
                (
                    place,
                    int(rec["prev_year"]),
                    rec["prev_value"],
                    rec["prev_flag"],
                    rec["prev_source"],
                )
            )
            tidy.append((place, year, rec["value"], rec["flag"], rec["source"]))
            table.append(
                [
                    name,
                    prev_year,
                    text.number(rec["prev_value"]),
                    year,
                    text.number(rec["value"]),
                    change,
                    self.source_label(rec["source"]),
                ]
            )
        prev_years = sorted({int(y) for y in frame["prev_year"]})
        span = f"{prev_years[0]}–{year}" if len(prev_years) == 1 else f"to {year}"
        title = f"{ind.name}: change {span}, {group_label}"
        description = (
            f"{ind.name} fell in {falls} of {len(frame)} {group_label} from the previous year to "
            f"{year} ({ind.unit})."
        )
        spec = charts.change_spec(
            rows,
            x_title=charts.axis_title(ind.name, ind.unit),
            title=title,
            subtitle=ind.unit,
            description=description,
            value_format=self.value_format(ind),
        )
        sources = list(frame["source"]) + list(frame["prev_source"])
        return Figure(
            id=fig_id,
            title=title,
            description=description,
            caption=self.sources_caption(sources, prev_years + [year]),
            sources=sources,
            spec=spec,
            columns=[
                "Place",
                "Previous year",
                "Previous value",
                "Latest year",
                "Latest value",
                "Change",
                "Source",
            ],
            rows=table,
            records=self.records(indicator_id, tidy),
        )

    def timeline_figure(self, country_id: str) -> Figure | None:
        pids = self.facts.programs_of_country.get(country_id, [])
        if not pids:
            return None
        rows, table, sources = [], [], []
        latest_year = self.facts.data_date
        for order, pid in enumerate(pids):
            prog = self.ds.programs[pid]
            start = prog.start if "-" in prog.start else prog.start + "-01"
            end = prog.end or f"{max(int(latest_year or prog.start[:4]), int(prog.start[:4]))}-12"
            if "-" not in end:
                end = end + "-12"
            label = prog.short_name or prog.name
            rows.append(
                {
                    "name": label,
                    "start": start,
                    "end": end,
                    "start_label": text.month(prog.start),
                    "end_label": text.month(prog.end) if prog.end else "running",
                    "status": "ended" if prog.end else "running",
                    "order": order,
                }
            )
            table.append(
                [
                    prog.name,
                    text.month(prog.start),
                    text.month(prog.end) if prog.end else "running",
                    prog.implementer or "",
                    prog.funder or "",
                ]
            )
            sources.extend(prog.sources)
        name = self.ds.countries[country_id].name
        first = min(p["start"][:4] for p in rows)
        last = max(p["end"][:4] for p in rows)
        title = f"Prevention programs in {name}, {first}–{last}"
        description = (
            f"Timeline of {len(rows)} programs in {name}: "
            + "; ".join(f"{r['name']} {r['start_label']} to {r['end_label']}" for r in rows)
            + "."
        )
        spec = charts.timeline_spec(rows, title=title, subtitle="", description=description)
        return Figure(
            id="timeline-programs",
            title=title,
            description=description,
            caption=self.sources_caption(sources, []),
            spec=spec,
            sources=sources,
            columns=["Program", "Start", "End", "Implementer", "Funder"],
            rows=table,
            records=[
                {
                    "program": pid,
                    "name": self.ds.programs[pid].name,
                    "start": self.ds.programs[pid].start,
                    "end": self.ds.programs[pid].end or "",
                    "implementer": self.ds.programs[pid].implementer or "",
                    "funder": self.ds.programs[pid].funder or "",
                    "sources": " ".join(self.ds.programs[pid].sources),
                }
                for pid in pids
            ],
        )

    def attach(self, page: PageOut, figures: list[Figure]) -> None:
        """Chart data and spec files beside the page, named after the figure."""
        folder = _folder(page.src)
        for fig in figures:
            base = f"{folder}/{fig.id}" if folder else fig.id
            fig.csv_name = base + ".csv"
            fig.json_name = base + ".vl.json"
            fig.svg_name = base + ".svg"
            # UTF-8 bytes: half the memory of a Python string holding one accented name
            page.files[fig.csv_name] = fig.csv_text().encode("utf-8")
            page.files[fig.json_name] = json.dumps(
                fig.spec, ensure_ascii=False, separators=(",", ":")
            ).encode("utf-8")
            fig.key = spec_key(fig.spec)

    # --- shared sections -------------------------------------------------------------------

    def latest_rows(self, place_id: str) -> list[dict[str, Any]]:
        """Latest value per indicator of one place, with change, flag and source."""
        rows = []
        name = self.ds.place_name(place_id)
        for ind_id in self.facts.indicators_of_place.get(place_id, []):
            rec = self.lookups.latest[(place_id, ind_id)]
            ind = self.ds.indicators[ind_id]
            prev = rec.prev
            direction = ""
            if prev is not None:
                diff = rec.value - prev.value
                direction = "down" if diff < 0 else "up" if diff > 0 else ""
            rows.append(
                {
                    "indicator": ind,
                    "year": rec.year,
                    "value": text.number(rec.value),
                    "raw": rec.value,
                    "flag": rec.flag,
                    "source": rec.source,
                    "change": text.change_phrase(rec.value, prev.value, prev.year, ind)
                    if prev
                    else "",
                    "direction": direction,
                    "sentence": text.latest_sentence(
                        name,
                        ind,
                        rec.year,
                        rec.value,
                        prev.year if prev else None,
                        prev.value if prev else None,
                    ),
                }
            )
        return rows

    def latest_records(self, place_id: str, latest: list[dict[str, Any]]) -> list[dict]:
        out = []
        for row in latest:
            out += self.records(
                row["indicator"].id,
                [(place_id, row["year"], row["raw"], row["flag"], row["source"])],
            )
        return out

    def achievement_tiles(self, aids: list[str]) -> list[dict[str, Any]]:
        tiles = []
        for aid in aids:
            ach = self.ds.achievements[aid]
            scope_name = {
                "country": lambda i: self.ds.countries[i].name,
                "city": lambda i: self.ds.cities[i].name,
                "program": lambda i: self.ds.programs[i].short_name or self.ds.programs[i].name,
            }[ach.scope](ach.scope_id)
            tiles.append(
                {
                    "id": aid,
                    "figure": text.achievement_figure(ach),
                    "label": text.achievement_label(ach),
                    "scope": scope_name,
                    "period": text.period(ach.period_start, ach.period_end),
                    "kind": ach.kind,
                    "detail": ach.detail or "",
                    "source": ach.source,
                }
            )
        return tiles

    def sources_list(self, sids: list[str]) -> list[Source]:
        return [self.ds.sources[s] for s in dict.fromkeys(sids)]

    def finish(
        self,
        template: str,
        src: str,
        title: str,
        description: str,
        figures: list[Figure],
        sources: list[str],
        records: list[dict[str, Any]] | None = None,
        achievements: list[dict[str, Any]] | None = None,
        **context: Any,
    ) -> PageOut:
        page = PageOut(src=src, markdown="", title=title, figures=figures)
        self.attach(page, figures)
        for fig in figures:
            sources.extend(fig.sources)
        page.sources = list(dict.fromkeys(sources))
        downloads = self.page_downloads(page, description, records or [], achievements or [])
        for fig in figures:
            fig.release()  # the spec and records now live in the page's files
        page.pending = (
            template,
            dict(
                title=title,
                description=description,
                sources=self.sources_list(page.sources),
                data_date=self.facts.data_date,
                downloads=downloads,
                **context,
            ),
        )
        return page

    def page_downloads(
        self,
        page: PageOut,
        description: str,
        records: list[dict[str, Any]],
        achievements: list[dict[str, Any]],
    ) -> dict[str, str]:
        """The figures of a whole page as one CSV (observations) and one JSON (everything)."""
        observations = list(records)
        for fig in page.figures:
            observations.extend(r for r in fig.records if "indicator" in r)
        seen: set[tuple] = set()
        unique = []
        for rec in observations:
            key = (rec["place"], rec["indicator"], rec["year"])
            if key not in seen:
                seen.add(key)
                unique.append(rec)
        unique.sort(key=lambda r: (r["indicator"], r["place"], r["year"]))
        if not unique and not achievements and not page.figures:
            return {}
        folder = _folder(page.src)
        payload = {
            "title": page.title,
            "description": description,
            "url": self.site_url + page_url(page.src, self.use_directory_urls),
            "data_date": self.facts.data_date,
            "observations": unique,
            "achievements": achievements,
            "figures": [
                {
                    "id": f.id,
                    "title": f.title,
                    "description": f.description,
                    "caption": f.caption,
                    "files": {
                        "data": f.csv_name.rsplit("/", 1)[-1],
                        "chart": f.json_name.rsplit("/", 1)[-1],
                        "image": f.svg_name.rsplit("/", 1)[-1],
                    },
                }
                for f in page.figures
            ],
            "sources": [self.ds.sources[s].model_dump(exclude_none=True) for s in page.sources],
        }
        out = {}
        prefix = f"{folder}/" if folder else ""
        json_name = f"{prefix}figures.json"
        page.files[json_name] = json.dumps(
            payload, ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8")
        out["json"] = json_name
        if unique:
            csv_name = f"{prefix}figures.csv"
            page.files[csv_name] = records_csv(unique).encode("utf-8")
            out["csv"] = csv_name
        return out

    def render_page(self, page: PageOut) -> None:
        """Write the page's Markdown (once its figures have their static SVG)."""
        assert page.pending is not None
        template, context = page.pending
        page.markdown = self.render(template, page.src, **context)
        page.pending = None
        for fig in page.figures:
            fig.rows = []  # written into the page's table

    # --- pages -----------------------------------------------------------------------------

    def city_page(self, cid: str) -> PageOut:
        ds, facts = self.ds, self.facts
        city = ds.cities[cid]
        src = f"cities/{cid}.md"
        country = ds.countries[city.country]
        latest = self.latest_rows(cid)
        sentences: list[str] = []
        sections = []
        figures: list[Figure] = []
        for row in latest:
            ind: Indicator = row["indicator"]
            sentences.append(row["sentence"])
            nat = self.lookups.latest.get((city.country, ind.id))
            if nat is not None and nat.year == row["year"]:
                extra = text.national_sentence(
                    city.name, ind, row["year"], row["raw"], nat.value, country.name
                )
                if extra:
                    sentences.append(extra)
            section_figs = []
            trend = self.trend_figure(cid, ind.id)
            if trend:
                section_figs.append(trend)
            peer_sets = self._peer_sets(cid)
            for _, key, members, label in peer_sets:
                ranking = self.lookups.ranking(key, members, ind.id, row["year"])
                rank = ranking.rank_of(cid)
                if rank:
                    line = text.rank_sentence(city.name, ind, row["year"], rank[0], rank[1], label)
                    if line:
                        sentences.append(line)
            # one peer chart per indicator: the smallest group the city belongs to
            with_peers = [
                p
                for p in peer_sets
                if len(self.lookups.ranking(p[1], p[2], ind.id, row["year"])) >= 2
            ]
            for fig_key, key, members, label in sorted(with_peers, key=lambda p: len(p[2]))[:1]:
                fig = self.bars_figure(
                    f"peers-{fig_key}-{ind.id}",
                    ind.id,
                    row["year"],
                    members,
                    members_key=key,
                    highlight=cid,
                    group_label=label,
                    reference_country=city.country,
                )
                if fig:
                    section_figs.append(fig)
            figures.extend(section_figs)
            sections.append({"indicator": ind, "figures": section_figs})
        programs = [ds.programs[p] for p in facts.programs_of_place.get(cid, [])]
        strategies = [ds.strategies[s] for s in facts.strategies_of_place.get(cid, [])]
        recommendations = [
            ds.recommendations[r] for r in facts.recommendations_of_place.get(cid, [])
        ]
        sources = [r["source"] for r in latest]
        sources += [s for p in programs for s in p.sources]
        sources += [s.source for s in strategies] + [r.source for r in recommendations]
        description = (
            sentences[0] if sentences else (city.summary or f"Fact sheet for {city.name}.")
        )
        return self.finish(
            "city.md.j2",
            src,
            city.name,
            description,
            figures,
            sources,
            records=self.latest_records(cid, latest),
            city=city,
            country=country,
            latest=latest,
            sentences=sentences,
            sections=sections,
            programs=programs,
            strategies=strategies,
            recommendations=recommendations,
            groups=[ds.groups[t] for t in city.tags],
        )

    def _peer_sets(self, cid: str) -> list[tuple[str, str, list[str], str]]:
        """(figure key, peer-set key, members, label) for each group of the city; its country
        when it has none."""
        city = self.ds.cities[cid]
        sets = []
        for tag in city.tags:
            group = self.ds.groups[tag]
            members = self.facts.cities_of_group.get(tag, [])
            sets.append((tag, f"group:{tag}", members, group.name.lower()))
        if not sets:
            country = self.ds.countries[city.country]
            members = self.facts.cities_of_country.get(city.country, [])
            sets.append(
                (city.country, f"country:{city.country}", members, f"{country.name} cities")
            )
        return sets

    def compare_sections(
        self, members: list[str], label: str, reference_country: str | None, members_key: str
    ) -> tuple[list[dict[str, Any]], list[Figure]]:
        """Per indicator: sentences, a bar chart of the latest year and a change chart."""
        sections, figures = [], []
        latest = self.facts.latest
        for ind_id, ind in self.ds.indicators.items():
            try:
                frame = latest.xs(ind_id, level="indicator")
            except KeyError:
                continue
            frame = frame[frame.index.isin(members)]
            if frame.empty:
                continue
            year = int(frame["year"].max())
            figs = []
            bars = self.bars_figure(
                f"compare-{ind_id}",
                ind_id,
                year,
                members,
                members_key=members_key,
                highlight=None,
                group_label=label,
                reference_country=reference_country,
            )
            if bars:
                figs.append(bars)
            change = self.change_figure(f"change-{ind_id}", ind_id, members, label)
            if change:
                figs.append(change)
            this_year = frame[frame["year"] == year]
            with_prev = this_year[this_year["prev_value"].notna()]
            sentences = []
            if len(with_prev):
                falls = int((with_prev["value"] < with_prev["prev_value"]).sum())
                rises = int((with_prev["value"] > with_prev["prev_value"]).sum())
                name = ind.name[0].lower() + ind.name[1:]
                sentences.append(
                    f"In {year}, {name} fell in {falls} and rose in {rises} of the "
                    f"{len(with_prev)} {label} with an earlier year to compare."
                )
            if ind.kind != "count" and len(this_year) >= 2:
                best = (
                    this_year["value"].idxmin()
                    if ind.lower_is_better
                    else this_year["value"].idxmax()
                )
                worst = (
                    this_year["value"].idxmax()
                    if ind.lower_is_better
                    else this_year["value"].idxmin()
                )
                sentences.append(
                    f"The {'lowest' if ind.lower_is_better else 'highest'} {ind.name.lower()} in "
                    f"{year} was in {self.ds.place_name(best)} "
                    f"({text.quantity(this_year.loc[best, 'value'], ind)}), the "
                    f"{'highest' if ind.lower_is_better else 'lowest'} in "
                    f"{self.ds.place_name(worst)} "
                    f"({text.quantity(this_year.loc[worst, 'value'], ind)})."
                )
            sections.append({"indicator": ind, "figures": figs, "sentences": sentences})
            figures.extend(figs)
        return sections, figures

    def city_table(self, members: list[str], limit: int | None = None) -> dict[str, Any]:
        """Rows of cities with their latest value per indicator (for index and hub pages);
        with more members than ``limit``, only their count (the page does not list them)."""
        if limit is not None and len(members) > limit:
            return {"count": len(members), "listed": False, "indicators": [], "rows": []}
        latest = self.lookups.latest
        present = {i for m in members for i in self.facts.indicators_of_place.get(m, [])}
        indicators = [i for i in self.ds.indicators.values() if i.id in present]
        rows = []
        for cid in members:
            cells = []
            for ind in indicators:
                rec = latest.get((cid, ind.id))
                cells.append(
                    {
                        "value": text.number(rec.value),
                        "raw": rec.value,
                        "year": rec.year,
                        "flag": rec.flag,
                    }
                    if rec
                    else None
                )
            rows.append({"city": self.ds.cities[cid], "cells": cells})
        return {"count": len(rows), "listed": True, "indicators": indicators, "rows": rows}

    def country_page(self, country_id: str) -> PageOut:
        ds, facts = self.ds, self.facts
        country = ds.countries[country_id]
        src = f"countries/{country_id}.md"
        latest = self.latest_rows(country_id)
        members = facts.cities_of_country.get(country_id, [])
        sections, figures = self.compare_sections(
            members, f"{country.name} cities", country_id, f"country:{country_id}"
        )
        timeline = self.timeline_figure(country_id)
        if timeline:
            figures.insert(0, timeline)
        programs = [ds.programs[p] for p in facts.programs_of_country.get(country_id, [])]
        tiles = self.achievement_tiles(facts.achievements_of.get(("country", country_id), []))
        city_tags = {t for m in members for t in ds.cities[m].tags}
        strategies = [
            s
            for s in ds.strategies.values()
            if country_id in s.places
            or any(p in members for p in s.places)
            or any(g in city_tags for g in s.groups)
        ]
        recommendations = [
            ds.recommendations[r] for r in facts.recommendations_of_place.get(country_id, [])
        ]
        sources = list(country.sources) + [r["source"] for r in latest]
        sources += [t["source"] for t in tiles] + [s for p in programs for s in p.sources]
        sources += [s.source for s in strategies] + [r.source for r in recommendations]
        sentences = [r["sentence"] for r in latest]
        description = sentences[0] if sentences else (country.summary or country.name)
        return self.finish(
            "country.md.j2",
            src,
            country.name,
            description,
            figures,
            sources,
            records=self.latest_records(country_id, latest),
            achievements=tiles,
            country=country,
            latest=latest,
            sentences=sentences,
            sections=sections,
            timeline=timeline,
            programs=programs,
            tiles=tiles,
            strategies=strategies,
            recommendations=recommendations,
            table=self.city_table(members, CITY_TABLE_MAX),
            groups=[ds.groups[t] for t in sorted(city_tags)],
        )

    def program_page(self, pid: str) -> PageOut:
        ds, facts = self.ds, self.facts
        prog = ds.programs[pid]
        src = f"programs/{pid}.md"
        tiles = self.achievement_tiles(facts.achievements_of.get(("program", pid), []))
        predecessor = ds.programs.get(prog.predecessor) if prog.predecessor else None
        successors = [ds.programs[s] for s in facts.successors.get(pid, [])]
        related = []
        for other, relation in [(predecessor, "Predecessor")] + [
            (s, "Successor") for s in successors
        ]:
            if other is None:
                continue
            related.append(
                {
                    "program": other,
                    "relation": relation,
                    "tiles": self.achievement_tiles(
                        facts.achievements_of.get(("program", other.id), [])
                    ),
                }
            )
        sources = list(prog.sources) + [t["source"] for t in tiles]
        sources += [t["source"] for r in related for t in r["tiles"]]
        description = prog.summary.split(". ")[0].rstrip(".") + "." if prog.summary else prog.name
        return self.finish(
            "program.md.j2",
            src,
            prog.name,
            description,
            [],
            sources,
            achievements=tiles + [t for r in related for t in r["tiles"]],
            program=prog,
            tiles=tiles,
            related=related,
            places=[(p, ds.place_name(p), self.place_src(p, ds)) for p in prog.places],
            country=ds.countries[prog.country],
        )

    def group_page(self, tag: str) -> PageOut:
        ds, facts = self.ds, self.facts
        group = ds.groups[tag]
        src = f"groups/{tag}.md"
        members = facts.cities_of_group.get(tag, [])
        label = group.name.lower()
        countries = {ds.cities[m].country for m in members}
        reference = next(iter(countries)) if len(countries) == 1 else None
        sections, figures = self.compare_sections(members, label, reference, f"group:{tag}")
        strategies = [ds.strategies[s] for s in facts.strategies_of_group.get(tag, [])]
        recommendations = [
            ds.recommendations[r] for r in facts.recommendations_of_group.get(tag, [])
        ]
        sources = list(group.sources) + [s.source for s in strategies]
        sources += [r.source for r in recommendations]
        sentences = [s for sec in sections for s in sec["sentences"]]
        description = sentences[0] if sentences else (group.summary or group.name)
        return self.finish(
            "group.md.j2",
            src,
            group.name,
            description,
            figures,
            sources,
            group=group,
            sections=sections,
            table=self.city_table(members, CITY_TABLE_MAX),
            strategies=strategies,
            recommendations=recommendations,
        )


def _folder(src: str) -> str:
    """Where a page's own files go: beside its index.html (``cities/el-paso``)."""
    stem = src[:-3]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")].rstrip("/")
    return stem
