"""A chart's Vega-Lite spec as a shared template and what the chart changes in it (a *patch*).

Charts of one kind share most of their spec (marks, axes, tooltips, the theme, the language's
number format); only their data, words and a few settings differ. The site writes each template
once, under ``assets/charts/`` (named by a hash of its content), and each page's ``figures.json``
holds every chart's patch; the browser (``factsheets.js``, ``applyPatch``) puts the two together
for the live chart and for the "chart (Vega-Lite JSON)" download.

A patch against a template value ``t`` is:

- a dict ``{"$=": v}``: the value is ``v``;
- for a dict ``t``: a dict whose keys are the keys that changed, each with a patch of
  ``t[key]`` (keys ``t`` has) or the new value itself (keys ``t`` lacks), and ``"$-"``: the keys
  removed;
- for a list ``t``: ``{"$[]": {index: patch}}`` (a list of the same length);
- for anything else (a number, text, true, false, null): the new value itself.

A chart's description (its text alternative) is its figure's, which the page's JSON holds
beside the chart: a patch leaves it out when the template has none, and putting the chart
together puts it back (``put_together``).

A new value in a patch writes a list of three or more objects with the same keys (a chart's
rows) as a table, ``{"$table": [[key, ...], [value, ...], ...]}``, and a whole number as a
whole number (``450`` for ``450.0``): about half the bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

#: Keys of a patch that say how to read it; never keys of a Vega-Lite spec.
SET, ITEMS, REMOVED, TABLE = "$=", "$[]", "$-", "$table"
_RESERVED = frozenset({SET, ITEMS, REMOVED, TABLE})


class Filled(dict[str, Any]):
    """A spec made from a template: remembers it, so that only the difference is written."""

    template: Mapping[str, Any] | None = None


def template_of(spec: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The template ``spec`` was made from, if it was."""
    return spec.template if isinstance(spec, Filled) else None


def diff(template: Any, value: Any) -> Any:
    """The patch that turns ``template`` into ``value`` (``apply(template, patch) == value``)."""
    if isinstance(template, dict) and isinstance(value, dict):
        if _RESERVED & value.keys():
            raise ValueError(f"a chart spec uses a key reserved for patches: {sorted(value)}")
        out: dict[str, Any] = {}
        for key, new in value.items():
            if key not in template:
                out[key] = pack(new)
            elif template[key] != new or type(template[key]) is not type(new):
                out[key] = diff(template[key], new)
        removed = [key for key in template if key not in value]
        if removed:
            out[REMOVED] = removed
        return out
    if isinstance(template, list) and isinstance(value, list) and len(template) == len(value):
        items = {
            str(i): diff(old, new)
            for i, (old, new) in enumerate(zip(template, value, strict=True))
            if old != new or type(old) is not type(new)
        }
        return {ITEMS: items}
    if isinstance(template, dict | list):
        return {SET: pack(value)}
    return pack(value)


def pack(value: Any) -> Any:
    """A new value as a patch writes it (see the module's notes)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        if _RESERVED & value.keys():
            raise ValueError(f"a chart spec uses a key reserved for patches: {sorted(value)}")
        return {k: pack(v) for k, v in value.items()}
    if isinstance(value, list):
        keys = list(value[0]) if value and isinstance(value[0], dict) else None
        if keys and len(value) >= 3 and all(isinstance(v, dict) and list(v) == keys for v in value):
            return {TABLE: [keys, *([pack(v[k]) for k in keys] for v in value)]}
        return [pack(v) for v in value]
    return value


def unpack(value: Any) -> Any:
    """A new value as written in a patch, as it is."""
    if isinstance(value, dict):
        if TABLE in value:
            keys, *rows = value[TABLE]
            return [dict(zip(keys, (unpack(v) for v in row), strict=True)) for row in rows]
        return {k: unpack(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unpack(v) for v in value]
    return value


def apply(template: Any, patch: Any) -> Any:
    """``template`` with ``patch`` applied; ``template`` is not changed."""
    if isinstance(patch, dict) and SET in patch:
        return unpack(patch[SET])
    if isinstance(template, list):
        out_list = list(template)
        for index, part in patch[ITEMS].items():
            out_list[int(index)] = apply(template[int(index)], part)
        return out_list
    if isinstance(template, dict):
        removed = set(patch.get(REMOVED, ()))
        out = {k: v for k, v in template.items() if k not in removed}
        for key, part in patch.items():
            if key == REMOVED:
                continue
            out[key] = apply(template[key], part) if key in template else unpack(part)
        return out
    return unpack(patch)


def without_description(
    template: Mapping[str, Any], patch: dict[str, Any], description: str
) -> dict[str, Any]:
    """``patch`` without the chart's description when it is ``description`` (its figure's)
    and the template has none: ``put_together`` puts it back."""
    if "description" not in template and patch.get("description") == description:
        return {k: v for k, v in patch.items() if k != "description"}
    return patch


def put_together(template: Any, patch: Any, description: str | None) -> Any:
    """A chart's spec from its template, its patch and its figure's description."""
    spec = apply(template, patch)
    if isinstance(spec, dict) and "description" not in spec and description:
        spec["description"] = description
    return spec


def template_name(template: Mapping[str, Any]) -> str:
    """The file name of a template: a hash of its content, so equal templates share one."""
    return hashlib.sha256(dumps(template)).hexdigest()[:16] + ".json"


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
