"""A tracker's applied events, worked out once per new event instead of on every call.

`DialogueStateTracker.applied_events()` (the events without what an undo, a restart or a rejected form took back)
goes through the whole conversation on every call, and Rasa 3.6 calls it many times per message: to check the
session, before every prediction (bot/dialogue_states.py), for each call to the action server, in the RulePolicy.
For a melding with a persoonlijk plan (a few hundred events) that was 6% of the Rasa server's time at 20
inwoners (py-spy, issue 8).

The answer depends only on the events, and Rasa only ever appends events to a tracker's `events` (a new tracker
gets a new deque: a copy, `travel_back_in_time`, a tracker read back). So the answer is kept on the tracker with
what it was worked out for: that deque, its length and its last event. While all three are the same, the kept
answer is still right, and each call gets its own copy of the list, as from Rasa. A deque with a maximum length
drops its first event when one is appended, and then its last event has changed too.
"""

from __future__ import annotations

from typing import Any, List

from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

RASA_APPLIED_EVENTS = DialogueStateTracker.applied_events

# On a tracker: (events deque, its length, its last event, the applied events).
_KEPT = "_wmo_applied_events"


def applied_events(self: DialogueStateTracker) -> List[Event]:
    """`DialogueStateTracker.applied_events` of Rasa 3.6, kept until an event is added."""
    events = self.events
    count = len(events)
    last = events[-1] if count else None
    kept: Any = self.__dict__.get(_KEPT)
    if kept is not None and kept[0] is events and kept[1] == count and kept[2] is last:
        return list(kept[3])
    applied = RASA_APPLIED_EVENTS(self)
    self.__dict__[_KEPT] = (events, count, last, applied)
    return list(applied)
