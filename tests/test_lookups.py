"""The views of the observations pages look values up in: made after an edit from the last ones
(a running server's rebuild), they are the views made afresh from the edited observations."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from factsheets.lookups import Lookups

LOWER = {"homicides": True, "victims-reached": False}
PLACES = [f"city-{i:02d}" for i in range(40)]


def _observations() -> pd.DataFrame:
    rows = []
    for i, place in enumerate(PLACES):
        for indicator in LOWER:
            for year in range(2019, 2024):
                rows.append(
                    {
                        "place": place,
                        "indicator": indicator,
                        "year": year,
                        "value": float((i * 7 + year) % 23),
                        "source": "survey",
                        "flag": "preliminary" if (i + year) % 9 == 0 else None,
                        "note": None,
                        "file": "data/observations.csv",
                        "row": len(rows) + 2,
                    }
                )
    return pd.DataFrame(rows)


def _views(lookups: Lookups) -> tuple[dict, dict, dict]:
    """What pages read, order aside: each series, each year's values, each latest value."""
    return (
        dict(lookups.series),
        {key: dict(values) for key, values in lookups.at.items() if values},
        dict(lookups.latest),
    )


def _value(obs: pd.DataFrame) -> pd.DataFrame:
    obs.loc[7, "value"] = 99.5
    return obs


def _flag(obs: pd.DataFrame) -> pd.DataFrame:
    obs.loc[12, "flag"] = "estimate"
    return obs


def _year(obs: pd.DataFrame) -> pd.DataFrame:  # a row moves to a year no other place has
    obs.loc[3, "year"] = 2031
    return obs


def _deleted(obs: pd.DataFrame) -> pd.DataFrame:
    return obs[obs["place"] != "city-05"].reset_index(drop=True)


def _added(obs: pd.DataFrame) -> pd.DataFrame:
    new = obs[obs["place"] == "city-06"].assign(place="city-new", value=1.0)
    return pd.concat([obs, new], ignore_index=True)


def _newer_year(obs: pd.DataFrame) -> pd.DataFrame:
    new = obs[(obs["place"] == "city-09") & (obs["year"] == 2023)].assign(year=2024, value=0.0)
    return pd.concat([obs, new], ignore_index=True)


def _moved_rows(obs: pd.DataFrame) -> pd.DataFrame:  # the same data, rows in another order
    return obs.iloc[::-1].reset_index(drop=True)


@pytest.mark.parametrize(
    "edit",
    [_value, _flag, _year, _deleted, _added, _newer_year, _moved_rows],
    ids=lambda f: f.__name__,
)
def test_lookups_made_from_the_last_ones_are_those_made_afresh(edit: Callable):
    before = _observations()
    earlier = Lookups(before, LOWER)
    kept = _views(earlier)
    after = edit(before.copy())
    made = Lookups(after, LOWER, earlier)
    assert _views(made) == _views(Lookups(after, LOWER))
    assert _views(earlier) == kept  # the last lookups are left as they were
    # the places the edit did not touch were taken over, not read again
    assert made.series[("city-30", "homicides")] is earlier.series[("city-30", "homicides")]


def test_an_edit_of_many_places_reads_every_observation_again():
    before = _observations()
    earlier = Lookups(before, LOWER)
    after = before.assign(value=before["value"] + 1)
    made = Lookups(after, LOWER, earlier)
    assert _views(made) == _views(Lookups(after, LOWER))
    assert made.series[("city-30", "homicides")] is not earlier.series[("city-30", "homicides")]
