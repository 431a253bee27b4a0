"""bot/rule_policy.py finds the same rules as Rasa 3.6's RulePolicy, on the dialogue states of real conversations."""

from __future__ import annotations

import json
import random

import pytest
from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET, USER
from rasa.shared.core.trackers import DialogueStateTracker
from story_events import load_domain, story_conversations

from bot.speedups import rule_policy


@pytest.fixture(scope="module")
def domain():
    return load_domain()


@pytest.fixture(scope="module")
def histories(domain):
    """The dialogue states of every prefix of every story, rule and conversation test (every third event)."""
    found = []
    for events in story_conversations(domain):
        for end in range(1, len(events) + 1, 3):
            tracker = DialogueStateTracker.from_events("test", events[:end], domain.slots)
            found.append(domain.states_for_tracker_history(tracker))
    return found


@pytest.fixture(scope="module")
def lookup(histories):
    """Rule keys as the RulePolicy writes them (the sorted JSON of its states), cut from the conversations: the last
    1 to 5 states, some with a value turned into "should not be set", and some that start the conversation."""
    rng = random.Random(2015)
    keys = {}
    for states in rng.sample(histories, 150):
        if not states:
            continue
        rule = [dict((kind, dict(sub)) for kind, sub in state.items()) for state in states[-rng.randint(1, 5):]]
        for state in rule:
            for sub in state.values():
                if sub and rng.random() < 0.2:
                    sub[rng.choice(sorted(sub))] = SHOULD_NOT_BE_SET
        if rng.random() < 0.3:
            rule[0].pop(PREVIOUS_ACTION, None)  # a rule with conversation_start: true
        keys[json.dumps(rule, sort_keys=True)] = "utter_iets"
    keys[json.dumps([{USER: {"intent": "bestaat_niet"}}], sort_keys=True)] = "utter_niets"
    return keys


@pytest.fixture
def policy():
    return RulePolicy.__new__(RulePolicy)  # the search uses only the policy's methods, not its trained state


def test_the_rules_found_are_rasas_on_every_conversation(policy, lookup, histories):
    found_any = 0
    for states in histories:
        ours = rule_policy.get_possible_keys(policy, lookup, states)
        assert ours == rule_policy.RASA_GET_POSSIBLE_KEYS(policy, lookup, states)
        found_any += bool(ours)
    assert len(histories) > 300 and 100 < found_any < len(histories)  # the rules fit many conversations, not all


def test_no_states_and_no_rules(policy, lookup):
    assert rule_policy.get_possible_keys(policy, lookup, []) == set(lookup)
    assert rule_policy.get_possible_keys(policy, {}, [{}]) == set()


def test_turns_no_rule_reaches_are_not_checked(policy, lookup, histories, monkeypatch):
    longest = max(histories, key=len)
    checked = []
    original = RulePolicy._is_rule_applicable
    monkeypatch.setattr(RulePolicy, "_is_rule_applicable",
                        lambda self, key, turn, state: checked.append(turn) or original(self, key, turn, state))
    rule_policy.get_possible_keys(policy, lookup, longest)
    assert len(longest) > 10 and max(checked) < 5  # the rules are 1 to 5 states long


def test_the_check_switch_compares_with_rasa(policy, lookup, histories, monkeypatch):
    monkeypatch.setenv("WMO_RASA_SPEEDUPS", "check")
    rule_policy.get_possible_keys(policy, lookup, histories[-1])
    monkeypatch.setattr(rule_policy, "_longest", lambda policy, keys: 1)  # stops too early
    with pytest.raises(AssertionError, match="differ from Rasa's"):
        for states in histories:
            rule_policy.get_possible_keys(policy, lookup, states)
