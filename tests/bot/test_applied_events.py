"""bot/applied_events.py: a tracker's applied events are Rasa's, also after events are added, while a tracker
without new events is not gone through again."""

import copy
import random
from collections import deque

import pytest
from rasa.shared.core.events import ActionExecuted, UserUttered, UserUtteranceReverted
from rasa.shared.core.trackers import DialogueStateTracker
from story_events import load_domain, story_conversations, with_undo

from bot import applied_events


@pytest.fixture(scope="module")
def domain():
    return load_domain()


@pytest.fixture(scope="module")
def conversations(domain):
    rng = random.Random(8)
    stories = story_conversations(domain)
    return [*stories, *(with_undo(with_undo(events, rng), rng) for events in stories)]


def rasas(tracker):
    """Rasa's own answer, on a fresh tracker with the same events."""
    return applied_events.RASA_APPLIED_EVENTS(DialogueStateTracker.from_events("rasa", list(tracker.events)))


def test_each_prefix_of_every_story_and_conversation_test_with_and_without_undo_gives_rasas(domain, conversations):
    compared = 0
    for events in conversations:
        tracker = DialogueStateTracker("test", domain.slots)
        for event in events:
            tracker.update(event)
            assert applied_events.applied_events(tracker) == rasas(tracker)
            assert applied_events.applied_events(tracker) == rasas(tracker)  # the kept answer
            compared += 1
    assert compared > 2000


def test_an_undo_takes_events_back_from_the_kept_answer(domain):
    tracker = DialogueStateTracker("test", domain.slots)
    for event in [ActionExecuted("action_listen"), UserUttered("hallo", {"name": "begroeting"}),
                  ActionExecuted("utter_begroeting"), ActionExecuted("action_listen"),
                  UserUttered("ik wil hulp", {"name": "hulpvraag"})]:
        tracker.update(event)
    assert len(applied_events.applied_events(tracker)) == 5
    tracker.update(UserUtteranceReverted())
    assert [type(event) for event in applied_events.applied_events(tracker)] == [ActionExecuted, UserUttered,
                                                                                   ActionExecuted]


def test_a_tracker_without_new_events_is_not_gone_through_again(domain, conversations, monkeypatch):
    calls = []
    original = applied_events.RASA_APPLIED_EVENTS
    monkeypatch.setattr(applied_events, "RASA_APPLIED_EVENTS", lambda tracker: calls.append(1) or original(tracker))
    tracker = DialogueStateTracker.from_events("test", max(conversations, key=len), domain.slots)
    for _ in range(5):
        applied_events.applied_events(tracker)
    assert len(calls) == 1
    tracker.update(ActionExecuted("action_listen"))
    applied_events.applied_events(tracker)
    assert len(calls) == 2


def test_a_caller_changing_its_list_does_not_change_the_next_answer(domain, conversations):
    tracker = DialogueStateTracker.from_events("test", max(conversations, key=len), domain.slots)
    for _ in range(2):  # the first answer, then the kept one
        applied_events.applied_events(tracker).clear()
    assert applied_events.applied_events(tracker) == rasas(tracker) != []


def test_new_events_in_a_deque_of_the_same_length_or_in_a_new_deque_give_a_new_answer(domain, conversations):
    events = max(conversations, key=len)
    tracker = DialogueStateTracker("test", domain.slots, max_event_history=20)
    for event in events[:20]:
        tracker.update(event)
    applied_events.applied_events(tracker)
    for event in events[20:40]:  # each pushes the first one out: always 20 events
        tracker.update(event)
        assert len(tracker.events) == 20
        assert applied_events.applied_events(tracker) == rasas(tracker)
    tracker.events = deque(events[:10])
    assert applied_events.applied_events(tracker) == rasas(tracker)


def test_a_deep_copy_of_a_tracker_gives_its_own_events(domain, conversations):
    tracker = DialogueStateTracker.from_events("test", max(conversations, key=len), domain.slots)
    applied_events.applied_events(tracker)
    duplicate = copy.deepcopy(tracker)
    ours = applied_events.applied_events(duplicate)
    assert ours == rasas(tracker)
    assert all(any(event is own for own in duplicate.events) for event in ours[:5])
