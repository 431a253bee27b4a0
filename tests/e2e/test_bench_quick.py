"""Every part of `make bench` in its --quick mode, once per `make test`, so the benchmark never rots.

The latency bench runs against the running stack: its simulated inwoners must finish every kind of conversation
(a melding with a plan included) without an error. The NLU bench (trainings of a few seconds' worth) runs beside
it, so the three parts together take about as long as the longest; their figures mean nothing, their code runs.
Then the report writes the plot and the tables, into a copy of the README.
"""

import json
import shutil
import subprocess
import sys

from tests.e2e.conftest import ROOT

BOT_PY = str(ROOT / ".venv" / "bot" / "bin" / "python")


def test_every_part_of_the_benchmark_runs_in_quick_mode(stack, tmp_path):
    nlu = subprocess.Popen([BOT_PY, "bench/nlu.py", "--quick", "--out", str(tmp_path / "nlu.json")], cwd=ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        latency = subprocess.run(
            [sys.executable, "bench/latency.py", "--quick", "--webhook", stack.settings.webhook_url,
             "--out", str(tmp_path / "latency.json")], cwd=ROOT, capture_output=True, text=True, timeout=240)
        assert latency.returncode == 0, latency.stdout[-2000:] + latency.stderr[-2000:]
        api = subprocess.run([sys.executable, "bench/api_write.py", "--quick", "--output",
                              str(tmp_path / "api_write.json")], cwd=ROOT, capture_output=True, text=True, timeout=240)
        assert api.returncode == 0, api.stdout[-2000:] + api.stderr[-2000:]
        output, _ = nlu.communicate(timeout=400)
    finally:
        nlu.kill()
    assert nlu.returncode == 0, output[-3000:]
    assert "processor.message.parse" not in output  # Rasa's debug line for every sentence evaluated

    report = json.loads((tmp_path / "latency.json").read_text(encoding="utf-8"))
    assert [level["concurrency"] for level in report["levels"]] == [2, 5]
    for level in report["levels"] + report["floor"]:
        assert level["errors"] == 0 and level["messages"] > 0 and level["p95_ms"] is not None
    finished_kinds = {kind for level in report["levels"] for kind in level["conversations"]}
    assert finished_kinds == {"faq", "bezwaar", "melding_plan"}

    writes = json.loads((tmp_path / "api_write.json").read_text(encoding="utf-8"))["results"]
    assert set(writes) == {"sqlite", "postgresql"}
    assert all(row["errors"] == 0 and row["requests"] == 200 for row in writes.values())

    nlu_report = json.loads((tmp_path / "nlu.json").read_text(encoding="utf-8"))
    default = nlu_report["pipelines"]["rasa_default"]
    assert default["pipeline"][0] == "WhitespaceTokenizer" and "DIETClassifier" in default["pipeline"]
    assert 0 <= default["intent_macro_f1"] <= 1 and default["examples"] > 0
    assert len(nlu_report["cross_validation"]["intent_macro_f1_per_fold"]) == 1

    readme = tmp_path / "README.md"
    shutil.copy(ROOT / "README.md", readme)
    shown = subprocess.run([BOT_PY, "bench/report.py", "--results", str(tmp_path), "--readme", str(readme)],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert (tmp_path / "latency.png").read_bytes().startswith(b"\x89PNG")
    text = readme.read_text(encoding="utf-8")
    assert "| 5 |" in text and "Rasa's default" in text and "| postgresql |" in text
