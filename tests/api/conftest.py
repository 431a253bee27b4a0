"""The gemeente API's tests run twice: on SQLite and on the machine's real PostgreSQL.

PostgreSQL: a database `wmo_test_<random>` is created on 127.0.0.1:5432 for the run and dropped after it
(WMO_TEST_POSTGRES_ADMIN_URL overrides where). There is no silent skip: without PostgreSQL these tests fail and say
how to start it.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from api import migrate
from api.app import create_app
from api.db import engine_for
from tests.api.support import server_env, settings_for

ROOT = Path(__file__).resolve().parents[2]
ADMIN_URL = os.environ.get("WMO_TEST_POSTGRES_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PG_START = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"

class PostgresDatabase:
    """A throw-away database on the machine's PostgreSQL."""

    def __init__(self, admin_url: str = ADMIN_URL):
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.name = f"wmo_test_{uuid.uuid4().hex[:10]}"
        self.url = make_url(admin_url).set(database=self.name).render_as_string(hide_password=False)

    def create(self) -> str:
        try:
            with self.admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{self.name}"'))
        except Exception as error:
            pytest.fail(f"PostgreSQL at {ADMIN_URL} is needed for the API tests and did not answer ({error}).\n"
                        f"Start it with: {PG_START}")
        return self.url

    def drop(self) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_url():
    database = PostgresDatabase()
    url = database.create()
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
    with engine.begin() as connection:  # every test starts with no meldingen
        for table in ("plan_versie", "melding", "referentie_teller"):
            connection.execute(text(f"DELETE FROM {table}"))
    yield engine
    engine.dispose()


@pytest.fixture
def client(engine, database_url):
    with TestClient(create_app(settings_for(database_url))) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """The API under a real uvicorn, as `make run` starts it, for tests that need real concurrency."""

    def __init__(self, database_url: str, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app", "--host", "127.0.0.1",
                 "--port", str(self.port), "--log-level", "warning"],
                cwd=ROOT, env=server_env(database_url), stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"uvicorn stopped: {log.read_text()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"uvicorn did not answer: {log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def live_server(database_url, tmp_path_factory):
    server = LiveServer(database_url, tmp_path_factory.mktemp("uvicorn") / "api.log")
    yield server
    server.stop()
