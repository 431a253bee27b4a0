"""The beheerder's view of the audit trail: who saw melding X, what did member of staff Y do (page and JSON)."""

from fastapi.testclient import TestClient

from api.app import create_app
from tests.api.factories import melding_body
from tests.api.support import BOT, settings_for, staff_login


def test_the_beheerder_sees_who_saw_a_melding_and_what_a_consulent_did(client, database_url, idp):
    made = client.post("/api/v1/meldingen", json=melding_body(), headers=BOT).json()
    assert staff_login(client, "anne.devries").status_code == 303
    assert client.get(f"/consulent/meldingen/{made['id']}").status_code == 200
    assert client.get("/beheer/audit").status_code == 403  # a consulent does not read the trail

    with TestClient(create_app(settings_for(database_url, idp.issuer))) as beheer:
        landing = staff_login(beheer, "carla.smit")
        assert landing.headers["location"] == "/beheer/audit"
        page = beheer.get("/beheer/audit", params={"melding": made["referentie"]})
        assert page.status_code == 200 and "Anne de Vries" in page.text and "melding geopend" in page.text
        assert "Logboek" in page.text and "Inbox" not in page.text
        found = beheer.get("/beheer/audit.json", params={"melding": made["id"]}).json()
        assert [(r["actor"]["subject"], r["action"], r["result"]) for r in found["rows"]] == [
            ("chatbot", "melding.create", "ok"), ("anne.devries", "melding.read", "ok"),
            ("carla.smit", "audit.read", "ok")]  # looking at a melding's log is itself on record
        anne = beheer.get("/beheer/audit.json", params={"medewerker": "anne.devries"}).json()
        assert [(r["action"], r["result"]) for r in anne["rows"]] == [
            ("login", "ok"), ("melding.read", "ok"), ("access.denied", "forbidden")]
        assert beheer.get("/beheer/audit.json").status_code == 422
        searches = beheer.get("/beheer/audit.json", params={"medewerker": "carla.smit"}).json()["rows"]
        assert [(r["action"], r["object"]["type"]) for r in searches][-3:] == [
            ("audit.read", "melding"), ("audit.read", "melding"), ("audit.read", "medewerker")]
