"""Every /api/v1 route: 401 without or with an unknown token, 403 for the other role, through for the right one."""

import pytest

from tests.api.support import BOT, CONSULENT
from tests.api.factories import melding_body, plan_body

MISSING = "00000000-0000-0000-0000-000000000000"

# (method, path, role that may call it, body)
ROUTES = [
    ("POST", "/api/v1/meldingen", "bot", melding_body()),
    ("GET", "/api/v1/meldingen", "consulent", None),
    ("GET", f"/api/v1/meldingen/{MISSING}", "consulent", None),
    ("PATCH", f"/api/v1/meldingen/{MISSING}", "consulent", {"status": "in_behandeling"}),
    ("PUT", f"/api/v1/meldingen/{MISSING}/plan", "bot", plan_body()),
    ("GET", f"/api/v1/meldingen/{MISSING}/plan/versies", "consulent", None),
]
HEADERS = {"bot": BOT, "consulent": CONSULENT}
OTHER = {"bot": "consulent", "consulent": "bot"}


def call(client, method, path, body, headers):
    return client.request(method, path, json=body, headers=headers)


@pytest.mark.parametrize("method,path,role,body", ROUTES)
def test_no_token_is_401_with_a_bearer_challenge(client, method, path, role, body):
    response = call(client, method, path, body, {})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert "Authorization: Bearer" in response.json()["detail"]


@pytest.mark.parametrize("method,path,role,body", ROUTES)
@pytest.mark.parametrize("header", ["Bearer not-a-real-token", "Basic Ym90OmJvdA==", "Bearer ", BOT["Authorization"] + "x"])
def test_a_wrong_token_is_401(client, method, path, role, body, header):
    response = call(client, method, path, body, {"Authorization": header})
    assert response.status_code == 401


@pytest.mark.parametrize("method,path,role,body", ROUTES)
def test_the_other_role_is_403_and_nothing_changes(client, method, path, role, body):
    response = call(client, method, path, body, HEADERS[OTHER[role]])
    assert response.status_code == 403
    assert f"needs role '{role}'" in response.json()["detail"]
    assert client.get("/api/v1/meldingen", headers=CONSULENT).json()["total"] == 0


@pytest.mark.parametrize("method,path,role,body", ROUTES)
def test_the_right_role_gets_through(client, method, path, role, body):
    response = call(client, method, path, body, HEADERS[role])
    assert response.status_code in (200, 201, 404)


def test_each_client_is_known_by_its_own_name_and_a_withdrawn_client_is_refused(database_url):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from tests.api.support import CLIENTS, settings_for

    # the gemeente takes the zaaksysteem out of WMO_API_CLIENTS: its token no longer opens anything
    only_chatbot = {"chatbot": CLIENTS["chatbot"]}
    with TestClient(create_app(settings_for(database_url, wmo_api_clients=only_chatbot))) as client:
        assert client.get("/api/v1/meldingen", headers=CONSULENT).status_code == 401
        refused = client.get("/api/v1/meldingen", headers=BOT)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "this route needs role 'consulent'; client 'chatbot' has role 'bot'"


@pytest.mark.parametrize("clients, problem", [
    ({}, "WMO_API_CLIENTS is empty"),
    ({"a": {"role": "bot", "gemeenten": ["*"], "token_sha256": "0" * 64}}, "client name 'a'"),
    ({"chatbot": {"role": "bot", "gemeenten": ["*"], "token_sha256": "0" * 64},
      "kopie": {"role": "consulent", "gemeenten": ["oeverdam"], "token_sha256": "0" * 64}},
     "clients 'chatbot' and 'kopie' have the same token"),
    ({"zaaksysteem": {"role": "consulent", "gemeenten": ["amsterdam"], "token_sha256": "0" * 64}},
     "client 'zaaksysteem': gemeente 'amsterdam' is not served here"),
])
def test_the_api_refuses_to_start_with_a_wrong_list_of_clients(tmp_path, clients, problem):
    from api.app import MissingSecrets, create_app
    from tests.api.support import settings_for

    with pytest.raises(MissingSecrets, match=problem):
        create_app(settings_for(f"sqlite:///{tmp_path}/x.db", wmo_api_clients=clients))


@pytest.mark.parametrize("client, problem", [
    ({"role": "beheerder", "gemeenten": ["*"], "token_sha256": "0" * 64}, "role must be one of bot, consulent"),
    ({"role": "bot", "gemeenten": ["*"], "token_sha256": "geen-hash"}, "64 hexadecimal"),
    ({"role": "bot", "gemeenten": ["*"]}, "token_sha256"),
    ({"role": "consulent", "token_sha256": "0" * 64}, "gemeenten"),
    ({"role": "consulent", "gemeenten": [], "token_sha256": "0" * 64}, "must name at least one gemeente"),
])
def test_a_client_entry_with_a_wrong_role_or_hash_is_refused(client, problem):
    from pydantic import ValidationError

    from api.settings import Settings

    with pytest.raises(ValidationError, match=problem):
        Settings(_env_file=None, wmo_api_clients={"zaaksysteem": client})


def test_a_new_client_gets_a_random_token_and_an_entry_that_admits_it():
    from api.api_clients import ApiClient, identify, new_client

    served = ["oeverdam", "voorbeeldstad"]
    token, entry = new_client("zaaksysteem", "consulent", ["oeverdam"], served)
    other, _ = new_client("zaaksysteem", "consulent", ["oeverdam"], served)
    clients = {name: ApiClient(**value) for name, value in entry.items()}
    assert len(token) >= 43 and token != other and token not in str(entry)
    name, client = identify(token, clients)
    assert (name, client.role, client.scope(served)) == ("zaaksysteem", "consulent", {"oeverdam"})
    assert identify(other, clients) is None
    with pytest.raises(ValueError, match="client name"):
        new_client("Zaak Systeem", "consulent", ["oeverdam"], served)
    with pytest.raises(ValueError, match="gemeente 'amsterdam' is not served here"):
        new_client("zaaksysteem", "consulent", ["amsterdam"], served)
    _, everywhere = new_client("chatbot-2", "bot", ["*"], served)
    assert ApiClient(**everywhere["chatbot-2"]).scope(served) == set(served)
