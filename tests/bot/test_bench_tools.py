"""The pure parts of the benchmark (bench/nlu.py, bench/report.py): configs, the one-line change, the reports."""

import json
import shutil

import pytest

from bench import nlu, report
from scripts.tasks import ROOT


def test_rasas_default_pipeline_is_read_from_the_installed_rasa_with_our_language():
    config = nlu.default_config()
    names = [step["name"] for step in config["pipeline"]]
    assert config["language"] == "nl"
    assert names[0] == "WhitespaceTokenizer" and "DIETClassifier" in names and "ResponseSelector" in names
    assert "SpacyNLP" not in names


def test_our_config_is_the_nlu_part_of_config_yml():
    config = nlu.our_config()
    assert "policies" not in config
    assert [step["name"] for step in config["pipeline"]][:2] == ["SpacyNLP", "SpacyTokenizer"]


def test_quick_epochs_change_only_the_trained_components():
    config = nlu.with_epochs(nlu.default_config(), 1)
    epochs = {step["name"]: step.get("epochs") for step in config["pipeline"]}
    assert epochs["DIETClassifier"] == 1 and epochs["ResponseSelector"] == 1
    assert epochs["WhitespaceTokenizer"] is None
    assert nlu.with_epochs(nlu.default_config(), None) == nlu.default_config()


def test_the_one_line_change_adds_exactly_one_greeting(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    before = (tmp_path / "data" / "nlu" / "basis.yml").read_text(encoding="utf-8").splitlines()
    nlu.add_one_example(tmp_path / "data")
    after = (tmp_path / "data" / "nlu" / "basis.yml").read_text(encoding="utf-8").splitlines()
    assert len(after) == len(before) + 1
    assert [line for line in after if line not in before] == ["      - goedemiddag samen"]


def test_confusions_count_intent_and_answer_mistakes_together(tmp_path):
    (tmp_path / "intent_errors.json").write_text(json.dumps([
        {"text": "tot ziens", "intent": "goodbye", "intent_prediction": {"name": "stop", "confidence": 0.8}},
        {"text": "doei", "intent": "goodbye", "intent_prediction": {"name": "stop", "confidence": 0.7}},
        {"text": "ja hoor", "intent": "affirm", "intent_prediction": {"name": "thanks", "confidence": 0.6}}]))
    (tmp_path / "response_selection_errors.json").write_text(json.dumps([
        {"text": "wat is een pgb", "intent_response_key_target": "uitleg/pgb_natura",
         "intent_response_key_prediction": {"name": "uitleg/zelf_kopen", "confidence": 0.5}}]))
    pairs = nlu.confusions(tmp_path)
    assert pairs[0] == {"expected": "goodbye", "predicted": "stop", "errors": 2, "example": "tot ziens"}
    assert {"expected": "uitleg/pgb_natura", "predicted": "uitleg/zelf_kopen", "errors": 1,
            "example": "wat is een pgb"} in pairs
    assert len(nlu.confusions(tmp_path, top=1)) == 1 and len(nlu.confusions(tmp_path, top=None)) == 3


def test_the_pages_section_is_replaced_and_nothing_else(tmp_path):
    page = tmp_path / "performance.md"
    page.write_text(f"# Kop\nvoor\n{report.START}\noud\n{report.END}\nna\n", encoding="utf-8")
    report.update_page(page, "| nieuw |\n")
    assert page.read_text(encoding="utf-8") == f"# Kop\nvoor\n{report.START}\n| nieuw |\n{report.END}\nna\n"
    page.write_text("geen markers\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        report.update_page(page, "x\n")


def test_the_tables_go_to_the_performance_page():
    assert report.PAGE.relative_to(report.ROOT).as_posix() == "docs/performance.md"
    assert report.START in report.PAGE.read_text(encoding="utf-8")


def test_an_answer_not_chosen_is_named_in_the_confusion_table():
    assert report._predicted({"predicted": ""}) == "(no answer chosen: another intent)"
    assert report._predicted({"predicted": "uitleg/procedure"}) == "uitleg/procedure"


FALLBACK_TOOL = """
import sys
from pathlib import Path
import structlog
from bench import nlu_fallback

async def rankings(model, sentences):  # what parsing with the model logs, without loading one
    structlog.get_logger().debug("processor.message.parse", parse_data_text="hallo daar")
    return [("hallo daar", "greet", [("greet", 0.9), ("goodbye", 0.1)])]

nlu_fallback.rankings = rankings
nlu_fallback.RESULTS = Path(sys.argv[1])
sys.argv = sys.argv[:1]
sys.exit(nlu_fallback.main())
"""


def test_the_fallback_tool_prints_its_grid_without_a_debug_line_per_sentence(tmp_path):
    import subprocess
    import sys

    # a process of its own: the tool sets up logging for the whole process
    result = subprocess.run([sys.executable, "-c", FALLBACK_TOOL, str(tmp_path / "nlu_fallback.json")], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "1 sentences (held-out)" in result.stdout
    assert "processor.message.parse" not in result.stdout + result.stderr
    assert json.loads((tmp_path / "nlu_fallback.json").read_text(encoding="utf-8"))["count"] == 1
