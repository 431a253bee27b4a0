"""The NLU components of issue 24: dates and numbers as placeholders (bot/placeholder_tokens.py), the sentence
encoder (bot/sentence_encoder.py) and the linear intent classifier (bot/linear_intent_classifier.py)."""

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.linear_intent_classifier import LinearIntentClassifier
from bot.placeholder_tokens import with_placeholder_tokens
from bot.sentence_encoder import SentenceEncoderFeaturizer, encode

CONTEXT = ExecutionContext(GraphSchema({}), "test")


def tokens(text):
    found, position = [], 0
    for word in text.split():
        start = text.index(word, position)
        found.append(Token(word, start, lemma=word.lower()))
        position = start + len(word)
    return found


def test_the_tokens_of_a_date_and_a_number_become_placeholders_and_keep_their_place():
    text = "brief van 12 januari 2026 over 3 uur hulp"
    words = tokens(text)
    with_placeholder_tokens(text, words)
    assert [t.text for t in words] == ["brief", "van", "__datum__", "__datum__", "__datum__", "over", "__getal__",
                                       "uur", "hulp"]
    assert [t.lemma for t in words][2] == "__datum__"
    assert [(t.start, t.end) for t in words] == [(t.start, t.end) for t in tokens(text)], "spans unchanged"


def test_the_encoder_puts_questions_with_the_same_meaning_close_and_reads_every_date_alike():
    a, b, c = encode(["tot wanneer kan ik bezwaar maken", "wanneer moet mijn bezwaar er uiterlijk zijn",
                      "wat kost een traplift"])
    assert a @ b > a @ c + 0.1
    one, other = encode(["de brief is van 12 januari 2026", "de brief is van 3-3-26"])
    assert np.allclose(one, other, atol=1e-5), "the date does not move the meaning"
    assert encode(["x"]).shape == (1, 512) and encode([]).shape == (0, 512)


def test_the_encoder_adds_one_sentence_feature_of_512():
    featurizer = SentenceEncoderFeaturizer.create(SentenceEncoderFeaturizer.get_default_config(),
                                                  None, None, CONTEXT)
    message = Message(data={"text": "hoeveel weken heb ik voor bezwaar"})
    featurizer.process([message])
    sequence, sentence = message.get_dense_features("text")
    assert sequence is None and sentence.features.shape == (1, 512)


@pytest.mark.parametrize("key, value", [("threads", 0), ("training_threads", "2"), ("placeholders", "ja")])
def test_a_wrong_encoder_setting_names_itself(key, value):
    with pytest.raises(ValueError, match=key):
        SentenceEncoderFeaturizer({**SentenceEncoderFeaturizer.get_default_config(), key: value}, "encoder")


EXAMPLES = {
    "bezwaartermijn": ["tot wanneer kan ik bezwaar maken", "hoe lang heb ik voor bezwaar", "bezwaartermijn",
                       "laatste dag voor mijn bezwaar", "brief van 3 maart, wanneer bezwaar"],
    "abonnementstarief": ["wat kost de wmo", "hoe hoog is de eigen bijdrage", "wat moet ik betalen",
                          "abonnementstarief", "wat betaal ik per maand"],
    "greet": ["hallo", "goedemorgen", "hoi", "goedendag", "dag allemaal"],
}


def featurized(texts):
    messages = [Message(data={"text": text}) for text in texts]
    featurizer = SentenceEncoderFeaturizer.create(SentenceEncoderFeaturizer.get_default_config(), None, None,
                                                  CONTEXT)
    featurizer.process(messages)
    return messages


def test_the_linear_classifier_learns_ranks_and_loads_back_the_same(tmp_path):
    examples = featurized([text for texts in EXAMPLES.values() for text in texts])
    for message, intent in zip(examples, [i for i, texts in EXAMPLES.items() for _ in texts]):
        message.set("intent", intent)
    storage, resource = LocalModelStorage(tmp_path), Resource("intent")
    classifier = LinearIntentClassifier.create(LinearIntentClassifier.get_default_config(), storage, resource, CONTEXT)
    classifier.train(TrainingData(training_examples=examples))

    asked = featurized(["mijn beschikking is van 12 januari 2026, wanneer moet mijn bezwaar binnen zijn?",
                        "wat kost het mij"])
    classifier.process(asked)
    assert [m.get("intent")["name"] for m in asked] == ["bezwaartermijn", "abonnementstarief"]
    ranking = asked[0].get("intent_ranking")
    assert len(ranking) == 3 and abs(sum(r["confidence"] for r in ranking) - 1) < 1e-6

    loaded = LinearIntentClassifier.load(LinearIntentClassifier.get_default_config(), storage, resource, CONTEXT)
    again = featurized(["mijn beschikking is van 12 januari 2026, wanneer moet mijn bezwaar binnen zijn?"])
    loaded.process(again)
    assert [r["name"] for r in again[0].get("intent_ranking")] == [r["name"] for r in ranking]
    assert again[0].get("intent")["confidence"] == pytest.approx(ranking[0]["confidence"], abs=1e-6)


