"""POST /meldingen with an Idempotency-Key: a retry returns the first melding and stores nothing new."""

import pytest

from tests.api.factories import melding_body
from tests.api.support import BOT, CONSULENT


def post(client, body, key=None):
    headers = {**BOT, **({"Idempotency-Key": key} if key is not None else {})}
    return client.post("/api/v1/meldingen", json=body, headers=headers)


def total(client):
    return client.get("/api/v1/meldingen", headers=CONSULENT).json()["total"]


def test_the_same_key_twice_returns_the_first_melding(client):
    body = melding_body()
    first = post(client, body, "melding-4f1c")
    again = post(client, body, "melding-4f1c")
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert total(client) == 1


def test_a_replay_after_a_plan_was_added_returns_the_melding_as_it_is_now(client):
    body = melding_body()
    first = post(client, body, "k-1").json()
    from tests.api.factories import plan_body
    client.put(f"/api/v1/meldingen/{first['id']}/plan", json=plan_body(), headers=BOT)
    again = post(client, body, "k-1").json()
    assert again["id"] == first["id"] and again["referentie"] == first["referentie"]
    assert again["plan_versie"] == 1


def test_the_same_key_with_another_body_is_refused(client):
    post(client, melding_body(), "k-2")
    response = post(client, melding_body(hulpvraag="Iets heel anders."), "k-2")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "Idempotency-Key"
    assert total(client) == 1


def test_without_a_key_two_posts_are_two_meldingen(client):
    body = melding_body()
    referenties = {post(client, body).json()["referentie"] for _ in range(2)}
    assert len(referenties) == 2 and total(client) == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "met spatie"])
def test_a_malformed_key_is_422(client, key):
    response = post(client, melding_body(), key)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "Idempotency-Key"
    assert total(client) == 0
