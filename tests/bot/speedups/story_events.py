"""Conversations to test the speed patches on: the events of every training story and rule and every conversation test,
and the same with an undo, a restart or a new session put in."""

import copy
import random
from pathlib import Path
from typing import List

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (ActionExecuted, ActionExecutionRejected, ActionReverted, Event, Restarted,
                                     SessionStarted, SlotSet, UserUttered, UserUtteranceReverted)
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

ROOT = Path(__file__).resolve().parents[3]


def load_domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


def story_conversations(domain: Domain) -> List[List[Event]]:
    """The events of every training story and rule and every conversation test, as plain event lists."""
    files = sorted([*(ROOT / "data").rglob("*.yml"), *(ROOT / "tests" / "stories").glob("*.yml")])
    steps = [step for file in files if "nlu" not in file.parts
             for step in YAMLStoryReader(domain).read_from_file(str(file))]
    assert len(steps) >= 90
    rng = random.Random(2015)
    return [[ActionExecuted("action_listen"), *(hidden_at_random(event, rng) for event in step.explicit_events(domain))]
            for step in steps]


def hidden_at_random(event: Event, rng: random.Random) -> Event:
    """In a live conversation the RulePolicy marks the actions of rule-only turns `hide_rule_turn`, which the
    memoization policy then skips; stories never do. Here a third of the actions is marked, so both paths run."""
    if isinstance(event, ActionExecuted) and rng.random() < 0.33:
        event = copy.copy(event)
        event.hide_rule_turn = True
    return event


def with_undo(events: List[Event], rng: random.Random) -> List[Event]:
    """The events with an undo, a rejected form, a restart or a new session put in after a random user message."""
    users = [i for i, event in enumerate(events) if isinstance(event, UserUttered)]
    if not users:
        return events
    at = rng.choice(users) + 1
    extra = rng.choice([
        [UserUtteranceReverted()],
        [ActionExecuted("action_listen"), ActionReverted()],
        [ActionExecutionRejected("melding_form")],
        [ActionExecuted("action_restart"), Restarted(), ActionExecuted("action_listen")],
        [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")],
        [SlotSet("requested_slot", None)],
    ])
    return [*events[:at], *extra, *events[at:]]
