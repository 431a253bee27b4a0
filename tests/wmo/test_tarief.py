"""Abonnementstarief by date, the AOW-leeftijd, and who pays what eigen bijdrage."""

from datetime import date
from decimal import Decimal

import pytest

from wmo import tarief
from wmo.tarief import GemeenteKeuzes, Situatie, Voorziening

D = date


@pytest.mark.parametrize(
    "op, amount, per",
    [
        (D(2019, 6, 1), "17.50", "4 weken"),
        (D(2020, 1, 1), "19.00", "maand"),
        (D(2021, 7, 1), "19.00", "maand"),
        (D(2022, 7, 1), "19.00", "maand"),
        (D(2023, 12, 31), "19.00", "maand"),
        (D(2024, 1, 1), "20.60", "maand"),
        (D(2025, 12, 31), "21.00", "maand"),
        (D(2026, 1, 1), "21.80", "maand"),
        (D(2026, 11, 23), "21.80", "maand"),
    ],
)
def test_abonnementstarief_per_year(op, amount, per):
    t = tarief.abonnementstarief(op)
    assert t.bedrag == Decimal(amount) and t.per == per
    assert f"€ {amount.replace('.', ',')} per {per}" in t.uitleg
    assert "per huishouden" in t.uitleg and "CAK" in t.uitleg


def test_2027_is_a_proposal_not_law():
    t = tarief.abonnementstarief(D(2027, 1, 1))
    assert t.bedrag is None
    assert "nog geen wet" in t.uitleg and "36713" in t.uitleg
    assert "€" not in t.uitleg, "no amount of a proposal is presented"


def test_before_the_table_there_is_no_amount():
    assert tarief.abonnementstarief(D(2018, 12, 31)).bedrag is None


def test_the_table_has_no_gaps_or_overlaps():
    rows = tarief.ABONNEMENTSTARIEF
    for earlier, later in zip(rows, rows[1:]):
        assert (later.van - earlier.tot).days == 1


@pytest.mark.parametrize("year, text", [(2021, "66 jaar en 4 maanden"), (2022, "66 jaar en 7 maanden"),
                                        (2023, "66 jaar en 10 maanden"), (2026, "67 jaar"), (2028, "67 jaar en 3 maanden")])
def test_aow_leeftijd_by_year(year, text):
    assert str(tarief.aow_leeftijd(year)) == text
    assert tarief.aow_leeftijd(year).zeker is (year != 2028)


@pytest.mark.parametrize(
    "geboren, op, reached",
    [
        (D(1959, 3, 10), D(2026, 3, 9), False),  # 67 on 10 March 2026
        (D(1959, 3, 10), D(2026, 3, 10), True),
        (D(1956, 11, 1), D(2023, 9, 1), True),  # 66 years and 10 months in 2023
        (D(1956, 11, 1), D(2023, 8, 31), False),
        (D(1940, 1, 1), D(2026, 1, 1), True),  # long before the table
        (D(1980, 1, 1), D(2026, 1, 1), False),  # far from it
        (D(1970, 1, 1), D(2040, 1, 1), None),  # after the table: unknown, never a guess
    ],
)
def test_heeft_aow_leeftijd(geboren, op, reached):
    assert tarief.heeft_aow_leeftijd(geboren, op) is reached


OP = D(2026, 6, 1)


