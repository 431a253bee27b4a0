"""Deadlines: six weeks and the other Wmo/Awb terms, moved by the Algemene termijnenwet."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wmo import termijnen
from wmo.feestdagen import waarom_geen_termijndag

D = date

# Every Atw feestdag and gelijkgestelde dag of 2025-2028 as the end of a six-week term, with the last day worked
# out by hand from the calendar (not by the code under test).
FEESTDAG_DEADLINES = [
    (D(2025, 1, 1), "Nieuwjaarsdag", D(2025, 1, 2)),
    (D(2025, 4, 18), "Goede Vrijdag", D(2025, 4, 22)),
    (D(2025, 4, 21), "Tweede Paasdag", D(2025, 4, 22)),
    (D(2025, 4, 26), "Koningsdag", D(2025, 4, 28)),  # 27 April 2025 is a Sunday: Koningsdag on the 26th
    (D(2025, 5, 5), "5 mei (Bevrijdingsdag)", D(2025, 5, 6)),
    (D(2025, 5, 29), "Hemelvaartsdag", D(2025, 6, 2)),
    (D(2025, 5, 30), "gelijkgestelde dag", D(2025, 6, 2)),
    (D(2025, 6, 9), "Tweede Pinksterdag", D(2025, 6, 10)),
    (D(2025, 12, 25), "Eerste Kerstdag", D(2025, 12, 29)),
    (D(2025, 12, 26), "Tweede Kerstdag", D(2025, 12, 29)),
    (D(2026, 1, 1), "Nieuwjaarsdag", D(2026, 1, 5)),
    (D(2026, 1, 2), "gelijkgestelde dag", D(2026, 1, 5)),
    (D(2026, 4, 3), "Goede Vrijdag", D(2026, 4, 7)),
    (D(2026, 4, 6), "Tweede Paasdag", D(2026, 4, 7)),
    (D(2026, 4, 27), "Koningsdag", D(2026, 4, 28)),
    (D(2026, 5, 5), "5 mei (Bevrijdingsdag)", D(2026, 5, 6)),
    (D(2026, 5, 14), "Hemelvaartsdag", D(2026, 5, 18)),
    (D(2026, 5, 15), "gelijkgestelde dag", D(2026, 5, 18)),
    (D(2026, 5, 25), "Tweede Pinksterdag", D(2026, 5, 26)),
    (D(2026, 12, 25), "Eerste Kerstdag", D(2026, 12, 28)),
    (D(2027, 1, 1), "Nieuwjaarsdag", D(2027, 1, 4)),
    (D(2027, 3, 26), "Goede Vrijdag", D(2027, 3, 30)),
    (D(2027, 3, 29), "Tweede Paasdag", D(2027, 3, 30)),
    (D(2027, 4, 27), "Koningsdag", D(2027, 4, 28)),
    (D(2027, 5, 5), "5 mei (Bevrijdingsdag)", D(2027, 5, 10)),  # then Hemelvaart, a gelijkgestelde Friday, weekend
    (D(2027, 5, 6), "Hemelvaartsdag", D(2027, 5, 10)),
    (D(2027, 5, 7), "gelijkgestelde dag", D(2027, 5, 10)),
    (D(2027, 5, 17), "Tweede Pinksterdag", D(2027, 5, 18)),
    (D(2028, 4, 14), "Goede Vrijdag", D(2028, 4, 18)),
    (D(2028, 4, 17), "Tweede Paasdag", D(2028, 4, 18)),
    (D(2028, 4, 27), "Koningsdag", D(2028, 5, 1)),
    (D(2028, 4, 28), "gelijkgestelde dag", D(2028, 5, 1)),
    (D(2028, 5, 5), "5 mei (Bevrijdingsdag)", D(2028, 5, 8)),
    (D(2028, 5, 25), "Hemelvaartsdag", D(2028, 5, 29)),
    (D(2028, 5, 26), "gelijkgestelde dag", D(2028, 5, 29)),
    (D(2028, 6, 5), "Tweede Pinksterdag", D(2028, 6, 6)),
    (D(2028, 12, 25), "Eerste Kerstdag", D(2028, 12, 27)),
    (D(2028, 12, 26), "Tweede Kerstdag", D(2028, 12, 27)),
]
# Feestdagen of 2025-2028 on a weekend (26 Dec 2026, 1 Jan 2028, 25/26 Dec 2027) move as weekend days anyway:
WEEKEND_FEESTDAGEN = [(D(2026, 12, 26), D(2026, 12, 28)), (D(2027, 12, 25), D(2027, 12, 27)),
                      (D(2027, 12, 26), D(2027, 12, 27)), (D(2028, 1, 1), D(2028, 1, 3))]


@pytest.mark.parametrize("feestdag, naam, laatste_dag", FEESTDAG_DEADLINES)
def test_a_bezwaartermijn_ending_on_a_feestdag_moves_to_the_next_working_day(feestdag, naam, laatste_dag):
    verzonden = feestdag - timedelta(weeks=6)
    t = termijnen.bezwaartermijn(verzonden, vandaag=verzonden)
    assert t.zonder_verschuiving == feestdag
    assert t.laatste_dag == laatste_dag
    assert t.verschoven and t.verschuivingen[0].reden == naam
    assert t.zeker


@pytest.mark.parametrize("feestdag, laatste_dag", WEEKEND_FEESTDAGEN)
def test_feestdagen_on_a_weekend_move_the_term_too(feestdag, laatste_dag):
    assert termijnen.bezwaartermijn(feestdag - timedelta(weeks=6), feestdag).laatste_dag == laatste_dag


@pytest.mark.parametrize(
    "verzonden, laatste_dag, why",
    [
        (D(2026, 4, 2), D(2026, 5, 18), "facts sheet example: Hemelvaart, gelijkgestelde vrijdag, weekend"),
        (D(2026, 3, 3), D(2026, 4, 14), "a Tuesday: six weeks later, the same weekday, nothing moves"),
        (D(2026, 3, 7), D(2026, 4, 20), "sent on a Saturday: ends on a Saturday, moves to Monday"),
        (D(2026, 3, 8), D(2026, 4, 20), "sent on a Sunday"),
        (D(2025, 11, 17), D(2025, 12, 29), "year boundary: Monday 29 December 2025 is a working day"),
        (D(2025, 11, 21), D(2026, 1, 5), "into the next year: 2 January 2026 is gelijkgesteld"),
        (D(2026, 11, 20), D(2027, 1, 4), "into the next year: Nieuwjaarsdag on a Friday"),
        (D(2024, 2, 29), D(2024, 4, 11), "leap day"),
    ],
)
def test_bezwaartermijn(verzonden, laatste_dag, why):
    assert termijnen.bezwaartermijn(verzonden, verzonden).laatste_dag == laatste_dag, why


def test_the_explanation_says_why_the_day_moved_with_dates_written_out():
    t = termijnen.bezwaartermijn(D(2026, 3, 16), vandaag=D(2026, 4, 1))
    assert t.laatste_dag == D(2026, 4, 28)
    assert "U kunt bezwaar maken tot en met dinsdag 28 april 2026." in t.uitleg
    assert "maandag 27 april 2026. Dat is Koningsdag." in t.uitleg
    assert "uiterlijk die dag verstuurt" in t.uitleg and "binnen een week" in t.uitleg, "Awb 6:9: posted in time and received within a week is in time"
    assert "Awb art. 6:7" in t.artikelen and "Algemene termijnenwet" in t.artikelen


def test_on_the_last_day_the_bot_says_it_is_today():
    t = termijnen.bezwaartermijn(D(2026, 3, 3), vandaag=D(2026, 4, 14))
    assert not t.verstreken and t.dagen_over == 1
    assert "Dat is vandaag." in t.uitleg


def test_a_passed_bezwaartermijn_says_so_and_what_is_still_possible():
    t = termijnen.bezwaartermijn(D(2026, 3, 3), vandaag=D(2026, 4, 15))
    assert t.verstreken and t.dagen_over == 0
    assert t.uitleg.startswith("Bezwaar maken kan tot zes weken na de datum van de beschikking (3 maart 2026).\n"
                               "De laatste dag was dinsdag 14 april 2026. Die dag is voorbij.")
    assert "U kunt toch nog bezwaar maken. Schrijf er dan bij waarom u te laat bent." in t.uitleg
    assert "6:11" in t.artikelen


def test_a_year_without_koninklijk_besluit_is_reported_as_not_yet_certain():
    t = termijnen.bezwaartermijn(D(2029, 3, 1), vandaag=D(2029, 3, 2))
    assert not t.zeker
    assert "voor 2029 is nog niet bekend of er extra vrije dagen bijkomen" in t.uitleg
    assert "nooit eerder" in t.uitleg


@pytest.mark.parametrize(
    "adviescommissie, verdaagd, laatste_dag",
    [
        (False, False, D(2026, 6, 29)),  # bezwaartermijn ends Mon 18 May 2026, + 6 weeks
        (True, False, D(2026, 8, 10)),  # + 12 weeks
        (False, True, D(2026, 8, 10)),  # + 6 + 6 weeks
        (True, True, D(2026, 9, 21)),  # + 18 weeks: over twelve weeks, the Atw does not apply (art. 4)
    ],
)
def test_beslistermijn_on_a_bezwaar(adviescommissie, verdaagd, laatste_dag):
    t = termijnen.beslistermijn_bezwaar(D(2026, 4, 2), D(2026, 4, 10), adviescommissie, verdaagd)
    assert t.begin == D(2026, 5, 18), "counted from the end of the bezwaartermijn"
    assert t.laatste_dag == laatste_dag
    assert "7:10" in t.artikelen
    assert ("Algemene termijnenwet" in t.artikelen) is not (adviescommissie and verdaagd)


def test_beslistermijn_explains_verdaging():
    t = termijnen.beslistermijn_bezwaar(D(2026, 4, 2), D(2026, 4, 10), adviescommissie=True)
    assert "één keer met zes weken uitstellen" in t.uitleg and "schriftelijk" in t.uitleg


@pytest.mark.parametrize(
    "function, verzonden, laatste_dag, court",
    [
        (termijnen.beroepstermijn, D(2026, 10, 1), D(2026, 11, 12), "rechtbank"),
        (termijnen.hoger_beroep_termijn, D(2026, 10, 1), D(2026, 11, 12), "Centrale Raad van Beroep"),
        (termijnen.beroepstermijn, D(2026, 11, 13), D(2026, 12, 28), "rechtbank"),  # 25 Dec 2026 + weekend
    ],
)
def test_beroep_and_hoger_beroep(function, verzonden, laatste_dag, court):
    t = function(verzonden, verzonden)
    assert t.laatste_dag == laatste_dag
    assert court in t.uitleg


@pytest.mark.parametrize(
    "function, begin, laatste_dag",
    [
        (termijnen.plantermijn, D(2026, 11, 2), D(2026, 11, 9)),  # seven days after the melding
        (termijnen.plantermijn, D(2026, 4, 20), D(2026, 4, 28)),  # 27 April: Koningsdag
        (termijnen.plantermijn, D(2026, 12, 18), D(2026, 12, 28)),  # 25 Dec (Fri), 26 Dec, Sunday
        (termijnen.onderzoekstermijn, D(2026, 11, 2), D(2026, 12, 14)),
        (termijnen.beschikkingstermijn, D(2026, 11, 16), D(2026, 11, 30)),
        (termijnen.beschikkingstermijn, D(2026, 11, 1), D(2026, 11, 16)),  # ends on a Sunday
    ],
)
def test_wmo_procedure_terms(function, begin, laatste_dag):
    assert function(begin, begin).laatste_dag == laatste_dag


def test_a_late_onderzoek_gives_no_dwangsom_but_the_right_to_an_aanvraag():
    t = termijnen.onderzoekstermijn(D(2026, 9, 1), vandaag=D(2026, 11, 23))
    assert t.verstreken
    assert "geen dwangsom" in t.uitleg and "zelf een aanvraag doen" in t.uitleg
    assert "2.3.2 lid 1 en lid 9" in t.artikelen


def test_a_late_beschikking_explains_ingebrekestelling_and_dwangsom():
    t = termijnen.beschikkingstermijn(D(2026, 10, 1), vandaag=D(2026, 11, 23))
    assert t.verstreken
    assert "ingebrekestelling" in t.uitleg
    assert "€ 23,00 per dag" in t.uitleg and "€ 1.442,00" in t.uitleg and "42 dagen" in t.uitleg
    assert termijnen.DWANGSOM_MAXIMUM == 1442


def test_a_passed_plantermijn_says_the_plan_can_still_be_brought():
    t = termijnen.plantermijn(D(2026, 11, 2), vandaag=D(2026, 11, 23))
    assert t.uitleg.startswith("Uw persoonlijk plan kunt u sturen tot zeven dagen na uw melding (2 november 2026).\n"
                               "De laatste dag was maandag 9 november 2026.")
    assert "meenemen naar het gesprek" in t.uitleg


@pytest.mark.parametrize("termijn, rule", [
    (termijnen.bezwaartermijn, "Bezwaar maken kan tot zes weken na de datum van de beschikking"),
    (termijnen.beroepstermijn, "Beroep instellen kan tot zes weken na de datum van de beslissing op uw bezwaar"),
    (termijnen.hoger_beroep_termijn, "Hoger beroep instellen kan tot zes weken na de datum van de uitspraak"),
    (termijnen.plantermijn, "Uw persoonlijk plan kunt u sturen tot zeven dagen na uw melding"),
    (termijnen.onderzoekstermijn, "De gemeente moet het onderzoek doen binnen zes weken na uw melding"),
    (termijnen.beschikkingstermijn, "De gemeente moet beslissen binnen twee weken na uw aanvraag"),
])
@pytest.mark.parametrize("vandaag", [D(2026, 3, 4), D(2026, 12, 1)], ids=["open", "passed"])
def test_every_answer_says_the_rule_before_the_day_it_gives(termijn, rule, vandaag):
    assert termijn(D(2026, 3, 3), vandaag=vandaag).uitleg.startswith(rule)


dates = st.dates(min_value=D(2019, 1, 1), max_value=D(2034, 12, 31))


@settings(max_examples=3000, deadline=None)
@given(dates)
def test_a_bezwaar_deadline_is_never_early_and_never_on_a_day_off(verzonden):
    t = termijnen.bezwaartermijn(verzonden, verzonden)
    assert t.laatste_dag >= verzonden + timedelta(weeks=6)
    assert t.laatste_dag.weekday() < 5
    assert waarom_geen_termijndag(t.laatste_dag) is None
    # and it moves no further than needed: every day it skipped was a day off
    skipped = (t.laatste_dag - t.zonder_verschuiving).days
    assert all(waarom_geen_termijndag(t.zonder_verschuiving + timedelta(days=n)) for n in range(skipped))
    assert skipped <= 5


@settings(max_examples=1000, deadline=None)
@given(dates, dates)
def test_verstreken_follows_today(verzonden, vandaag):
    t = termijnen.bezwaartermijn(verzonden, vandaag)
    assert t.verstreken == (vandaag > t.laatste_dag)


@pytest.mark.parametrize(
    "term, words",
    [
        (termijnen.PLANTERMIJN, "zeven dagen"),
        (termijnen.ONDERZOEKSTERMIJN, "zes weken"),
        (termijnen.BESCHIKKINGSTERMIJN, "twee weken"),
        (termijnen.beslistermijn_bezwaar_duur(True), "twaalf weken"),
        (termijnen.beslistermijn_bezwaar_duur(False), "zes weken"),
        (timedelta(days=1), "een dag"),
        (timedelta(days=11), "11 dagen"),
    ],
)
def test_how_the_bot_says_a_term(term, words):
    assert termijnen.duur(term) == words
