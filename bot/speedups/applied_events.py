"""A tracker's applied events, worked out from the new events only instead of from all events on every call.

`DialogueStateTracker.applied_events()` (the events without what an undo, a restart or a rejected form took back)
goes through the whole conversation on every call, and Rasa 3.6 calls it many times per message: to check the
session, before every prediction (bot/speedups/dialogue_states.py), for each call to the action server, in the
RulePolicy.
For a melding with a persoonlijk plan (a few hundred events) that was 6% of the Rasa server's time at 20
inwoners (py-spy, issue 8); keeping the answer until an event is added brought it to 4.4%, because most calls
come right after a new event.

Rasa only ever appends events to a tracker's `events` (a new tracker gets a new deque: a copy,
`travel_back_in_time`, a tracker read back). So the answer is kept on the tracker with what it was worked out
for: that deque, its length, its last event, and the names of the forms (loops) in it. While the deque, its
length and its last event are the same, the kept answer is still right. When events were appended to the same
deque, Rasa's loop over the events goes on from the kept answer with the new events: each step depends only on
the answer so far and on the names of the loops in the whole conversation. Only when a new event names a loop
not seen before (which can change how earlier steps went), when the deque has a maximum length (it then drops
its first event on append), or when it is another deque, does it go through all events with Rasa's own code.
Each call gets its own copy of the list, as from Rasa. With `WMO_RASA_SPEEDUPS=check` (the conversation and
end-to-end tests) every answer is also worked out Rasa's way and compared.
"""

from __future__ import annotations

import itertools
import operator
from typing import Any, FrozenSet, Iterable, List, NamedTuple, Optional

from rasa.shared.core.events import (ActionExecuted, ActionReverted, ActiveLoop, Event, Restarted, SessionStarted,
                                     UserUttered, UserUtteranceReverted)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.speedups.switch import checking

RASA_APPLIED_EVENTS = DialogueStateTracker.applied_events

# On a tracker: what its applied events were last worked out for, and the answer.
_KEPT = "_wmo_applied_events"


class _Kept(NamedTuple):
    events: Any  # the tracker's deque
    count: int
    last: Optional[Event]
    loop_names: FrozenSet[str]
    applied: List[Event]


def _loop_names(events: Iterable[Event]) -> FrozenSet[str]:
    return frozenset(event.name for event in events if isinstance(event, ActiveLoop) and event.name)


def _apply(tracker: DialogueStateTracker, events: Iterable[Event], applied: List[Event],
           loop_names: FrozenSet[str]) -> None:
    """The loop of Rasa 3.6's `applied_events`, going on from `applied` (changed in place)."""
    for event in events:
        if isinstance(event, (Restarted, SessionStarted)):
            applied.clear()
        elif isinstance(event, ActionReverted):
            tracker._undo_till_previous(ActionExecuted, applied)
        elif isinstance(event, UserUtteranceReverted):
            tracker._undo_till_previous(UserUttered, applied)
            tracker._undo_till_previous(ActionExecuted, applied)
        elif (isinstance(event, ActionExecuted) and event.action_name in loop_names
              and not tracker._first_loop_execution_or_unhappy_path(event.action_name, applied)):
            tracker._undo_till_previous_loop_execution(event.action_name, applied)
        else:
            applied.append(event)


def _worked_out(tracker: DialogueStateTracker, events: Any, count: int, kept: Optional[_Kept]) -> _Kept:
    last = events[-1] if count else None
    if kept is not None and kept.events is events:
        if kept.count == count and kept.last is last:
            return kept
        if (count > kept.count and events.maxlen is None
                and (kept.count == 0 or events[kept.count - 1] is kept.last)):
            new = list(itertools.islice(events, kept.count, None))
            if _loop_names(new) <= kept.loop_names:
                applied = list(kept.applied)
                _apply(tracker, new, applied, kept.loop_names)
                return _Kept(events, count, last, kept.loop_names, applied)
    return _Kept(events, count, last, _loop_names(events), RASA_APPLIED_EVENTS(tracker))


def _same_objects(ours: List[Event], rasas: List[Event]) -> bool:
    return len(ours) == len(rasas) and all(map(operator.is_, ours, rasas))


def applied_events(self: DialogueStateTracker) -> List[Event]:
    """`DialogueStateTracker.applied_events` of Rasa 3.6, worked out from the events added since the last call."""
    events = self.events
    kept = self.__dict__.get(_KEPT)
    now = _worked_out(self, events, len(events), kept)
    if now is not kept:
        self.__dict__[_KEPT] = now
    if checking() and not _same_objects(now.applied, RASA_APPLIED_EVENTS(self)):
        raise AssertionError(f"applied events differ from Rasa's for conversation {self.sender_id}")
    return list(now.applied)
