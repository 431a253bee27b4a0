"""Tokens and settings shared by the API tests and their fixtures (one module, so one set of random tokens)."""

import os
import secrets

from sqlalchemy import text

from api.settings import Settings

BOT_TOKEN = secrets.token_urlsafe(32)
CONSULENT_TOKEN = secrets.token_urlsafe(32)
SESSION_SECRET = secrets.token_urlsafe(32)
BOT = {"Authorization": f"Bearer {BOT_TOKEN}"}
CONSULENT = {"Authorization": f"Bearer {CONSULENT_TOKEN}"}


def settings_for(database_url: str) -> Settings:
    return Settings(_env_file=None, database_url=database_url, wmo_bot_token=BOT_TOKEN,
                    wmo_consulent_token=CONSULENT_TOKEN, wmo_session_secret=SESSION_SECRET)


def server_env(database_url: str) -> dict:
    return {**os.environ, "DATABASE_URL": database_url, "WMO_BOT_TOKEN": BOT_TOKEN,
            "WMO_CONSULENT_TOKEN": CONSULENT_TOKEN, "WMO_SESSION_SECRET": SESSION_SECRET}


def clear_audit_trail(connection) -> None:
    """Empties the audit trail the way only the retention command may: with a permit, in one transaction."""
    connection.execute(text("INSERT INTO audit_retention_permit (until_id) VALUES (2147483647)"))
    connection.execute(text("DELETE FROM audit_trail"))
    connection.execute(text("DELETE FROM audit_retention_permit"))
