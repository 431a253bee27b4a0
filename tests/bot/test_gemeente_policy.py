"""bot/gemeente_policy.py: while a conversation has no gemeente, every message gets the question which one first;
otherwise the policy predicts nothing, so the other policies answer (also in the conversation tests)."""

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.gemeente_policy import ACTION, GemeenteKeuzePolicy

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture
def policy(tmp_path):
    return GemeenteKeuzePolicy.create(GemeenteKeuzePolicy.get_default_config(), LocalModelStorage(tmp_path),
                                      Resource("gemeente_policy"), ExecutionContext(GraphSchema({}), "test"))


def predicted(policy, *events):
    tracker = DialogueStateTracker.from_events("inwoner-1", list(events), DOMAIN.slots)
    prediction = policy.predict_action_probabilities(tracker, DOMAIN)
    if max(prediction.probabilities) == 0:
        return None
    return DOMAIN.action_names_or_texts[prediction.max_confidence_index]


def test_without_a_gemeente_each_message_first_gets_the_question_and_then_the_bot_listens(policy):
    asking = [SlotSet("gemeente_kiezen", True), ActionExecuted(ACTION_LISTEN_NAME), UserUttered("Wat kost het?")]
    assert predicted(policy, *asking) == ACTION
    assert predicted(policy, *asking, ActionExecuted(ACTION)) == ACTION_LISTEN_NAME
    assert policy.priority > 6, "above the RulePolicy, so no rule answers with the facts of no gemeente"


def test_after_the_choice_the_question_asked_first_is_left_to_the_other_policies(policy):
    chosen = [SlotSet("gemeente_kiezen", True), ActionExecuted(ACTION_LISTEN_NAME), UserUttered("Wat kost het?"),
              ActionExecuted(ACTION), ActionExecuted(ACTION_LISTEN_NAME), UserUttered("Oeverdam"),
              ActionExecuted(ACTION), SlotSet("gemeente", "oeverdam"), SlotSet("gemeente_kiezen", False),
              ActionExecuted(ACTION_LISTEN_NAME), UserUttered("Wat kost het?")]
    assert predicted(policy, *chosen) is None


def test_a_conversation_with_a_gemeente_is_left_alone(policy):
    assert predicted(policy, SlotSet("gemeente", "voorbeeldstad"), ActionExecuted(ACTION_LISTEN_NAME),
                     UserUttered("hallo")) is None
    assert predicted(policy, ActionExecuted(ACTION_LISTEN_NAME), UserUttered("hallo")) is None, \
        "the conversation tests' trackers never set the slot"
