"""Conversation latency and throughput over the REST channel, with 1, 10, 20 and 50 simulated inwoners.

    make bench                                        (the full benchmark; this is one part of it)
    .venv/api/bin/python bench/latency.py [--quick] [--seconds 60] [--levels 1 10 20 50]
    .venv/api/bin/python bench/latency.py --webhook http://127.0.0.1:5005/webhooks/rest/webhook   (a running bot)

Without --webhook it starts the whole stack as `make run` does (scripts/stack.py), on free ports with its own var
folder, so a `make run` elsewhere is not disturbed and the meldingen it makes land in a throw-away database.
--quick (what `make test` runs): 2 and 5 inwoners for 15 s each (the floor 5 s each), so the benchmark code itself
never rots.
Writes bench/results/latency.json (or --out), with the date and the machine, and for each process (the floor's
Rasa, and the stack's Rasa server, NLU server, action server and API) the seconds from launch until it answered
and its peak memory after the load.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import List, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.conversations import run_level  # noqa: E402
from bench.machine import machine  # noqa: E402
from scripts import model_cache  # noqa: E402
from scripts.api_server import free_port  # noqa: E402
from scripts.stack import ROOT, Settings, Stack, gemeente_slugs, http_ok  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "latency.json"


FLOOR = ROOT / "bench" / "floor"


def floor_models() -> Path:
    """Where the floor bot's models are kept: the model cache outside the checkout, so a new clone does not train
    it again (scripts/model_cache.py)."""
    return model_cache.cache_dir() / "floor"


def floor_model() -> Path:
    """The floor bot's model, trained once per version of its files and of the bot environment (about a minute)."""
    digest = hashlib.sha256((ROOT / "requirements" / "bot.lock").read_bytes())
    for file in sorted(FLOOR.rglob("*.yml")):
        digest.update(file.relative_to(FLOOR).as_posix().encode() + file.read_bytes())
    name = f"floor-{digest.hexdigest()[:12]}"
    models = floor_models()
    model = models / f"{name}.tar.gz"
    if not model.is_file():
        say("Training the floor bot (bench/floor, once per version) ...")
        subprocess.run([str(ROOT / ".venv" / "bot" / "bin" / "rasa"), "train", "--config", str(FLOOR / "config.yml"),
                        "--domain", str(FLOOR / "domain.yml"), "--data", str(FLOOR / "data"),
                        "--out", str(models), "--fixed-model-name", name],
                       cwd=ROOT, check=True, capture_output=True, env={**os.environ, **QUIET})
    return model


