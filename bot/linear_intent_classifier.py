"""Rasa NLU component: the intent from a linear model on the words, the letter groups and the sentence's meaning.

Features, per message:
- words, alone and in runs of two and three, and letter groups of 2 to 5 inside word boundaries (Dutch compounds,
  typos), as TF-IDF, of the text in lower case with each date and number as one placeholder (wmo.placeholders);
- the dense sentence features of the pipeline's featurizers before it: the sentence encoder's 512 numbers
  (bot/sentence_encoder.py), and the spaCy vectors when nl_core_news_md is installed.
A multinomial logistic regression on these gives a probability per intent: the ranking and the confidence the
FallbackClassifier reads.

The general questions are one retrieval intent, `uitleg`, with about forty answers (`uitleg/bezwaar_hoe`, ...) that
mean very different things. The model learns each answer as a class of its own and adds their probabilities up to
the one intent `uitleg`: one class "uitleg" would have to cover them all with one set of weights, and drew the
smaller intents' sentences to it (seeded 5-fold cross-validation on data/nlu of the classifier alone: 0.823 -> 0.853
with runs of three words as well; docs/understanding.md).

The most likely answer of a retrieval intent is also the explanation the bot gives: it is written where Rasa's
ResponseSelector writes its choice (`response_selector.uitleg`), which `utter_uitleg` and actions/fallback.py read.
That choice replaced the ResponseSelector (a second DIET network): on the held-out set 0.936 against 0.875 (answers
macro-F1, 2026-12-03), and `rasa train` no longer trains a network for it.

Why not DIET: on this project's data the linear model scored higher on the held-out set and in the
cross-validation, and trains in seconds instead of minutes (bench/nlu.py, docs/understanding.md). DIET learns the
training sentences' words; the regularised linear model leans on what they share.
"""

from __future__ import annotations

import logging
import warnings
from typing import Any, Dict, List, Optional, Text

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers import LABEL_RANKING_LENGTH
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import (RESPONSE_SELECTOR_PREDICTION_KEY, RESPONSE_SELECTOR_PROPERTY_NAME,
                                RESPONSE_SELECTOR_RANKING_KEY, RESPONSE_SELECTOR_RESPONSES_KEY,
                                RESPONSE_SELECTOR_RETRIEVAL_INTENTS, RESPONSE_SELECTOR_UTTER_ACTION_KEY)
from rasa.shared.nlu.constants import (INTENT, INTENT_RANKING_KEY, INTENT_RESPONSE_KEY, PREDICTED_CONFIDENCE_KEY,
                                       RESPONSE_IDENTIFIER_DELIMITER, TEXT)
from rasa.shared.nlu.training_data.util import intent_response_key_to_template_key
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from wmo.placeholders import with_placeholders

logger = logging.getLogger(__name__)

# Rasa warns at training that the answers of `uitleg` go unused when no ResponseSelector is in the pipeline; this
# component uses them (docs/rasa-quirks.md).
warnings.filterwarnings("ignore", message="You have defined training data with examples for training a response "
                                          "selector")

MODEL_FILE = "linear_intent_classifier.skops"
# Below this probability of a retrieval intent ("uitleg"), no answer of it is chosen (answer_choices).
MIN_CONFIDENCE = 0.05
# What the stored model may contain besides sklearn's own classes: TF-IDF keeps its idf weights as a sparse matrix.
TRUSTED_TYPES = {"scipy.sparse._csr.csr_matrix", "scipy.sparse._dia.dia_matrix"}


def prepared(text: Text, placeholders: bool = True) -> Text:
    return (with_placeholders(text or "") if placeholders else text or "").lower()


