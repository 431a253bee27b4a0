"""bot/applied_events.py: a tracker's applied events are Rasa's, also after events are added, while a tracker
without new events is not gone through again."""

import copy
import random
from collections import deque

import pytest
from rasa.shared.core.events import (ActionExecuted, ActionExecutionRejected, ActiveLoop, Restarted, SlotSet,
                                     UserUttered, UserUtteranceReverted)
from rasa.shared.core.trackers import DialogueStateTracker
from story_events import load_domain, story_conversations, with_undo

from bot.speedups import applied_events


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


def same_objects(ours, expected):
    return len(ours) == len(expected) and all(a is b for a, b in zip(ours, expected))


@pytest.mark.parametrize("every", [1, 3])
def test_each_prefix_of_every_story_and_conversation_test_with_and_without_undo_gives_rasas(domain, conversations,
                                                                                          every):
    """Asked after every event, and after every third (the new events then come several at a time)."""
    compared = 0
    for events in conversations:
        tracker = DialogueStateTracker("test", domain.slots)
        for n, event in enumerate(events, 1):
            tracker.events.append(event)  # the events themselves, as Rasa's `update` appends them
            if n % every and n != len(events):
                continue
            assert same_objects(applied_events.applied_events(tracker), rasas(tracker))
            assert same_objects(applied_events.applied_events(tracker), rasas(tracker))  # the kept answer
            compared += 1
    assert compared > 2000 / every


def test_forms_one_after_another_with_undo_and_rejection_give_rasas(domain):
    """Two forms, each turn of the second undoing the first's events, a rejection, a restart and a new form."""
    def form_turns(form, slots):
        for slot in slots:
            yield from [ActionExecuted("action_listen"), UserUttered(f"over {slot}", {"name": "inform"}),
                        ActionExecuted(form), SlotSet(slot, "iets"), SlotSet("requested_slot", slot)]

    events = [ActionExecuted("action_listen"), UserUttered("melding", {"name": "melding_doen"}),
              ActionExecuted("melding_form"), ActiveLoop("melding_form"), SlotSet("requested_slot", "voor_wie"),
              *form_turns("melding_form", ["voor_wie", "hulpvraag", "naam"]),
              ActionExecuted("action_listen"), UserUttered("wat is de wmo", {"name": "uitleg"}),
              ActionExecutionRejected("melding_form"), ActionExecuted("utter_uitleg"),
              ActionExecuted("melding_form"), *form_turns("melding_form", ["adres"]),
              ActiveLoop(None), ActionExecuted("action_listen"), UserUttered("plan", {"name": "plan"}),
              ActionExecuted("plan_form"), ActiveLoop("plan_form"), *form_turns("plan_form", ["wie_ben_ik", "wens"]),
              UserUtteranceReverted(), *form_turns("plan_form", ["vorm"]), ActionExecuted("action_restart"),
              Restarted(), *form_turns("melding_form", ["voor_wie"])]
    for every in (1, 2, 5):
        tracker = DialogueStateTracker("test", domain.slots)
        for n, event in enumerate(events, 1):
            tracker.update(event)
            if n % every == 0 or n == len(events):
                assert same_objects(applied_events.applied_events(tracker), rasas(tracker)), (every, n)


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

    def counted(tracker):
        if tracker.sender_id == "test":  # not the trackers `rasas` makes
            calls.append(1)
        return original(tracker)

    monkeypatch.setattr(applied_events, "RASA_APPLIED_EVENTS", counted)
    tracker = DialogueStateTracker.from_events("test", max(conversations, key=len), domain.slots)
    for _ in range(5):
        applied_events.applied_events(tracker)
    assert len(calls) == 1
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("ik wil hulp", {"name": "hulpvraag"}))
    assert same_objects(applied_events.applied_events(tracker), rasas(tracker))
    assert len(calls) == 1, "new events are added to the kept answer"
    tracker.update(ActiveLoop("een_nieuw_formulier"))  # a loop not seen before changes how earlier events count
    assert same_objects(applied_events.applied_events(tracker), rasas(tracker))
    assert len(calls) == 2


def test_the_check_switch_compares_with_rasa(domain, conversations, monkeypatch):
    monkeypatch.setenv("WMO_RASA_SPEEDUPS", "check")
    tracker = DialogueStateTracker.from_events("test", max(conversations, key=len), domain.slots)
    applied_events.applied_events(tracker)
    monkeypatch.setattr(applied_events, "_apply", lambda tracker, events, applied, loop_names: None)
    tracker.update(ActionExecuted("action_listen"))
    with pytest.raises(AssertionError, match="differ from Rasa's"):
        applied_events.applied_events(tracker)


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
