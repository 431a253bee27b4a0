"""What one deployment serving several gemeenten costs, against a deployment per gemeente (issue 26, point 5).

    make bench                                              (the full benchmark; this is one part of it)
    .venv/api/bin/python bench/gemeenten.py [--seconds 60] [--inwoners 20] [--counts 2 10]      (about 15 minutes)

In one run, on one machine, each deployment started as `make run` starts it (scripts/stack.py), on free ports:
- a deployment of 1 gemeente: its memory, and its p95 at the 20 inwoners and at 20 / N of them, the share that
  one gemeente's own deployment carries when the 20 are spread over N gemeenten;
- a deployment of N gemeenten (2, then 10), the 20 inwoners spread over them, each conversation saying its
  gemeente as the widget does: its p95 and its memory;
- two deployments of one gemeente each side by side on this machine, 10 inwoners each (N = 2 only: ten such
  deployments need some 20 GB, more than a machine of this kind has; their memory is ten times one's).
A deployment's memory is the sum of the peak RSS of its Rasa server, NLU server, action server and gemeente API.
The gemeenten are Voorbeeldstad and Oeverdam (config/gemeenten), then invented copies of Voorbeeldstad.
Writes bench/results/gemeenten.json (or --out) with the date and the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import List, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.conversations import Result, run_level  # noqa: E402
from bench.latency import Progress, peak_rss_mb, say  # noqa: E402
from bench.machine import machine  # noqa: E402
from scripts.api_server import free_port  # noqa: E402
from scripts.dev_secrets import CLIENTS, throwaway_secrets  # noqa: E402
from scripts.stack import ROOT, Settings, Stack  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "gemeenten.json"
SOURCE = ROOT / "config" / "gemeenten"
PROCESSES = ("rasa", "nlu", "actions", "api")


def gemeenten_dir(parent: Path, count: int) -> Path:
    """A directory of `count` gemeenten: Voorbeeldstad, Oeverdam, then proefgemeente-3 ... (Voorbeeldstad's facts
    under another name)."""
    folder = parent / f"gemeenten-{count}"
    folder.mkdir()
    text = (SOURCE / "voorbeeldstad.yml").read_text(encoding="utf-8")
    for slug in ["voorbeeldstad", "oeverdam"][:count]:
        (folder / f"{slug}.yml").write_text((SOURCE / f"{slug}.yml").read_text(encoding="utf-8"), encoding="utf-8")
    for number in range(3, count + 1):
        (folder / f"proefgemeente-{number}.yml").write_text(
            text.replace("Voorbeeldstad", f"Proefgemeente {number}").replace("voorbeeldstad", f"proef{number}"),
            encoding="utf-8")
    return folder


def slugs(folder: Path) -> List[str]:
    return sorted(path.stem for path in folder.glob("*.yml"))


def secrets_for_every_gemeente() -> dict:
    """This run's own secrets, with the development clients acting for every gemeente a deployment serves (.env's
    gemeente system reads Voorbeeldstad only, which a deployment of Oeverdam alone does not serve)."""
    secrets = throwaway_secrets()
    clients = json.loads(secrets[CLIENTS])
    return {**secrets, CLIENTS: json.dumps({name: {**client, "gemeenten": ["*"]} for name, client in clients.items()})}


SECRETS = secrets_for_every_gemeente()


def deployment(parent: Path, name: str, folder: Path) -> Stack:
    var_dir = parent / name
    var_dir.mkdir()
    return Stack(Settings(api_port=free_port(), action_port=free_port(), rasa_port=free_port(), nlu_port=free_port(),
                          site_port=free_port(), idp_port=free_port(), mail_port=free_port(),
                          mail_smtp_port=free_port(), var_dir=var_dir,
                          extra_env={**SECRETS, "WMO_GEMEENTEN_DIR": str(folder)}))


def memory_mb(stack: Stack) -> float:
    return round(sum(peak_rss_mb(service.process.pid) or 0 for service in stack.services
                     if service.name in PROCESSES and service.process), 1)


def load(webhooks: List[str], inwoners: int, seconds: float, gemeenten: List[List[str]], what: str) -> dict:
    """`inwoners` simulated inwoners on each webhook at once (its gemeenten in turn); the summary of all messages."""
    say(f"{what}: {inwoners * len(webhooks)} inwoners for {seconds:.0f} s ...")
    result, progress = Result(), Progress()

    async def together():
        await asyncio.gather(*[run_level(webhook, 1, 3, kinds=["faq"], gemeenten=served)  # warm-up
                               for webhook, served in zip(webhooks, gemeenten)])
        started = time.monotonic()
        await asyncio.gather(*[run_level(webhook, inwoners, seconds, result=result, gemeenten=served,
                                         progress=progress if n == 0 else None)
                               for n, (webhook, served) in enumerate(zip(webhooks, gemeenten))])
        return result.summary(time.monotonic() - started)

    summary = asyncio.run(together())
    progress.done()
    say(f"  p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, {summary['messages_per_s']} messages/s, "
        f"{summary['errors']} errors")
    return summary


def run(counts: List[int], inwoners: int, seconds: float, out: Path) -> int:
    started = datetime.now(timezone.utc)
    report = {"date": started.isoformat(timespec="seconds"), "machine": machine(), "inwoners": inwoners,
              "seconds_per_measurement": seconds, "processes": list(PROCESSES)}
    with tempfile.TemporaryDirectory(prefix="wmo-bench-gemeenten-") as temp:
        parent = Path(temp)
        one = gemeenten_dir(parent, 1)
        say("Starting a deployment of 1 gemeente ...")
        with deployment(parent, "een", one) as stack:
            single = {"all": load([stack.settings.webhook_url], inwoners, seconds, [slugs(one)],
                                  f"1 gemeente, {inwoners} inwoners")}
            for count in counts:
                share = max(1, round(inwoners / count))
                single[f"1/{count}"] = load([stack.settings.webhook_url], share, seconds, [slugs(one)],
                                            f"1 gemeente, its share of {count} ({share} inwoners)")
            single["memory_mb"] = memory_mb(stack)
        report["one_gemeente"] = single
        report["shared"], report["apart"] = {}, {}
        for count in counts:
            folder = gemeenten_dir(parent, count)
            say(f"Starting a deployment of {count} gemeenten ...")
            with deployment(parent, f"samen-{count}", folder) as stack:
                summary = load([stack.settings.webhook_url], inwoners, seconds, [slugs(folder)],
                               f"{count} gemeenten in one deployment")
                report["shared"][str(count)] = {**summary, "memory_mb": memory_mb(stack)}
            apart = {"memory_mb": round(count * single["memory_mb"], 1),
                     "p95_ms_each_on_its_own_machine": single[f"1/{count}"]["p95_ms"]}
            if count == 2:
                say("Starting two deployments of one gemeente each, side by side ...")
                with deployment(parent, "apart-1", one) as left, \
                        deployment(parent, "apart-2", only(parent, "oeverdam")) as right:
                    summary = load([left.settings.webhook_url, right.settings.webhook_url], inwoners // 2, seconds,
                                   [["voorbeeldstad"], ["oeverdam"]], "2 deployments of 1 gemeente on this machine")
                    apart.update({"side_by_side": summary, "memory_mb": round(memory_mb(left) + memory_mb(right), 1)})
            report["apart"][str(count)] = apart
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    say(f"Written {out}")
    measured = [single["all"], *(single[f"1/{count}"] for count in counts), *report["shared"].values(),
                *(apart["side_by_side"] for apart in report["apart"].values() if "side_by_side" in apart)]
    errors = sum(row["errors"] for row in measured)
    return 1 if errors else 0


def only(parent: Path, slug: str) -> Path:
    """A directory with this one gemeente of config/gemeenten."""
    folder = parent / f"alleen-{slug}"
    folder.mkdir(exist_ok=True)
    (folder / f"{slug}.yml").write_text((SOURCE / f"{slug}.yml").read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[2, 10])
    parser.add_argument("--inwoners", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    return run(args.counts, args.inwoners, args.seconds, args.out)


if __name__ == "__main__":
    sys.exit(main())
