"""bot/response_selector.py: the ResponseSelector runs for a message that may be a general question, and only
then, also in a model trained on NLU data alone (without the domain's responses)."""

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.training_data.message import Message

from bot.response_selector import MIN_CONFIDENCE, UitlegResponseSelector

RESPONSES = {"utter_uitleg/wat_is_wmo": [{"text": "De Wmo is ..."}],
             "utter_uitleg/procedure": [{"text": "Eerst doet u een melding ..."}]}


def selector(tmp_path, retrieval_intents, responses, retrieval_intent=None):
    config = {**UitlegResponseSelector.get_default_config(), "retrieval_intent": retrieval_intent}
    made = UitlegResponseSelector.create(config, LocalModelStorage(tmp_path), Resource("selector"),
                                         ExecutionContext(GraphSchema({}), "test"))
    made.all_retrieval_intents, made.responses = list(retrieval_intents), responses
    return made


def message(intent, ranking=()):
    return Message(data={"text": "een vraag", "intent": {"name": intent, "confidence": 0.9},
                         "intent_ranking": [{"name": name, "confidence": confidence} for name, confidence in ranking]})


@pytest.fixture
def chosen_for(monkeypatch):
    seen = []
    monkeypatch.setattr(ResponseSelector, "process", lambda self, messages: seen.extend(messages) or messages)
    return seen


@pytest.mark.parametrize("retrieval_intents, responses", [
    (["uitleg"], {}),  # trained on NLU data alone: the model has no responses
    (["uitleg"], RESPONSES),  # trained with the domain
    ([], RESPONSES),  # a model that stored no retrieval intents
])
def test_a_likely_explanation_gets_an_answer_chosen_and_other_messages_do_not(tmp_path, chosen_for,
                                                                              retrieval_intents, responses):
    rs = selector(tmp_path, retrieval_intents, responses)
    uitleg = message("uitleg")
    maybe = message("hulpvraag", [("hulpvraag", 0.6), ("uitleg", MIN_CONFIDENCE + 0.01)])
    unlikely = message("hulpvraag", [("hulpvraag", 0.9), ("uitleg", MIN_CONFIDENCE / 2)])
    ja = message("affirm", [("affirm", 0.99)])
    assert rs.process([uitleg, maybe, unlikely, ja]) == [uitleg, maybe, unlikely, ja]
    assert chosen_for == [uitleg, maybe]


def test_a_selector_for_one_retrieval_intent_runs_for_that_one(tmp_path, chosen_for):
    rs = selector(tmp_path, ["uitleg", "faq"], {}, retrieval_intent="faq")
    rs.process([message("uitleg"), message("faq")])
    assert [m.get("intent")["name"] for m in chosen_for] == ["faq"]
