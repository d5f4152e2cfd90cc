"""The bounded YAML reader: plain text, numbers, lists and records, nothing else.

Aliases (an alias bomb expands to gigabytes), tags (they name constructors), merge keys, keys
that are not text and nesting deeper than ``MAX_DEPTH`` are refused with a position before any
value is built.
"""

from __future__ import annotations

import io
from typing import Any

import yaml

from .problems import Problem

#: Deepest nesting of lists and records read from YAML: the data needs three levels (the list,
#: a record, a list in it); deeper input is refused before it is turned into values.
MAX_DEPTH = 16
#: Explicit YAML tags allowed: ``!!str`` forces text; every other tag is refused.
_ALLOWED_TAGS = {"tag:yaml.org,2002:str"}


def plain(node: yaml.Node, shown: str, problems: list[Problem]) -> Any:
    """Turn a composed YAML node into Python values, reporting duplicate keys."""
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(
                    Problem(
                        shown,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        "merge keys ('<<') are not supported",
                        "write each field out in the record",
                    )
                )
                continue
            key = (
                plain(key_node, shown, problems) if isinstance(key_node, yaml.ScalarNode) else None
            )
            if not isinstance(key, str):
                problems.append(
                    Problem(
                        shown,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        f"a field name must be a word such as 'name', not {_shown_key(key_node)}",
                        "write 'field: value'; quote the value if it starts with '[', '{' or '?'",
                    )
                )
                continue
            if key in out:
                problems.append(
                    Problem(
                        shown,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        f"key '{key}' appears twice in one record",
                        "keep one of them",
                    )
                )
            out[key] = plain(value_node, shown, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [plain(n, shown, problems) for n in node.value]
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value  # dates stay text as written (2024-05 or 2024-05-01)
    return yaml.SafeLoader(io.StringIO("")).construct_object(node, deep=True)


def _shown_key(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return f"'{node.value}'"
    return "a list" if isinstance(node, yaml.SequenceNode) else "a record"


#: PyYAML's C reader when it has one: about ten times faster on a file of thousands of places.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def compose(text: str) -> yaml.Node | None:
    """The file's node tree, with the line and column of each node. A file the fast reader
    refuses is read again by the Python one, whose messages and positions are the ones shown."""
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def unsupported(text: str, shown: str) -> Problem | None:
    """The first YAML feature data files do not use and the reader does not accept: aliases
    (an alias bomb would expand to gigabytes), tags (they name constructors), nesting deeper
    than ``MAX_DEPTH``. Read from the event stream, which expands and nests nothing itself."""
    if _FAST_LOADER is not None:
        try:
            return _scan(text, shown, _FAST_LOADER)
        except yaml.YAMLError:
            pass  # read again below, for the Python reader's message and position
    return _scan(text, shown, yaml.SafeLoader)


def _scan(text: str, shown: str, loader: Any) -> Problem | None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        mark = event.start_mark
        # The parser marks every event; the stubs allow an event made without a mark.
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        if isinstance(event, yaml.AliasEvent):
            return Problem(
                shown,
                line,
                col,
                f"aliases ('*{event.anchor}') are not supported",
                "write the value out in full where it is used",
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _ALLOWED_TAGS:
            return Problem(
                shown,
                line,
                col,
                f"the YAML tag '{tag}' is not supported",
                "remove it: data files hold plain text, numbers, lists and records",
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(
                    shown,
                    line,
                    col,
                    f"lists and records are nested more than {MAX_DEPTH} levels deep",
                    "records hold text, numbers and lists of them; check the brackets",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None
