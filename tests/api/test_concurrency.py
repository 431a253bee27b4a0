"""Concurrent writes against a real uvicorn: distinct referenties, no 5xx, one melding per Idempotency-Key."""

import asyncio

import httpx
import pytest

from tests.api.factories import melding_body
from tests.api.support import BOT, CONSULENT

CLIENTS = 50


async def post_many(url: str, keys) -> list:
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:
        async def post(key):
            headers = {**BOT, **({"Idempotency-Key": key} if key else {})}
            return await client.post("/api/v1/meldingen", json=melding_body(), headers=headers)
        return await asyncio.gather(*(post(key) for key in keys))


def all_meldingen(url: str) -> list:
    return httpx.get(f"{url}/api/v1/meldingen?page_size=100", headers=CONSULENT, timeout=30).json()["items"]


@pytest.fixture
def server(live_server, engine):  # engine: the tables are emptied first
    return live_server


def test_50_concurrent_posts_make_50_meldingen_with_distinct_referenties(server):
    responses = asyncio.run(post_many(server.url, [None] * CLIENTS))
    assert [r.status_code for r in responses] == [201] * CLIENTS, {r.status_code: r.text for r in responses}
    referenties = {r.json()["referentie"] for r in responses}
    assert len(referenties) == CLIENTS
    stored = all_meldingen(server.url)
    assert len(stored) == CLIENTS and {m["referentie"] for m in stored} == referenties
    numbers = sorted(int(ref.rsplit("-", 1)[1]) for ref in referenties)
    assert numbers == list(range(1, CLIENTS + 1)), "no number is taken twice or lost when nothing failed"


def test_50_concurrent_posts_with_one_key_make_exactly_one_melding(server):
    key = "chat-sessie-7d2e"
    body = melding_body()

    async def same_body():
        limits = httpx.Limits(max_connections=CLIENTS)
        async with httpx.AsyncClient(base_url=server.url, limits=limits, timeout=60) as client:
            return await asyncio.gather(*(
                client.post("/api/v1/meldingen", json=body, headers={**BOT, "Idempotency-Key": key})
                for _ in range(CLIENTS)))

    responses = asyncio.run(same_body())
    codes = [r.status_code for r in responses]
    assert all(code in (200, 201) for code in codes), {r.status_code: r.text for r in responses}
    assert codes.count(201) == 1
    assert len({r.json()["id"] for r in responses}) == 1
    assert len(all_meldingen(server.url)) == 1
