"""Load on the scale-out profile: simulated inwoners completing melding + persoonlijk plan flows (issue 9).

    make load-scaled                                          (50 inwoners, 5 minutes)
    .venv/api/bin/python bench/load_scaled.py [--inwoners 50] [--seconds 300] [--out FILE]

Starts the scale-out profile (scripts/scaled_stack.py: nginx, two Rasa servers, two action servers, the gemeente
API, PostgreSQL and Redis) on free ports, with throw-away databases that are dropped afterwards. Each inwoner sends
from its own loopback address, through nginx, with the widget's X-Conversation-Id header, one flow after another:
melding, then the plan. Afterwards every finished flow is looked up in the gemeente API (on PostgreSQL): it must be
exactly one melding, with its plan. Between an answer and its next message an inwoner waits --pause seconds (0.5).
Writes bench/results/load_scaled.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import uuid
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.conversations import Result, run_level  # noqa: E402
from bench.latency import Progress, peak_rss_mb, say  # noqa: E402
from bench.machine import machine  # noqa: E402
from scripts.api_server import free_port  # noqa: E402
from scripts.dev_secrets import throwaway_secrets  # noqa: E402
from scripts.scaled_stack import ScaledSettings, ScaledStack  # noqa: E402
from scripts.stack import ROOT  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "load_scaled.json"


def meldingen_by_name(api_url: str, token: str) -> dict:
    """{inwoner name: [plan_versie of each of their meldingen]} from the gemeente API's inbox."""
    found: dict = {}
    page = 1
    with httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        while True:
            listing = client.get("/api/v1/meldingen", params={"page": page, "page_size": 100}).json()
            for item in listing["items"]:
                found.setdefault(item["inwoner"]["naam"], []).append(item["plan_versie"])
            if page * 100 >= listing["total"]:
                return found
            page += 1


def check(completed: list, stored: dict) -> dict:
    """Every finished flow: exactly one melding, with its plan."""
    counts = Counter(len(stored.get(name, [])) for name in completed)
    without_plan = [name for name in completed if any(version is None for version in stored.get(name, []))]
    return {"flows_finished": len(completed), "exactly_one_melding": counts.get(1, 0),
            "missing": counts.get(0, 0), "more_than_one": sum(n for c, n in counts.items() if c > 1),
            "melding_without_plan": len(without_plan), "meldingen_in_database": sum(map(len, stored.values()))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inwoners", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--pause", type=float, default=0.5,
                        help="seconds between an answer and the inwoner's next message (default 0.5: quicker than "
                             "people type; with 0, one script goes over nginx's 10 messages a second per address)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()

    run = uuid.uuid4().hex[:8]
    tokens = throwaway_secrets()
    settings = ScaledSettings(
        api_port=free_port(), site_port=free_port(), idp_port=free_port(), lb_port=free_port(),
        action_lb_port=free_port(),
        rasa_ports=(free_port(), free_port()), action_ports=(free_port(), free_port()),
        gemeente_db=f"wmo_load_{run}_gemeente", assistent_db=f"wmo_load_{run}_assistent",
        var_dir=ROOT / "var" / "load-scaled" / run, model=ROOT / "models" / "wmo.tar.gz", extra_env=tokens)
    stack = ScaledStack(settings)
    say("Starting the scale-out profile (nginx, 2 Rasa servers, 2 action servers, API; PostgreSQL, Redis) ...")
    started = time.monotonic()
    try:
        with stack:
            ready = round(time.monotonic() - started, 1)
            say(f"  ready in {ready} s; {args.inwoners} inwoners for {args.seconds:.0f} s, melding + plan flows")
            result = Result()
            progress = Progress()
            summary = asyncio.run(run_level(f"{settings.rasa_url}/webhooks/rest/webhook", args.inwoners, args.seconds,
                                            kinds=["melding_plan"], progress=progress, own_addresses=True,
                                            result=result, pause=args.pause,
                                            # the development gemeente system that checks them reads Voorbeeldstad's
                                            gemeenten=["voorbeeldstad"]))
            progress.done()
            time.sleep(2)  # anything in an outbox would go now (nothing should be there: the API was up)
            checked = check(result.completed_names, meldingen_by_name(settings.api_url, tokens["WMO_CONSULENT_TOKEN"]))
            memory = {s.name: peak_rss_mb(s.process.pid) for s in stack.services if s.process}
    finally:
        stack.drop_databases()
    report = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
              "inwoners": args.inwoners, "seconds": args.seconds, "pause_seconds": args.pause,
              "stack_ready_seconds": ready,
              "messages": {k: v for k, v in summary.items() if k not in ("conversations",)},
              "flows": checked, "peak_rss_mb": memory}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    say(f"  {summary['messages']} messages, {summary['messages_per_s']} msg/s, p50 {summary['p50_ms']} ms, "
        f"p95 {summary['p95_ms']} ms, p99 {summary['p99_ms']} ms, {summary['errors']} errors")
    say(f"  flows finished {checked['flows_finished']}: exactly one melding {checked['exactly_one_melding']}, "
        f"missing {checked['missing']}, more than one {checked['more_than_one']}, without plan "
        f"{checked['melding_without_plan']}")
    say(f"  written to {args.out}")
    ok = (summary["errors"] == 0 and checked["flows_finished"] > 0
          and checked["exactly_one_melding"] == checked["flows_finished"] and checked["melding_without_plan"] == 0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
