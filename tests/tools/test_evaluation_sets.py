"""The evaluation sets stay out of training: no question of the bot-level set (tests/e2e/sets/eerste_antwoord.yml)
or of the termijn phrasings (tests/e2e/test_termijn_zinnen.py) is a training sentence in data/, and the other way
round. Compared in lower case, without punctuation, with every date and number as one placeholder, so a copy with
another date is caught too."""

import ast
import re
from pathlib import Path

import yaml

from wmo.placeholders import with_placeholders

ROOT = Path(__file__).resolve().parents[2]


def normal(text: str) -> str:
    text = with_placeholders(text.replace("{datum}", "3 maart 2026")).lower()
    return " ".join(re.findall(r"\w+", text))


def training_sentences() -> set:
    found = set()
    for path in (ROOT / "data").rglob("*.yml"):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            for line in str(block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    found.add(normal(line.strip()[2:]))
    return found


def bot_level_questions() -> list:
    return [item["vraag"] for item in
            yaml.safe_load((ROOT / "tests/e2e/sets/eerste_antwoord.yml").read_text(encoding="utf-8"))["vragen"]]


def termijn_phrasings() -> list:
    tree = ast.parse((ROOT / "tests/e2e/test_termijn_zinnen.py").read_text(encoding="utf-8"))
    lists = {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body
             if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
             and node.targets[0].id in ("BEZWAAR_ZINNEN", "PLAN_ZINNEN")}
    return lists["BEZWAAR_ZINNEN"] + lists["PLAN_ZINNEN"]


def test_the_training_data_is_read():
    assert len(training_sentences()) > 1000


def test_no_question_of_the_evaluation_sets_is_trained_on():
    trained = training_sentences()
    for name, questions in (("bot-level set", bot_level_questions()), ("termijn phrasings", termijn_phrasings())):
        copied = [q for q in questions if normal(q) in trained]
        assert not copied, f"{name}: in the training data: {copied}"


def test_a_copy_with_another_date_is_caught():
    assert normal("Brief van 12 januari 2026, tot wanneer bezwaar?") == normal("brief van 3-3, tot wanneer bezwaar")
