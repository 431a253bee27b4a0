"""Rasa NLU component: the tokens of a date or a number become one placeholder word for the featurizers.

"Mijn beschikking is van 12 januari 2026" then reads as "mijn beschikking is van __datum__ __datum__ __datum__"
to the word and character featurizers, the same as "... van 3-3" or "... van vorige week dinsdag": the words of
the date no longer pull the intent elsewhere (a month name, a year). Where the dates and numbers are comes from
wmo.placeholders. Each token keeps its place and its span, so the spaCy vectors (when the pipeline has them) and
the regex features still line up; the message's text is not touched, so the bot reads the date from it as before.
Runs right after the tokenizer.
"""

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from wmo.placeholders import placeholder_spans


def token_word(placeholder: Text) -> Text:
    """"__datum__": a word no Dutch sentence has, so it is not mixed up with the word "datum" itself."""
    return f"__{placeholder}__"


def with_placeholder_tokens(text: Text, tokens: List[Token]) -> None:
    """Gives each token inside a date or number the placeholder as its text and lemma (in place)."""
    spans = placeholder_spans(text)
    if not spans:
        return
    for token in tokens:
        for start, end, placeholder in spans:
            if token.start < end and start < token.end:
                token.text = token.lemma = token_word(placeholder)
                break


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class PlaceholderTokens(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "PlaceholderTokens":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            tokens = message.get(TOKENS_NAMES[TEXT])
            if text and tokens:
                with_placeholder_tokens(text, tokens)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
