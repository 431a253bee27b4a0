"""/api/v1/terugbelverzoeken (issue 27): the bot makes one, exactly once; the loket reads it with the chat so far,
and marks it called, then done; each gemeente sees its own. On SQLite and PostgreSQL."""

from datetime import datetime, timedelta, timezone

from sqlmodel import Session

from api import audit, terugbelverzoeken
from tests.api.support import BOT, BOT_VOORBEELDSTAD, CONSULENT, CONSULENT_OEVERDAM

NOW = datetime.now(timezone.utc)


def verzoek(**overrides) -> dict:
    body = {"gemeente": "voorbeeldstad", "naam": "Truus Jansen", "telefoon": "06 12345678", "wanneer": "ochtend",
            "vraag": "Ik wil weten of ik hulp kan krijgen bij het douchen.",
            "toestemming": {"gegeven": True, "moment": NOW.isoformat()},
            "gesprek": [{"van": "inwoner", "tekst": "Ik wil iemand spreken", "moment": NOW.isoformat()},
                        {"van": "assistent", "tekst": "U kunt het Wmo-loket bellen.", "moment": NOW.isoformat()}]}
    body.update(overrides)
    return body


def post(client, body=None, headers=BOT, key="chat-1-terugbel"):
    return client.post("/api/v1/terugbelverzoeken", json=body or verzoek(),
                       headers={**headers, **({"Idempotency-Key": key} if key else {})})


def test_a_terugbelverzoek_is_stored_once_and_read_with_the_chat_so_far(client, engine):
    first = post(client)
    assert first.status_code == 201, first.text
    stored = first.json()
    assert stored["status"] == "open" and stored["telefoon"] == "+31612345678" and stored["wanneer"] == "ochtend"
    assert [regel["van"] for regel in stored["gesprek"]] == ["inwoner", "assistent"]
    again = post(client)  # the outbox tries again after a lost answer
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == stored["id"]
    assert post(client, verzoek(vraag="Iets anders.")).status_code == 422, "the same key with another body"
    listing = client.get("/api/v1/terugbelverzoeken", headers=CONSULENT).json()
    assert listing["total"] == 1 and listing["items"][0]["id"] == stored["id"]
    assert client.get(f"/api/v1/terugbelverzoeken/{stored['id']}", headers=CONSULENT).json() == stored
    with Session(engine) as session:
        rows = audit.for_object(session, "terugbelverzoek", stored["id"])
    assert [(r.actor_subject, r.action, r.result, r.gemeente) for r in rows] == [
        ("chatbot", "terugbelverzoek.create", "ok", "voorbeeldstad"),
        ("chatbot", "terugbelverzoek.create", "replayed", "voorbeeldstad"),
        ("zaaksysteem", "terugbelverzoek.list", "ok", "voorbeeldstad"),
        ("zaaksysteem", "terugbelverzoek.read", "ok", "voorbeeldstad")]


def test_the_loket_marks_it_called_then_done_and_the_longest_waiting_open_one_comes_first(client):
    older = post(client, key="a").json()
    newer = post(client, verzoek(naam="Kees Mulder"), key="b").json()
    changed = client.patch(f"/api/v1/terugbelverzoeken/{older['id']}", headers=CONSULENT,
                           json={"status": "gebeld", "behandeld_door": "K. de Vries"})
    assert changed.status_code == 200 and changed.json()["status"] == "gebeld"
    assert changed.json()["behandeld_door"] == "K. de Vries"
    listing = client.get("/api/v1/terugbelverzoeken", headers=CONSULENT).json()["items"]
    assert [item["id"] for item in listing] == [newer["id"], older["id"]], "open before called"
    open_only = client.get("/api/v1/terugbelverzoeken?status=open", headers=CONSULENT).json()["items"]
    assert [item["id"] for item in open_only] == [newer["id"]]
    assert client.patch(f"/api/v1/terugbelverzoeken/{older['id']}", headers=CONSULENT,
                        json={"status": "onbekend"}).status_code == 422
    assert client.patch(f"/api/v1/terugbelverzoeken/{older['id']}", headers=CONSULENT, json={}).status_code == 422


