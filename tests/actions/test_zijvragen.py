"""A question asked inside a form is answered, and the form then asks its own question again."""

import pytest

from actions import clock
from actions.bezwaar import ValidateBezwaartermijnForm
from actions.tarief_berekening import ValidateTariefForm
from actions.zijvragen import is_side_question
from action_support import run, slots, tracker
from actions.feiten import feiten_slots
from wmo import gemeente


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv(clock.TODAY_ENV, "2026-11-23")


def in_bezwaar_form(text, intent, confidence=0.99, response_key=None):
    at_session_start = feiten_slots(gemeente.get("voorbeeldstad"), clock.vandaag())
    t = tracker(text, intent=intent, confidence=confidence,
                slots={**at_session_start, "requested_slot": "beschikking_datum"},
                active_loop="bezwaartermijn_form", response_key=response_key)
    return run(ValidateBezwaartermijnForm(), t)


def test_an_explanation_inside_the_date_question():
    events, messages = in_bezwaar_form("wat is een beschikking?", "uitleg", response_key="uitleg/procedure")
    assert slots(events) == {"beschikking_datum": None, "requested_slot": "beschikking_datum"}
    text = messages[0]["text"]
    assert "Binnen zeven dagen na uw melding mag u een persoonlijk plan sturen." in text, "fact slots filled in"
    assert text.endswith("Dan gaan we nu verder.")


def test_the_abonnementstarief_inside_the_date_question_is_computed():
    _, messages = in_bezwaar_form("hoeveel is de eigen bijdrage eigenlijk", "abonnementstarief")
    assert messages[0]["text"].startswith("Het abonnementstarief is in 2026 hoogstens € 21,80 per maand.")


def test_a_date_is_an_answer_even_when_the_nlu_calls_it_something_else():
    events, messages = in_bezwaar_form("de beschikking is van 3 november", "abonnementstarief", confidence=0.5)
    assert slots(events)["beschikking_datum"] == "2026-11-03"
    assert not messages


def test_an_unsure_intent_is_taken_as_an_answer():
    events, _ = in_bezwaar_form("wat is een beschikking", "uitleg", confidence=0.6, response_key="uitleg/procedure")
    assert slots(events)["datum_vraag"].startswith("Ik kon in uw bericht geen datum vinden.")


def test_in_the_tarief_form_a_side_question_waits_for_the_same_question():
    t = tracker("wat is het CAK?", intent="uitleg", slots={"requested_slot": "partner"}, active_loop="tarief_form",
                response_key="uitleg/tarief_cak")
    events, messages = run(ValidateTariefForm(), t)
    assert slots(events) == {"partner": None, "requested_slot": "partner"}
    assert messages[0]["text"].startswith("Het CAK stuurt de rekening")


@pytest.mark.parametrize(
    "text, intent, free_text, side",
    [
        ("bent u een mens?", "bot_challenge", False, True),
        ("bent u een mens", "bot_challenge", True, False),  # a free-text answer needs a question mark
        ("ik heb hulp nodig?", "hulpvraag", True, True),
        ("ja", "affirm", False, False),
        ("hoe laat is het?", "out_of_scope", False, False),
        ("wat is een beschikking", "uitleg", False, True),
        # one or two words to a yes/no question are an answer, however sure the NLU is of an explanation
        ("misschien", "uitleg", False, False),
        ("ja hoor", "uitleg", False, False),
    ],
)
def test_what_counts_as_a_side_question(text, intent, free_text, side):
    assert is_side_question(tracker(text, intent=intent), free_text) is side


def test_a_message_with_the_date_is_an_answer_even_when_it_also_asks_something():
    events, messages = in_bezwaar_form("de brief is van 3 november, wat is een beschikking?", "uitleg",
                                       response_key="uitleg/procedure")
    assert slots(events)["beschikking_datum"] == "2026-11-03"
    assert not messages


def test_weet_ik_niet_for_the_date_gets_where_to_find_it():
    events, _ = in_bezwaar_form("weet ik ook niet", "weet_niet")
    assert slots(events)["datum_vraag"].startswith("Kijk bovenaan de brief met de beschikking.")
