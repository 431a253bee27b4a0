"""The Algemene termijnenwet's own days, not the calendar's."""

from datetime import date

import pytest

from wmo import feestdagen

D = date


@pytest.mark.parametrize(
    "year, expected",
    [
        (2025, {D(2025, 1, 1), D(2025, 4, 18), D(2025, 4, 21), D(2025, 4, 26), D(2025, 5, 5), D(2025, 5, 29),
                D(2025, 6, 9), D(2025, 12, 25), D(2025, 12, 26)}),
        (2026, {D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 4, 27), D(2026, 5, 5), D(2026, 5, 14),
                D(2026, 5, 25), D(2026, 12, 25), D(2026, 12, 26)}),
        (2027, {D(2027, 1, 1), D(2027, 3, 26), D(2027, 3, 29), D(2027, 4, 27), D(2027, 5, 5), D(2027, 5, 6),
                D(2027, 5, 17), D(2027, 12, 25), D(2027, 12, 26)}),
        (2028, {D(2028, 1, 1), D(2028, 4, 14), D(2028, 4, 17), D(2028, 4, 27), D(2028, 5, 5), D(2028, 5, 25),
                D(2028, 6, 5), D(2028, 12, 25), D(2028, 12, 26)}),
    ],
)
def test_atw_feestdagen(year, expected):
    assert set(feestdagen.feestdagen(year)) == expected


@pytest.mark.parametrize("year, day", [(2025, D(2025, 4, 26)), (2026, D(2026, 4, 27)), (2014, D(2014, 4, 26)),
                                       (2031, D(2031, 4, 26))])
def test_koningsdag_is_the_26th_when_the_27th_is_a_sunday(year, day):
    assert feestdagen.koningsdag(year) == day


def test_5_mei_counts_every_year_not_only_every_five_years():
    for year in range(2021, 2030):
        assert D(year, 5, 5) in feestdagen.feestdagen(year)


def test_first_easter_and_pentecost_days_and_calendar_holidays_are_not_listed_as_atw_days():
    days = feestdagen.feestdagen(2026)
    assert D(2026, 4, 5) not in days  # Eerste Paasdag: a Sunday anyway
    assert D(2026, 12, 31) not in days  # Oudejaarsdag is no Atw day


@pytest.mark.parametrize("day", [D(2023, 4, 28), D(2023, 5, 19), D(2024, 5, 10), D(2024, 12, 27), D(2025, 5, 30),
                                 D(2026, 1, 2), D(2026, 5, 15), D(2027, 5, 7), D(2028, 4, 28), D(2028, 5, 26)])
def test_gelijkgestelde_dagen_of_the_koninklijke_besluiten(day):
    assert feestdagen.waarom_geen_termijndag(day) == feestdagen.GELIJKGESTELD
    assert day.weekday() == 4, "in practice a Friday"


@pytest.mark.parametrize("year, covered", [(2022, False), (2023, True), (2026, True), (2028, True), (2029, False)])
def test_which_years_a_besluit_covers(year, covered):
    assert (feestdagen.besluit_voor(year) is not None) is covered


@pytest.mark.parametrize(
    "day, reason",
    [
        (D(2026, 11, 21), "zaterdag"), (D(2026, 11, 22), "zondag"), (D(2026, 11, 23), None),
        (D(2025, 4, 26), "Koningsdag"),  # a Saturday, named as the feestdag
        (D(2026, 4, 3), "Goede Vrijdag"),
    ],
)
def test_why_a_term_cannot_end_on_a_day(day, reason):
    assert feestdagen.waarom_geen_termijndag(day) == reason