def test_bad_input_names_the_field_and_the_bot_only_writes(client):
    for body, field in [(verzoek(telefoon="06 98"), "telefoon"), (verzoek(wanneer="avond"), "wanneer"),
                        (verzoek(vraag=""), "vraag"), (verzoek(bsn="123456782"), "bsn"),
                        (verzoek(toestemming={"gegeven": False, "moment": NOW.isoformat()}), "toestemming.gegeven"),
                        (verzoek(gesprek=[{"van": "medewerker", "tekst": "x", "moment": NOW.isoformat()}]),
                         "gesprek.0.van")]:
        refused = post(client, body, key=None)
        assert refused.status_code == 422, field
        assert refused.json()["detail"][0]["field"] == field
        assert "06 98" not in refused.text, "the value is not echoed"
    assert client.get("/api/v1/terugbelverzoeken", headers=BOT).status_code == 403
    assert post(client, headers=CONSULENT).status_code == 403


def test_each_gemeente_sees_only_its_own(client, engine):
    own = post(client, verzoek(gemeente="oeverdam"), key="o").json()
    other = post(client, key="v").json()
    assert [item["id"] for item in client.get("/api/v1/terugbelverzoeken", headers=CONSULENT_OEVERDAM).json()
            ["items"]] == [own["id"]]
    refused = client.get(f"/api/v1/terugbelverzoeken/{other['id']}", headers=CONSULENT_OEVERDAM)
    assert refused.status_code == 404
    assert refused.json() == {"detail": f"no terugbelverzoek with id '{other['id']}'"}
    assert post(client, verzoek(gemeente="oeverdam"), headers=BOT_VOORBEELDSTAD, key="x").status_code == 403
    with Session(engine) as session:
        rows = audit.for_object(session, "terugbelverzoek", other["id"])
    assert ("zaaksysteem-oeverdam", "terugbelverzoek.read", "wrong_gemeente", "voorbeeldstad") in [
        (r.actor_subject, r.action, r.result, r.gemeente) for r in rows]


def test_the_chat_in_a_request_goes_with_the_retention_term_and_the_request_stays(client, engine):
    made = post(client).json()
    with Session(engine) as session:
        assert terugbelverzoeken.forget_gesprekken(session, before=datetime.now(timezone.utc) - timedelta(days=1)) == 0
        assert terugbelverzoeken.forget_gesprekken(session, before=datetime.now(timezone.utc) + timedelta(days=1)) == 1
    kept = client.get(f"/api/v1/terugbelverzoeken/{made['id']}", headers=CONSULENT).json()
    assert kept["gesprek"] == [] and kept["gesprek_gewist_op"] and kept["vraag"] == made["vraag"]


def test_the_loket_reads_and_closes_a_request_on_the_staff_pages(client, engine):
    import re

    from tests.api.support import staff_login

    made = post(client, verzoek(gesprek=[{"van": "inwoner", "tekst": "<script>alert(1)</script> bel mij",
                                          "moment": NOW.isoformat()}])).json()
    other = post(client, verzoek(gemeente="oeverdam", naam="Ria Oever"), key="o").json()
    assert staff_login(client, "anne.devries").status_code == 303
    lijst = client.get("/consulent/terugbellen").text
    assert "Truus Jansen" in lijst and "06 12345678" in lijst and "in de ochtend" in lijst and "Open (1)" in lijst
    assert "Ria Oever" not in lijst, "only the requests of Anne's gemeente"
    page = client.get(f"/consulent/terugbellen/{made['id']}").text
    assert "Ik wil weten of ik hulp kan krijgen bij het douchen." in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; bel mij" in page and "<script>alert" not in page
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    saved = client.post(f"/consulent/terugbellen/{made['id']}", data={"status": "gebeld", "behandeld_door": "Anne",
                                                                       "csrf": csrf}, follow_redirects=True)
    assert saved.status_code == 200 and "Opgeslagen." in saved.text
    assert client.get(f"/api/v1/terugbelverzoeken/{made['id']}", headers=CONSULENT).json()["status"] == "gebeld"
    assert client.post(f"/consulent/terugbellen/{made['id']}", data={"status": "gebeld", "csrf": "fout"}
                       ).status_code == 403
    refused = client.get(f"/consulent/terugbellen/{other['id']}")
    assert refused.status_code == 404 and "Ria Oever" not in refused.text
    with Session(engine) as session:
        rows = [(r.actor_subject, r.action, r.result) for r in audit.for_object(session, "terugbelverzoek",
                                                                                  other["id"])]
    assert ("anne.devries", "terugbelverzoek.read", "wrong_gemeente") in rows
