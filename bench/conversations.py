"""Simulated inwoners: real conversations over the REST channel, timed per message (issue 8's latency bench).

Three kinds, as inwoners hold them: FAQ questions, a bezwaar deadline, and a full melding with a persoonlijk plan
(which makes a real melding and plan in the gemeente API). Each simulated inwoner holds one conversation after
another until the time is up; every message's round trip is timed. An answer that is not 200, not JSON, or
empty counts as an error, and so does a conversation that does not end where it should (no referentie after
"ja").
"""

from __future__ import annotations

import asyncio
import random
import statistics
import string
import time
import uuid
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

import httpx

FAQ = ["hallo", "Wat is de Wmo?", "Welke hulp is er?", "Wat is het abonnementstarief?",
       "Wat is een keukentafelgesprek?", "bedankt"]
BEZWAAR = ["Tot wanneer kan ik bezwaar maken?", "de brief is van 2 november 2026", "Waar stuur ik mijn bezwaar naartoe?"]


def _naam() -> str:
    return "Bench " + "".join(random.choice(string.ascii_lowercase) for _ in range(8)).capitalize()


NAAM_AT = 4  # where the invented name is in melding_met_plan()


def melding_met_plan() -> List[str]:
    return ["/melding_doen", "Voor mezelf", "Ik kan niet meer zelf stofzuigen en de trap is te zwaar.", "Klaar",
            _naam(), "Dorpsstraat 4, 9999 ZZ Voorbeeldstad", "06 12345678", "geen e-mail", "/affirm",
            "/persoonlijk_plan_maken", "Ik ben 80 jaar en woon alleen in een huis met een trap.", "Klaar",
            "De trap lukt niet meer.", "Stofzuigen lukt niet meer.", "Koken lukt nog.", "Mijn zoon doet de was.",
            "Nee", "Hulp bij het schoonmaken, elke week.", "natura", "/affirm"]


# The floor bot (bench/floor) knows three intents; its conversation has the FAQ's length.
FLOOR = ["hallo", "wat is de wmo", "welke hulp is er", "wat kost het", "hoe doe ik een melding", "tot ziens"]

KINDS: Dict[str, Callable[[], List[str]]] = {"faq": lambda: list(FAQ), "bezwaar": lambda: list(BEZWAAR),
                                             "melding_plan": melding_met_plan, "floor": lambda: list(FLOOR)}
WMO_KINDS = ["faq", "bezwaar", "melding_plan"]
# What the last answer of each kind must say: a conversation that does not end there went wrong.
ENDS = {"faq": "", "bezwaar": "Stuur uw bezwaar aan", "melding_plan": "Uw persoonlijk plan is aangekomen",
        "floor": "Tot ziens"}


@dataclass
class Result:
    latencies_ms: List[float] = field(default_factory=list)
    errors: int = 0
    conversations: Dict[str, int] = field(default_factory=dict)
    error_examples: List[str] = field(default_factory=list)
    completed_names: List[str] = field(default_factory=list)  # the invented inwoners of finished meldingen

    def error(self, what: str) -> None:
        self.errors += 1
        if len(self.error_examples) < 5:
            self.error_examples.append(what)

    def summary(self, seconds: float) -> dict:
        lat = sorted(self.latencies_ms)

        def pct(p: float) -> Optional[float]:
            return round(lat[min(len(lat) - 1, int(p * len(lat)))], 1) if lat else None

        return {"messages": len(lat), "errors": self.errors, "seconds": round(seconds, 1),
                "messages_per_s": round(len(lat) / seconds, 2) if seconds else 0.0,
                "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
                "mean_ms": round(statistics.fmean(lat), 1) if lat else None,
                "conversations": dict(self.conversations), "error_examples": self.error_examples}


async def _inwoner(client: httpx.AsyncClient, url: str, deadline: float, result: Result, kinds: List[str],
                   seed: int, pause: float = 0.0, gemeente: Optional[str] = None) -> None:
    chooser = random.Random(seed)
    metadata = {"metadata": {"gemeente": gemeente}} if gemeente else {}
    while time.monotonic() < deadline:
        kind = chooser.choice(kinds)
        sender = f"bench-{uuid.uuid4().hex[:12]}"
        last = ""
        ok = True
        messages = KINDS[kind]()
        for message in messages:
            if time.monotonic() >= deadline:
                return  # an unfinished conversation is not counted, neither as done nor as an error
            started = time.perf_counter()
            try:
                response = await client.post(url, json={"sender": sender, "message": message, **metadata},
                                             headers={"X-Conversation-Id": sender})
                elapsed = (time.perf_counter() - started) * 1000
                replies = response.json() if response.status_code == 200 else None
            except (httpx.HTTPError, ValueError) as error:
                result.error(f"{message!r}: {type(error).__name__}")
                ok = False
                break
            if not replies:
                result.error(f"{message!r}: status {response.status_code}, {len(replies or [])} replies")
                ok = False
                break
            result.latencies_ms.append(elapsed)
            last = "\n".join(r.get("text") or "" for r in replies)
            if pause:
                await asyncio.sleep(pause)  # reading the answer, clicking or typing the next
        if ok and ENDS[kind] and ENDS[kind] not in last:
            result.error(f"{kind} ended with {last[:80]!r}")
        elif ok:
            result.conversations[kind] = result.conversations.get(kind, 0) + 1
            if kind == "melding_plan":
                result.completed_names.append(messages[NAAM_AT])


async def run_level(webhook_url: str, concurrency: int, seconds: float, kinds: Optional[List[str]] = None,
                    progress: Optional[Callable[[str], None]] = None, own_addresses: bool = False,
                    result: Optional[Result] = None, pause: float = 0.0,
                    gemeenten: Optional[List[str]] = None) -> dict:
    """`concurrency` simulated inwoners for `seconds`; the summary of every message they sent.

    gemeenten: the inwoners are spread over these gemeenten (inwoner n on the page of gemeenten[n % len]), and each
    message says its gemeente as the chat widget does; None: no gemeente is sent (the floor bot).

    own_addresses: each inwoner sends from its own loopback address (127.0.0.2, 127.0.0.3, ...), as people on their
    own computers do, so a load balancer's limit per client address sees 50 clients, not one.
    pause: seconds between an answer and the next message (0: at once, a machine; a person needs a moment)."""
    result = result if result is not None else Result()
    started = time.monotonic()
    deadline = started + seconds
    if own_addresses:
        if concurrency > 250:
            raise ValueError("own_addresses: at most 250 inwoners (127.0.0.2 to 127.0.0.251)")
        clients = [httpx.AsyncClient(timeout=120, transport=httpx.AsyncHTTPTransport(local_address=f"127.0.0.{n + 2}"))
                   for n in range(concurrency)]
    else:
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        clients = [httpx.AsyncClient(timeout=120, limits=limits)] * concurrency
    try:
        tasks = [asyncio.create_task(_inwoner(clients[n], webhook_url, deadline, result, kinds or WMO_KINDS, n, pause,
                                              gemeenten[n % len(gemeenten)] if gemeenten else None))
                 for n in range(concurrency)]
        while not all(task.done() for task in tasks):
            await asyncio.sleep(1.0)
            if progress:
                done = min(1.0, (time.monotonic() - started) / seconds)
                progress(f"  {concurrency:>3} inwoners  [{'#' * int(done * 30):<30}] {len(result.latencies_ms):>5} "
                         f"messages, {result.errors} errors")
        await asyncio.gather(*tasks)
    finally:
        for client in set(clients):
            await client.aclose()
    return {"concurrency": concurrency, **result.summary(time.monotonic() - started)}
