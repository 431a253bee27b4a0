"""POST, GET, list and PATCH of meldingen: what the bot stores is what the consulent reads."""

import re
from datetime import date, datetime, timezone

import pytest
from sqlmodel import Session

from api import meldingen, schemas
from tests.api.support import BOT, CONSULENT
from tests.api.factories import melding_body, plan_body
from wmo.termijnen import onderzoekstermijn, plantermijn

MISSING = "00000000-0000-0000-0000-000000000000"


def post(client, body=None, headers=BOT, **extra_headers):
    return client.post("/api/v1/meldingen", json=body or melding_body(), headers={**headers, **extra_headers})


def test_a_melding_is_stored_and_read_back_by_the_consulent(client):
    response = post(client)
    assert response.status_code == 201
    melding = response.json()
    assert response.headers["Location"] == f"/api/v1/meldingen/{melding['id']}"
    assert re.fullmatch(r"WMO-\d{4}-\d{6}", melding["referentie"])
    assert melding["status"] == "nieuw" and melding["kanaal"] == "chat"
    assert melding["inwoner"]["postcode"] == "9999 ZZ"
    assert melding["inwoner"]["telefoon"] == "+31612345678"
    assert melding["plan"] is None and melding["plan_versie"] is None

    read = client.get(f"/api/v1/meldingen/{melding['id']}", headers=CONSULENT)
    assert read.status_code == 200
    assert read.json() == melding


def test_termijnen_come_from_wmo_for_the_dutch_day_of_the_melding(client):
    melding = post(client).json()
    day = datetime.fromisoformat(melding["ingediend_op"]).astimezone(meldingen.NL).date()
    assert melding["termijnen"] == {
        "plan_uiterlijk": plantermijn(day, day).laatste_dag.isoformat(),
        "onderzoek_uiterlijk": onderzoekstermijn(day, day).laatste_dag.isoformat(),
    }


def test_termijnen_move_past_christmas_and_new_year(engine):
    # Monday 21 December 2026, 23:30 in Amsterdam (22:30 UTC): the plan term ends on 28 December; six weeks
    # from then is Monday 1 February 2027.
    now = datetime(2026, 12, 21, 22, 30, tzinfo=timezone.utc)
    with Session(engine) as session:
        melding, created = meldingen.create_melding(session, schemas.MeldingIn(**melding_body()), "voorbeeldstad",
                                                    now=now)
    assert created
    assert melding.termijnen.plan_uiterlijk == date(2026, 12, 28)
    assert melding.termijnen.onderzoek_uiterlijk == date(2027, 2, 1)


def test_referenties_count_per_dutch_year(engine):
    moments = [
        datetime(2026, 12, 31, 22, 59, tzinfo=timezone.utc),  # 23:59 in Amsterdam: still 2026
        datetime(2026, 12, 31, 23, 1, tzinfo=timezone.utc),  # 00:01 on 1 January 2027 in Amsterdam
        datetime(2027, 1, 2, 9, 0, tzinfo=timezone.utc),
    ]
    with Session(engine) as session:
        def make(now):
            return meldingen.create_melding(session, schemas.MeldingIn(**melding_body()), "voorbeeldstad", now=now)[0]

        first = make(moments[0].replace(minute=58))
        refs = [make(m).referentie for m in moments]
    assert first.referentie == "WMO-2026-000001"
    assert refs == ["WMO-2026-000002", "WMO-2027-000001", "WMO-2027-000002"]


def test_text_is_stored_exactly_as_given(client):
    odd = "  Ik  heb <b>hulp</b> nodig & 'snel'.\n\tRegel twee met émoji 🙂  "
    body = melding_body(hulpvraag=odd)
    body["inwoner"]["naam"] = " <i>Piet</i> O'Neil "
    melding = post(client, body).json()
    read = client.get(f"/api/v1/meldingen/{melding['id']}", headers=CONSULENT).json()
    assert read["hulpvraag"] == odd
    assert read["inwoner"]["naam"] == " <i>Piet</i> O'Neil "


