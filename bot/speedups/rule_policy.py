"""The RulePolicy's search for the rules that fit a conversation, without going through turns no rule reaches.

Before each prediction the RulePolicy (twice: rules, then rules for forms) filters all its learned rules turn by
turn, from the last state of the conversation back to the first (`RulePolicy._get_possible_keys`). A rule with n
states only looks at the last n turns: further back Rasa's check `_is_rule_applicable` answers "applicable" at
once. Rasa 3.6 still calls it for every rule and every earlier turn of the conversation, so the cost grew with
the conversation: 5.7% of the Rasa server's time at 20 inwoners (py-spy, issue 8).

Here the filtering stops at the turn where every remaining rule has been checked against all its states. What
is left is then the same set Rasa's loop ends with, since every further turn keeps every rule. With
`WMO_RASA_SPEEDUPS=check` (the conversation and end-to-end tests) each answer is also worked out Rasa's way
and compared.
"""

from __future__ import annotations

from typing import Dict, List, Set, Text

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.domain import State

from bot.speedups.switch import checking

RASA_GET_POSSIBLE_KEYS = RulePolicy._get_possible_keys


def _longest(policy: RulePolicy, keys: Set[Text]) -> int:
    return max((len(policy._rule_key_to_state(key)) for key in keys), default=0)


def get_possible_keys(self: RulePolicy, lookup: Dict[Text, Text], states: List[State]) -> Set[Text]:
    """`RulePolicy._get_possible_keys` of Rasa 3.6, stopping once no remaining rule reaches further back."""
    possible_keys = set(lookup.keys())
    longest = _longest(self, possible_keys)
    for i, state in enumerate(reversed(states)):
        if i >= longest:
            break  # every rule left is applicable to this turn and all earlier ones
        possible_keys = {key for key in possible_keys if self._is_rule_applicable(key, i, state)}
        longest = _longest(self, possible_keys)
    if checking() and possible_keys != RASA_GET_POSSIBLE_KEYS(self, lookup, states):
        raise AssertionError("the rules found differ from Rasa's")
    return possible_keys
