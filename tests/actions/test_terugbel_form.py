"""The terugbelverzoek (issue 27): what the form accepts and asks back, what the loket receives (the chat so far,
masked), and sending through the outbox: never lost, never twice. The real API is in tests/e2e/test_terugbellen.py."""

import json

import pytest
from rasa_sdk import Tracker

from actions import gemeente_api, outbox
from actions.gemeente_api import GemeenteApi
from actions.gesprek import gesprek_tot_nu
from actions.terugbellen import ActionTerugbelverzoekVersturen, ValidateTerugbelForm, verzoek_body
from actions.versturen import ActionVerzendstatus
from action_support import IN_GEMEENTE, recording_transport, run, sending_setup, slots, tracker

FILLED = {"terugbel_naam": "Anna de Vries", "terugbel_telefoon": "+31612345678", "terugbel_wanneer": "ochtend",
          "terugbel_vraag": "Ik wil weten of ik hulp kan krijgen bij het schoonmaken.", "terugbel_akkoord": "ja",
          "toestemming_moment": "2026-11-23T10:00:00+00:00", "verzend_sleutel": "sleutel-t1"}

# A chat as Rasa's tracker holds it: a story with a BSN and a phone number in it, a button, then the request.
EVENTS = [
    {"event": "session_started", "timestamp": 1763888000.0},
    {"event": "user", "text": "mijn moeder is gevallen, haar bsn is 111222333, bel mij op 06-12345678",
     "timestamp": 1763888001.0},
    {"event": "bot", "text": "Wat vervelend. Wilt u iemand spreken?", "timestamp": 1763888002.0,
     "data": {"buttons": [{"title": "Iemand spreken", "payload": "/contact_person"}]}},
    {"event": "user", "text": "/contact_person", "timestamp": 1763888003.0},
    {"event": "bot", "text": "U kunt het Wmo-loket bellen.", "timestamp": 1763888004.0,
     "data": {"buttons": [{"title": "Bel mij terug", "payload": "/terugbelverzoek"}]}},
    {"event": "user", "text": "/terugbelverzoek", "timestamp": 1763888005.0},
    {"event": "action", "name": "action_intro"},
    {"event": "bot", "text": "Ik vraag vier dingen.", "timestamp": 1763888006.0},
    {"event": "active_loop", "name": "terugbel_form"},
    {"event": "bot", "text": "Wat is uw naam?", "timestamp": 1763888007.0},
    {"event": "user", "text": "Anna de Vries", "timestamp": 1763888008.0},
]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch, tmp_path):
    sending_setup(monkeypatch, tmp_path)


def asked(slot, text, intent="out_of_scope", filled=None):
    return tracker(text, intent=intent, slots={"requested_slot": slot, **(filled or {})}, active_loop="terugbel_form")


def validate(text, slot, filled=None):
    events, messages = run(ValidateTerugbelForm(), asked(slot, text, filled=filled))
    return slots(events), messages


@pytest.mark.parametrize("typed,stored", [
    ("06-12 34 56 78", "+31612345678"),
    ("mijn nummer is 010 1234567", "+31101234567"),
    ("+31 6 12345678", "+31612345678"),
])
def test_a_phone_number_is_checked_as_in_the_melding(typed, stored):
    filled, _ = validate(typed, "terugbel_telefoon")
    assert filled["terugbel_telefoon"] == stored


@pytest.mark.parametrize("typed,question", [
    ("0900 1234567", "Dat telefoonnummer kan ik niet gebruiken."),
    ("06 1234", "Dat telefoonnummer kan ik niet gebruiken."),
    ("geen telefoon", "Heeft u geen telefoon? Mail dan naar wmo@voorbeeldstad.example."),
])
def test_a_number_that_cannot_be_called_is_asked_again_and_nothing_else_is_lost(typed, question):
    filled, _ = validate(typed, "terugbel_telefoon", filled={"terugbel_naam": "Anna de Vries"})
    assert filled["terugbel_telefoon"] is None and question in filled["vraag_opnieuw"]
    assert "terugbel_naam" not in filled, "the name given before stays"


@pytest.mark.parametrize("typed,stored", [
    ("In de ochtend", "ochtend"), ("liefst 's middags", "middag"), ("maakt mij niet uit", "zo_snel_mogelijk"),
    ("Zo snel mogelijk", "zo_snel_mogelijk"),
])
def test_when_to_call_is_read_from_a_button_or_own_words(typed, stored):
    filled, _ = validate(typed, "terugbel_wanneer")
    assert filled["terugbel_wanneer"] == stored


def test_an_unclear_moment_gets_the_three_choices_back():
    filled, _ = validate("ochtend of middag, of morgen", "terugbel_wanneer")
    assert filled["terugbel_wanneer"] is None
    assert filled["vraag_opnieuw"].startswith("Kies wanneer het u het beste uitkomt")


def test_the_question_is_kept_in_the_inwoners_words_and_a_bare_yes_is_asked_again():
    filled, _ = validate("Hoe vraag ik een traplift aan?", "terugbel_vraag")
    assert filled["terugbel_vraag"] == "Hoe vraag ik een traplift aan?"
    filled, _ = validate("ja", "terugbel_vraag")
    assert filled["terugbel_vraag"] is None and "eigen woorden" in filled["vraag_opnieuw"]


