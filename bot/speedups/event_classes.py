"""The class of each stored event, looked up once per event name.

Loading a conversation from the tracker store turns each stored event into its class with
`Event.resolve_by_type`, which walks the whole tree of Event subclasses (and asks `inspect.isabstract` of each)
for every event: 7.5% of the Rasa server's time (py-spy, issue 8). Here the answer per event name is remembered.
Event classes are defined when Rasa is imported and their names are unique, so the answers are the same.
"""

from __future__ import annotations

import functools
from typing import Any

from rasa.shared.core.events import Event

RASA_RESOLVE_BY_TYPE = Event.resolve_by_type


@functools.lru_cache(maxsize=None)
def _event_class(type_name: str) -> Any:
    return RASA_RESOLVE_BY_TYPE(type_name)  # raises ValueError for an unknown name, which is not remembered


def resolve_by_type(type_name: str, default: Any = None) -> Any:
    """Event.resolve_by_type of Rasa 3.6, remembering the class of each event name."""
    try:
        return _event_class(type_name)
    except ValueError:
        if default is not None:
            return default
        raise
