"""bot/rasa_server.py: Rasa's check of the action server's answers, without re-checking the schema each time."""

import time

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

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


def test_apply_puts_the_fix_in_place():
    original = RemoteAction._validate_action_result
    try:
        rasa_server.apply()
        assert RemoteAction._validate_action_result is rasa_server.validate_action_result
    finally:
        RemoteAction._validate_action_result = original
