"""Tokens and settings shared by the API tests and their fixtures (one module, so one set of random tokens)."""

import json
import os
import re
import secrets
from typing import Optional
from urllib.parse import urljoin

import httpx
from sqlalchemy import text

from api.api_clients import token_hash
from api.settings import Settings

BOT_TOKEN = secrets.token_urlsafe(32)
CONSULENT_TOKEN = secrets.token_urlsafe(32)
OEVERDAM_TOKEN = secrets.token_urlsafe(32)
BOT_VOORBEELDSTAD_TOKEN = secrets.token_urlsafe(32)
BOT = {"Authorization": f"Bearer {BOT_TOKEN}"}
CONSULENT = {"Authorization": f"Bearer {CONSULENT_TOKEN}"}
CONSULENT_OEVERDAM = {"Authorization": f"Bearer {OEVERDAM_TOKEN}"}
BOT_VOORBEELDSTAD = {"Authorization": f"Bearer {BOT_VOORBEELDSTAD_TOKEN}"}
# The API's machine clients in the tests: the chatbot of both gemeenten, and each gemeente's zaaksysteem that
# reads its meldingen; a chatbot of Voorbeeldstad alone, for the separation tests (tests/api/test_gemeenten.py)
CLIENTS = {"chatbot": {"role": "bot", "gemeenten": ["*"], "token_sha256": token_hash(BOT_TOKEN)},
           "zaaksysteem": {"role": "consulent", "gemeenten": ["voorbeeldstad"],
                           "token_sha256": token_hash(CONSULENT_TOKEN)},
           "zaaksysteem-oeverdam": {"role": "consulent", "gemeenten": ["oeverdam"],
                                    "token_sha256": token_hash(OEVERDAM_TOKEN)},
           "chatbot-voorbeeldstad": {"role": "bot", "gemeenten": ["voorbeeldstad"],
                                     "token_sha256": token_hash(BOT_VOORBEELDSTAD_TOKEN)}}
# The development OpenID provider of the tests (tests/api/conftest.py starts it)
IDP_PASSWORD = secrets.token_urlsafe(16)
IDP_CLIENT_SECRET = secrets.token_urlsafe(32)
TESTSERVER = "http://testserver"  # what the TestClient calls itself: the pages' public address in the tests


def settings_for(database_url: str, issuer: Optional[str] = None, **changes) -> Settings:
    values = {"wmo_api_clients": CLIENTS, "wmo_oidc_client_secret": IDP_CLIENT_SECRET,
              "wmo_public_url": TESTSERVER, **changes}
    return Settings(_env_file=None, database_url=database_url, wmo_oidc_issuer=issuer, **values)


def server_env(database_url: str) -> dict:
    return {**os.environ, "DATABASE_URL": database_url, "WMO_API_CLIENTS": json.dumps(CLIENTS)}


def at_provider(start: httpx.Response, login: str, password: str = IDP_PASSWORD) -> httpx.Response:
    """What the browser does at the provider after the API sent it there: the login page, the form, the redirects
    back. Returns the provider's last answer: a redirect to the callback, or the login page again."""
    issuer = start.headers["location"].split("/auth?", 1)[0]
    with httpx.Client() as browser:
        page = browser.get(start.headers["location"])
        page = browser.get(urljoin(issuer, page.headers["location"]))
        action = re.search(r'action="(/interaction/[^"]+/login)"', page.text).group(1)
        answer = browser.post(urljoin(issuer, action), data={"login": login, "password": password})
        while answer.status_code == 303 and not answer.headers["location"].startswith(TESTSERVER):
            answer = browser.get(urljoin(issuer, answer.headers["location"]))
        return answer


def staff_login(client, login: str, next_path: str = "/consulent", password: str = IDP_PASSWORD) -> httpx.Response:
    """The whole login of one invented member of staff, through the real provider; the callback's answer."""
    start = client.get("/consulent/auth/start", params={"next": next_path}, follow_redirects=False)
    assert start.status_code == 303, start.text
    answer = at_provider(start, login, password)
    assert answer.status_code == 303, answer.text
    return client.get(answer.headers["location"], follow_redirects=False)


def clear_audit_trail(connection) -> None:
    """Empties the audit trail the way only the retention command may: with a permit, in one transaction."""
    connection.execute(text("INSERT INTO audit_retention_permit (until_id) VALUES (2147483647)"))
    connection.execute(text("DELETE FROM audit_trail"))
    connection.execute(text("DELETE FROM audit_retention_permit"))
