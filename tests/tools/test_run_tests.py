"""scripts/run_tests.py (`make test`): steps side by side where they do not depend on each other, a step only after
what it needs, no new step after a failure, and the table of where the time went, also when a step failed."""

import json
import sys

import pytest

from scripts import run_tests
from scripts.run_tests import Runner, Step

PY = sys.executable


def step(name, code, needs=()):
    return Step(name, f"does {name}", [PY, "-c", code], tuple(needs))


def sleep_then(seconds, text):
    return f"import time; time.sleep({seconds}); print({text!r})"


@pytest.fixture
def results(tmp_path, monkeypatch):
    monkeypatch.setattr(run_tests, "RESULTS", tmp_path / "test-results")
    monkeypatch.setattr(run_tests, "ROOT", tmp_path)
    return tmp_path / "test-results"


def test_steps_run_side_by_side_each_after_what_it_needs(results):
    steps = [step("install", "print('installing')"),
             step("training", sleep_then(1.0, "trained"), ["install"]),
             step("end-to-end", sleep_then(0.2, "e2e"), ["training"]),
             step("unit", sleep_then(0.6, "unit"), ["install"]),
             step("data", sleep_then(0.3, "valid"), ["install"])]
    assert Runner(steps, 2).run() is None
    by = {s.name: s for s in steps}
    assert by["training"].started >= by["install"].started + by["install"].seconds - 0.05
    assert by["end-to-end"].started >= by["training"].started + by["training"].seconds - 0.05
    assert by["unit"].started < by["training"].started + 0.5, "unit ran while the model trained"
    assert by["data"].started < by["training"].started + by["training"].seconds, "and data after it, beside training"
    assert (results / "steps" / "end_to_end.log").read_text().strip() == "e2e"


def test_the_table_says_where_the_time_went(results, monkeypatch, capfd):
    steps = [step("install", "print('installing')"), step("unit (api)", "print('api tests')", ["install"])]
    monkeypatch.setattr(run_tests, "suite", lambda: steps)
    assert run_tests.main() == 0
    out = capfd.readouterr().out
    assert "installing" in out and "api tests" in out
    table = out[out.index("where the time went"):]
    assert "| install |" in table and "| unit (api) |" in table and "| **total** |" in table
    assert "make test: all passed" in out
    timings = json.loads((results / "timings.json").read_text())
    assert timings["passed"] is True and [s["name"] for s in timings["steps"]] == ["install", "unit (api)"]
    assert timings["machine"]["cpus"] >= 1 and timings["steps"][1]["started"] >= timings["steps"][0]["seconds"]


def test_each_step_s_cpu_time_counts_the_processes_it_started(results):
    busy = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass\n"
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {busy!r}])"
    steps = [step("busy child", child), step("idle", "import time; time.sleep(0.4)")]
    assert Runner(steps, 2).run() is None
    assert steps[0].cpu_seconds >= 0.35, "the grandchild's CPU time is the step's"
    assert steps[1].cpu_seconds < 0.3


def test_after_a_failure_no_new_step_starts_and_the_exit_code_is_the_failures(results, monkeypatch, capfd):
    steps = [step("install", "print('ok')"),
             step("unit (bot)", "import sys; sys.exit(5)", ["install"]),
             step("unit (api)", sleep_then(0.5, "api tests"), ["install"]),
             step("end-to-end", "print('never')", ["unit (api)"])]
    monkeypatch.setattr(run_tests, "suite", lambda: steps)
    monkeypatch.setenv(run_tests.LANES_ENV, "2")
    assert run_tests.main() == 5, "pytest's 5 (no tests collected) fails make test"
    out = capfd.readouterr().out
    assert "api tests" in out, "the step running beside the failure finishes"
    assert "never" not in out
    assert "(failed, exit 5)" in out and "| end-to-end | not run |" in out
    assert "make test: FAILED in unit (bot) (exit 5)" in out
    assert json.loads((results / "timings.json").read_text())["passed"] is False


def test_a_step_needing_an_unknown_step_is_refused():
    with pytest.raises(ValueError, match="needs unknown steps"):
        Runner([step("unit", "pass", ["instal"])], 2)


def test_the_suite_has_every_step_the_budget_names_and_each_waits_for_what_it_uses():
    steps = {s.name: s for s in run_tests.suite()}
    assert set(steps) == {"install", "pipeline", "training", "browser, nginx", "unit (bot)", "unit (api)", "data",
                          "NLU bench (quick)", "NLU", "stories", "end-to-end", "scale-out"}
    assert all(s.command[0] == "make" for s in steps.values())
    for name in ("NLU", "stories", "end-to-end", "scale-out"):
        assert "training" in steps[name].needs
    for name in ("end-to-end", "scale-out"):
        assert "browser, nginx" in steps[name].needs
    for name in ("training", "data", "unit (bot)", "NLU bench (quick)"):
        assert "pipeline" in steps[name].needs  # each would build it otherwise, at the same time
