"""make install writes .env with random development secrets, adding only what is missing."""

import hashlib
import json
import stat
import subprocess

from api.settings import Settings
from api.api_clients import identify
from scripts.dev_secrets import CLIENTS, SECRETS, ensure_dotenv, read_dotenv, throwaway_secrets


def values(path):
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if line and not line.startswith("#"))


def test_a_missing_env_file_gets_every_secret_random_and_private(tmp_path):
    first, second = tmp_path / "a.env", tmp_path / "b.env"
    assert ensure_dotenv(first) == [*SECRETS, CLIENTS]
    ensure_dotenv(second)
    a, b = values(first), values(second)
    assert set(a) == {*SECRETS, CLIENTS}
    secrets_a = [a[name] for name in SECRETS]
    assert all(len(value) >= 32 for value in secrets_a)
    assert len(set(secrets_a)) == len(SECRETS), "each secret differs"
    assert not set(secrets_a) & {b[name] for name in SECRETS}, "two machines never share a secret"
    assert stat.S_IMODE(first.stat().st_mode) == 0o600


def test_the_api_knows_the_development_clients_by_the_hash_of_their_tokens(tmp_path):
    path = tmp_path / ".env"
    ensure_dotenv(path)
    stored = read_dotenv(path)
    clients = Settings(_env_file=path).wmo_api_clients
    assert {name: client.role for name, client in clients.items()} == {"chatbot": "bot", "gemeente-systeem": "consulent"}
    assert clients["chatbot"].token_sha256 == hashlib.sha256(stored["WMO_BOT_TOKEN"].encode()).hexdigest()
    assert stored["WMO_BOT_TOKEN"] not in path.read_text().split(CLIENTS, 1)[1], "only the hash is in the list"
    # the file still reads in a shell, as docs/api.md has it (set -a; . ./.env)
    shell = subprocess.run(["bash", "-c", f"set -a; . {path}; printf %s \"${CLIENTS}\""], capture_output=True,
                           text=True, check=True)
    assert json.loads(shell.stdout)["gemeente-systeem"]["role"] == "consulent"


def test_existing_values_are_kept_and_only_missing_ones_added(tmp_path):
    path = tmp_path / ".env"
    path.write_text("DATABASE_URL=postgresql+psycopg://x@db/wmo\nWMO_BOT_TOKEN=van-de-gemeente-zelf-" + "x" * 20)
    assert ensure_dotenv(path) == ["WMO_CONSULENT_TOKEN", "WMO_OIDC_CLIENT_SECRET", "WMO_DEV_IDP_PASSWORD", CLIENTS]
    stored = values(path)
    assert stored["WMO_BOT_TOKEN"].startswith("van-de-gemeente-zelf-")
    assert stored["DATABASE_URL"] == "postgresql+psycopg://x@db/wmo"
    assert ensure_dotenv(path) == []
    assert values(path) == stored


def test_a_test_stack_s_own_secrets_admit_its_own_bot_and_gemeente_system(monkeypatch, tmp_path):
    # the end-to-end and scale-out stacks override .env with fresh tokens: the client list must come with them, or
    # the API (reading the list from .env) refuses the bot's melding (CI of 2026-12-02: 13 end-to-end tests failed)
    run = throwaway_secrets()
    for name, value in run.items():
        monkeypatch.setenv(name, value)
    clients = Settings(_env_file=tmp_path / "none.env").wmo_api_clients
    bot, system = identify(run["WMO_BOT_TOKEN"], clients), identify(run["WMO_CONSULENT_TOKEN"], clients)
    assert (bot[0], bot[1].role, bot[1].gemeenten) == ("chatbot", "bot", ["*"])
    assert (system[0], system[1].role, system[1].gemeenten) == ("gemeente-systeem", "consulent", ["voorbeeldstad"])
    assert throwaway_secrets()["WMO_BOT_TOKEN"] != run["WMO_BOT_TOKEN"]


def test_a_dotenv_from_before_clients_had_gemeenten_gets_them_and_keeps_its_tokens(tmp_path):
    path = tmp_path / ".env"
    ensure_dotenv(path)
    stored = read_dotenv(path)
    old = {name: {"role": client["role"], "token_sha256": client["token_sha256"]}
           for name, client in json.loads(stored[CLIENTS]).items()}
    text = path.read_text().replace(stored[CLIENTS], json.dumps(old, separators=(",", ":")))
    path.write_text(text + "DATABASE_URL=sqlite:///elders.db\n")
    assert ensure_dotenv(path) == [CLIENTS]
    upgraded = read_dotenv(path)
    assert json.loads(upgraded[CLIENTS]) == json.loads(stored[CLIENTS])
    assert {key: value for key, value in upgraded.items() if key != CLIENTS} == \
        {**{key: value for key, value in stored.items() if key != CLIENTS}, "DATABASE_URL": "sqlite:///elders.db"}
    assert path.read_text().count("# the API's machine clients") == 1
    assert ensure_dotenv(path) == []
