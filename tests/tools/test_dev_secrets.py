"""make install writes .env with random development secrets, adding only what is missing."""

import stat

from scripts.dev_secrets import SECRETS, ensure_dotenv


def values(path):
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if line and not line.startswith("#"))


def test_a_missing_env_file_gets_every_secret_random_and_private(tmp_path):
    first, second = tmp_path / "a.env", tmp_path / "b.env"
    assert ensure_dotenv(first) == list(SECRETS)
    ensure_dotenv(second)
    a, b = values(first), values(second)
    assert set(a) == set(SECRETS)
    assert all(len(value) >= 32 for value in a.values())
    assert len(set(a.values())) == len(SECRETS), "each secret differs"
    assert not set(a.values()) & set(b.values()), "two machines never share a secret"
    assert stat.S_IMODE(first.stat().st_mode) == 0o600


def test_existing_values_are_kept_and_only_missing_ones_added(tmp_path):
    path = tmp_path / ".env"
    path.write_text("DATABASE_URL=postgresql+psycopg://x@db/wmo\nWMO_BOT_TOKEN=van-de-gemeente-zelf-" + "x" * 20)
    assert ensure_dotenv(path) == ["WMO_CONSULENT_TOKEN", "WMO_OIDC_CLIENT_SECRET", "WMO_DEV_IDP_PASSWORD"]
    stored = values(path)
    assert stored["WMO_BOT_TOKEN"].startswith("van-de-gemeente-zelf-")
    assert stored["DATABASE_URL"] == "postgresql+psycopg://x@db/wmo"
    assert ensure_dotenv(path) == []
    assert values(path) == stored
