"""GET /healthz tells a load balancer whether the gemeente API can reach its database with the current schema."""

import pytest
from fastapi.testclient import TestClient

from api import migrate
from api.app import MissingSecrets, create_app
from api.settings import Settings
from tests.api.support import settings_for


def test_healthy_when_the_database_answers_with_the_current_schema(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "schema": migrate.head_revision()}


def test_unavailable_before_the_migrations_ran(tmp_path):
    url = f"sqlite:///{tmp_path}/sub/gemeente.db"
    with TestClient(create_app(settings_for(url))) as client:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["needs"] == migrate.head_revision()
    assert (tmp_path / "sub").is_dir(), "the folder of the SQLite file is created"


def test_unavailable_when_the_database_does_not_answer(tmp_path):
    # A directory is not a database file: SQLite cannot open it.
    with TestClient(create_app(settings_for(f"sqlite:///{tmp_path}"))) as client:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_the_app_refuses_to_start_without_clients_or_with_a_short_client_secret(tmp_path):
    with pytest.raises(MissingSecrets) as error:
        create_app(Settings(_env_file=None, database_url=f"sqlite:///{tmp_path}/x.db", wmo_oidc_issuer="http://idp",
                            wmo_oidc_client_secret="short"))
    assert "WMO_API_CLIENTS is empty" in str(error.value) and "make install" in str(error.value)
    assert "WMO_OIDC_CLIENT_SECRET is missing or shorter than 32 characters" in str(error.value)


def test_openapi_documents_every_route_and_the_bearer_scheme(client):
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {
        "/healthz", "/api/v1/meldingen", "/api/v1/meldingen/{melding_id}",
        "/api/v1/meldingen/{melding_id}/plan", "/api/v1/meldingen/{melding_id}/plan/versies",
        "/api/v1/meldingen/{melding_id}/bevestiging", "/api/v1/terugbelverzoeken", "/api/v1/terugbelverzoeken/{verzoek_id}",
        "/api/v1/overdrachten", "/api/v1/overdrachten/gesprek/{gesprek_id}",
        "/api/v1/overdrachten/{overdracht_id}/berichten", "/api/v1/overdrachten/{overdracht_id}/gemeld",
        "/api/v1/feedback",
    }
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert client.get("/docs").status_code == 200
