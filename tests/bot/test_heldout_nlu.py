"""The held-out NLU set stays held out: none of its sentences is a training example, and it covers every intent."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"


def normal(sentence: str) -> str:
    sentence = re.sub(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}", lambda m: m.group(1) or m.group(2), sentence)
    return re.sub(r"\W+", " ", sentence.lower()).strip()


def examples(path: Path) -> dict:
    found = {}
    for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
        if "intent" in item:
            lines = [line.strip()[2:] for line in item["examples"].splitlines() if line.strip().startswith("- ")]
            found.setdefault(item["intent"], []).extend(lines)
    return found


def training() -> dict:
    found = {}
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for intent, lines in examples(path).items():
            found.setdefault(intent, []).extend(lines)
    return found


def test_no_held_out_sentence_is_trained_on():
    trained = {normal(line) for lines in training().values() for line in lines}
    leaked = [line for lines in examples(HELDOUT).values() for line in lines if normal(line) in trained]
    assert leaked == []


def test_every_intent_has_held_out_examples_and_enough_training_examples():
    held_out, trained = examples(HELDOUT), training()
    assert set(held_out) == set(trained), "an intent without held-out examples, or a held-out intent not trained"
    assert {intent: len(lines) for intent, lines in held_out.items() if len(lines) < 7} == {}
    assert {intent: len(lines) for intent, lines in trained.items() if len(lines) < 25} == {}
