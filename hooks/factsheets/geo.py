"""State boundaries shipped with the package, and where places fall on a country's map.

The boundaries are TopoJSON files in ``boundaries/`` (rebuilt by ``scripts/boundaries.py``;
``sources.json`` beside them says where each comes from and under which licence). They are read
from the package and passed to Vega inline, never as a URL: Vega draws an empty map, silently,
when a URL it loads is missing. A missing or broken file is a build error that names it.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from .problems import DataError, Problem, display_path

FOLDER = Path(__file__).parent / "boundaries"

#: The projection that suits each country: Albers USA puts Alaska and Hawaii beside the 48
#: states; Mercator fitted to Mexico keeps its shape at its latitudes.
PROJECTIONS: dict[str, dict[str, Any]] = {
    "us": {"type": "albersUsa"},
    "mx": {"type": "mercator"},
}
#: Size a country's map is drawn at (pixels); its outlines are fitted into it.
MAP_SIZE: dict[str, tuple[int, int]] = {"us": (640, 400), "mx": (640, 410)}
DEFAULT_SIZE = (640, 420)

Ring = list[tuple[float, float]]


class BoundaryError(DataError):
    """A boundary file is missing or cannot be read."""


@dataclass(frozen=True)
class Boundary:
    """One country's states: the TopoJSON as shipped, where it comes from, and its bounds."""

    country: str
    path: Path
    topology: Mapping[str, Any]
    meta: Mapping[str, Any]
    bounds: tuple[float, float, float, float]  # west, south, east, north

    @property
    def file(self) -> str:
        return self.path.name

    @cached_property
    def states(self) -> dict[str, list[list[Ring]]]:
        """Each state's polygons (lists of rings of longitude, latitude), decoded once."""
        return _decode(self.topology)

    @property
    def projection(self) -> dict[str, Any]:
        return dict(PROJECTIONS.get(self.country, {"type": "mercator"}))

    @property
    def size(self) -> tuple[int, int]:
        return MAP_SIZE.get(self.country, DEFAULT_SIZE)

    def contains(self, lon: float, lat: float) -> bool:
        west, south, east, north = self.bounds
        return west <= lon <= east and south <= lat <= north

    def state_named(self, region: str | None) -> str | None:
        """The state a city's ``region`` names (accents and case aside), if any."""
        if not region:
            return None
        return self._folded_names.get(_fold(region))

    @cached_property
    def _folded_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for name in self.states:
            names.setdefault(_fold(name), name)  # the first of equal names, as before
        return names

    @cached_property
    def _boxes(self) -> dict[str, list[tuple[float, float, float, float]]]:
        return {
            name: [
                (
                    min(x for x, _ in polygon[0]),
                    min(y for _, y in polygon[0]),
                    max(x for x, _ in polygon[0]),
                    max(y for _, y in polygon[0]),
                )
                for polygon in polygons
            ]
            for name, polygons in self.states.items()
        }

    def state_at(self, lon: float, lat: float) -> str | None:
        """The state whose outline holds the point (None in the sea or outside)."""
        for name, polygons in self.states.items():
            for polygon, (x0, y0, x1, y1) in zip(polygons, self._boxes[name], strict=True):
                if not (x0 <= lon <= x1 and y0 <= lat <= y1):
                    continue
                inside = False
                for ring in polygon:  # the outer ring and its holes: even-odd rule
                    if _in_ring(lon, lat, ring):
                        inside = not inside
                if inside:
                    return name
        return None

    def state_of(self, region: str | None, lon: float, lat: float) -> str | None:
        return self.state_named(region) or self.state_at(lon, lat)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def _in_ring(x: float, y: float, ring: Ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _decode(topology: Mapping[str, Any]) -> dict[str, list[list[Ring]]]:
    """TopoJSON arcs (quantized, delta-encoded) back to rings of longitude, latitude."""
    transform = topology.get("transform")
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        points: Ring = []
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            for dx, dy in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(points)

    def ring(indexes: Iterable[int]) -> Ring:
        out: Ring = []
        for i in indexes:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(part if not out else part[1:])
        return out

    states: dict[str, list[list[Ring]]] = {}
    for geom in topology["objects"]["states"]["geometries"]:
        name = geom["properties"]["name"]
        if geom["type"] == "Polygon":
            polygons = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polygons = geom["arcs"]
        else:
            continue
        states.setdefault(name, []).extend([ring(r) for r in p] for p in polygons)
    return states


def _error(path: Path, message: str, hint: str = "") -> BoundaryError:
    return BoundaryError([Problem(display_path(path), 0, 0, message, hint)])


_REBUILD = "rebuild the boundary files with `python scripts/boundaries.py`"
_loaded: dict[tuple[str, tuple[tuple[str, float, int], ...]], dict[str, Boundary]] = {}


def _stamp(folder: Path) -> tuple[tuple[str, float, int], ...]:
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return ()
    return tuple((p.name, p.stat().st_mtime, p.stat().st_size) for p in entries if p.is_file())


def boundaries(folder: Path | None = None) -> dict[str, Boundary]:
    """Every country's boundaries, by country id; read again only when a file changed."""
    folder = folder or FOLDER
    key = (str(folder), _stamp(folder))
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = _read(folder)
    return _loaded[key]


def _read(folder: Path) -> dict[str, Boundary]:
    manifest_path = folder / "sources.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _error(manifest_path, "the list of boundary files is missing", _REBUILD) from None
    except (OSError, ValueError) as exc:
        raise _error(manifest_path, f"cannot be read: {exc}", _REBUILD) from None
    out: dict[str, Boundary] = {}
    for country, meta in manifest.items():
        path = folder / meta["file"]
        try:
            topology = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise _error(path, f"boundary file of '{country}' is missing", _REBUILD) from None
        except (OSError, ValueError) as exc:
            raise _error(path, f"boundary file of '{country}' is broken: {exc}", _REBUILD) from None
        try:
            geometries = topology["objects"]["states"]["geometries"]
            names = [g["properties"]["name"] for g in geometries]
            if topology.get("type") != "Topology" or not names or not topology["arcs"]:
                raise ValueError("no states")
        except (KeyError, TypeError, ValueError):
            raise _error(
                path,
                f"boundary file of '{country}' is not TopoJSON with named states "
                "(an object 'states' whose geometries have a 'name')",
                _REBUILD,
            ) from None
        west, south, east, north = (float(v) for v in meta["bounds"])
        out[country] = Boundary(country, path, topology, meta, (west, south, east, north))
    return out


def used(cities: Iterable[Any]) -> list[Boundary]:
    """The boundaries the maps of these cities draw: of each country where one has
    coordinates."""
    countries = {c.country for c in cities if c.lat is not None and c.lon is not None}
    return [b for country, b in sorted(boundaries().items()) if country in countries]


def boundary(country: str) -> Boundary | None:
    return boundaries().get(country)


def inline(b: Boundary) -> dict[str, Any]:
    """The states as Vega-Lite data, inline: nothing is loaded at draw time."""
    return {"values": b.topology, "format": {"type": "topojson", "feature": "states"}}


def dump(b: Boundary) -> str:
    return json.dumps(b.topology, separators=(",", ":"), ensure_ascii=False)
