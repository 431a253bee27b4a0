"""The bezwaartermijn counts from the date on the letter, not from the day it arrived (Awb 6:8).

A date the person only calls the day of receipt would give a last day that is too late: the bot asks for the date
on the beschikking instead.
"""

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.bezwaar import VRAAG_BRIEFDATUM, ValidateBezwaartermijnForm, noemt_alleen_ontvangst
from action_support import IN_GEMEENTE


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv(clock.TODAY_ENV, "2026-11-23")


@pytest.mark.parametrize("text,only_receipt", [
    ("ik heb de brief op 3 maart ontvangen", True),
    ("gisteren gekregen", True),
    ("op 5 maart kwam de beschikking binnen", True),
    ("ik heb op 3 maart een afwijzing gekregen, tot wanneer kan ik bezwaar maken", True),
    ("de brief lag 4 november in de bus", True),
    ("de brief van 3 maart", False),
    ("3 maart", False),
    ("verstuurd op 2 maart", False),
    ("de beschikking van 3 maart heb ik 5 maart ontvangen", False),  # the letter's date is named
    ("mijn aanvraag is afgewezen op 1 september", False),
])
def test_a_day_of_receipt_is_told_apart_from_the_date_on_the_letter(text, only_receipt):
    assert noemt_alleen_ontvangst(text) is only_receipt


def validate(text):
    tracker = Tracker("inwoner-1", {**IN_GEMEENTE, "requested_slot": "beschikking_datum"}, {"text": text}, [], False, None, {},
                      "action_listen")
    return asyncio.run(ValidateBezwaartermijnForm().validate_beschikking_datum(
        text, CollectingDispatcher(), tracker, {}))


def test_the_form_asks_for_the_date_on_the_letter_instead_of_counting_from_receipt():
    assert validate("ik heb hem op 6 november ontvangen") == {"beschikking_datum": None,
                                                                 "datum_vraag": VRAAG_BRIEFDATUM}
    assert validate("de brief is van 6 november") == {"beschikking_datum": "2026-11-06", "datum_vraag": None}
