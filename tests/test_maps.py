"""Maps: boundaries shipped with the package, where each default city falls on its country's
drawing, what a city page pays for its map, and a missing or broken boundary file failing the
build with its name."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest

from factsheets import derive, geo, routes
from factsheets.figures import Context, Scope, citymap, locator, maps
from factsheets.problems import DataError
from factsheets.site import build_site
from factsheets.svg import NotInline, SvgCache
from factsheets.svg import render as _render
from factsheets.validate import load_dataset

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="module")
def ctx() -> Context:
    ds = load_dataset(DATA)
    return Context(ds, derive.compute(ds))


def city_scope(ctx: Context, city_id: str) -> Scope:
    return Scope("city", city_id, tuple(ctx.facts.peer_sets(ctx.ds, city_id)))


def projected_box(
    b: geo.Boundary, state: str, mainland: bool = False
) -> tuple[float, float, float, float]:
    """The bounding box (x0, y0, x1, y1) of a state's outline on the country's drawing (of
    its largest part only, with ``mainland``)."""
    polygons = b.states[state]
    if mainland:
        polygons = [max(polygons, key=lambda polygon: len(polygon[0]))]
    points = [p for polygon in polygons for ring in polygon for p in ring]
    marks = [m for m in maps.project(b, points) if m is not None]
    xs, ys = [m.x for m in marks], [m.y for m in marks]
    return min(xs), min(ys), max(xs), max(ys)


def test_boundaries_ship_with_their_origin_and_licence():
    shipped = geo.boundaries()
    assert sorted(shipped) == ["mx", "us"]
    for b in shipped.values():
        assert b.meta["licence"] and b.meta["url"] and b.meta["publisher"]
        assert b.path.stat().st_size < 40_000  # simplified to what a page needs
    us, mx = shipped["us"], shipped["mx"]
    assert len(us.states) == 51  # 50 states and DC
    assert "Texas" in us.states and "Alaska" in us.states
    assert len(mx.states) == 32
    assert "Ciudad de México" in mx.states and "Distrito Federal" not in mx.states


def test_states_by_name_or_by_position():
    us, mx = geo.boundary("us"), geo.boundary("mx")
    assert us is not None and mx is not None
    assert us.state_at(-87.63, 41.88) == "Illinois"  # Chicago
    assert us.state_at(-84.39, 33.75) == "Georgia"  # Atlanta
    assert mx.state_at(-116.60, 31.87) == "Baja California"  # Ensenada
    assert mx.state_named("baja california") == "Baja California"
    assert mx.state_named("Ciudad de Mexico") == "Ciudad de México"
    assert us.state_at(-40.0, 30.0) is None  # the Atlantic


def test_natural_earth_rings_are_wound_for_d3():
    """A state drawn with counter-clockwise rings fills the whole globe: its drawing would be
    one rectangle the size of the map."""
    mx = geo.boundary("mx")
    assert mx is not None
    box = projected_box(mx, "Baja California")
    width, height = mx.size
    assert box[2] - box[0] < width / 3 and box[3] - box[1] < height / 2


@pytest.mark.parametrize(
    "city_id, state",
    [
        ("el-paso", "Texas"),
        ("san-diego", "California"),
        ("miami", "Florida"),
        ("chicago", "Illinois"),
        ("new-york", "New York"),
        ("los-angeles", "California"),
        ("atlanta", "Georgia"),
        ("mexicali", "Baja California"),
        ("ensenada", "Baja California"),
    ],
)
def test_every_default_city_is_marked_inside_its_state(ctx, city_id, state):
    fig = locator.make(ctx, city_scope(ctx, city_id))
    assert fig is not None
    assert fig.rows[0][1] == state
    assert fig.drawing is not None and fig.drawing.path.endswith(f"{maps.slug(state)}.svg")
    b = geo.boundary(ctx.ds.cities[city_id].country)
    assert b is not None
    x0, y0, x1, y1 = projected_box(b, state)
    (mark,) = fig.marks
    assert x0 - 1 <= mark.x <= x1 + 1 and y0 - 1 <= mark.y <= y1 + 1


def test_el_paso_in_west_texas_and_ensenada_on_the_pacific(ctx):
    us, mx = geo.boundary("us"), geo.boundary("mx")
    assert us is not None and mx is not None
    el_paso = maps.located(ctx, "us")["el-paso"]
    x0, _, x1, _ = projected_box(us, "Texas")
    assert el_paso.x < x0 + (x1 - x0) * 0.1  # the far west of Texas
    ensenada = maps.located(ctx, "mx")["ensenada"]
    mexicali = maps.located(ctx, "mx")["mexicali"]
    x0, y0, x1, y1 = projected_box(mx, "Baja California", mainland=True)
    assert ensenada.x < x0 + (x1 - x0) * 0.3  # on the west (Pacific) coast
    assert ensenada.x < mexicali.x and ensenada.y > mexicali.y  # south-west of Mexicali


def test_the_locator_is_a_shared_drawing_and_a_small_mark(ctx):
    fig = locator.make(ctx, city_scope(ctx, "el-paso"))
    assert fig is not None
    assert fig.title == "El Paso in Texas, United States"
    assert "Texas is shaded and El Paso is marked at 31.76° N, 106.49° W" in fig.description
    assert fig.columns == ("Place", "State", "Latitude", "Longitude")
    assert fig.records[0]["lat"] == 31.76 and fig.records[0]["lon"] == -106.49
    san_diego = locator.make(ctx, city_scope(ctx, "san-diego"))
    los_angeles = locator.make(ctx, city_scope(ctx, "los-angeles"))
    assert san_diego is not None and los_angeles is not None
    assert san_diego.drawing == los_angeles.drawing  # one drawing per country and state
    # the drawing takes its outlines inline; the live chart loads the file the site ships
    assert fig.drawing is not None and "values" in fig.drawing.spec["data"]
    states = fig.spec["layer"][0]["data"]
    assert states["url"] == "../../" + routes.boundary_file("us")


def test_a_city_without_coordinates_has_no_locator(ctx):
    ds = ctx.ds
    bare = ds.cities["atlanta"].model_copy(update={"lat": None, "lon": None})
    cities = {**ds.cities, "atlanta": bare}
    other = Context(type(ds)(**{**ds.__dict__, "cities": cities}), ctx.facts)
    assert locator.make(other, city_scope(other, "atlanta")) is None


def test_map_of_rates_by_colour_and_counts_by_size(ctx):
    border = Scope("group", "border", (ctx.facts.group_set(ctx.ds, "border"),))
    fig = citymap.make(ctx, border, "violent-crime-rate")
    assert fig is not None
    assert fig.title == "Map: Violent crime rate, Border cities, 2024"
    points = fig.spec["layer"][1]
    assert "color" in points["encoding"] and "size" not in points["encoding"]
    assert [row[0] for row in fig.rows] == ["Miami", "San Diego", "El Paso"]
    assert "lowest El Paso at 450, highest Miami at 680" in fig.description
    major = Scope("group", "major-city", (ctx.facts.group_set(ctx.ds, "major-city"),))
    counts = citymap.make(ctx, major, "violent-crimes")
    assert counts is not None
    encoding = counts.spec["layer"][1]["encoding"]
    assert "size" in encoding and "color" not in encoding  # never a count on a colour scale
    assert encoding["size"]["legend"] is not None


def test_a_country_without_values_maps_where_its_cities_are(ctx):
    mexico = Scope("country", "mx", (ctx.facts.country_set("mx"),))
    fig = citymap.locations(ctx, mexico)
    assert fig is not None
    assert [row[0] for row in fig.rows] == ["Ensenada", "Mexicali"]
    assert fig.description.startswith("Map of Mexico with 2 cities of Mexico cities marked")
    us = Scope("country", "us", (ctx.facts.country_set("us"),))
    assert citymap.locations(ctx, us) is None  # its maps of values show where they are


def test_a_point_the_projection_does_not_show_is_not_placed():
    us = geo.boundary("us")
    assert us is not None
    inside, outside = maps.project(us, [(-106.49, 31.76), (-100.0, 55.0)])  # Canada
    assert inside is not None and outside is None


def test_places_are_asked_of_vega_again_only_when_they_or_the_outlines_change(monkeypatch):
    us = geo.boundary("us")
    assert us is not None
    places = [(-106.49, 31.76), (-97.74, 30.27)]
    first = maps.project(us, places)
    asked: list[list[tuple[float, float]]] = []
    ask = maps._ask_vega
    monkeypatch.setattr(maps, "_ask_vega", lambda b, p: asked.append(p) or ask(b, p))
    assert maps.project(us, list(places)) == first and asked == []  # another build, language
    moved = [places[0], (-97.0, 30.0)]
    again = maps.project(us, moved)
    assert asked == [moved] and again[0] == first[0] and again[1] != first[1]
    read_again = dataclasses.replace(us)  # the outlines read again from a changed file
    assert maps.project(read_again, moved) == again and len(asked) == 2


def test_a_drawing_never_loads_data_by_url():
    with pytest.raises(NotInline, match="us.topo.json"):
        _render({"data": {"url": "maps/us.topo.json"}, "mark": "geoshape"})


@pytest.fixture()
def boundary_copy(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "boundaries"
    shutil.copytree(geo.FOLDER, folder)
    monkeypatch.setattr(geo, "FOLDER", folder)
    return folder


def _build() -> None:
    ds = load_dataset(DATA)
    build_site(ds, svg_cache=SvgCache(None))


def test_a_removed_boundary_file_fails_the_build_naming_it(boundary_copy):
    (boundary_copy / "us.topo.json").unlink()
    with pytest.raises(DataError, match=r"us\.topo\.json: boundary file of 'us' is missing"):
        _build()


def test_a_broken_boundary_file_fails_the_build_naming_it(boundary_copy):
    (boundary_copy / "mx.topo.json").write_text('{"type": "Topology", "arcs": [', "utf-8")
    with pytest.raises(DataError, match=r"mx\.topo\.json: boundary file of 'mx' is broken"):
        _build()
    (boundary_copy / "mx.topo.json").write_text('{"type": "Topology", "objects": {}}', "utf-8")
    with pytest.raises(DataError, match=r"mx\.topo\.json: .*not TopoJSON with named states"):
        _build()


def test_coordinates_outside_the_country_are_reported_with_their_line(data_copy):
    cities = data_copy / "cities.yaml"
    text = cities.read_text(encoding="utf-8")
    text = text.replace("  lon: -106.49", "  lon: 106.49")  # a lost minus sign
    text = text.replace("  lat: 32.72\n", "")  # San Diego: lon without lat
    cities.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_dataset(data_copy)
    message = str(err.value)
    lines = text.splitlines()
    el_paso_lat = next(i for i, line in enumerate(lines, 1) if line == "  lat: 31.76")
    assert f"cities.yaml:{el_paso_lat}:" in message
    assert "el-paso: lat 31.76, lon 106.49 is outside United States" in message
    assert "san-diego: 'lon' is given without 'lat'" in message


def test_coordinates_out_of_range_are_rejected(data_copy):
    cities = data_copy / "cities.yaml"
    text = cities.read_text(encoding="utf-8").replace("  lat: 31.76", "  lat: 131.76")
    cities.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="cities.yaml:[0-9]+"):
        load_dataset(data_copy)


def test_a_city_page_pays_little_for_its_map(ctx, tmp_path):
    """The locator adds under 3 KB to a city page: the outlines are one shared drawing."""
    site = build_site(ctx.ds, svg_cache=SvgCache(tmp_path))
    files = site.all_files()
    page = files["cities/el-paso.md"]
    assert isinstance(page, str)
    block = re.search(
        r'<figure class="fs-figure" id="fig-map-locator"[^>]*>.*?</figure>', page, re.S
    )
    assert block is not None
    assert len(block.group(0).encode("utf-8")) < 3000
    drawings = sorted(p for p in files if p.startswith("maps/") and p.endswith(".svg"))
    assert drawings == [
        "maps/mx-baja-california.svg",
        "maps/us-california.svg",
        "maps/us-florida.svg",
        "maps/us-georgia.svg",
        "maps/us-illinois.svg",
        "maps/us-new-york.svg",
        "maps/us-texas.svg",
    ]
    boundary = files[routes.boundary_file("us")]
    text = boundary.read_text("utf-8") if isinstance(boundary, Path) else boundary
    assert json.loads(text)["type"] == "Topology"
