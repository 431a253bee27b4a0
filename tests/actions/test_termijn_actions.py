"""The deadline and tariff actions: what the inwoner reads, with a fixed 'today'."""

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.bezwaar import ActionBezwaartermijn, ValidateBezwaartermijnForm
from actions.datum_slot import (GEEN_DATUM, ActionAskBeschikkingDatum, ActionAskMeldingDatum, extract_date_text,
                                validate_date_text)
from actions.plan import ActionPlantermijn
from actions.abonnementstarief import ActionAbonnementstarief, asked_year
from action_support import IN_GEMEENTE


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv(clock.TODAY_ENV, "2026-11-23")


def tracker(text="", intent="geef_datum", slots=None):
    return Tracker("inwoner-1", {**IN_GEMEENTE, **(slots or {})}, {"text": text, "intent": {"name": intent}}, [], False, None,
                   {}, "action_listen")


def run(action, t):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return events, dispatcher.messages


def slots(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_the_clock_can_be_fixed_and_otherwise_follows_the_dutch_calendar(monkeypatch):
    assert str(clock.vandaag()) == "2026-11-23"
    monkeypatch.delenv(clock.TODAY_ENV)
    assert clock.vandaag().year >= 2026


@pytest.mark.parametrize(
    "text, requested, extracted",
    [
        ("Tot wanneer kan ik bezwaar maken tegen de beschikking van 3 maart 2026?", None,
         {"beschikking_datum": "Tot wanneer kan ik bezwaar maken tegen de beschikking van 3 maart 2026?"}),
        ("ik wil bezwaar maken", None, {}),  # started without a date: the form asks
        ("ik weet het niet", "beschikking_datum", {"beschikking_datum": "ik weet het niet"}),  # asked: read it
    ],
)
def test_extraction_takes_the_message_when_it_holds_a_date_or_was_asked_for(text, requested, extracted):
    t = tracker(text, slots={"requested_slot": requested})
    assert extract_date_text("beschikking_datum", t) == extracted


@pytest.mark.parametrize("intent", ["stop", "contact_person"])
def test_stop_and_iemand_spreken_are_left_to_their_rules(intent):
    t = tracker("laat maar", intent=intent, slots={"requested_slot": "beschikking_datum"})
    assert extract_date_text("beschikking_datum", t) == {}


@pytest.mark.parametrize(
    "value, expected",
    [
        ("de brief is van 4 maart", {"beschikking_datum": "2026-03-04", "datum_vraag": None}),
        ("31 februari", {"beschikking_datum": None, "datum_vraag": "Februari heeft nooit 31 dagen."}),
        ("25 december 2026", {"beschikking_datum": None, "datum_vraag": "ligt nog in de toekomst"}),
        ("geen idee", {"beschikking_datum": None, "datum_vraag": GEEN_DATUM}),
    ],
)
def test_validation_reads_the_date_or_sets_the_question(value, expected):
    result = validate_date_text("beschikking_datum", value)
    assert result["beschikking_datum"] == expected["beschikking_datum"]
    if expected["datum_vraag"] is None:
        assert result["datum_vraag"] is None
    else:
        assert expected["datum_vraag"] in result["datum_vraag"]


def test_the_form_validation_action_wires_extract_and_validate():
    form = ValidateBezwaartermijnForm()
    assert form.name() == "validate_bezwaartermijn_form"
    assert hasattr(form, "extract_beschikking_datum") and hasattr(form, "validate_beschikking_datum")


def test_the_ask_action_asks_the_specific_question_once():
    events, messages = run(ActionAskBeschikkingDatum(), tracker(slots={"datum_vraag": "Februari heeft nooit 31 dagen."}))
    assert messages[0]["text"] == "Februari heeft nooit 31 dagen."
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/stop", "/contact_person"]
    assert SlotSet("datum_vraag", None) in events
    _, messages = run(ActionAskBeschikkingDatum(), tracker())
    assert messages[0]["text"].startswith("Welke datum staat op de brief met de beschikking?"), "outside its own form: no rule"


def test_the_first_question_of_a_termijn_form_says_the_rule_before_it_asks():
    in_form = Tracker("inwoner-1", IN_GEMEENTE, {"text": "hoeveel weken heb ik voor bezwaar", "intent": {"name": "bezwaartermijn"}},
                      [], False, None, {"name": "bezwaartermijn_form"}, "action_listen")
    _, messages = run(ActionAskBeschikkingDatum(), in_form)
    assert messages[0]["text"] == (
        "Bezwaar maken kan tot zes weken na de datum van de beschikking. Welke datum staat op de brief met de "
        "beschikking? Dat is meestal de dag dat de gemeente de brief verstuurde. Bijvoorbeeld: 3 maart 2026. "
        "Dan reken ik de laatste dag voor u uit.")
    in_plan_form = Tracker("inwoner-1", IN_GEMEENTE, {"text": "hoeveel dagen heb ik voor mijn plan", "intent": {"name": "plantermijn"}},
                           [], False, None, {"name": "plantermijn_form"}, "action_listen")
    _, messages = run(ActionAskMeldingDatum(), in_plan_form)
    assert messages[0]["text"].startswith("Uw persoonlijk plan kunt u sturen tot zeven dagen na uw melding. Op welke datum")


def button_after_bedoelt_u(first_message: str, payload: str, intent: str) -> Tracker:
    events = [{"event": "user", "text": first_message, "parse_data": {"intent": {"name": "nlu_fallback"}}},
              {"event": "action", "name": "action_bedoelt_u"}, {"event": "bot", "text": "Bedoelt u ...?"},
              {"event": "action", "name": "action_listen"},
              {"event": "user", "text": payload, "parse_data": {"intent": {"name": intent}}},
              {"event": "action", "name": "bezwaartermijn_form"}]
    return Tracker("inwoner-1", IN_GEMEENTE, {"text": payload, "intent": {"name": intent}}, events, False, None,
                   {"name": "bezwaartermijn_form"}, "bezwaartermijn_form")


def test_a_button_of_bedoelt_u_reads_the_date_from_the_message_it_was_about():
    t = button_after_bedoelt_u("De beslissing over mijn traplift is van 12 januari 2026, wanneer moet mijn bezwaar er "
                               "uiterlijk zijn?", "/bezwaartermijn", "bezwaartermijn")
    value = extract_date_text("beschikking_datum", t)["beschikking_datum"]
    assert validate_date_text("beschikking_datum", value)["beschikking_datum"] == "2026-01-12"


def test_a_button_of_another_menu_reads_only_itself():
    events = [{"event": "user", "text": "de brief is van 12 januari 2026"}, {"event": "action", "name": "utter_help"},
              {"event": "action", "name": "action_listen"}, {"event": "user", "text": "/bezwaartermijn"}]
    t = Tracker("inwoner-1", IN_GEMEENTE, {"text": "/bezwaartermijn", "intent": {"name": "bezwaartermijn"}}, events, False,
                None, {"name": "bezwaartermijn_form"}, "bezwaartermijn_form")
    assert extract_date_text("beschikking_datum", t) == {}, "no date in the button: the form asks for it"


def test_the_tarief_after_bedoelt_u_answers_for_the_year_first_asked():
    t = button_after_bedoelt_u("wat kost het abonnementstarief in 2025 voor mijn rolstoel", "/abonnementstarief",
                               "abonnementstarief")
    events, _ = run(ActionAbonnementstarief(), t)
    assert "in 2025" in slots(events)["tarief_uitleg"]


def test_bezwaartermijn_answer():
    events, messages = run(ActionBezwaartermijn(), tracker(slots={"beschikking_datum": "2026-10-12"}))
    assert messages == [], "the response utter_termijn shows the answer"
    answer = slots(events)
    assert answer["termijn_uitleg"].startswith(
        "Bezwaar maken kan tot zes weken na de datum van de beschikking (12 oktober 2026).\n"
        "U kunt bezwaar maken tot en met maandag 23 november 2026.")
    assert "Dat is vandaag." in answer["termijn_uitleg"]
    assert answer["beschikking_datum"] is None, "the next question starts fresh"


def test_plantermijn_answer():
    events, _ = run(ActionPlantermijn(), tracker(slots={"melding_datum": "2026-11-20"}))
    assert slots(events)["termijn_uitleg"].startswith(
        "Uw persoonlijk plan kunt u sturen tot zeven dagen na uw melding (20 november 2026).\n"
        "U kunt uw persoonlijk plan sturen tot en met vrijdag 27 november 2026.")


@pytest.mark.parametrize(
    "text, says",
    [
        ("Wat is het abonnementstarief?", "Het abonnementstarief is in 2026 hoogstens € 21,80 per maand."),
        ("wat was het abonnementstarief in 2024", "Het abonnementstarief is in 2024 hoogstens € 20,60 per maand."),
        ("en in 2027?", "Voor 2027 is nog geen bedrag vastgesteld."),
        # two years asked: both answered, neither picked
        ("wat was het in 2024 of 2025?", "Het abonnementstarief is in 2024 hoogstens € 20,60 per maand."),
        ("wat was het in 2024 of 2025?", "Het abonnementstarief is in 2025 hoogstens € 21,"),
    ],
)
def test_abonnementstarief_answer(text, says):
    events, _ = run(ActionAbonnementstarief(), tracker(text, intent="abonnementstarief"))
    answer = slots(events)["tarief_uitleg"]
    assert says in answer


def test_this_years_answer_says_what_the_gemeente_chose():
    events, _ = run(ActionAbonnementstarief(), tracker("wat is het abonnementstarief", intent="abonnementstarief"))
    assert "Voor de regiotaxi vraagt gemeente Voorbeeldstad geen abonnementstarief." in slots(events)["tarief_uitleg"]


@pytest.mark.parametrize("text, year", [("in 2024", 2024), ("2024 of 2025", None), ("geen jaar", None)])
def test_asked_year(text, year):
    assert asked_year(text) == year