def intent_ranking(classes: Any, probabilities: np.ndarray) -> List[Dict[Text, Any]]:
    """Intents best first, each with the probabilities of its answers summed ("uitleg/spoed" counts for "uitleg").

    First comes the intent of the single most likely answer; the others follow by their summed probability. Two
    answers of uitleg that share a sentence's probability would otherwise outvote one clear smaller intent they both
    resemble (the classifier alone, seeded 5-fold cross-validation on data/nlu: 0.847 summed, 0.853 this way).
    The two orders differ only where the first intent is below one half; config.yml's FallbackClassifier (0.7) asks
    "Bedoelt u ...?" there either way, so what the bot answers is the same; the order decides which questions
    "Bedoelt u ...?" offers first.
    """
    summed: Dict[Text, float] = {}
    for label, probability in zip(classes, probabilities):
        intent = str(label).split(RESPONSE_IDENTIFIER_DELIMITER, 1)[0]
        summed[intent] = summed.get(intent, 0.0) + float(probability)
    best = str(classes[int(np.argmax(probabilities))]).split(RESPONSE_IDENTIFIER_DELIMITER, 1)[0]
    others = sorted((name for name in summed if name != best), key=lambda name: summed[name], reverse=True)
    return [{"name": name, "confidence": summed[name]} for name in [best, *others]]


def answer_choices(classes: Any, probabilities: np.ndarray, responses: Dict[Text, List[Dict[Text, Any]]],
                   min_confidence: float = MIN_CONFIDENCE) -> Dict[Text, Dict[Text, Any]]:
    """Per retrieval intent ("uitleg"), its most likely answer, as Rasa's ResponseSelector writes its choice.

    The confidence of an answer is its share of the intent's probability: how sure the model is of this answer if
    the question is an explanation at all. `responses` are the texts of the answers ("utter_uitleg/spoed": [...]);
    the bot says them through the domain, by the `utter_action` name. An intent below `min_confidence` gets no
    choice: nothing would use it ("Bedoelt u ...?" offers only likely intents), and every message the bot
    receives is kept with what the NLU found.
    """
    per_intent: Dict[Text, List[tuple]] = {}
    for label, probability in zip(classes, probabilities):
        intent, delimiter, _ = str(label).partition(RESPONSE_IDENTIFIER_DELIMITER)
        if delimiter:
            per_intent.setdefault(intent, []).append((str(label), float(probability)))
    choices = {}
    for intent, answers in per_intent.items():
        total = sum(probability for _, probability in answers)
        if total < min_confidence or total <= 0:
            continue
        ranked = sorted(answers, key=lambda answer: answer[1], reverse=True)
        ranking = [{PREDICTED_CONFIDENCE_KEY: probability / total, INTENT_RESPONSE_KEY: key}
                   for key, probability in ranked[:LABEL_RANKING_LENGTH]]
        best = ranking[0][INTENT_RESPONSE_KEY]
        utter_action = intent_response_key_to_template_key(best)
        choices[intent] = {
            RESPONSE_SELECTOR_PREDICTION_KEY: {
                RESPONSE_SELECTOR_RESPONSES_KEY: responses.get(utter_action) or [{TEXT: best}],
                PREDICTED_CONFIDENCE_KEY: ranking[0][PREDICTED_CONFIDENCE_KEY],
                INTENT_RESPONSE_KEY: best,
                RESPONSE_SELECTOR_UTTER_ACTION_KEY: utter_action,
            },
            RESPONSE_SELECTOR_RANKING_KEY: ranking,
        }
    return choices


