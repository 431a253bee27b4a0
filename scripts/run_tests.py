"""`make test`: every step of the test suite, each timed, side by side where they do not depend on each other, and
a table of where the time went at the end.

    python3 scripts/run_tests.py            (what `make test` runs; needs only Python's standard library)

Each step names the steps it needs. As many steps run at once as the machine has cores (a machine of this kind has
two; `WMO_TEST_LANES` sets another number), the first ready step of the list below first: while the model
trains (about one core), the unit tests, the data validation and the NLU benchmark's quick run use the other
core; once it is trained, the end-to-end tests run beside the NLU, conversation and scale-out tests. Each step's
output goes to var/test-results/steps/<step>.log (follow it with `tail -f`) and is printed when the step ends.
The table, with the date and the machine, is also written to var/test-results/timings.json.

After a failing step no new step starts; the ones running finish, and the exit code is the first failure's.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import machine  # noqa: E402  (the record every benchmark result carries)

RESULTS = ROOT / "var" / "test-results"
LANES_ENV = "WMO_TEST_LANES"


@dataclass
class Step:
    name: str
    what: str
    command: List[str]
    needs: Tuple[str, ...] = ()
    started: Optional[float] = None  # seconds after the suite started
    seconds: Optional[float] = None
    cpu_seconds: Optional[float] = None  # user + system time of the step and every process it waited for
    returncode: Optional[int] = None

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "_", self.name.lower()).strip("_")


def make(*targets: str) -> List[str]:
    return ["make", "--no-print-directory", *targets]


def suite() -> List[Step]:
    """Every step, in the order in which a free lane takes the next ready one (the long ones first)."""
    return [
        Step("install", "Python environments from the lock files, .env", make("install")),
        Step("pipeline", "the Dutch spaCy pipeline (built when missing or stale)", make("pipeline"), ("install",)),
        Step("training", "rasa train, or the model of the same inputs from the cache", make("train"), ("pipeline",)),
        Step("browser, nginx", "Debian's chromium and nginx, axe-core (each only when missing)",
             make("browser", "nginx"), ("install",)),
        Step("end-to-end", "the real stack: chat, widget, API, outbox, restarts, bad input, bench (quick)",
             make("test-e2e"), ("training", "browser, nginx")),
        Step("unit (bot)", "wmo/, bot/, actions/ in the bot environment", make("test-unit-bot"), ("pipeline",)),
        Step("unit (api)", "wmo/, api/ (SQLite, PostgreSQL), scripts, layout", make("test-unit-api"), ("install",)),
        Step("data", "rasa data validate, no warning allowed", make("validate"), ("pipeline",)),
        Step("NLU bench (quick)", "bench/nlu.py --quick: the benchmark's NLU code still runs", make("test-bench-nlu"),
             ("pipeline",)),
        Step("scale-out", "nginx, 2 Rasa and 2 action servers, PostgreSQL, Redis", make("test-scaled"),
             ("training", "browser, nginx")),
        Step("NLU", "the held-out set; fails below intent macro-F1 0.90 or answers 0.85", make("test-nlu"),
             ("training",)),
        Step("stories", "the conversation tests of tests/stories", make("test-stories"), ("training",)),
    ]


def lanes() -> int:
    configured = os.environ.get(LANES_ENV, "")
    if configured:
        return max(1, int(configured))
    return max(1, min(os.cpu_count() or 1, 4))


class Runner:
    def __init__(self, steps: Sequence[Step], lane_count: int) -> None:
        self.steps = list(steps)
        self.lane_count = lane_count
        self.lock = threading.Condition()
        self.started_at = time.monotonic()
        self.failed: Optional[Step] = None
        names = {step.name for step in self.steps}
        for step in self.steps:
            unknown = set(step.needs) - names
            if unknown:
                raise ValueError(f"{step.name} needs unknown steps {sorted(unknown)}")

    def now(self) -> float:
        return round(time.monotonic() - self.started_at, 1)

    def _next(self) -> Optional[Step]:
        """The first step not started whose needs passed; None when nothing is left to start."""
        done = {step.name for step in self.steps if step.returncode == 0}
        for step in self.steps:
            if step.started is None and set(step.needs) <= done:
                return step
        return None

    def _waiting(self) -> bool:
        return any(step.started is None for step in self.steps) and self.failed is None

    def _running(self) -> List[Step]:
        return [step for step in self.steps if step.started is not None and step.returncode is None]

    def lane(self) -> None:
        while True:
            with self.lock:
                step = None
                while self._waiting():
                    step = self._next()
                    if step is not None or not self._running():
                        break
                    self.lock.wait()
                if step is None:
                    self.lock.notify_all()
                    return
                step.started = self.now()
                beside = ", ".join(other.name for other in self._running() if other is not step)
                log = RESULTS / "steps" / f"{step.slug}.log"
                print(f"=== make test: {step.name} started at {step.started:.0f} s"
                      f"{' beside ' + beside if beside else ''} (output: {log.relative_to(ROOT)})", flush=True)
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("w", encoding="utf-8") as out:
                process = subprocess.Popen(step.command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                           env={**os.environ, "PYTHONUNBUFFERED": "1"})
                _, status, usage = os.wait4(process.pid, 0)
                process.returncode = returncode = os.waitstatus_to_exitcode(status)
            with self.lock:
                step.seconds = round(self.now() - step.started, 1)
                step.cpu_seconds = round(usage.ru_utime + usage.ru_stime, 1)
                step.returncode = returncode
                if returncode != 0 and self.failed is None:
                    self.failed = step
                sys.stdout.write(f"\n=== make test: output of {step.name} ===\n")
                sys.stdout.write(log.read_text(encoding="utf-8", errors="replace"))
                verdict = "passed" if returncode == 0 else f"FAILED (exit {returncode})"
                print(f"=== make test: {step.name} {verdict} in {step.seconds:.0f} s ===\n", flush=True)
                self.lock.notify_all()

    def run(self) -> Optional[Step]:
        threads = [threading.Thread(target=self.lane, daemon=True) for _ in range(self.lane_count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return self.failed


def table(steps: Sequence[Step], total: float) -> str:
    lines = ["| step | seconds | from – to (s) | CPU seconds | what |", "|---|---:|---|---:|---|"]
    for step in steps:
        if step.seconds is None:
            seconds, span, cpu = "not run", "", ""
        else:
            seconds = f"{step.seconds:,.0f}"
            span = f"{step.started:,.0f} – {step.started + step.seconds:,.0f}"
            cpu = f"{step.cpu_seconds:,.0f}" if step.cpu_seconds is not None else ""
        if step.returncode not in (None, 0):
            seconds += f" (failed, exit {step.returncode})"
        lines.append(f"| {step.name} | {seconds} | {span} | {cpu} | {step.what} |")
    used = sum(step.cpu_seconds or 0 for step in steps)
    lines.append(f"| **total** | **{total:,.0f}** | | **{used:,.0f}** | |")
    return "\n".join(lines)


def main() -> int:
    steps = suite()
    runner = Runner(steps, lanes())
    print(f"make test: {len(steps)} steps, {runner.lane_count} side by side", flush=True)
    failed = runner.run()
    total = runner.now()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    about = machine()
    print(f"\nmake test: where the time went ({when}; {about['cpus']} cores, {about['memory_gb']} GB, "
          f"{about['cpu'] or about['platform']}; {runner.lane_count} steps side by side)\n")
    print(table(steps, total))
    RESULTS.mkdir(parents=True, exist_ok=True)
    record: Dict = {"date": when, "machine": about, "lanes": runner.lane_count, "total_seconds": total,
                    "passed": failed is None,
                    "steps": [{"name": s.name, "started": s.started, "seconds": s.seconds,
                               "cpu_seconds": s.cpu_seconds, "returncode": s.returncode} for s in steps]}
    (RESULTS / "timings.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    if failed:
        print(f"\nmake test: FAILED in {failed.name} (exit {failed.returncode}) after {total:,.0f} s; its output: "
              f"var/test-results/steps/{failed.slug}.log")
        return failed.returncode or 1
    print(f"\nmake test: all passed in {total:,.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
