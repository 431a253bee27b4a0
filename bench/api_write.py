"""Latency of a melding write (POST /api/v1/meldingen) with concurrent clients, on SQLite and PostgreSQL.

    .venv/api/bin/python bench/api_write.py [--quick] [--clients 10] [--requests 2000] [--backend sqlite postgresql]

Starts the API under uvicorn as `make run` does (one process), on a fresh migrated database per backend (a
throw-away PostgreSQL database on 127.0.0.1:5432), warms up, then lets N clients each POST in a closed loop
(keep-alive connections, one request at a time per client). Prints p50/p95/p99 and writes
bench/results/api_write.json. --quick (make test): 200 writes per backend, to keep the code working.
"""

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import List, Optional

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api import migrate  # noqa: E402
from bench.machine import machine  # noqa: E402
from scripts.api_server import ApiServer, ThrowawayPostgres  # noqa: E402
from scripts.dev_secrets import throwaway_secrets  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "api_write.json"
TOKENS = throwaway_secrets()  # the API's machine clients with their tokens, for this run only


def body(n: int) -> dict:
    return {
        "gemeente": ("voorbeeldstad", "oeverdam")[n % 2],  # both gemeenten: each its own referentie sequence
        "inwoner": {"naam": f"Bench Inwoner {n}", "adres": "Proefstraat 1", "postcode": "9999 ZZ",
                    "woonplaats": "Voorbeeldstad", "telefoon": "06 12345678", "email": "bench@voorbeeld.example"},
        "hulpvraag": "Ik heb hulp nodig bij het huishouden en bij het douchen.",
        "levensgebieden": ["huishouden", "persoonlijke_verzorging"],
        "toestemming": {"gegeven": True, "moment": datetime.now(timezone.utc).isoformat()},
    }


def percentile(sorted_ms: list, p: float) -> float:
    index = max(0, min(len(sorted_ms) - 1, round(p / 100 * len(sorted_ms) + 0.5) - 1))
    return sorted_ms[index]


def run(url: str, clients: int, requests: int, rate: float = 0.0) -> dict:
    headers = {"Authorization": f"Bearer {TOKENS['WMO_BOT_TOKEN']}"}
    latencies, errors, lock = [], [], threading.Lock()
    per_client = requests // clients
    start_gate = threading.Barrier(clients)

    def client(index: int) -> None:
        with httpx.Client(base_url=url, headers=headers, timeout=30) as http:
            for n in range(20):  # warm-up: connections, caches, the database's first pages
                http.post("/api/v1/meldingen", json=body(n))
            start_gate.wait()
            interval = 1.0 / rate if rate else 0.0
            next_at = time.perf_counter() + interval * index / clients  # clients spread over one interval
            for n in range(per_client):
                payload = body(n)
                if interval:
                    time.sleep(max(0.0, next_at - time.perf_counter()))
                    next_at += interval
                started = time.perf_counter()
                response = http.post("/api/v1/meldingen", json=payload, headers={"Idempotency-Key": f"b-{index}-{n}"})
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    if response.status_code != 201:
                        errors.append(response.status_code)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    wall = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - wall
    latencies.sort()
    return {
        "clients": clients, "rate_per_client": rate or "closed loop", "requests": len(latencies),
        "errors": len(errors),
        "p50_ms": round(percentile(latencies, 50), 2), "p95_ms": round(percentile(latencies, 95), 2),
        "p99_ms": round(percentile(latencies, 99), 2), "max_ms": round(latencies[-1], 2),
        "mean_ms": round(statistics.fmean(latencies), 2), "throughput_per_s": round(len(latencies) / wall, 1),
    }


def bench_backend(backend: str, clients: int, requests: int, rate: float, workers: int, workdir: Path) -> dict:
    postgres = None
    if backend == "sqlite":
        url = f"sqlite:///{workdir / 'bench.db'}"
    else:
        postgres = ThrowawayPostgres()
        url = postgres.create()
    try:
        migrate.upgrade(url)
        server = ApiServer({"DATABASE_URL": url, **TOKENS}, workdir / f"{backend}.log", workers=workers)
        try:
            return {"workers": workers, **run(server.url, clients, requests, rate)}
        finally:
            server.stop()
    finally:
        if postgres is not None:
            postgres.drop()


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=0.0,
                        help="requests per second per client (default 0: closed loop, as fast as answered)")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (make run uses 1)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--backend", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--quick", action="store_true", help="200 writes per backend (what make test runs)")
    args = parser.parse_args(argv)
    if args.quick:
        args.requests = 200
    results = {}
    with tempfile.TemporaryDirectory(prefix="wmo-bench-") as workdir:
        for backend in args.backend:
            results[backend] = bench_backend(backend, args.clients, args.requests, args.rate, args.workers,
                                             Path(workdir))
            r = results[backend]
            load = f"{args.rate:g}/s each" if args.rate else "closed loop"
            print(f"{backend:11s} {r['requests']} writes, {r['clients']} clients ({load}), {args.workers} worker(s): "
                  f"p50 {r['p50_ms']} ms, "
                  f"p95 {r['p95_ms']} ms, p99 {r['p99_ms']} ms, max {r['max_ms']} ms, "
                  f"{r['throughput_per_s']}/s, errors {r['errors']}", flush=True)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({
        "what": (f"POST /api/v1/meldingen, {args.workers} uvicorn process(es), {args.clients} clients on the same "
                 f"machine, " + (f"each {args.rate:g} writes/s" if args.rate else "closed loop")),
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "results": results,
    }, indent=2) + "\n", encoding="utf-8")
    return 1 if any(r["errors"] for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
