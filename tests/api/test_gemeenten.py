"""Several gemeenten in one gemeente API, each gemeente's data and staff kept apart (issue 26, point 3), on SQLite
and PostgreSQL: a melding carries its gemeente, referenties count per gemeente and year, a machine client acts for
its own gemeenten, a consulent sees and changes only the meldingen of the gemeente(n) their identity names, and a
request for another gemeente's melding is a 404 with an audit row on that gemeente's record."""

import re

from fastapi.testclient import TestClient
from sqlmodel import Session

from api import audit
from api.app import create_app
from tests.api.factories import melding_body, plan_body
from tests.api.support import (BOT, BOT_VOORBEELDSTAD, CONSULENT, CONSULENT_OEVERDAM, settings_for, staff_login)


def post(client, gemeente, headers=BOT, **overrides) -> dict:
    body = melding_body(**overrides)
    if gemeente is None:
        body.pop("gemeente")
    else:
        body["gemeente"] = gemeente
    return client.post("/api/v1/meldingen", json=body, headers=headers)


def rows(engine, melding_id):
    with Session(engine) as session:
        return [(row.actor_subject, row.action, row.result, row.gemeente)
                for row in audit.for_object(session, "melding", melding_id)]


def test_a_melding_carries_its_gemeente_and_each_gemeente_counts_its_own_referenties(client):
    first_v = post(client, "voorbeeldstad").json()
    first_o = post(client, "oeverdam").json()
    second_v = post(client, "voorbeeldstad").json()
    assert (first_v["gemeente"], first_o["gemeente"]) == ("voorbeeldstad", "oeverdam")
    year = first_v["referentie"][4:8]
    assert [first_v["referentie"], first_o["referentie"], second_v["referentie"]] == [
        f"WMO-{year}-000001", f"WMO-{year}-000001", f"WMO-{year}-000002"], "unique per gemeente and year"


def test_the_bot_writes_only_for_its_gemeenten_and_names_one_when_it_writes_for_several(client, engine):
    refused = post(client, "oeverdam", headers=BOT_VOORBEELDSTAD)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "client 'chatbot-voorbeeldstad' may not write for gemeente 'oeverdam'"
    with Session(engine) as session:
        denied = audit.by_actor(session, "wmo-api-token", "chatbot-voorbeeldstad")
    assert [(r.action, r.result, r.gemeente) for r in denied] == [("access.denied", "wrong_gemeente", "oeverdam")]

    # a client of one gemeente may leave it out; a client of several must name it
    assert post(client, None, headers=BOT_VOORBEELDSTAD).json()["gemeente"] == "voorbeeldstad"
    missing = post(client, None)
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["field"] == "gemeente"
    assert "this client writes for several gemeenten" in missing.json()["message"]
    unknown = post(client, "atlantis")
    assert unknown.status_code == 422
    assert unknown.json()["message"] == ("gemeente: not a gemeente of this deployment (one of: oeverdam, "
                                         "voorbeeldstad)")
    assert post(client, "Oeverdam!").status_code == 422, "a slug, not a name"


def test_a_gemeente_system_reads_lists_and_changes_only_its_own_meldingen(client, engine):
    own = post(client, "oeverdam", inwoner={**melding_body()["inwoner"], "naam": "Ria Oever"}).json()
    other = post(client, "voorbeeldstad", inwoner={**melding_body()["inwoner"], "naam": "Vera Stad"}).json()

    listing = client.get("/api/v1/meldingen", headers=CONSULENT_OEVERDAM).json()
    assert [item["inwoner"]["naam"] for item in listing["items"]] == ["Ria Oever"] and listing["total"] == 1
    assert client.get(f"/api/v1/meldingen/{own['id']}", headers=CONSULENT_OEVERDAM).status_code == 200

    for method, path, body in [("GET", f"/api/v1/meldingen/{other['id']}", None),
                               ("PATCH", f"/api/v1/meldingen/{other['id']}", {"status": "afgerond"}),
                               ("GET", f"/api/v1/meldingen/{other['id']}/plan/versies", None)]:
        refused = client.request(method, path, json=body, headers=CONSULENT_OEVERDAM)
        assert refused.status_code == 404, (method, path)
        assert refused.json() == {"detail": f"no melding with id '{other['id']}'"}, "as if there were none"
    assert client.get(f"/api/v1/meldingen/{other['id']}", headers=CONSULENT).json()["status"] == "nieuw", \
        "nothing changed"
    assert rows(engine, other["id"]) == [
        ("chatbot", "melding.create", "ok", "voorbeeldstad"),
        ("zaaksysteem-oeverdam", "melding.read", "wrong_gemeente", "voorbeeldstad"),
        ("zaaksysteem-oeverdam", "melding.update", "wrong_gemeente", "voorbeeldstad"),
        ("zaaksysteem-oeverdam", "plan.read", "wrong_gemeente", "voorbeeldstad"),
        ("zaaksysteem", "melding.read", "ok", "voorbeeldstad")], "on the record of the melding's own gemeente"


def test_a_plan_is_written_only_to_a_melding_of_the_bots_gemeenten(client, engine):
    other = post(client, "oeverdam").json()
    refused = client.put(f"/api/v1/meldingen/{other['id']}/plan", json=plan_body(), headers=BOT_VOORBEELDSTAD)
    assert refused.status_code == 404
    assert rows(engine, other["id"])[-1] == ("chatbot-voorbeeldstad", "plan.write", "wrong_gemeente", "oeverdam")
    assert client.put(f"/api/v1/meldingen/{other['id']}/plan", json=plan_body(), headers=BOT).status_code == 200


