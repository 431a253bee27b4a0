"""The gemeente API's tests run twice: on SQLite and on the machine's real PostgreSQL.

PostgreSQL: a database `wmo_test_<random>` is created on 127.0.0.1:5432 for the run and dropped after it
(WMO_TEST_POSTGRES_ADMIN_URL overrides where). There is no silent skip: without PostgreSQL these tests fail and say
how to start it.
"""


import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from api import migrate
from api.app import create_app
from api.db import engine_for
from scripts.api_server import ApiServer, PostgresUnavailable, ThrowawayPostgres, free_port
from scripts.dev_idp import DevIdp
from tests.api.support import IDP_CLIENT_SECRET, IDP_PASSWORD, TESTSERVER, clear_audit_trail, server_env, settings_for



@pytest.fixture(scope="session")
def postgres_url():
    database = ThrowawayPostgres()
    try:
        url = database.create()
    except PostgresUnavailable as error:
        pytest.fail(f"The API tests need PostgreSQL. {error}")
    yield url
    database.drop()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    """A migrated database of each kind, for the whole run."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'gemeente.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    migrate.upgrade(url)
    return url


@pytest.fixture
def engine(database_url):
    engine = engine_for(database_url)
    with engine.begin() as connection:  # every test starts with no meldingen and an empty audit trail
        for table in ("mail_uitgaand", "plan_versie", "melding", "referentie_teller", "terugbelverzoek",
                      "overdracht_bericht", "overdracht", "staff_session", "staff_login", "antwoord_feedback",
                      "gesprek", "gesprek_review", "review_markering"):
            connection.execute(text(f"DELETE FROM {table}"))
        clear_audit_trail(connection)
        if connection.dialect.name == "postgresql":  # the referentie sequences start again at 1
            for (name,) in connection.execute(text(
                    "SELECT sequencename FROM pg_sequences WHERE sequencename LIKE 'referentie_%'")):
                connection.execute(text(f"ALTER SEQUENCE {name} RESTART"))
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def idp(tmp_path_factory):
    """The development OpenID provider with the invented staff (scripts/dev_idp), for the whole run."""
    with DevIdp(free_port(), IDP_PASSWORD, IDP_CLIENT_SECRET, [f"{TESTSERVER}/consulent/auth/callback"],
                tmp_path_factory.mktemp("idp") / "idp.log",
                post_logout_redirect_uris=[f"{TESTSERVER}/consulent/login?uitgelogd=1"]) as provider:
        yield provider


@pytest.fixture
def client(engine, database_url, idp):
    with TestClient(create_app(settings_for(database_url, idp.issuer))) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_server(database_url, tmp_path_factory):
    server = ApiServer(server_env(database_url), tmp_path_factory.mktemp("uvicorn") / "api.log")
    yield server
    server.stop()
