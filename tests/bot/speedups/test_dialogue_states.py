"""bot/dialogue_states.py: the policies get the same dialogue states as from Rasa, while a kept conversation is
replayed only from its newest events."""

import itertools
import random

import pytest
from rasa.shared.core.constants import RULE_ONLY_LOOPS, RULE_ONLY_SLOTS
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker
from story_events import load_domain, story_conversations, with_undo

from bot.speedups import dialogue_states
from bot.tracker_store import _STORED


@pytest.fixture(scope="module")
def domain():
    return load_domain()


@pytest.fixture(scope="module")
def conversations(domain):
    return story_conversations(domain)


def options(domain):
    """Each combination of options Rasa's policies and featurizers call with, with rule-only data from the domain."""
    rule_only = {RULE_ONLY_SLOTS: ["vraag_opnieuw", "pogingen", "requested_slot"],
                 RULE_ONLY_LOOPS: sorted(domain.form_names)[:2]}
    return [dict(omit_unset_slots=omit, ignore_rule_only_turns=ignore, rule_only_data=data)
            for omit, ignore, data in itertools.product([False, True], [False, True], [None, rule_only])]


def kept(domain, sender="test"):
    """A new tracker marked as the tracker store marks the conversations it keeps."""
    tracker = DialogueStateTracker(sender, domain.slots)
    setattr(tracker, _STORED, (0, 0))
    return tracker


def rasas(domain, tracker, **kwargs):
    """Rasa's own answer, on a fresh copy so nothing kept can leak in."""
    fresh = DialogueStateTracker.from_events(tracker.sender_id, list(tracker.events), domain.slots)
    return dialogue_states.RASA_STATES_FOR_TRACKER_HISTORY(domain, fresh, **kwargs)


def grow_and_compare(domain, events, every=1):
    """Appends the events one by one to a kept tracker and compares the states after each (or every n-th)."""
    tracker = kept(domain)
    for number, event in enumerate(events, 1):
        tracker.update(event)
        if number % every and number != len(events):
            continue
        for kwargs in options(domain):
            ours = dialogue_states.states_for_tracker_history(domain, tracker, **kwargs)
            assert ours == rasas(domain, tracker, **kwargs), (number, event, kwargs)


def test_every_prefix_of_every_story_rule_and_conversation_test_gives_rasas_states(domain, conversations):
    for events in conversations:
        grow_and_compare(domain, events)


def test_undo_restart_and_new_sessions_in_the_middle_give_rasas_states(domain, conversations):
    rng = random.Random(2015)
    longest = sorted(conversations, key=len)[-40:]
    for events in longest:
        undone = with_undo(with_undo(events, rng), rng)
        grow_and_compare(domain, undone)
        grow_and_compare(domain, undone, every=3)  # the undo and the events after it arrive in one go


def test_a_caller_changing_the_states_it_got_does_not_change_the_next_answer(domain, conversations):
    tracker = kept(domain)
    for event in max(conversations, key=len):
        tracker.update(event)
    first = dialogue_states.states_for_tracker_history(domain, tracker)
    for state in first:  # what Rasa's featurizer does to the last state, done to all
        state.clear()
    assert dialogue_states.states_for_tracker_history(domain, tracker) == rasas(domain, tracker)


def test_a_tracker_the_store_does_not_keep_goes_to_rasa(domain, conversations, monkeypatch):
    calls = []
    monkeypatch.setattr(dialogue_states, "RASA_STATES_FOR_TRACKER_HISTORY",
                        lambda *args: calls.append(args) or ["rasa"])
    tracker = DialogueStateTracker.from_events("ander", max(conversations, key=len), domain.slots)
    assert dialogue_states.states_for_tracker_history(domain, tracker) == ["rasa"]
    assert len(calls) == 1


def test_a_new_message_replays_only_its_own_events(domain, conversations, monkeypatch):
    """The point of the module: the work per call no longer grows with the conversation."""
    events = max(conversations, key=len)
    tracker = kept(domain)
    for event in events[:-3]:
        tracker.update(event)
    dialogue_states.states_for_tracker_history(domain, tracker)
    built = []
    original = Domain.get_active_state
    monkeypatch.setattr(Domain, "get_active_state", lambda self, tr, **kw: built.append(1) or original(self, tr, **kw))
    for event in events[-3:]:
        tracker.update(event)
    dialogue_states.states_for_tracker_history(domain, tracker)
    actions = sum(isinstance(event, ActionExecuted) for event in events)
    assert len(built) <= 4 < actions