def test_a_consulent_sees_only_the_meldingen_of_the_gemeente_their_identity_names(client, engine):
    oever = post(client, "oeverdam", inwoner={**melding_body()["inwoner"], "naam": "Ria Oever"}).json()
    stad = post(client, "voorbeeldstad", inwoner={**melding_body()["inwoner"], "naam": "Vera Stad"}).json()
    assert staff_login(client, "bram.koster").status_code == 303  # consulent of Oeverdam
    inbox = client.get("/consulent").text
    assert "Ria Oever" in inbox and "Vera Stad" not in inbox and "Alle (1)" in inbox
    assert "Gemeente Oeverdam · Wmo-meldingen" in inbox
    assert "<th scope=\"col\">Gemeente</th>" not in inbox, "one gemeente: no column for it"
    assert client.get(f"/consulent/meldingen/{oever['id']}").status_code == 200

    page = client.get(f"/consulent/meldingen/{stad['id']}")
    assert page.status_code == 404 and "Melding niet gevonden" in page.text and "Vera Stad" not in page.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', inbox).group(1)
    changed = client.post(f"/consulent/meldingen/{stad['id']}", data={"status": "afgerond", "csrf": csrf},
                          follow_redirects=False)
    assert changed.status_code == 404
    assert client.get(f"/api/v1/meldingen/{stad['id']}", headers=CONSULENT).json()["status"] == "nieuw"
    assert rows(engine, stad["id"])[1:] == [
        ("bram.koster", "melding.read", "wrong_gemeente", "voorbeeldstad"),
        ("bram.koster", "melding.update", "wrong_gemeente", "voorbeeldstad"),
        ("zaaksysteem", "melding.read", "ok", "voorbeeldstad")]


def test_a_consulent_of_the_region_sees_both_gemeenten_with_whose_melding_it_is(client):
    oever = post(client, "oeverdam", inwoner={**melding_body()["inwoner"], "naam": "Ria Oever"},
                 plan=plan_body()).json()
    post(client, "voorbeeldstad", inwoner={**melding_body()["inwoner"], "naam": "Vera Stad"})
    assert staff_login(client, "gijs.mulder").status_code == 303
    inbox = client.get("/consulent").text
    assert "Ria Oever" in inbox and "Vera Stad" in inbox and "Alle (2)" in inbox
    assert "Gemeenten Oeverdam en Voorbeeldstad · Wmo-meldingen" in inbox
    assert "<td>Oeverdam</td>" in inbox and "<td>Voorbeeldstad</td>" in inbox
    page = client.get(f"/consulent/meldingen/{oever['id']}").text
    assert "<dt>Gemeente</dt><dd>Oeverdam</dd>" in page
    assert "artikel 2.3.2 lid 2. Gemeente Oeverdam.</footer>" in page, "the printed plan names its own gemeente"


def test_the_beheerder_reads_the_log_of_their_own_gemeente_only(client, database_url, idp):
    oever = post(client, "oeverdam").json()
    stad = post(client, "voorbeeldstad").json()
    assert staff_login(client, "gijs.mulder").status_code == 303
    client.get(f"/consulent/meldingen/{oever['id']}")
    client.get(f"/consulent/meldingen/{stad['id']}")
    with TestClient(create_app(settings_for(database_url, idp.issuer))) as beheer:
        assert staff_login(beheer, "hanna.meijer").status_code == 303  # beheerder of Oeverdam
        own = beheer.get("/beheer/audit.json", params={"melding": oever["referentie"]}).json()
        assert own["searched"]["id"] == oever["id"], "a referentie is found in the beheerder's own gemeente"
        assert [r["action"] for r in own["rows"]] == ["melding.create", "melding.read"]
        assert beheer.get("/beheer/audit.json", params={"melding": stad["id"]}).json()["rows"] == [], \
            "another gemeente's melding: none of its rows"
        gijs = beheer.get("/beheer/audit.json", params={"medewerker": "gijs.mulder"}).json()["rows"]
        assert [(r["action"], r["object"]["id"]) for r in gijs] == [("login", None), ("melding.read", oever["id"])], \
            "what the region's consulent did for this gemeente, not for the other"


def test_without_a_gemeente_in_the_identity_a_deployment_of_several_lets_nobody_in(database_url, idp, engine):
    settings = settings_for(database_url, idp.issuer, wmo_oidc_gemeente_claim="afdeling")
    with TestClient(create_app(settings)) as client:
        refused = staff_login(client, "anne.devries")
    assert refused.status_code == 403 and "hoort bij geen gemeente" in refused.text
    with Session(engine) as session:
        assert [(r.action, r.result) for r in audit.by_actor(session, idp.issuer, "anne.devries")] == [
            ("login", "no_gemeente")]


def test_the_gemeente_claim_may_use_the_providers_own_values(database_url, idp):
    settings = settings_for(database_url, idp.issuer, wmo_oidc_gemeenten={"voorbeeldstad": "oeverdam"})
    with TestClient(create_app(settings)) as client:
        post(client, "oeverdam", inwoner={**melding_body()["inwoner"], "naam": "Ria Oever"})
        assert staff_login(client, "anne.devries").status_code == 303
        assert "Ria Oever" in client.get("/consulent").text, "the provider's 'voorbeeldstad' means Oeverdam here"
