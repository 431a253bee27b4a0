"""GET /healthz tells a load balancer whether the gemeente API can reach its database."""

import pytest
from fastapi.testclient import TestClient

from api.app import app
from api.db import engine_for, get_engine


@pytest.fixture
def client():
    yield TestClient(app)
    app.dependency_overrides.clear()


def test_healthy_when_the_database_answers(client, tmp_path):
    engine = engine_for(f"sqlite:///{tmp_path}/sub/gemeente.db")
    app.dependency_overrides[get_engine] = lambda: engine
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert (tmp_path / "sub").is_dir(), "the folder of the SQLite file is created"


def test_unavailable_when_the_database_does_not_answer(client, tmp_path):
    # A directory is not a database file: SQLite cannot open it.
    engine = engine_for(f"sqlite:///{tmp_path}")
    app.dependency_overrides[get_engine] = lambda: engine
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_openapi_documents_the_health_route(client):
    spec = client.get("/openapi.json").json()
    assert "/healthz" in spec["paths"]
    assert client.get("/docs").status_code == 200
