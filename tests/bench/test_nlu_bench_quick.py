"""The NLU part of `make bench` (bench/nlu.py) in its --quick mode, once per `make test`, so it never rots.

It trains Rasa's default pipeline and one cross-validation fold of ours, each for 1 epoch on a fifth of the data,
and evaluates them on a fifth of the held-out set: its figures mean nothing, its code runs. It needs no running
bot, so `make test` runs it while the model trains (scripts/run_tests.py).
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_nlu_part_of_the_benchmark_runs_in_quick_mode(tmp_path):
    out = tmp_path / "nlu.json"
    run = subprocess.run([sys.executable, "bench/nlu.py", "--quick", "--out", str(out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=900)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-3000:]
    assert "processor.message.parse" not in output  # Rasa's debug line for every sentence evaluated

    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["quick"] is True
    default = report["pipelines"]["rasa_default"]
    assert default["pipeline"][0] == "WhitespaceTokenizer" and "DIETClassifier" in default["pipeline"]
    assert 0 <= default["intent_macro_f1"] <= 1 and default["examples"] > 0
    assert len(report["cross_validation"]["ours"]["intent_macro_f1_per_fold"]) == 1
    assert report["training_cost"] is None, "quick leaves out the two trainings of the whole project"