def test_consent_makes_the_key_once_and_changing_a_part_asks_only_that_again():
    events, _ = run(ValidateTerugbelForm(), asked("terugbel_akkoord", "Ja", intent="affirm",
                                                  filled={**FILLED, "terugbel_akkoord": None,
                                                          "verzend_sleutel": None}))
    filled = slots(events)
    assert filled["terugbel_akkoord"] == "ja" and filled["verzend_sleutel"] and filled["toestemming_moment"]
    filled, _ = validate("Telefoon", "terugbel_akkoord", filled={**FILLED, "terugbel_akkoord": None})
    assert filled["terugbel_telefoon"] is None and "terugbel_naam" not in filled


def test_the_chat_so_far_is_masked_shows_buttons_by_their_title_and_stops_at_the_request():
    lines = gesprek_tot_nu(EVENTS, tot_form="terugbel_form")
    assert [(line["van"], line["tekst"]) for line in lines] == [
        ("inwoner", "mijn moeder is gevallen, haar bsn is [BSN], bel mij op [telefoonnummer]"),
        ("assistent", "Wat vervelend. Wilt u iemand spreken?"),
        ("inwoner", "[knop] Iemand spreken"),
        ("assistent", "U kunt het Wmo-loket bellen."),
    ]
    assert lines[0]["moment"] == "2025-11-23T08:53:21+00:00"


def test_a_new_session_starts_a_new_chat_so_far():
    later = [*EVENTS, {"event": "session_started", "timestamp": 1763899000.0},
             {"event": "user", "text": "hallo", "timestamp": 1763899001.0}]
    assert [line["tekst"] for line in gesprek_tot_nu(later)] == ["hallo"]


def filled_tracker(events=EVENTS):
    return Tracker("inwoner-1", {**IN_GEMEENTE, **FILLED}, {"text": "Ja", "intent": {"name": "affirm"}}, events,
                   False, None, {}, "action_listen")


def test_the_body_is_what_the_gemeente_api_takes():
    from wmo.gemeente import get
    body = verzoek_body(filled_tracker(), get("voorbeeldstad"))
    assert body["gemeente"] == "voorbeeldstad" and body["wanneer"] == "ochtend"
    assert body["toestemming"] == {"gegeven": True, "moment": "2026-11-23T10:00:00+00:00"}
    assert len(body["gesprek"]) == 4 and "111222333" not in json.dumps(body)


def stand_in(monkeypatch, answers):
    transport, requests = recording_transport(answers)
    for action in (ActionTerugbelverzoekVersturen, ActionVerzendstatus):
        monkeypatch.setattr(action, "api",
                            lambda self: GemeenteApi(url="http://gemeente.test", token="t", transport=transport))
    return requests


def test_sent_once_with_its_key_confirmed_and_forgotten_by_the_conversation(monkeypatch):
    requests = stand_in(monkeypatch, [(201, {"id": "t-1"})])
    events, messages = run(ActionTerugbelverzoekVersturen(), filled_tracker())
    text = messages[0]["text"]
    assert text.startswith("Uw terugbelverzoek is aangekomen bij het Wmo-loket. Een medewerker belt u in de ochtend "
                           "op 06 12345678.")
    [request] = requests
    assert request.url.path == "/api/v1/terugbelverzoeken" and request.headers["Idempotency-Key"] == "sleutel-t1"
    assert json.loads(request.content)["vraag"] == FILLED["terugbel_vraag"]
    assert slots(events)["terugbel_telefoon"] is None and slots(events)["verzend_sleutel"] is None
    [entry] = outbox.current().of_conversation("inwoner-1")
    assert entry.status == outbox.AANGEKOMEN and entry.body is None, "the outbox keeps no personal data once sent"


def test_an_unreachable_gemeente_keeps_the_request_and_the_status_question_sends_it(monkeypatch):
    requests = stand_in(monkeypatch, [(503, {})] * gemeente_api.TRIES + [(201, {"id": "t-1"})])
    _, messages = run(ActionTerugbelverzoekVersturen(), filled_tracker())
    assert "Ik heb uw terugbelverzoek bewaard." in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/verzendstatus", "/contact_person"]
    _, messages = run(ActionVerzendstatus(), tracker("is het al aangekomen?", intent="verzendstatus"))
    assert messages[0]["text"].startswith("Uw terugbelverzoek is aangekomen bij het Wmo-loket.")
    assert {r.headers["Idempotency-Key"] for r in requests} == {"sleutel-t1"}


def test_nothing_is_sent_without_consent(monkeypatch):
    requests = stand_in(monkeypatch, [(201, {"id": "t-1"})])
    t = Tracker("inwoner-1", {**IN_GEMEENTE, **FILLED, "terugbel_akkoord": None}, {"text": "Ja"}, EVENTS, False,
                None, {}, "action_listen")
    events, messages = run(ActionTerugbelverzoekVersturen(), t)
    assert (events, messages, requests) == ([], [], [])
