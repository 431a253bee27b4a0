"""Every read and change of a melding or plan, every login and every refusal leaves one audit row, with who, what,
which melding, the result, and the request id the API answered with. On SQLite and PostgreSQL."""

import re

import pytest
from sqlmodel import Session, col, select

from api import audit
from api.models import AuditRow
from api.request_origin import origin_of
from tests.api.factories import melding_body, plan_body
from tests.api.support import BOT, CONSULENT, staff_login


def rows(engine):
    with Session(engine) as session:
        return [(r.actor_subject, r.action, r.result, r.object_id)
                for r in session.exec(select(AuditRow).order_by(col(AuditRow.id)))]


def new_melding(client, **overrides) -> str:
    response = client.post("/api/v1/meldingen", json=melding_body(**overrides), headers=BOT)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_the_api_records_who_created_read_listed_changed_and_wrote_a_plan(client, engine):
    first = new_melding(client)
    second = new_melding(client, hulpvraag="Ik kan de boodschappen niet meer zelf doen sinds mijn operatie.")
    read = client.get(f"/api/v1/meldingen/{first}", headers=CONSULENT)
    assert client.get("/api/v1/meldingen", headers=CONSULENT).status_code == 200
    assert client.patch(f"/api/v1/meldingen/{first}", json={"status": "in_behandeling"},
                        headers=CONSULENT).status_code == 200
    for _ in range(2):  # the same plan twice: the second stores nothing
        assert client.put(f"/api/v1/meldingen/{first}/plan", json=plan_body(), headers=BOT).status_code == 200
    assert client.get(f"/api/v1/meldingen/{first}/plan/versies", headers=CONSULENT).status_code == 200
    assert rows(engine) == [
        ("chatbot", "melding.create", "ok", first), ("chatbot", "melding.create", "ok", second),
        ("zaaksysteem", "melding.read", "ok", first),
        ("zaaksysteem", "melding.list", "ok", second), ("zaaksysteem", "melding.list", "ok", first),
        ("zaaksysteem", "melding.update", "ok", first),
        ("chatbot", "plan.write", "ok", first), ("chatbot", "plan.write", "unchanged", first),
        ("zaaksysteem", "plan.read", "ok", first),
    ]
    with Session(engine) as session:
        row = audit.for_object(session, "melding", first)[1]
    assert row.request_id == read.headers["x-request-id"] and row.actor_issuer == "wmo-api-token"
    assert audit.verify(engine).intact


def test_a_replayed_melding_is_recorded_as_such(client, engine):
    headers, body = {**BOT, "Idempotency-Key": "c0ffee-1"}, melding_body()
    made = client.post("/api/v1/meldingen", json=body, headers=headers).json()["id"]
    assert client.post("/api/v1/meldingen", json=body, headers=headers).status_code == 200
    assert rows(engine) == [("chatbot", "melding.create", "ok", made), ("chatbot", "melding.create", "replayed", made)]


@pytest.mark.parametrize("headers, subject, result", [
    ({}, None, "unauthorized"),
    ({"Authorization": "Bearer geraden-token-van-iemand"}, None, "unauthorized"),
    (BOT, "chatbot", "forbidden"),
])
def test_every_refusal_is_recorded_with_the_melding_it_was_after(client, engine, headers, subject, result):
    response = client.get("/api/v1/meldingen/4d9f0b7e-guessed", headers=headers)
    assert response.status_code in (401, 403)
    assert rows(engine) == [(subject, "access.denied", result, "4d9f0b7e-guessed")]


def test_a_guessed_id_is_recorded_as_not_found(client, engine):
    assert client.get("/api/v1/meldingen/bestaat-niet", headers=CONSULENT).status_code == 404
    assert client.put("/api/v1/meldingen/bestaat-niet/plan", json=plan_body(), headers=BOT).status_code == 404
    assert rows(engine) == [("zaaksysteem", "melding.read", "not_found", "bestaat-niet"),
                            ("chatbot", "plan.write", "not_found", "bestaat-niet")]


def test_the_pages_record_logins_reads_changes_and_a_page_opened_without_a_session(client, engine):
    made = new_melding(client)
    assert client.get(f"/consulent/meldingen/{made}", follow_redirects=False).status_code == 303
    assert staff_login(client, "dirk.visser").status_code == 403  # no role
    assert staff_login(client, "anne.devries").status_code == 303
    page = client.get(f"/consulent/meldingen/{made}")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    assert client.post(f"/consulent/meldingen/{made}", data={"status": "afgerond", "csrf": "vervalst"}).status_code == 403
    client.post(f"/consulent/meldingen/{made}", data={"status": "afgerond", "csrf": csrf})
    assert rows(engine) == [
        ("chatbot", "melding.create", "ok", made),
        (None, "access.denied", "unauthorized", made),
        ("dirk.visser", "login", "no_role", None), ("anne.devries", "login", "ok", None),
        ("anne.devries", "melding.read", "ok", made),
        ("anne.devries", "melding.update", "csrf_refused", made),
        ("anne.devries", "melding.update", "ok", made),
        ("anne.devries", "melding.read", "ok", made),  # the page it returns to
    ]
    with Session(engine) as session:
        anne = audit.by_actor(session, client.app.state.settings.wmo_oidc_issuer, "anne.devries")
    assert [(row.actor_name, row.actor_role) for row in anne][0] == ("Anne de Vries", "consulent")


PROXY = frozenset({"10.0.0.5"})


@pytest.mark.parametrize("peer, headers, address, request_id", [
    # a client straight to the API: what it writes in the headers is not believed
    ("198.51.100.7", {b"x-forwarded-for": b"203.0.113.9", b"x-request-id": b"zelfbedacht"}, "198.51.100.7", None),
    # behind the gemeente's proxy: the address the proxy saw, and its request id
    ("10.0.0.5", {b"x-forwarded-for": b"203.0.113.9", b"x-request-id": b"nginx-abc123"}, "203.0.113.9",
     "nginx-abc123"),
    # a client that puts a false address in front: the proxy appends the real one, the last entry counts
    ("10.0.0.5", {b"x-forwarded-for": b"1.2.3.4, 203.0.113.9"}, "203.0.113.9", None),
    # a request id that is no id (too long, spaces) is replaced
    ("10.0.0.5", {b"x-request-id": b"a b" * 40}, "10.0.0.5", None),
])
def test_the_client_address_and_request_id_come_from_a_trusted_proxy_only(peer, headers, address, request_id):
    found = origin_of(peer, headers, PROXY)
    assert found.client_address == address
    assert found.request_id == request_id if request_id else re.fullmatch(r"[0-9a-f]{32}", found.request_id)
