"""The build steps: validation fails on every Rasa warning except the one known false positive."""

import pytest

from scripts import tasks

DUPLICATE = (
    "\x1b[93m/x/rasa/shared/utils/io.py:100: UserWarning: The following duplicated intents have been found "
    "across multiple domain files: {names}\n  More info at https://rasa.com/docs/rasa/domain\n\x1b[0m"
)


def test_retrieval_intents_are_read_from_the_nlu_data():
    assert "uitleg" in tasks.retrieval_intents()
    assert "greet" not in tasks.retrieval_intents()


@pytest.mark.parametrize(
    "output, problems",
    [
        ("2026-11-23 INFO rasa.validator - Validating intents...\n", 0),
        (DUPLICATE.format(names="uitleg"), 0),  # Rasa's false positive for retrieval intents
        (DUPLICATE.format(names="greet"), 1),  # a real duplicate
        (DUPLICATE.format(names="uitleg, greet"), 1),
        ("/x/io.py:100: UserWarning: Issue found in 'data/rules/x.yml': \nFound intent 'x' in stories\n", 1),
        ("2026-11-23 01:00:00 WARNING  rasa.validator  - something\n", 1),
        ("/x/keras.py:1: DeprecationWarning: invalid escape sequence\n", 0),  # library noise, not our data
    ],
)
def test_which_warnings_fail_validation(output, problems):
    assert len(tasks.unexpected_warnings(output)) == problems


def test_training_fingerprint_changes_with_the_data(tmp_path, monkeypatch):
    for name in ("config.yml", "domain.yml"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.yml").write_text("one", encoding="utf-8")
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    monkeypatch.setattr(tasks.metadata, "version", lambda name: "3.6.21")
    first = tasks.training_fingerprint("models/spacy/nl_wmo-a")
    assert tasks.training_fingerprint("models/spacy/nl_wmo-a") == first
    assert tasks.training_fingerprint("models/spacy/nl_wmo-b") != first, "a rebuilt pipeline retrains"
    (tmp_path / "data" / "a.yml").write_text("two", encoding="utf-8")
    assert tasks.training_fingerprint("models/spacy/nl_wmo-a") != first, "changed data retrains"
