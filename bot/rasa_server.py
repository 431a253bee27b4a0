"""Starts Rasa's command line (`rasa run ...`) with two fixes to Rasa 3.6 that the Wmo-assistent needs for speed.

    python -m bot.rasa_server run --model models/wmo.tar.gz ...      (what scripts/stack.py starts)

1. Rasa checks every answer of the action server against its JSON schema with `jsonschema.validate()`,
which first checks the *schema itself* against the JSON Schema meta-schema, on every call. With jsonschema 4.17
(the newest Rasa 3.6 allows) that costs about 22 ms per custom action, while checking the answer costs 0.3 ms.
A form turn runs two custom actions, so this was half of the Rasa server's time per message (py-spy profile,
issue 8). Here the schema is checked once and the validator is kept: every answer is still validated, with
the same errors (jsonschema's `best_match`, and Rasa's message appended), as `jsonschema.validate` raises them.
2. Loading a conversation from the tracker store turns each stored event into its class with
`Event.resolve_by_type`, which walks the whole tree of Event subclasses (and asks `inspect.isabstract` of each)
for every event: 7.5% of the server's time. Here the answer per event name is remembered. Event classes are
defined when Rasa is imported and their names are unique, so the answers are the same.
It also masks BSNs, IBANs and phone numbers in every log line of the server (wmo/masking.py).
"""

from __future__ import annotations

import functools
import sys
from typing import Any, Dict

from rasa.shared.core.events import Event

_RASA_RESOLVE_BY_TYPE = Event.resolve_by_type


@functools.lru_cache(maxsize=None)
def _action_response_validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(self: Any, result: Dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result of Rasa 3.6, with the validator built once."""
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

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


@functools.lru_cache(maxsize=None)
def _event_class(type_name: str) -> Any:
    return _RASA_RESOLVE_BY_TYPE(type_name)  # raises ValueError for an unknown name, which is not remembered


def resolve_by_type(type_name: str, default: Any = None) -> Any:
    """Event.resolve_by_type of Rasa 3.6, remembering the class of each event name."""
    try:
        return _event_class(type_name)
    except ValueError:
        if default is not None:
            return default
        raise


def apply() -> None:
    from rasa.core.actions.action import RemoteAction

    from wmo.masking import install_log_masking

    install_log_masking()  # a BSN, IBAN or phone number in a log line of the Rasa server is masked

    RemoteAction._validate_action_result = validate_action_result
    Event.resolve_by_type = staticmethod(resolve_by_type)


def main() -> None:
    apply()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
