"""Each figure kind on its own: derived facts in, a frozen figure out (title, table, text
alternative, downloads, chart spec). The data is the edge-case fixture."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from factsheets import derive, figures
from factsheets.figures import Context, Scope, change, citymap, locator, peers, timeline, trend
from factsheets.validate import load_dataset

EDGE = Path(__file__).parent / "fixtures" / "edge"


@pytest.fixture(scope="module")
def ctx() -> Context:
    ds = load_dataset(EDGE)
    return Context(ds, derive.compute(ds))


def city(ctx: Context, city_id: str) -> Scope:
    return Scope("city", city_id, tuple(ctx.facts.peer_sets(ctx.ds, city_id)))


def country(ctx: Context, country_id: str) -> Scope:
    return Scope("country", country_id, (ctx.facts.country_set(country_id),))


def test_figures_are_frozen(ctx):
    fig = trend.make(ctx, city(ctx, "alpha"), "homicide-rate")
    assert fig is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        fig.title = "changed"  # type: ignore[misc]


def test_trend_of_a_city_with_its_years_flags_and_notes(ctx):
    fig = trend.make(ctx, city(ctx, "alpha"), "homicide-rate")
    assert fig is not None
    assert fig.id == "trend-homicide-rate"
    assert fig.title == "Homicide rate in Alpha, 2022–2024"
    # one source gave every year: the caption above the table names it, the table does not
    assert fig.columns == ("Year", "Homicide rate (per 100,000 residents)", "Flag")
    assert fig.rows[-1] == (2024, "9.1", "estimated")
    assert "Northland Statistics Office" in fig.caption
    assert fig.records[-1]["source"]  # the downloads keep every column
    assert fig.description.startswith("Homicide rate in Alpha fell from 12.25 in 2022 to 9.1")
    assert fig.records[-1]["note"] == "Estimated from partial-year counts."
    assert [r["value"] for r in fig.spec["data"]["values"]] == [12.25, 10.0, 9.1]


def test_a_table_leaves_out_a_column_that_says_nothing_new():
    from factsheets.figures.base import table

    columns = ("Place", "Rate", "Flag", "Source")
    rows = [("A", "1", "", "Office"), ("B", "2", "", "Office")]
    assert table(columns, rows, ["office", "office"]) == {
        "columns": ("Place", "Rate"),
        "rows": (("A", "1"), ("B", "2")),
    }
    flagged = [("A", "1", "estimated", "Office"), ("B", "2", "", "Survey")]
    shown = table(columns, flagged, ["office", "survey"])
    assert shown["columns"] == columns and shown["rows"] == tuple(flagged)


def test_trend_needs_two_years_and_a_city(ctx):
    assert trend.make(ctx, city(ctx, "gamma"), "homicide-rate") is None  # one year only
    assert trend.make(ctx, country(ctx, "nl"), "homicide-rate") is None


def test_peer_bars_highlight_the_city_and_mark_the_national_figure(ctx):
    fig = peers.for_city(ctx, city(ctx, "alpha"), "homicide-rate")
    assert fig is not None
    assert fig.id == "peers-coastal-homicide-rate"
    values = fig.spec["data"]["values"]
    assert [(v["name"], v["highlight"]) for v in values] == [("Alpha", True), ("Beta City", False)]
    assert values[0]["label"] == "9.1 (estimated)"
    reference = fig.spec["layer"][2]["data"]["values"][0]
    assert reference == {"reference": 7.9, "reference_label": "Northland 2024: 7.9"}
    assert "The dashed line marks the Northland figure, 7.9." in fig.description
    assert "Alpha: 9.1, 2nd lowest of 2" in fig.description


def test_peer_bars_never_rank_counts(ctx):
    fig = peers.for_city(ctx, city(ctx, "alpha"), "robberies")
    assert fig is not None
    assert "lowest of" not in fig.description.split(";")[-1]
    assert len(fig.spec["layer"]) == 2  # no national line for counts


def test_all_cities_of_a_country_compared(ctx):
    fig = peers.for_set(ctx, country(ctx, "nl"), "homicide-rate")
    assert fig is not None
    assert fig.id == "compare-homicide-rate"
    assert [row[0] for row in fig.rows] == ["Gamma", "Alpha", "Beta City"]  # largest first


def test_change_from_the_year_before(ctx):
    fig = change.make(ctx, country(ctx, "nl"), "homicide-rate")
    assert fig is not None
    assert fig.title == "Homicide rate: change 2023–2024, Northland cities"
    rows = {row[0]: row for row in fig.rows}
    assert rows["Alpha"][5] == "down 9%"
    assert rows["Beta City"][5] == "unchanged"


def test_timeline_of_a_countrys_programs(ctx):
    fig = timeline.make(ctx, country(ctx, "sl"))
    assert fig is not None
    assert fig.title.startswith("Prevention programs in Southland, 2018–")
    assert [row[0] for row in fig.rows] == ["Safe Southland", "Safe Southland II"]
    assert fig.rows[1][2] == "running"
    assert timeline.make(ctx, country(ctx, "nl")) is None  # no programs


def test_maps_need_coordinates_and_a_country_with_boundaries(ctx):
    """The edge data's cities have no coordinates and its countries no shipped boundaries:
    no map, and nothing else changes (tests/test_maps.py has the maps of the default data)."""
    assert locator.make(ctx, city(ctx, "alpha")) is None
    assert locator.make(ctx, country(ctx, "nl")) is None
    assert citymap.make(ctx, country(ctx, "nl"), "homicide-rate") is None
    assert citymap.make(ctx, city(ctx, "alpha"), "homicide-rate") is None
    assert citymap.locations(ctx, country(ctx, "nl")) is None


def test_the_registries_list_every_kind_once():
    kinds = figures.SECTION_KINDS + figures.PAGE_KINDS
    assert len(set(kinds)) == len(kinds)
    modules = {k.__module__.rsplit(".", 1)[-1] for k in kinds}
    assert modules == {"trend", "peers", "change", "timeline", "locator", "citymap"}


@pytest.fixture(scope="module")
def thousands(tmp_path_factory) -> Context:
    """A country of 1,200 synthetic cities: the counts in its sentences and titles have four
    digits."""
    import subprocess
    import sys

    data = tmp_path_factory.mktemp("thousands") / "data"
    script = Path(__file__).parent.parent / "scripts" / "synthesize.py"
    subprocess.run(
        [sys.executable, str(script), "--cities", "1200", "--countries", "1", "--out", str(data)],
        check=True,
        capture_output=True,
    )
    ds = load_dataset(data)
    return Context(ds, derive.compute(ds))


@pytest.mark.parametrize("code, total", [("en", "1,200"), ("es", "1,200")])
def test_counts_of_a_thousand_or_more_are_written_as_numbers(thousands, code, total):
    """Counts in titles, text alternatives and sentences are numbers as the language writes
    them (Mexican Spanish groups thousands with a comma, as English does), not bare digits."""
    from factsheets import i18n
    from factsheets.pages import glance
    from factsheets.pages.base import movement_sentence

    ctx = thousands
    (cid,) = ctx.ds.countries
    scope = country(ctx, cid)
    ind = "violent-crime-rate"
    with i18n.use(code):
        compared = peers.for_set(ctx, scope, ind)
        assert compared is not None
        shown = {"en": f"(30 of {total} shown)", "es": f"(se muestran 30 de {total})"}[code]
        assert compared.title.endswith(shown), compared.title
        drawn = citymap.make(ctx, scope, ind)
        assert drawn is not None
        assert f"({total})" in drawn.description or f"all {total}." in drawn.description
        place = next(iter(ctx.ds.cities))
        details = [d for f in glance.indicator_facts(ctx, place, scope.peers) for d in f.details]
        assert any(f"of the {total} " in d or f"de las {total} " in d for d in details), details
        sentence = movement_sentence(ctx.ds.indicators[ind], 2024, 1234, 2345, 4000)
    assert "1,234" in sentence and "2,345" in sentence and "421" in sentence, sentence
    assert "4,000" in sentence, sentence
