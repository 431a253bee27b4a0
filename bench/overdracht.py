"""A chat handed to a person of the loket (issue 27): how fast an employee's message reaches the widget, and what the
queue costs in memory per waiting chat.

    make bench                                              (the full benchmark; this is one part of it)
    .venv/api/bin/python bench/overdracht.py [--messages 100] [--waiting 150]      (about 4 minutes)

On one machine, the stack as `make run` starts it (scripts/stack.py), on free ports, its clock in Voorbeeldstad's
chat hours:
- latency: one inwoner hands the chat over through the REST channel, as the widget does; an employee logged in
  through the development OpenID provider takes it on the staff pages. The inwoner's side runs the widget's long
  poll (GET /webhooks/rest/overdracht through the Rasa server) without pause; the employee sends `--messages`
  messages through the staff page's form, one at a time. Each latency is from the employee's POST until the poll
  returned that message: p50, p95, max.
- memory: `--waiting` more inwoners hand their chat over and keep the widget's long poll open, as they would while
  waiting. The resident memory (VmRSS) of the Rasa server and the gemeente API before and after, per waiting chat.
Writes bench/results/overdracht.json (or --out) with the date and the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List, Optional

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.latency import memory_mb, say  # noqa: E402
from bench.machine import machine  # noqa: E402
from scripts.api_server import free_port  # noqa: E402
from scripts.stack import ROOT, Settings, Stack  # noqa: E402
from tests.e2e.support import SECRETS, staff_browser  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "overdracht.json"
IN_HOURS = "2026-11-23T14:00:00+01:00"  # a Monday afternoon: Voorbeeldstad's employees chat


def memory(stack: Stack) -> Dict[str, Optional[float]]:
    """The resident memory (VmRSS) of the processes the waiting chats touch, now."""
    return {service.name: memory_mb(service.process.pid, "VmRSS") for service in stack.services
            if service.name in ("rasa", "api", "actions") and service.process}


async def hand_over(client: httpx.AsyncClient, webhook: str) -> str:
    """An inwoner asks for a person and agrees, as the widget sends it; returns the conversation id."""
    sender = f"bench-{uuid.uuid4().hex[:12]}"
    for message in ("ik wil iemand spreken", "/affirm"):
        response = await client.post(webhook, json={"sender": sender, "message": message,
                                                     "metadata": {"gemeente": "voorbeeldstad"}})
        response.raise_for_status()
    replies = response.json()
    assert any((r.get("custom") or {}).get("overdracht") for r in replies), replies
    return sender


async def widget_poll(client: httpx.AsyncClient, url: str, sender: str, seen: Dict[str, float],
                      stop: asyncio.Event) -> None:
    cursor = 0
    while not stop.is_set():
        response = await client.get(url, params={"sender": sender, "na": cursor})
        data = response.json()
        now = time.perf_counter()
        for message in data.get("berichten", []):
            seen.setdefault(message.get("text", ""), now)
        cursor = data.get("cursor", cursor)
        if not data.get("actief"):
            return


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def latency(stack: Stack, count: int) -> dict:
    s = stack.settings
    poll_url = f"{s.rasa_url}/webhooks/rest/overdracht"
    async with httpx.AsyncClient(timeout=60) as client:
        sender = await hand_over(client, s.webhook_url)
        with staff_browser(s.api_url) as staff:
            queue = staff.get(f"{s.api_url}/consulent/chats").text
            chat_id = re.search(r'/consulent/chats/([0-9a-f-]{36})/nemen', queue).group(1)
            csrf = re.search(r'name="csrf" value="([^"]+)"', queue).group(1)
            staff.post(f"{s.api_url}/consulent/chats/{chat_id}/nemen", data={"csrf": csrf})
            seen: Dict[str, float] = {}
            stop = asyncio.Event()
            poller = asyncio.create_task(widget_poll(client, poll_url, sender, seen, stop))
            await asyncio.sleep(1.0)
            latencies = []
            for number in range(count):
                text = f"Bericht {number} van de medewerker."
                start = time.perf_counter()
                sent = await asyncio.to_thread(
                    staff.post, f"{s.api_url}/consulent/chats/{chat_id}/bericht",
                    data={"csrf": csrf, "tekst": text}, headers={"Accept": "application/json"})
                sent.raise_for_status()
                while text not in seen:
                    await asyncio.sleep(0.002)
                latencies.append((seen[text] - start) * 1000)
                await asyncio.sleep(0.1)
            staff.post(f"{s.api_url}/consulent/chats/{chat_id}/einde", data={"csrf": csrf})
            stop.set()
            await asyncio.wait_for(poller, timeout=40)
    return {"messages": count, "p50_ms": round(statistics.median(latencies), 1),
            "p95_ms": round(percentile(latencies, 0.95), 1), "max_ms": round(max(latencies), 1)}


async def waiting_memory(stack: Stack, count: int) -> dict:
    s = stack.settings
    poll_url = f"{s.rasa_url}/webhooks/rest/overdracht"
    limits = httpx.Limits(max_connections=count + 10, max_keepalive_connections=count + 10)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        await asyncio.sleep(2)
        before = memory(stack)
        stop = asyncio.Event()
        seen: Dict[str, float] = {}
        polls = []
        for _ in range(count):
            sender = await hand_over(client, s.webhook_url)
            polls.append(asyncio.create_task(widget_poll(client, poll_url, sender, seen, stop)))
        await asyncio.sleep(5)  # every long poll open and waiting
        after = memory(stack)
        with staff_browser(s.api_url) as staff:
            waiting = len(re.findall(r"/nemen", staff.get(f"{s.api_url}/consulent/chats").text))
        stop.set()
        for poll in polls:
            poll.cancel()
    per_chat = {name: round((after[name] - before[name]) * 1024 / count, 1)
                for name in before if before[name] is not None and after.get(name) is not None}
    return {"waiting_chats": count, "in_queue": waiting, "rss_before_mb": before, "rss_after_mb": after,
            "kb_per_waiting_chat": per_chat}


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100)
    parser.add_argument("--waiting", type=int, default=150)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    import tempfile

    with tempfile.TemporaryDirectory() as parent:
        settings = Settings(api_port=free_port(), action_port=free_port(), rasa_port=free_port(),
                            nlu_port=free_port(), site_port=free_port(), idp_port=free_port(), mail_port=free_port(),
                            mail_smtp_port=free_port(), var_dir=Path(parent),
                            extra_env={**SECRETS, "WMO_NOW": IN_HOURS})
        with Stack(settings) as stack:
            say(f"overdracht: {args.messages} messages from an employee to the widget")
            timing = asyncio.run(latency(stack, args.messages))
            say(f"  p50 {timing['p50_ms']} ms, p95 {timing['p95_ms']} ms, max {timing['max_ms']} ms")
            say(f"overdracht: {args.waiting} chats waiting, each with the widget's long poll open")
            cost = asyncio.run(waiting_memory(stack, args.waiting))
            say(f"  per waiting chat: {cost['kb_per_waiting_chat']} kB ({cost['in_queue']} in the queue)")
    result = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
              "latency_employee_to_widget": timing, "memory": cost}
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    say(f"overdracht: written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
