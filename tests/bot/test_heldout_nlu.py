"""The held-out NLU set stays held out: none of its sentences is a training example, and it covers every intent."""

import re

import yaml

from bot.nlu_examples import HELDOUT, TRAINING, heldout_examples, training_examples


def normal(sentence: str) -> str:
    sentence = re.sub(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}", lambda m: m.group(1) or m.group(2), sentence)
    return re.sub(r"\W+", " ", sentence.lower()).strip()


def test_no_held_out_sentence_is_trained_on():
    trained = {normal(line) for lines in training_examples().values() for line in lines}
    leaked = [line for lines in heldout_examples().values() for line in lines if normal(line) in trained]
    assert leaked == []


def test_every_intent_has_held_out_examples_and_enough_training_examples():
    held_out, trained = heldout_examples(), training_examples()
    assert set(held_out) == set(trained), "an intent without held-out examples, or a held-out intent not trained"
    assert {intent: len(lines) for intent, lines in held_out.items() if len(lines) < 7} == {}
    assert {intent: len(lines) for intent, lines in trained.items() if len(lines) < 25} == {}


def test_no_sentence_is_trained_under_two_intents():
    # "voor wie is de wmo bedoeld" was once both toegang_check and uitleg/wat_is_wmo: the model cannot learn both
    seen, twice = {}, []
    for intent, lines in training_examples().items():
        for line in lines:
            earlier = seen.setdefault(normal(line), intent)
            if earlier != intent:
                twice.append((line, earlier, intent))
    assert twice == []


def test_every_line_of_an_examples_block_is_an_example():
    # Inside "examples: |" a "# comment" is text: Rasa skips it with a warning on every evaluation (it did in
    # tests/nlu/heldout.yml). Comments belong above the intent.
    stray = []
    for path in [*sorted(TRAINING.glob("*.yml")), HELDOUT]:
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            stray += [(path.name, item.get("intent"), line.strip()) for line in item.get("examples", "").splitlines()
                      if line.strip() and not line.strip().startswith("- ")]
    assert stray == []
