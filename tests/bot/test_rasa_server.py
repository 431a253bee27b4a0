"""bot/rasa_server.py: Rasa's check of the action server's answers, without re-checking the schema each time."""

import time

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses

from bot import rasa_server

GOOD = {"events": [{"event": "slot", "name": "telefoon", "value": "0612345678", "timestamp": None}],
        "responses": [{"text": "Wat is uw telefoonnummer?", "buttons": []}]}
BAD = [
    {"events": "geen lijst"},
    {"events": [{"event": "slot", "name": 12}]},
    {"events": [{"timestamp": 1}]},  # an event without its kind
    {"responses": "geen lijst"},
]


@pytest.fixture
def action():
    return RemoteAction("action_versturen", None)


def test_a_valid_answer_passes_as_before(action):
    assert rasa_server.validate_action_result(action, GOOD) is True
    assert RemoteAction._validate_action_result(action, GOOD) is True  # Rasa's own, unpatched


@pytest.mark.parametrize("answer", BAD)
def test_an_invalid_answer_is_rejected_with_the_same_error_as_rasa_gives(action, answer):
    with pytest.raises(ValidationError) as ours:
        rasa_server.validate_action_result(action, answer)
    with pytest.raises(ValidationError) as rasas:
        RemoteAction._validate_action_result(action, answer)
    assert ours.value.message == rasas.value.message
    assert "Failed to validate Action server response" in ours.value.message


def test_checking_an_answer_takes_under_2_ms(action):
    rasa_server.validate_action_result(action, GOOD)  # builds the validator once
    started = time.perf_counter()
    for _ in range(50):
        rasa_server.validate_action_result(action, GOOD)
    assert (time.perf_counter() - started) / 50 < 0.002


@pytest.fixture
def patched():
    originals = RemoteAction._validate_action_result, Event.__dict__["resolve_by_type"]
    rasa_server.apply()
    yield
    RemoteAction._validate_action_result, Event.resolve_by_type = originals


def test_apply_puts_the_fixes_in_place(patched):
    assert RemoteAction._validate_action_result is rasa_server.validate_action_result
    assert Event.resolve_by_type is rasa_server.resolve_by_type


def test_every_event_name_gives_the_class_rasa_gives():
    names = {cls.type_name for cls in all_subclasses(Event)}
    assert {"user", "bot", "slot", "action", "active_loop", "session_started"} <= names
    for name in sorted(names):
        assert rasa_server.resolve_by_type(name) is rasa_server._RASA_RESOLVE_BY_TYPE(name), name


def test_unknown_and_old_event_names_behave_as_in_rasa(patched):
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("bestaat_niet", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("bestaat_niet")


def test_a_stored_conversation_reads_back_the_same(patched):
    events = [UserUttered("ik wil een melding doen", {"name": "melding_doen", "confidence": 0.98}),
              ActionExecuted("melding_form"), SlotSet("telefoon", "0612345678"), BotUttered("Dank u.")]
    again = [Event.from_parameters(event.as_dict()) for event in events]
    assert again == events
