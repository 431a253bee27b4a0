"""Dialogue policy: while a conversation does not know its gemeente, every message gets the question which one.

actions/session.py sets the slot `gemeente_kiezen` when a conversation starts without a gemeente in a deployment
that serves several. Then, after each message of the inwoner, this policy predicts `action_gemeente_kiezen`
(actions/gemeente_kiezen.py), and after that action it waits for the answer. The action sets the slot to false
when a gemeente is chosen, and reads the question the inwoner asked first again; from then on this policy predicts
nothing and the other policies answer.

Its priority (config.yml) is above the RulePolicy's, so no rule answers with the facts of no gemeente. It trains
nothing, and it abstains in every other state, also in the conversation tests (their trackers never set the slot).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

KIEZEN_SLOT = "gemeente_kiezen"
ACTION = "action_gemeente_kiezen"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class GemeenteKeuzePolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": 7}

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[Text, Any]] = None,
                                     **kwargs: Any) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        if ACTION not in domain.action_names_or_texts:
            return self._prediction(probabilities)
        if tracker.latest_action_name == ACTION:  # asked, or confirmed the choice: wait for the inwoner
            probabilities[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0
        elif tracker.get_slot(KIEZEN_SLOT) is True and tracker.latest_action_name == ACTION_LISTEN_NAME:
            probabilities[domain.index_for_action(ACTION)] = 1.0  # the inwoner said something: ask first
        return self._prediction(probabilities)