QUIET = {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


@contextlib.contextmanager
def floor_bot(var_dir: Path):
    """The floor bot under `rasa run` on a free port, as the Rasa server of the stack runs (no action server).
    Yields its webhook, its process id and the seconds it took to answer."""
    port = free_port()
    log = (var_dir / "floor.log").open("ab")
    process = subprocess.Popen([str(ROOT / ".venv" / "bot" / "bin" / "python"), "-m", "bot.rasa_server", "run",
                                "--model", str(floor_model()),
                                "--interface", "127.0.0.1", "--port", str(port)],
                               cwd=var_dir, stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, **QUIET, "PYTHONPATH": str(ROOT)},
                               start_new_session=True)
    launched = time.monotonic()
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 180
        while not http_ok(f"{url}/webhooks/rest/"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the floor bot did not start; see {var_dir / 'floor.log'}")
            time.sleep(0.5)
        yield f"{url}/webhooks/rest/webhook", process.pid, round(time.monotonic() - launched, 1)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
        log.close()


def memory_mb(pid: int, field: str) -> Optional[float]:
    """A memory figure of the process from /proc/<pid>/status, in MB: VmHWM (the most it has held), VmRSS (now)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def peak_rss_mb(pid: int) -> Optional[float]:
    """The most memory the process has held (VmHWM), in MB."""
    return memory_mb(pid, "VmHWM")


def resources(stack: Stack) -> dict:
    """Per process of the stack, after the load: seconds from launch until it answered, and peak memory."""
    return {service.name: {"ready_seconds": service.ready_seconds, "peak_rss_mb": peak_rss_mb(service.process.pid)}
            for service in stack.services if service.name in ("rasa", "nlu", "actions", "api") and service.process}


def say(text: str) -> None:
    print(text, flush=True)


class Progress:
    """On a terminal: one line, redrawn. In a log (make test, CI): a line every 10 s at most."""

    def __init__(self) -> None:
        self.tty = sys.stdout.isatty()
        self.last = 0.0

    def __call__(self, text: str) -> None:
        if self.tty:
            print("\r" + text, end="", flush=True)
        elif time.monotonic() - self.last >= 10:
            self.last = time.monotonic()
            say(text)

    def done(self) -> None:
        if self.tty:
            print(flush=True)


async def measure(webhook: str, levels: List[int], seconds: float, kinds: Optional[List[str]] = None,
                  who: str = "Wmo-assistent", gemeenten: Optional[List[str]] = None) -> List[dict]:
    """gemeenten: the inwoners are spread over these gemeenten's pages (None: the floor bot, which knows none)."""
    await run_level(webhook, 1, 5, kinds=kinds or ["faq", "bezwaar"], gemeenten=gemeenten)  # warm-up, not measured
    results = []
    for level in levels:
        say(f"{who}: {level} simulated inwoners for {seconds:.0f} s ...")
        progress = Progress()
        summary = await run_level(webhook, level, seconds, kinds=kinds, progress=progress, gemeenten=gemeenten)
        progress.done()
        say(f"  p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, p99 {summary['p99_ms']} ms, "
            f"{summary['messages_per_s']} messages/s, {summary['errors']} errors")
        results.append(summary)
    return results


def run(levels: List[int], seconds: float, webhook: Optional[str], out: Path,
        floor_seconds: Optional[float] = None) -> int:
    floor_seconds = seconds if floor_seconds is None else floor_seconds
    started = datetime.now(timezone.utc)
    with tempfile.TemporaryDirectory(prefix="wmo-bench-") as var_dir:
        # The floor first, alone on the machine, then the Wmo-assistent: one run, so machine drift hits both.
        with floor_bot(Path(var_dir)) as (floor_webhook, floor_pid, floor_ready):
            floor = asyncio.run(measure(floor_webhook, levels, floor_seconds, kinds=["floor"], who="floor bot"))
            used = {"floor rasa": {"ready_seconds": floor_ready, "peak_rss_mb": peak_rss_mb(floor_pid)}}
        if webhook:
            results = asyncio.run(measure(webhook, levels, seconds, gemeenten=gemeente_slugs()))
        else:
            settings = Settings(api_port=free_port(), action_port=free_port(), rasa_port=free_port(),
                                nlu_port=free_port(), site_port=free_port(), idp_port=free_port(),
                                mail_port=free_port(), mail_smtp_port=free_port(),
                                var_dir=Path(var_dir))
            say("Starting the stack (gemeente API, action server, NLU server, Rasa server) ...")
            with Stack(settings) as stack:
                results = asyncio.run(measure(stack.settings.webhook_url, levels, seconds, gemeenten=gemeente_slugs()))
                used.update(resources(stack))
            used["model_mb"] = round(settings.model.stat().st_size / 1e6, 1)
    for ours, base in zip(results, floor):
        ours["p95_vs_floor"] = round(ours["p95_ms"] / base["p95_ms"], 2) if ours["p95_ms"] and base["p95_ms"] \
            else None
    report = {"date": started.isoformat(timespec="seconds"), "machine": machine(), "seconds_per_level": seconds,
              "floor_seconds_per_level": floor_seconds,
              "target": "p95 at most 2x the floor's at 20 inwoners, 0 errors", "levels": results, "floor": floor,
              "resources": used}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    say(f"Written {out}")
    for ours, base in zip(results, floor):
        say(f"{ours['concurrency']:>3} inwoners: p95 {ours['p95_ms']} ms, floor {base['p95_ms']} ms "
            f"({ours['p95_vs_floor']}x), {ours['messages_per_s']} vs {base['messages_per_s']} messages/s")
    for name, figures in used.items():
        say(f"  {name}: {figures}")
    errors = sum(level["errors"] for level in results + floor)
    return 1 if errors else 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="2 and 5 inwoners, 15 s each, the floor 5 s each (what make test runs)")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 10, 20, 50])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--webhook", help="measure an already running bot instead of starting one")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    floor_seconds = None
    if args.quick:  # the floor's conversations are three messages long: 5 s each is plenty to check the code
        args.levels, args.seconds, floor_seconds = [2, 5], 15.0, 5.0
    return run(args.levels, args.seconds, args.webhook, args.out, floor_seconds)


if __name__ == "__main__":
    sys.exit(main())
