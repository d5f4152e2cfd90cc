"""Numbers and generated sentences, word for word."""

from __future__ import annotations

from factsheets import text
from factsheets.models import Achievement, Indicator

RATE = Indicator(
    id="violent-crime-rate",
    name="Violent crime rate",
    unit="per 100,000 residents",
    kind="rate",
    phrase="violent crimes per 100,000 residents",
)
SHARE = Indicator(
    id="cleared", name="Cases cleared", unit="%", kind="percent", lower_is_better=False
)


def test_numbers():
    assert text.number(450.0) == "450"
    assert text.number(29651) == "29,651"
    assert text.number(12.345) == "12.35"
    assert text.percent(-13.46) == "13.5%"
    assert text.percent(-20.0) == "20%"


def test_latest_sentence_with_change():
    assert text.latest_sentence("El Paso", RATE, 2024, 450, 2023, 520) == (
        "In 2024 El Paso recorded 450 violent crimes per 100,000 residents, "
        "down 13.5% from 520 in 2023."
    )


def test_percent_indicators_change_in_points():
    assert text.latest_sentence("Town", SHARE, 2024, 42.5, 2023, 40) == (
        "Cases cleared in Town was 42.5% in 2024, up 2.5 percentage points from 40 in 2023."
    )


def test_rank_sentence_only_for_rates():
    assert text.rank_sentence("El Paso", RATE, 2024, 1, 3, "border cities") == (
        "Violent crime rate: El Paso had the lowest of the 3 border cities with 2024 data."
    )
    assert text.rank_sentence("Miami", RATE, 2024, 2, 4, "border cities") == (
        "Violent crime rate: Miami had the 2nd lowest of the 4 border cities with 2024 data."
    )
    assert text.rank_sentence("Tucson", RATE, 2024, 4, 4, "border cities") == (
        "Violent crime rate: Tucson had the highest of the 4 border cities with 2024 data."
    )
    count = RATE.model_copy(update={"kind": "count"})
    assert text.rank_sentence("Chicago", count, 2024, 1, 3, "major cities") is None


def test_trend_description_word_for_word():
    assert text.trend_description("El Paso", RATE, [(2023, 520), (2024, 450)]) == (
        "Violent crime rate in El Paso fell from 520 in 2023 to 450 in 2024, per 100,000 residents."
    )


def test_achievement_range_and_bound():
    base = {
        "id": "a",
        "scope": "country",
        "scope_id": "mx",
        "unit": "%",
        "counts": "reduction",
        "kind": "outcome",
        "source": "s",
    }
    assert text.achievement_figure(Achievement(**base, value_min=6, value_max=69)) == "6–69%"
    assert (
        text.achievement_figure(Achievement(**base, value=70, qualifier="more-than"))
        == "more than 70%"
    )


def test_achievement_label_names_the_unit_once():
    base = {"id": "a", "scope": "country", "scope_id": "mx", "kind": "output", "source": "s"}

    def label(unit: str, counts: str) -> str:
        return text.achievement_label(Achievement(**base, value=1, unit=unit, counts=counts))

    assert label("youth", "high-risk youth supported") == "high-risk youth supported"
    assert label("cities", "cities given technical assistance") == (
        "cities given technical assistance"
    )
    assert label("cities", "that received support") == "cities that received support"
    assert label("%", "reduction") == "reduction"


def test_months():
    assert text.month("2020-08") == "August 2020"
    assert text.period("2022-10", "2023-09") == "October 2022 – September 2023"


def test_ordinals_follow_the_language_rules():
    assert [text.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 1002)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "23rd",
        "101st",
        "111th",
        "1,002nd",
    ]


def test_change_without_its_baseline():
    assert text.change_size(450, 520, RATE) == "down 13.5%"
    assert text.change_size(42.5, 40, SHARE) == "up 2.5 percentage points"
    assert text.change_size(5, 0, RATE) == "up"
    assert text.change_size(5, 5, RATE) == "unchanged"
    assert text.change_phrase(5, 5, 2023, RATE) == "unchanged from 2023"


def test_numbers_round_as_python_formats_them():
    assert text.number(2.675) == "2.67"  # the float is just below 2.675
    assert text.number(0.125) == "0.12"  # an exact tie goes to the even digit
    assert text.number(float("nan")) == "–"
