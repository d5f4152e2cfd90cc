"""A chart's Vega, compiled from its Vega-Lite once per chart shape.

Compiling Vega-Lite to Vega took about a fifth of a chart's drawing time, and the site's charts
come in few shapes: one city's trend of an indicator differs from another's only in its rows and
its title. The compiler copies inline rows and title text into the Vega it makes without reading
them, so a shape is compiled once, with stand-ins for them, and each chart's own rows and title
are put in place of the stand-ins in the compiled text. Whatever the shortcut cannot vouch for
(rows that are not records, a stand-in the compiler did not copy) is compiled as it is.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from typing import Any

#: A stand-in's mark: a character no chart's data or words contain (JSON writes it \u0000).
_MARK = "\x00fs"
#: Shapes kept compiled per process: the site has a few dozen (kinds, languages, legends).
SHAPES = 256

Compile = Callable[[dict[str, Any]], dict[str, Any]]


def vega_text(spec: dict[str, Any], compile_: Compile) -> str:
    """The Vega of ``spec`` as JSON text, equal to ``json.dumps(compile_(spec))``."""
    found = _shape(spec)
    if found is None:
        return _dumps(compile_(spec))
    shape, fills = found
    text = _compiled(_dumps(shape, sort_keys=True), compile_)
    for stand_in, value in fills.items():
        if stand_in not in text:  # not copied as it was: this chart is compiled as it is
            return _dumps(compile_(spec))
        text = text.replace(stand_in, value)
    return text


def _dumps(value: Any, *, sort_keys: bool = False) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys)


@lru_cache(maxsize=SHAPES)
def _compiled(shape_text: str, compile_: Compile) -> str:
    return _dumps(compile_(json.loads(shape_text)))


def _shape(spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]] | None:
    """``spec`` with stand-ins for its inline rows and its title's words, and the JSON text of
    what each stand-in (as JSON text) stands for; None if the spec has neither."""
    fills: dict[str, str] = {}

    def stand_in(value: Any, form: Callable[[str], Any] = str) -> Any:
        """A new stand-in for ``value``, in ``form`` (rows stand in as rows: [{mark: name}])."""
        held = form(f"{_MARK}{len(fills)}")
        fills[_dumps(held)] = _dumps(value)
        return held

    def rows(node: Any) -> Any:
        if isinstance(node, list):
            return [rows(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {key: rows(value) for key, value in node.items()}
        data = node.get("data")
        if isinstance(data, dict) and _records(data.get("values")):
            out["data"] = {**data, "values": stand_in(data["values"], lambda n: [{_MARK: n}])}
        return out

    shape = rows(spec)
    title = spec.get("title")
    if isinstance(title, dict):
        shape["title"] = {
            key: _words(value, stand_in) if key in ("text", "subtitle") else value
            for key, value in title.items()
        }
    elif isinstance(title, str | list):
        shape["title"] = _words(title, stand_in)
    return (shape, fills) if fills else None


def _words(value: Any, stand_in: Callable[[Any], Any]) -> Any:
    """A title's text as stand-ins of the same form: a line for a line, lines for lines."""
    if isinstance(value, str) and value:
        return stand_in(value)
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return [stand_in(v) for v in value]
    return value


def _records(values: Any) -> bool:
    """Rows the compiler takes as they are: a list of objects (a list of plain values it would
    wrap in objects of its own)."""
    return isinstance(values, list) and bool(values) and all(isinstance(v, dict) for v in values)
