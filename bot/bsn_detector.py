"""Rasa NLU component: a message with a number that passes the BSN elfproef gets the intent `deelt_bsn`; a
message with neither such a number nor the word "bsn" never gets it.

It runs after the classifiers and before the FallbackClassifier, so whatever else the sentence says, the bot
first tells the person not to share their BSN here (utter_geen_bsn). The other intents stay in the ranking.
"""

import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from wmo.bsn import contains_bsn

INTENT_NAME = "deelt_bsn"
# A message that names the BSN ("mijn bsn is 12345678", one digit short) shares it too
_NOEMT_BSN = re.compile(r"\b(bsn|burgerservicenummer|burger\s*service\s*nummer|sofi(nummer)?)\b", re.I)


def without_bsn(message: Message) -> None:
    """A message with neither a BSN nor the word for it does not share one: the classifier's `deelt_bsn` (it
    learnt "a long number") gives way to the next intent. A phone number typed in the melding is no BSN."""
    ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != INTENT_NAME]
    if (message.get(INTENT) or {}).get("name") == INTENT_NAME:
        message.set(INTENT, ranking[0] if ranking else {"name": None, "confidence": 0.0}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class BsnDetector(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "BsnDetector":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text: Optional[Text] = message.get(TEXT)
            if not text:
                continue
            if not contains_bsn(text):
                if not _NOEMT_BSN.search(text):
                    without_bsn(message)
                continue
            found = {"name": INTENT_NAME, "confidence": 1.0}
            ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != INTENT_NAME]
            message.set(INTENT, found, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [found, *ranking], add_to_output=True)
        return messages
