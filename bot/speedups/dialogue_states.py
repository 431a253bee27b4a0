"""The dialogue states of a conversation for Rasa's policies, worked out once per event instead of once per call.

Before every prediction the RulePolicy (twice) and the MemoizationPolicy ask `Domain.states_for_tracker_history`
for the states of the whole conversation. Rasa 3.6 replays every event of the conversation into a new tracker
for each of those calls, and builds the full state (all slots, the active form, the last message) before each
action. A message runs two to four predictions, so a melding with a persoonlijk plan (a few hundred events)
replays its events some ten times per message: 12% of the Rasa server's time at 20 inwoners (py-spy, issue 8).

Here the replay of a conversation is kept on its tracker, one per combination of the call's options, and a later
call replays only the events added since. It is only used for trackers the tracker store keeps between messages
(bot/tracker_store.py marks them): events are only ever appended to those, by Rasa, and their event objects stay
the same. Before reusing the replay it checks that the events it replayed are still, object for object, the start
of the tracker's applied events (`applied_events()`, which drops what an undo, a restart or a rejected form took
back); otherwise it starts again from the first event, as Rasa does. Every call gets its own copy of the states,
as from Rasa, because the featurizers change the last state in place.

The loop is Rasa 3.6's `Domain.states_for_tracker_history`, split into a step per action and a last step for the
state after the last event; tests/bot/speedups/test_dialogue_states.py compares the two on every prefix of the training
stories and the conversation tests.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.shared.core.constants import PREVIOUS_ACTION
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker

from bot.speedups.switch import checking
from bot.tracker_store import is_kept_conversation

RASA_STATES_FOR_TRACKER_HISTORY = Domain.states_for_tracker_history

# On a tracker: its kept replays, by the call's options.
_REPLAYS = "_wmo_state_replays"



@dataclass
class _Replay:
    """Where the replay of one conversation stands: the events applied so far, the tracker they built, and the loop
    variables of Rasa's `states_for_tracker_history` after the last action among them."""

    domain: Domain
    tracker: DialogueStateTracker
    applied: List[Event] = field(default_factory=list)
    states: List[State] = field(default_factory=list)
    last_ml_action_sub_state: Optional[Dict[Text, Any]] = None
    turn_was_hidden: bool = False

    def step(self, hide_rule_turn: bool, omit_unset_slots: bool, ignore_rule_only_turns: bool,
             rule_only_data: Optional[Dict[Text, Any]], commit: bool) -> Optional[State]:
        """One pass of Rasa's loop for the tracker as it is now. With `commit` it moves the loop on (the state
        before an action); without, it leaves the loop as it was (the state after the last event)."""
        domain, tr = self.domain, self.tracker
        last_ml_action_sub_state, turn_was_hidden = self.last_ml_action_sub_state, self.turn_was_hidden
        if ignore_rule_only_turns:
            if not turn_was_hidden:
                last_ml_action_sub_state = domain._get_prev_action_sub_state(tr)
            if not tr.followup_action and not tr.latest_action_name == tr.active_loop_name:
                turn_was_hidden = hide_rule_turn
        if commit:
            self.last_ml_action_sub_state, self.turn_was_hidden = last_ml_action_sub_state, turn_was_hidden
        if ignore_rule_only_turns and turn_was_hidden:
            return None
        state = domain.get_active_state(tr, omit_unset_slots=omit_unset_slots)
        if ignore_rule_only_turns:
            domain._remove_rule_only_features(state, rule_only_data)
            if self.states:
                domain._substitute_rule_only_user_input(state, self.states[-1])
            if last_ml_action_sub_state:
                state[PREVIOUS_ACTION] = last_ml_action_sub_state
        state = domain._clean_state(state)
        if commit:
            self.states.append(state)
        return state


def _options_key(omit_unset_slots: bool, ignore_rule_only_turns: bool,
                 rule_only_data: Optional[Dict[Text, Any]]) -> Tuple[Any, ...]:
    rule_only = None if not rule_only_data else tuple(sorted((k, tuple(v)) for k, v in rule_only_data.items()))
    return omit_unset_slots, ignore_rule_only_turns, rule_only


def _is_prefix(done: List[Event], applied: List[Event]) -> bool:
    return len(done) <= len(applied) and all(map(operator.is_, done, applied))


def _copy(states: List[State]) -> List[State]:
    """States as Rasa hands them out: new dictionaries, so a caller's changes do not reach the kept replay."""
    return [{kind: dict(sub_state) if isinstance(sub_state, dict) else sub_state
             for kind, sub_state in state.items()} for state in states]


def states_for_tracker_history(
    self: Domain,
    tracker: DialogueStateTracker,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: Optional[Dict[Text, Any]] = None,
) -> List[State]:
    """Domain.states_for_tracker_history of Rasa 3.6, replaying only the events added since the last call for a
    tracker the tracker store keeps (bot/tracker_store.py); any other tracker goes to Rasa's own."""
    if not is_kept_conversation(tracker):
        return RASA_STATES_FOR_TRACKER_HISTORY(self, tracker, omit_unset_slots, ignore_rule_only_turns,
                                               rule_only_data)
    replays: Dict[Tuple[Any, ...], _Replay] = tracker.__dict__.setdefault(_REPLAYS, {})
    key = _options_key(omit_unset_slots, ignore_rule_only_turns, rule_only_data)
    applied = tracker.applied_events()
    replay = replays.get(key)
    if replay is None or replay.domain is not self or not _is_prefix(replay.applied, applied):
        replay = replays[key] = _Replay(self, tracker.init_copy())
    for event in applied[len(replay.applied):]:
        if isinstance(event, ActionExecuted):
            replay.step(event.hide_rule_turn, omit_unset_slots, ignore_rule_only_turns, rule_only_data, commit=True)
        replay.tracker.update(event)
        replay.applied.append(event)
    last = replay.step(False, omit_unset_slots, ignore_rule_only_turns, rule_only_data, commit=False)
    states = _copy(replay.states if last is None else [*replay.states, last])
    if checking():
        rasas = RASA_STATES_FOR_TRACKER_HISTORY(self, tracker, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
        if states != rasas:
            raise AssertionError(f"dialogue states differ from Rasa's for conversation {tracker.sender_id}")
    return states