def test_namens_and_a_plan_can_come_with_the_melding(client):
    body = melding_body(namens={"naam": "Sanne Visser", "organisatie": "MEE Voorbeeld", "rol": "clientondersteuner"},
                        plan=plan_body(opgesteld_door="clientondersteuner"))
    melding = post(client, body).json()
    assert melding["namens"] == {"naam": "Sanne Visser", "organisatie": "MEE Voorbeeld", "rol": "clientondersteuner",
                                 "email": None}
    assert melding["plan"]["version"] == 1 and melding["plan_versie"] == 1
    assert melding["plan"]["opgesteld_door"] == "clientondersteuner"
    assert melding["plan"]["knelpunten"]["wonen"] == "De trap naar de badkamer is te zwaar."


def test_get_an_unknown_melding_is_404(client):
    response = client.get(f"/api/v1/meldingen/{MISSING}", headers=CONSULENT)
    assert response.status_code == 404
    assert MISSING in response.json()["detail"]


def test_the_list_is_newest_first_with_paging_and_a_status_filter(client):
    ids = [post(client).json()["id"] for _ in range(5)]
    client.patch(f"/api/v1/meldingen/{ids[1]}", json={"status": "afgerond"}, headers=CONSULENT)

    everything = client.get("/api/v1/meldingen", headers=CONSULENT).json()
    assert [m["id"] for m in everything["items"]] == ids[::-1]
    assert everything["total"] == 5 and everything["page"] == 1 and everything["page_size"] == 25
    assert "plan" not in everything["items"][0]

    page2 = client.get("/api/v1/meldingen?page=2&page_size=2", headers=CONSULENT).json()
    assert [m["id"] for m in page2["items"]] == [ids[2], ids[1]]

    afgerond = client.get("/api/v1/meldingen?status=afgerond", headers=CONSULENT).json()
    assert [m["id"] for m in afgerond["items"]] == [ids[1]] and afgerond["total"] == 1
    nieuw = client.get("/api/v1/meldingen?status=nieuw", headers=CONSULENT).json()
    assert nieuw["total"] == 4


@pytest.mark.parametrize("query,field", [
    ("status=klaar", "status"), ("page=0", "page"), ("page_size=101", "page_size"), ("page=een", "page"),
])
def test_bad_list_parameters_are_422_naming_the_parameter(client, query, field):
    response = client.get(f"/api/v1/meldingen?{query}", headers=CONSULENT)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field
    assert response.json()["message"].startswith(f"{field}: ")


def test_patch_changes_status_and_toegewezen_aan(client):
    melding = post(client).json()
    url = f"/api/v1/meldingen/{melding['id']}"
    response = client.patch(url, json={"status": "gesprek_gepland", "toegewezen_aan": "K. de Consulent"},
                            headers=CONSULENT)
    assert response.status_code == 200
    changed = response.json()
    assert changed["status"] == "gesprek_gepland" and changed["toegewezen_aan"] == "K. de Consulent"
    assert changed["bijgewerkt_op"] > melding["bijgewerkt_op"]
    assert client.patch(url, json={"toegewezen_aan": ""}, headers=CONSULENT).json()["toegewezen_aan"] is None
    assert client.get(url, headers=CONSULENT).json()["status"] == "gesprek_gepland"


def test_patch_an_unknown_melding_is_404(client):
    response = client.patch(f"/api/v1/meldingen/{MISSING}", json={"status": "afgerond"}, headers=CONSULENT)
    assert response.status_code == 404


@pytest.mark.parametrize("body,field", [
    ({"status": "klaar"}, "status"),
    ({"status": None}, "body"),
    ({}, "body"),
    ({"status": "afgerond", "referentie": "WMO-2026-000001"}, "referentie"),
    ({"toegewezen_aan": "x" * 101}, "toegewezen_aan"),
])
def test_patch_with_bad_input_is_422_naming_the_field(client, body, field):
    melding = post(client).json()
    response = client.patch(f"/api/v1/meldingen/{melding['id']}", json=body, headers=CONSULENT)
    assert response.status_code == 422
    assert field in [item["field"] for item in response.json()["detail"]]
    assert client.get(f"/api/v1/meldingen/{melding['id']}", headers=CONSULENT).json()["status"] == "nieuw"
