"""Rasa's ResponseSelector, run only for a message that may be a general question (the retrieval intent `uitleg`).

Rasa runs the ResponseSelector for every message, also for "ja", a name or an address in a form, and throws its
choice away unless the intent is `uitleg`: 13% of the Rasa server's time per message (py-spy, issue 8). This one
runs it when the intent classifier gave a retrieval intent at least MIN_CONFIDENCE; the same model, trained the same
way, chooses the same answer. Below that, nothing uses the choice: the answer (RulePolicy) needs `uitleg` to be the
intent, and the "Bedoelt u ...?" buttons (actions/fallback.py) skip a `uitleg` without a choice and offer the next
intent.
"""

import functools
from typing import List, Set, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

MIN_CONFIDENCE = 0.05


def retrieval_intents(response_names: List[Text]) -> Set[Text]:
    """{"uitleg"} from "utter_uitleg/procedure", ...: the intents whose answer the selector chooses."""
    return {name.split("/", 1)[0].removeprefix("utter_") for name in response_names if "/" in name}


def may_be(message: Message, intents: Set[Text], min_confidence: float = MIN_CONFIDENCE) -> bool:
    """Is one of `intents` the intent of the message, or in its ranking with at least `min_confidence`?"""
    top = message.get(INTENT) or {}
    if top.get(INTENT_NAME_KEY) in intents:
        return True
    return any(ranked.get(INTENT_NAME_KEY) in intents and ranked.get(PREDICTED_CONFIDENCE_KEY, 0) >= min_confidence
               for ranked in message.get(INTENT_RANKING_KEY) or [])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class UitlegResponseSelector(ResponseSelector):
    @functools.cached_property
    def _retrieval_intents(self) -> Set[Text]:
        """The retrieval intents it was trained on (stored with the model), or the one it was configured for. The
        names of the responses are not enough: a model trained on NLU data alone (bench/nlu.py) has none, and
        it then never chose an answer."""
        if self.retrieval_intent:
            return {self.retrieval_intent}
        return set(self.all_retrieval_intents) | retrieval_intents(list(self.responses))

    def process(self, messages: List[Message]) -> List[Message]:
        intents = self._retrieval_intents  # the trained responses do not change: worked out once, not per message
        wanted = [message for message in messages if may_be(message, intents)]
        if wanted:
            super().process(wanted)
        return messages