@pytest.mark.parametrize(
    "situatie, keuzes, amount, reason",
    [
        (Situatie(OP, Voorziening.MAATWERK, 80), GemeenteKeuzes(), "21.80", "hoogstens € 21,80 per maand"),
        (Situatie(OP, Voorziening.PGB, 70), GemeenteKeuzes(), "21.80", "hoogstens"),
        (Situatie(OP, Voorziening.ALGEMEEN_DUURZAAM, 70), GemeenteKeuzes(), "21.80", "hoogstens"),
        (Situatie(OP, Voorziening.ALGEMEEN_OVERIG, 70), GemeenteKeuzes(), None, "geldt het abonnementstarief niet"),
        (Situatie(OP, Voorziening.BESCHERMD_WONEN_NATURA, 40), GemeenteKeuzes(), None, "geldt het abonnementstarief niet"),
        (Situatie(OP, Voorziening.MAATSCHAPPELIJKE_OPVANG, 40), GemeenteKeuzes(), None, "niet"),
        (Situatie(OP, Voorziening.MAATWERK, 15), GemeenteKeuzes(), "0", "onder de 18 jaar"),
        (Situatie(OP, Voorziening.MAATWERK, 80, wlz_eigen_bijdrage=True), GemeenteKeuzes(), "0", "Wlz"),
        (Situatie(OP, Voorziening.MAATWERK, 70, partner=True, iemand_onder_aow_leeftijd=True), GemeenteKeuzes(),
         "0", "jonger dan de AOW-leeftijd"),
        (Situatie(OP, Voorziening.MAATWERK, 70, partner=True, iemand_onder_aow_leeftijd=False), GemeenteKeuzes(),
         "21.80", "hoogstens"),
        (Situatie(OP, Voorziening.MAATWERK, 60, partner=False, iemand_onder_aow_leeftijd=True), GemeenteKeuzes(),
         "21.80", "hoogstens"),  # the exemption is for couples only
        (Situatie(OP, Voorziening.COLLECTIEF_VERVOER, 80), GemeenteKeuzes(collectief_vervoer_vrijgesteld=True),
         "0", "ritprijs"),
        (Situatie(OP, Voorziening.COLLECTIEF_VERVOER, 80), GemeenteKeuzes(), "21.80", "hoogstens"),
        (Situatie(OP, Voorziening.MAATWERK, 80), GemeenteKeuzes(abonnementstarief=Decimal("15.00")), "15.00",
         "minder dan het maximum: € 15,00"),
        (Situatie(OP, Voorziening.MAATWERK, 80), GemeenteKeuzes(abonnementstarief=Decimal("0")), "0",
         "geen eigen bijdrage"),
        (Situatie(OP, Voorziening.MAATWERK, 80), GemeenteKeuzes(abonnementstarief=Decimal("25.00")), "21.80",
         "hoogstens"),  # never above the legal maximum
        (Situatie(OP, Voorziening.HULPMIDDEL_WONINGAANPASSING, 80, kostprijs=Decimal("300"),
                  al_betaald=Decimal("290")), GemeenteKeuzes(), "10", "nooit meer dan wat de voorziening kost"),
        (Situatie(OP, Voorziening.HULPMIDDEL_WONINGAANPASSING, 80, kostprijs=Decimal("300"),
                  al_betaald=Decimal("300")), GemeenteKeuzes(), "0", "nu nog € 0,00"),
        (Situatie(D(2027, 3, 1), Voorziening.MAATWERK, 80), GemeenteKeuzes(), None, "nog geen wet"),
    ],
)
def test_eigen_bijdrage(situatie, keuzes, amount, reason):
    result = tarief.eigen_bijdrage(situatie, keuzes)
    assert result.bedrag == (None if amount is None else Decimal(amount))
    assert reason in result.uitleg


def test_a_woningaanpassing_for_a_child_mentions_the_parents_contribution():
    result = tarief.eigen_bijdrage(Situatie(OP, Voorziening.HULPMIDDEL_WONINGAANPASSING, 9))
    assert result.bedrag == 0 and "bijdrage van de ouders" in result.uitleg


@pytest.mark.parametrize(
    "gemeente_bedrag, hoogstens",
    [(None, Decimal("21.80")), (Decimal("15.00"), Decimal("15.00")), (Decimal("0"), Decimal("0")),
     (Decimal("25.00"), Decimal("21.80"))],  # never more than the legal maximum
)
def test_the_gemeente_asks_its_own_amount_only_when_lower(gemeente_bedrag, hoogstens):
    assert GemeenteKeuzes(gemeente_bedrag).hoogstens(Decimal("21.80")) == hoogstens
