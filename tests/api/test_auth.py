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
