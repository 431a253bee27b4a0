"""Every way of asking for the bezwaar or plan deadline with the date in the question gets the exact last day.

Through the real bot (Rasa, NLU server, action server): each of 20 phrasings of the question × each of 10 ways of
writing the date. The first reply must give the last day that wmo/termijnen.py computes for that date, with the
action server's clock (conftest.TODAY). The phrasings are written for this test and are in no training file
(tests/tools/test_evaluation_sets.py checks that).
"""

from datetime import date

import pytest

from tests.e2e.conftest import TODAY
from wmo import termijnen
from wmo.datums import vind_datum
from wmo.kalender import datum_voluit

VANDAAG = date.fromisoformat(TODAY)

# 10 ways of writing a date: written out, numeric with - / ., with the weekday, an abbreviated month, a two-digit
# year, an ordinal, a typo in the month, and a date relative to today.
DATE_FORMS = [
    "2 november 2026", "2-11-2026", "2/11/2026", "2.11.2026", "maandag 2 november 2026", "2 nov 2026",
    "02-11-26", "2e november", "2 novmber 2026", "vorige week maandag",
]

BEZWAAR_ZINNEN = [
    "De beslissing over mijn traplift is van {datum}, wanneer moet mijn bezwaar er uiterlijk zijn?",
    "ik kreeg een afwijzing gedateerd {datum}. hoelang heb ik om bezwaar te maken",
    "Tot welke dag kan ik in bezwaar tegen de beschikking van {datum}?",
    "de brief is van {datum}, wat is de laatste dag voor bezwaar?",
    "Mijn moeder heeft een beschikking van {datum} gekregen waar ze het niet mee eens is. Tot wanneer kan ze "
    "bezwaar indienen?",
    "wanneer is de bezwaartermijn voorbij als het besluit van {datum} is",
    "Beschikking {datum} hulp in het huishouden afgewezen, wanneer moet mijn bezwaarschrift binnen zijn?",
    "hoe lang nog bezwaar maken? brief {datum}",
    "Tot wanneer mag ik bezwaar aantekenen tegen het besluit van {datum}?",
    "ze hebben mijn scootmobiel geweigerd, de brief is van {datum}. wat is mijn uiterste datum voor bezwaar",
    "Ik ben het oneens met de beslissing van {datum}. Tot wanneer kan ik daartegen in bezwaar gaan?",
    "bezwaar termijn beschikking {datum}",
    "Is het nog op tijd als ik bezwaar maak tegen de beschikking van {datum}?",
    "De gemeente heeft op {datum} besloten over mijn woningaanpassing. Wat is de deadline voor mijn bezwaar?",
    "Hoeveel tijd heb ik nog voor bezwaar? Het besluit is gedateerd {datum}.",
    "mijn pgb is verlaagd met een brief van {datum}, tot wanneer kan ik daar tegen protesteren",
    "wanneer verloopt de termijn om bezwaar te maken, beschikking van {datum}",
    "Goedemiddag, tot wanneer kan mijn vader bezwaar maken? Zijn beschikking is van {datum}.",
    "uiterlijk wanneer bezwaar indienen tegen besluit {datum}?",
    "Ik wil in bezwaar tegen de beschikking van {datum}, wat is de laatste dag?",
]

PLAN_ZINNEN = [
    "Ik heb op {datum} een melding gedaan, tot wanneer kan ik mijn persoonlijk plan sturen?",
    "melding gedaan {datum}, wanneer moet het plan binnen zijn",
    "Wat is de laatste dag voor mijn persoonlijk plan? De melding was op {datum}.",
    "hoeveel tijd heb ik voor het persoonlijk plan als ik mij op {datum} gemeld heb",
    "Mijn melding bij de Wmo is van {datum}. Tot wanneer mag ik een eigen plan inleveren?",
    "tot wanneer plan indienen, melding {datum}",
    "Ik heb de gemeente op {datum} gebeld voor hulp. Wanneer moet mijn plan er zijn?",
    "De melding voor mijn moeder deed ik op {datum}, tot welke dag kan ik haar persoonlijk plan sturen?",
    "wanneer is de termijn voor het persoonlijk plan om als de melding op {datum} was",
    "Sinds {datum} staat mijn melding bij de gemeente. Hoe lang kan ik mijn plan nog opsturen?",
    "plan sturen tot wanneer? gemeld op {datum}",
    "Ik meldde me op {datum} bij het Wmo-loket. Wat is de uiterste dag voor mijn plan?",
    "Hoi, ik heb {datum} een hulpvraag gemeld. Tot wanneer kan ik een persoonlijk plan maken en sturen?",
    "tot welke datum kan het persoonlijk plan ingeleverd worden bij een melding van {datum}",
    "Is het nog op tijd als ik mijn plan nu stuur? De melding was {datum}.",
    "deadline persoonlijk plan melding {datum}",
    "Wij hebben op {datum} hulp aangevraagd voor mijn vader. Tot wanneer mag zijn plan binnenkomen?",
    "hoe lang heb ik voor mijn plan, melding gedaan op {datum}",
    "Op {datum} heb ik een melding gedaan. Wanneer verloopt de termijn voor het plan?",
    "Tot wanneer kan ik mijn eigen plan opsturen na mijn melding van {datum}?",
]


def expected_day(form: str, termijn) -> str:
    found = vind_datum(form, VANDAAG)
    assert found is not None and found.datum is not None, f"wmo.datums does not read {form!r}"
    return datum_voluit(termijn(found.datum, VANDAAG).laatste_dag)


def check_first_reply(conversation, zin: str, form: str, termijn) -> None:
    reply = conversation.text(zin.format(datum=form))
    day = expected_day(form, termijn)
    assert f"tot en met {day}" in reply or f"De laatste dag was {day}" in reply, (
        f"{zin.format(datum=form)!r}: the first reply does not give {day}:\n{reply}")


def test_there_are_twenty_phrasings_of_each_and_ten_date_forms():
    assert len(set(BEZWAAR_ZINNEN)) == len(set(PLAN_ZINNEN)) == 20 and len(set(DATE_FORMS)) == 10
    assert all("{datum}" in zin for zin in BEZWAAR_ZINNEN + PLAN_ZINNEN)


@pytest.mark.parametrize("form", DATE_FORMS)
@pytest.mark.parametrize("zin", BEZWAAR_ZINNEN)
def test_bezwaar_question_with_a_date_gets_the_last_day(conversation, zin, form):
    check_first_reply(conversation, zin, form, termijnen.bezwaartermijn)


@pytest.mark.parametrize("form", DATE_FORMS)
@pytest.mark.parametrize("zin", PLAN_ZINNEN)
def test_plan_question_with_a_date_gets_the_last_day(conversation, zin, form):
    check_first_reply(conversation, zin, form, termijnen.plantermijn)