def fit_text_features(config: Dict[Text, Any], texts: List[Text]) -> Dict[Text, Any]:
    """The TF-IDF of words and of letter groups, fitted on the (prepared) training texts."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return {
        "words": TfidfVectorizer(analyzer="word", ngram_range=(1, config["max_word_ngram"]), sublinear_tf=True,
                                 token_pattern=r"(?u)\b\w+\b").fit(texts),
        "letters": TfidfVectorizer(analyzer="char_wb", sublinear_tf=True,
                                   ngram_range=(config["min_ngram"], config["max_ngram"])).fit(texts),
    }


def feature_matrix(model: Dict[Text, Any], texts: List[Text], dense: Optional[np.ndarray],
                   dense_weight: float) -> scipy.sparse.csr_matrix:
    """One row per (prepared) text: its words, its letter groups, and its dense sentence features times the weight."""
    blocks = [model["words"].transform(texts), model["letters"].transform(texts)]
    if dense is not None:
        blocks.append(scipy.sparse.csr_matrix(dense * dense_weight))
    return scipy.sparse.hstack(blocks).tocsr()


def new_classifier(config: Dict[Text, Any]):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=config["C"], max_iter=config["max_iter"])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # C: how closely the model may follow the training sentences (higher: closer). dense_weight: the weight of
        # the dense sentence features beside the TF-IDF rows (each of unit length). Both chosen by the seeded
        # cross-validation on data/nlu (bench/nlu.py), not on the held-out set.
        return {"C": 100.0, "dense_weight": 1.5, "max_word_ngram": 3, "min_ngram": 2, "max_ngram": 5,
                "max_iter": 5000, "placeholders": True}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[Dict[Text, Any]] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LinearIntentClassifier":
        return cls(config, model_storage, resource)

    def _features(self, messages: List[Message], model: Dict[Text, Any]) -> scipy.sparse.csr_matrix:
        texts = [prepared(message.get(TEXT), self._config["placeholders"]) for message in messages]
        dense = [self._dense(message) for message in messages]
        stacked = np.vstack(dense) if dense and dense[0] is not None else None
        return feature_matrix(model, texts, stacked, self._config["dense_weight"])

    @staticmethod
    def _dense(message: Message) -> Optional[np.ndarray]:
        _, sentence = message.get_dense_features(TEXT)
        return None if sentence is None else np.asarray(sentence.features, dtype=np.float32).reshape(-1)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [example for example in training_data.intent_examples if example.get(TEXT)]
        labels = [example.get_full_intent() for example in examples]
        if len(set(labels)) < 2:
            logger.warning("LinearIntentClassifier: fewer than two intents to learn; not trained")
            return self._resource
        texts = [prepared(example.get(TEXT), self._config["placeholders"]) for example in examples]
        model: Dict[Text, Any] = fit_text_features(self._config, texts)
        model["classifier"] = new_classifier(self._config).fit(self._features(examples, model), labels)
        answers = {intent_response_key_to_template_key(label) for label in labels
                   if RESPONSE_IDENTIFIER_DELIMITER in label}
        model["responses"] = {name: [{TEXT: response.get(TEXT)} for response in responses if response.get(TEXT)]
                              for name, responses in training_data.responses.items() if name in answers}
        self._model = model
        self.persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if self._model is None or not message.get(TEXT):
                message.set(INTENT, {"name": None, "confidence": 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
                continue
            classifier = self._model["classifier"]
            probabilities = classifier.predict_proba(self._features([message], self._model))[0]
            ranking = intent_ranking(classifier.classes_, probabilities)[:LABEL_RANKING_LENGTH]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            choices = answer_choices(classifier.classes_, probabilities, self._model.get("responses") or {})
            if choices:
                message.set(RESPONSE_SELECTOR_PROPERTY_NAME, {RESPONSE_SELECTOR_RETRIEVAL_INTENTS: sorted(choices),
                                                              **choices}, add_to_output=True)
        return messages

    def persist(self) -> None:
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as directory:
            sio.dump(self._model, directory / MODEL_FILE)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LinearIntentClassifier":
        import skops.io as sio

        try:
            with model_storage.read_from(resource) as directory:
                path = directory / MODEL_FILE
                untrusted = set(sio.get_untrusted_types(file=path))
                if untrusted - TRUSTED_TYPES:
                    raise ValueError(f"the stored intent model holds unexpected types: {sorted(untrusted)}")
                model = sio.load(path, trusted=sorted(untrusted))
        except (ValueError, FileNotFoundError) as problem:
            logger.warning(f"LinearIntentClassifier: no trained model loaded ({problem})")
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, model)
