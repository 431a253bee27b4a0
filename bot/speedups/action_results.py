"""Rasa's check of the action server's answers, with the validator built once and each event checked for its kind.

Rasa checks every answer of the action server against its JSON schema with `jsonschema.validate()`, which first
checks the *schema itself* against the JSON Schema meta-schema, on every call. With jsonschema 4.17 (the newest
Rasa 3.6 allows) that costs about 22 ms per custom action, while checking the answer costs 0.3 ms. A form turn
runs two custom actions, so this was half of the Rasa server's time per message (py-spy, issue 8). Here the schema
is checked once and the validator is kept: every answer is still validated, with the same errors (jsonschema's
`best_match`, and Rasa's message appended), as `jsonschema.validate` raises them.

Even with the validator kept, checking an answer cost 0.6 ms per event (8% of the server's time at 20 inwoners,
the most in the 30 slots of `action_session_start`): Rasa's schema says an event is "one of" 23 kinds, so
jsonschema tries every kind for every event. Each kind is named by the event's `event` field, so an answer is
valid exactly when it is valid without the "one of" and each event is valid for its own kind; that is checked
first. Only an answer that fails it goes through Rasa's whole schema, which then gives Rasa's error.
"""

from __future__ import annotations

import copy
import functools
from typing import Any, Dict, Optional, Tuple


@functools.lru_cache(maxsize=None)
def _action_response_validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


@functools.lru_cache(maxsize=None)
def _validators_per_kind() -> Optional[Tuple[Any, Dict[str, Any]]]:
    """Rasa's schema without the "one of" of the events, and a validator per kind of event (by its `event`), or
    None if the kinds are not each named by a different `event`. Built from the whole schema's validator, whose
    schema is checked once there."""
    whole = _action_response_validator()
    validator_class = type(whole)
    without_kinds = copy.deepcopy(whole.schema)
    kinds = without_kinds["properties"]["events"]["items"].pop("oneOf")
    names = [kind.get("properties", {}).get("event", {}).get("const") for kind in kinds]
    if None in names or len(set(names)) != len(names):
        return None
    return validator_class(without_kinds), {name: validator_class(kind) for name, kind in zip(names, kinds)}


def _valid_per_kind(result: Any) -> bool:
    """True only for an answer that Rasa's schema accepts: valid without the "one of", and every event valid for
    the one kind its `event` names (the kinds its `event` does not name fail on it, so "one of" holds)."""
    validators = _validators_per_kind()
    if validators is None:
        return False
    without_kinds, per_kind = validators
    if not without_kinds.is_valid(result):
        return False
    for event in result.get("events") or []:
        kind = per_kind.get(event["event"])
        if kind is None or not kind.is_valid(event):
            return False
    return True


def validate_action_result(self: Any, result: Dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result of Rasa 3.6, with the validator built once, and a valid answer checked
    per kind of event."""
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    if _valid_per_kind(result):
        return True
    error = best_match(_action_response_validator().iter_errors(result))
    if error is not None:
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True
