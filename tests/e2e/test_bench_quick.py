"""The parts of `make bench` that need the running stack, in their --quick mode, once per `make test`, so the
benchmark never rots (the NLU part needs no stack: tests/bench/test_nlu_bench_quick.py).

The latency bench runs against the running stack: its simulated inwoners must finish every kind of conversation
(a melding with a plan included) without an error; then the API writes. Their figures mean nothing, their code
runs. Then the report writes the plot and the tables, into a copy of docs/performance.md, with the NLU figures of
the last whole run (bench/results/nlu.json).
"""

import json
import shutil
import subprocess
import sys

from tests.e2e.conftest import ROOT

BOT_PY = str(ROOT / ".venv" / "bot" / "bin" / "python")


def test_the_latency_and_api_parts_of_the_benchmark_run_in_quick_mode(stack, tmp_path):
    latency = subprocess.run(
        [sys.executable, "bench/latency.py", "--quick", "--webhook", stack.settings.webhook_url,
         "--out", str(tmp_path / "latency.json")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert latency.returncode == 0, latency.stdout[-2000:] + latency.stderr[-2000:]
    api = subprocess.run([sys.executable, "bench/api_write.py", "--quick", "--output",
                          str(tmp_path / "api_write.json")], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert api.returncode == 0, api.stdout[-2000:] + api.stderr[-2000:]

    report = json.loads((tmp_path / "latency.json").read_text(encoding="utf-8"))
    assert [level["concurrency"] for level in report["levels"]] == [2, 5]
    for level in report["levels"] + report["floor"]:
        assert level["errors"] == 0 and level["messages"] > 0 and level["p95_ms"] is not None
    finished_kinds = {kind for level in report["levels"] for kind in level["conversations"]}
    assert finished_kinds == {"faq", "bezwaar", "melding_plan"}

    writes = json.loads((tmp_path / "api_write.json").read_text(encoding="utf-8"))["results"]
    assert set(writes) == {"sqlite", "postgresql"}
    assert all(row["errors"] == 0 and row["requests"] == 200 for row in writes.values())

    shutil.copy(ROOT / "bench" / "results" / "nlu.json", tmp_path / "nlu.json")
    page = tmp_path / "performance.md"
    shutil.copy(ROOT / "docs" / "performance.md", page)
    shown = subprocess.run([BOT_PY, "bench/report.py", "--results", str(tmp_path), "--page", str(page)],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert (tmp_path / "latency.png").read_bytes().startswith(b"\x89PNG")
    text = page.read_text(encoding="utf-8")
    assert "| 5 |" in text and "Rasa's default" in text and "| postgresql |" in text
