"""`bench/latency.py --quick` against the running stack, once per `make test`, so the benchmark never rots: its
simulated inwoners finish every kind of conversation (a melding with a plan included) without an error."""

import json
import subprocess
import sys

from tests.e2e.conftest import ROOT


def test_the_quick_latency_bench_runs_without_errors(stack, tmp_path):
    out = tmp_path / "latency.json"
    finished = subprocess.run(
        [sys.executable, "bench/latency.py", "--quick", "--webhook", stack.settings.webhook_url, "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert finished.returncode == 0, finished.stdout[-2000:] + finished.stderr[-2000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [level["concurrency"] for level in report["levels"]] == [2, 5]
    for level in report["levels"]:
        assert level["errors"] == 0 and level["messages"] > 0 and level["p95_ms"] is not None
    finished_kinds = {kind for level in report["levels"] for kind in level["conversations"]}
    assert finished_kinds == {"faq", "bezwaar", "melding_plan"}
