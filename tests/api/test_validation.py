"""Bad input to POST /meldingen and PUT plan: 422, the field named in a developer's words, nothing stored."""

import pytest

from tests.api.factories import melding_body, plan_body
from tests.api.support import BOT, CONSULENT


def with_change(path: str, value, base=None):
    """A copy of the body with one field (dotted path) set, or removed when value is ...."""
    body = base if base is not None else melding_body()
    target = body
    *parents, last = path.split(".")
    for key in parents:
        target = target[key]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return body


# (dotted path, value or ... to remove it, field named in the error, a phrase of the message)
MELDING_CASES = [
    ("inwoner.postcode", "0123 AB", "inwoner.postcode", "like 1234 AB"),
    ("inwoner.postcode", "1234", "inwoner.postcode", "like 1234 AB"),
    ("inwoner.telefoon", "0612", "inwoner.telefoon", "Dutch phone number"),
    ("inwoner.telefoon", "0900 1234567", "inwoner.telefoon", "cannot reach a person"),
    ("inwoner.email", "truus@", "inwoner.email", "email"),
    ("inwoner.email", "truus.voorbeeld.example", "inwoner.email", "email"),
    ("inwoner.naam", "", "inwoner.naam", "at least 1"),
    ("inwoner.naam", "   ", "inwoner.naam", "only spaces"),
    ("inwoner.naam", "x" * 201, "inwoner.naam", "at most 200"),
    ("inwoner.naam", "Truus\x00", "inwoner.naam", "control characters"),
    ("inwoner.naam", ..., "inwoner.naam", "required field is missing"),
    ("inwoner.adres", ..., "inwoner.adres", "required field is missing"),
    ("inwoner.woonplaats", "x" * 101, "inwoner.woonplaats", "at most 100"),
    ("inwoner.bsn", "123456782", "inwoner.bsn", "unknown field"),
    ("bsn", "123456782", "bsn", "unknown field"),
    ("hulpvraag", "", "hulpvraag", "at least 1"),
    ("hulpvraag", "x" * 5001, "hulpvraag", "at most 5000"),
    ("hulpvraag", ..., "hulpvraag", "required field is missing"),
    ("levensgebieden", ["wonen", "tuinieren"], "levensgebieden.1", "wonen"),
    ("levensgebieden", ["wonen", "wonen"], "levensgebieden", "twice"),
    ("toestemming.gegeven", False, "toestemming.gegeven", "consent"),
    ("toestemming", ..., "toestemming", "required field is missing"),
    ("toestemming.moment", "2026-11-23T10:00:00", "toestemming.moment", "timezone"),
    ("toestemming.moment", "2999-01-01T10:00:00+01:00", "toestemming.moment", "future"),
    ("kanaal", "telefoon", "kanaal", "chat"),
    ("namens", {"naam": "Sanne", "rol": "buurvrouw"}, "namens.rol", "clientondersteuner"),
    ("namens", {"rol": "familie"}, "namens.naam", "required field is missing"),
    ("plan", {"wie_ben_ik": "Ik"}, "plan.ondersteuningsvraag", "required field is missing"),
]


@pytest.mark.parametrize("path,value,field,phrase", MELDING_CASES)
def test_bad_melding_input_is_422_naming_the_field(client, path, value, field, phrase):
    response = client.post("/api/v1/meldingen", json=with_change(path, value), headers=BOT)
    assert response.status_code == 422, response.text
    body = response.json()
    fields = [item["field"] for item in body["detail"]]
    assert field in fields, body
    assert phrase.lower() in body["message"].lower(), body["message"]
    assert body["message"].startswith(f"{body['detail'][0]['field']}: ")
    assert client.get("/api/v1/meldingen", headers=CONSULENT).json()["total"] == 0


def test_a_melding_without_any_way_to_reach_the_inwoner_is_refused(client):
    body = with_change("inwoner.telefoon", ..., with_change("inwoner.email", ...))
    response = client.post("/api/v1/meldingen", json=body, headers=BOT)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "inwoner"
    assert "telefoon or email" in response.json()["message"]


@pytest.mark.parametrize("removed", ["inwoner.telefoon", "inwoner.email"])
def test_telefoon_or_email_alone_is_enough(client, removed):
    assert client.post("/api/v1/meldingen", json=with_change(removed, ...), headers=BOT).status_code == 201


def test_the_rejected_value_is_not_echoed_back(client):
    response = client.post("/api/v1/meldingen", json=with_change("inwoner.email", "geheim-adres@"), headers=BOT)
    assert response.status_code == 422
    assert "geheim-adres" not in response.text


def test_a_body_that_is_not_json_is_422(client):
    response = client.post("/api/v1/meldingen", content=b"{niet json", headers={**BOT, "Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["message"]


PLAN_CASES = [
    ("wie_ben_ik", ..., "wie_ben_ik", "required field is missing"),
    ("wie_ben_ik", "x" * 5001, "wie_ben_ik", "at most 5000"),
    ("knelpunten", {"tuin": "onkruid"}, "knelpunten.tuin", "wonen"),
    ("knelpunten", {"wonen": ""}, "knelpunten.wonen", "at least 1"),
    ("gewenste_vorm", {"vorm": "geld"}, "gewenste_vorm.vorm", "natura"),
    ("opgesteld_door", "buurman", "opgesteld_door", "inwoner"),
    ("versie", 3, "versie", "unknown field"),
]


@pytest.mark.parametrize("path,value,field,phrase", PLAN_CASES)
def test_bad_plan_input_is_422_naming_the_field(client, path, value, field, phrase):
    melding = client.post("/api/v1/meldingen", json=melding_body(), headers=BOT).json()
    response = client.put(f"/api/v1/meldingen/{melding['id']}/plan", json=with_change(path, value, plan_body()),
                          headers=BOT)
    assert response.status_code == 422, response.text
    assert field in [item["field"] for item in response.json()["detail"]]
    assert phrase.lower() in response.json()["message"].lower()
    assert client.get(f"/api/v1/meldingen/{melding['id']}", headers=CONSULENT).json()["plan"] is None
