"""Checks of the observation rows: references, duplicates, plausible values, stated changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import pandas as pd

from .dataset import Dataset, Known, fix_hint, known_list, record_names
from .problems import Problem

#: Two percent changes closer than this (in percentage points) agree "within rounding".
CHANGE_TOLERANCE = 0.6


def _rows(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:5])
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    return f"row{'s' if len(rows) > 1 else ''} {shown}{more}"


def check_observations(ds: Dataset, known: dict[str, Known]) -> list[Problem]:
    """References, duplicates and plausible values in the observation rows."""
    out: list[Problem] = []
    obs = ds.observations
    if obs.empty:
        return out

    def each(
        mask: pd.Series,
        message: Callable[[pd.Series], str],
        hint: str = "",
        severity: Literal["error", "warning"] = "error",
    ) -> None:
        for _, row in obs[mask].iterrows():
            problem = Problem(row["file"], int(row["row"]), 0, message(row), hint, severity)
            out.append(problem)

    names = record_names(ds)
    for col, kind, what in (
        ("place", "places", "a city or country id"),
        ("indicator", "indicators", "an indicator id"),
        ("source", "sources", "a source id"),
    ):
        ids = known[kind]
        mask = ~obs[col].map(ids.resolves)
        # One line per unknown id and file, however many rows repeat it.
        for (file, value), rows in obs[mask].groupby(["file", col], sort=False)["row"]:
            rows = sorted(int(r) for r in rows)
            out.append(
                Problem(
                    file,
                    rows[0],
                    0,
                    f"{col} '{value}' is not {what}"
                    + (f", also in {_rows(rows[1:])}" if len(rows) > 1 else "")
                    + f" ({known_list(ids.ids)})",
                    fix_hint(value, ids.ids, names),
                )
            )
    key = ["place", "indicator", "year"]
    later = obs.duplicated(key, keep="first")  # rows are in file order, then row order
    if later.any():
        first_rows = obs[obs.duplicated(key, keep=False) & ~later]
        first_at = {
            (r.place, r.indicator, r.year): (r.file, int(r.row))
            for r in first_rows.itertuples(index=False)
        }
        for row in obs[later].itertuples(index=False):
            file, first_row = first_at[(row.place, row.indicator, row.year)]
            out.append(
                Problem(
                    row.file,
                    int(row.row),
                    0,
                    f"{row.place} {row.indicator} {row.year} is given twice "
                    f"(also at {file} row {first_row})",
                    "keep one row per place, indicator and year",
                )
            )
    kinds = obs["indicator"].map({k: v.kind for k, v in ds.indicators.items()})
    each(
        (kinds.isin(["count", "rate"])) & (obs["value"] < 0),
        lambda r: f"{r['indicator']} value {r['value']:g} is negative",
        "counts and rates cannot be below zero",
    )
    each(
        (kinds == "percent") & ((obs["value"] < 0) | (obs["value"] > 100)),
        lambda r: f"{r['indicator']} value {r['value']:g} is outside 0–100",
        "a percentage lies between 0 and 100",
    )
    return out


def check_reported_changes(ds: Dataset) -> list[Problem]:
    obs = ds.observations.drop_duplicates(["place", "indicator", "year"])
    stated = obs[obs["reported_change"].notna()]
    out: list[Problem] = []
    if stated.empty:
        return out
    indexed = obs.set_index(["place", "indicator", "year"])["value"]
    for _, row in stated.iterrows():
        previous = obs[
            (obs["place"] == row["place"])
            & (obs["indicator"] == row["indicator"])
            & (obs["year"] < row["year"])
        ]
        if previous.empty:
            out.append(
                Problem(
                    row["file"],
                    int(row["row"]),
                    0,
                    f"reported_change {row['reported_change']:g}% has no earlier year "
                    "to check against",
                    "add the earlier value, or clear the cell",
                    "warning",
                )
            )
            continue
        prev_year = int(previous["year"].max())
        before = indexed[(row["place"], row["indicator"], prev_year)]
        if before == 0:
            continue
        computed = (row["value"] - before) / before * 100
        if abs(computed - row["reported_change"]) > CHANGE_TOLERANCE:
            out.append(
                Problem(
                    row["file"],
                    int(row["row"]),
                    0,
                    f"reported_change {row['reported_change']:g}% disagrees with the "
                    f"values: {before:g} in {prev_year} to {row['value']:g} is "
                    f"{computed:+.1f}%",
                    "check both values and the stated change",
                    "warning",
                )
            )
    return out
