"""The build steps: validation fails on every Rasa warning except the one known false positive; training runs once
per content, also across checkouts (the model cache)."""

import json
from pathlib import Path

import pytest

from scripts import model_cache, tasks

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


def test_the_custom_components_and_what_they_import_are_training_inputs():
    sources = {str(path.relative_to(tasks.ROOT)) for path in tasks.component_sources()}
    assert {"bot/bsn_detector.py", "bot/linear_intent_classifier.py", "wmo/bsn.py"} <= sources
    assert not any(name.startswith(("actions/", "api/")) for name in sources)


def test_a_module_a_component_imports_by_name_is_a_training_input_too(tmp_path, monkeypatch):
    (tmp_path / "bot").mkdir()
    (tmp_path / "wmo").mkdir()
    (tmp_path / "config.yml").write_text("pipeline:\n  - name: bot.gate.Gate\n  - name: DIETClassifier\n",
                                         encoding="utf-8")
    (tmp_path / "bot" / "gate.py").write_text("from wmo import regels\nfrom wmo.tekst import schoon\n",
                                              encoding="utf-8")
    (tmp_path / "wmo" / "regels.py").write_text("import json\n", encoding="utf-8")
    (tmp_path / "wmo" / "tekst.py").write_text("def schoon(): pass\n", encoding="utf-8")
    (tmp_path / "wmo" / "ongebruikt.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in tasks.component_sources()] == [
        "bot/gate.py", "wmo/regels.py", "wmo/tekst.py"]


@pytest.fixture
def clones(tmp_path, monkeypatch):
    """Two checkouts of the same training inputs on one machine, one model cache, and a stand-in for `rasa train`
    that writes a model made of the data it was given (and counts its runs)."""
    monkeypatch.setenv("WMO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(tasks.metadata, "version", lambda name: "3.6.21")
    monkeypatch.setattr(tasks, "pipeline", lambda: Path("models/spacy/nl_wmo-a"))
    trainings = []

    def rasa_train(cmd, env):
        assert cmd[1] == "train"
        data = b"".join(p.read_bytes() for p in sorted((tasks.ROOT / "data").rglob("*.yml")))
        (tasks.ROOT / "models").mkdir(exist_ok=True)
        (tasks.ROOT / "models" / "wmo.tar.gz").write_bytes(b"model of " + data)
        trainings.append(tasks.ROOT)

    monkeypatch.setattr(tasks, "run", rasa_train)
    roots = []
    for name in ("clone-1", "clone-2"):
        root = tmp_path / name
        (root / "data").mkdir(parents=True)
        (root / "config.yml").write_text("pipeline: []\n", encoding="utf-8")
        (root / "domain.yml").write_text("intents: [greet]\n", encoding="utf-8")
        (root / "data" / "nlu.yml").write_text("- intent: greet\n", encoding="utf-8")
        roots.append(root)

    def train_in(root):
        monkeypatch.setattr(tasks, "ROOT", root)
        tasks.train()
        return (root / "models" / "wmo.tar.gz").read_bytes()

    return roots, train_in, trainings


def test_a_second_clone_of_the_same_inputs_takes_the_trained_model_from_the_cache(clones, capsys):
    (first, second), train_in, trainings = clones
    model = train_in(first)
    assert trainings == [first]
    assert train_in(first) == model and trainings == [first], "up to date in its own checkout"
    assert train_in(second) == model
    assert trainings == [first], "the second clone did not train"
    assert "taken from the cache" in capsys.readouterr().out
    assert json.loads((second / "models" / "wmo.fingerprint.json").read_text())["fingerprint"] == \
        json.loads((first / "models" / "wmo.fingerprint.json").read_text())["fingerprint"]


def test_a_changed_input_always_trains(clones):
    (first, second), train_in, trainings = clones
    model = train_in(first)
    (second / "data" / "nlu.yml").write_text("- intent: greet\n- intent: goodbye\n", encoding="utf-8")
    assert train_in(second) != model
    assert trainings == [first, second]
    (first / "data" / "nlu.yml").write_text("- intent: greet\n- intent: goodbye\n", encoding="utf-8")
    assert train_in(first) == (second / "models" / "wmo.tar.gz").read_bytes()
    assert trainings == [first, second], "the first clone, changed the same way, takes the second one's model"


def test_a_damaged_model_in_the_cache_is_not_used(clones):
    (first, second), train_in, trainings = clones
    model = train_in(first)
    cached = next((model_cache.cache_dir() / "models").glob("*.tar.gz"))
    cached.write_bytes(b"half a model")
    assert train_in(second) == model
    assert trainings == [first, second]


def test_the_cache_keeps_the_newest_models(clones):
    (first, _), train_in, trainings = clones
    for number in range(model_cache.KEEP + 2):
        (first / "data" / "nlu.yml").write_text(f"- intent: greet{number}\n", encoding="utf-8")
        train_in(first)
    kept = list((model_cache.cache_dir() / "models").glob("*.tar.gz"))
    assert len(trainings) == model_cache.KEEP + 2 and len(kept) == model_cache.KEEP
    assert len(list((model_cache.cache_dir() / "models").glob("*.json"))) == model_cache.KEEP


def test_rasas_training_cache_is_one_per_version_of_the_components_code(tmp_path, monkeypatch):
    (tmp_path / "bot").mkdir()
    (tmp_path / "config.yml").write_text("pipeline:\n  - name: bot.encoder.Encoder\n", encoding="utf-8")
    (tmp_path / "bot" / "encoder.py").write_text("WORDS = 1\n", encoding="utf-8")
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    monkeypatch.setattr(tasks.metadata, "version", lambda name: "1.0")
    first = tasks.rasa_training_cache()
    first.mkdir(parents=True)
    assert tasks.rasa_training_cache() == first, "the same code keeps its cache"
    (tmp_path / "bot" / "encoder.py").write_text("WORDS = 2\n", encoding="utf-8")
    second = tasks.rasa_training_cache()
    assert second != first, "Rasa would reuse the old code's features from the old cache"
    assert not first.exists(), "the old code's cache is removed"