UITLEG = {
    "uitleg/spoed": ["ik heb vandaag nog hulp nodig", "het is dringend, mijn moeder kan niet alleen thuis zijn",
                     "spoed", "kan de gemeente meteen iets regelen", "het is een noodgeval"],
    "uitleg/klacht_aanbieder": ["de thuiszorg komt steeds te laat", "klacht over de zorgaanbieder",
                                "de hulp doet haar werk slecht", "waar klaag ik over de taxi",
                                "de begeleider is onbeleefd"],
}


RESPONSES = {"utter_uitleg/spoed": [{"text": "Bij spoed regelt de gemeente meteen tijdelijke hulp."}],
             "utter_uitleg/klacht_aanbieder": [{"text": "Een klacht over de zorgaanbieder dient u eerst bij hem in."}]}


def test_the_answers_of_uitleg_are_learnt_apart_ranked_as_one_intent_and_the_likeliest_is_the_explanation(tmp_path):
    texts = [text for texts in [*EXAMPLES.values(), *UITLEG.values()] for text in texts]
    labels = [label for label, texts in [*EXAMPLES.items(), *UITLEG.items()] for _ in texts]
    examples = featurized(texts)
    for message, label in zip(examples, labels):
        message.set("intent", label.split("/")[0])
        if "/" in label:
            message.set("intent_response_key", label)
    storage, resource = LocalModelStorage(tmp_path), Resource("intent")
    classifier = LinearIntentClassifier.create(LinearIntentClassifier.get_default_config(), storage, resource, CONTEXT)
    classifier.train(TrainingData(training_examples=examples, responses=RESPONSES))
    loaded = LinearIntentClassifier.load(LinearIntentClassifier.get_default_config(), storage, resource, CONTEXT)

    asked = featurized(["de thuiszorg is weer niet gekomen, waar kan ik klagen", "ik heb dringend vandaag hulp nodig",
                        "goedemiddag"])
    loaded.process(asked)
    for message in asked[:2]:
        ranking = message.get("intent_ranking")
        assert message.get("intent")["name"] == "uitleg"
        assert sorted(r["name"] for r in ranking) == ["abonnementstarief", "bezwaartermijn", "greet", "uitleg"]
        assert abs(sum(r["confidence"] for r in ranking) - 1) < 1e-6
    # Where Rasa's ResponseSelector puts its choice: utter_uitleg says this answer, "Bedoelt u ...?" offers it.
    chosen = [message.get("response_selector") for message in asked[:2]]
    assert [c["uitleg"]["response"]["utter_action"] for c in chosen] == ["utter_uitleg/klacht_aanbieder",
                                                                        "utter_uitleg/spoed"]
    assert chosen[1]["uitleg"]["response"]["responses"] == RESPONSES["utter_uitleg/spoed"]
    assert chosen[0]["all_retrieval_intents"] == ["uitleg"]
    assert asked[2].get("intent")["name"] == "greet" and asked[2].get("response_selector") is None


@pytest.mark.parametrize("probabilities, expected", [
    # the answer's confidence is its share of the intent uitleg
    ([0.2, 0.6, 0.2], {"uitleg": ("uitleg/bezwaar_hoe", 0.75)}),
    ([0.1, 0.3, 0.6], {"uitleg": ("uitleg/wat_is_wmo", 0.666667)}),
    # uitleg all but ruled out: no answer is chosen
    ([0.96, 0.03, 0.01], {}),
])
def test_the_likeliest_answer_of_a_retrieval_intent_is_chosen_with_its_share(probabilities, expected):
    from bot.linear_intent_classifier import answer_choices

    classes = np.array(["bezwaartermijn", "uitleg/bezwaar_hoe", "uitleg/wat_is_wmo"])
    choices = answer_choices(classes, np.array(probabilities), {})
    found = {intent: (choice["response"]["intent_response_key"], round(choice["response"]["confidence"], 6))
             for intent, choice in choices.items()}
    assert found == expected
    for choice in choices.values():
        assert [r["intent_response_key"] for r in choice["ranking"]][0] == choice["response"]["intent_response_key"]


def test_an_untrained_classifier_gives_no_intent(tmp_path):
    classifier = LinearIntentClassifier.load(LinearIntentClassifier.get_default_config(),
                                             LocalModelStorage(tmp_path), Resource("nothing"), CONTEXT)
    message = Message(data={"text": "hallo"})
    classifier.process([message])
    assert message.get("intent") == {"name": None, "confidence": 0.0} and message.get("intent_ranking") == []


@pytest.mark.parametrize("probabilities, expected", [
    # One clear smaller intent beats two answers of uitleg that together weigh more; its lead is then negative, so
    # the FallbackClassifier asks "Bedoelt u ...?" instead of giving either.
    ([0.4, 0.35, 0.25], [("bezwaartermijn", 0.4), ("uitleg", 0.6)]),
    # The most likely answer is one of uitleg: uitleg first, with all its answers summed.
    ([0.2, 0.5, 0.3], [("uitleg", 0.8), ("bezwaartermijn", 0.2)]),
])
def test_the_intent_of_the_most_likely_answer_comes_first_with_its_answers_summed(probabilities, expected):
    from bot.linear_intent_classifier import intent_ranking

    classes = np.array(["bezwaartermijn", "uitleg/bezwaar_hoe", "uitleg/wat_is_wmo"])
    ranking = intent_ranking(classes, np.array(probabilities))
    assert [(r["name"], round(r["confidence"], 6)) for r in ranking] == expected
