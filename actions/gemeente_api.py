"""The one client of the gemeente API (v1) the action server uses: make a melding, write a persoonlijk plan, ask the
loket to call back (terugbelverzoek).

Honest about failure: every call either returns what the gemeente stored, or raises `GemeenteNietBereikbaar`
(no answer, a time-out, a 5xx: the caller keeps what was entered and may try again) or `GemeenteWeigert` (a 4xx:
trying again will not help). A melding or terugbelverzoek is sent with an Idempotency-Key, so a retry after a lost
answer never makes a second one; a plan PUT with the same content as the newest version stores no new version.

Settings (environment): GEMEENTE_API_URL (http://127.0.0.1:8000) and WMO_BOT_TOKEN; when the token is not in
the environment it is read from the repository's .env, which `make install` writes.
"""

import asyncio
import functools
import logging
import os
import ssl
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Dict, List, Optional

import httpx

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "http://127.0.0.1:8000"
TIMEOUT = httpx.Timeout(10.0, connect=3.0)
TRIES = 3  # within one chat turn; the person can ask to try again after that
BACKOFF_SECONDS = 0.5


class GemeenteApiFout(Exception):
    """The gemeente did not store what was sent."""


class GemeenteNietBereikbaar(GemeenteApiFout):
    """No answer, a time-out or a server error: nothing is known to be stored; trying again is safe."""


class GemeenteWeigert(GemeenteApiFout):
    """The gemeente refused the data (4xx); the message names the reason for the log, not for the person."""


@dataclass(frozen=True)
class Ontvangen:
    """What the gemeente stored."""

    id: str
    referentie: str
    plan_uiterlijk: date
    onderzoek_uiterlijk: date


def _dotenv_value(name: str, path: Path) -> Optional[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return None
    for line in lines:
        key, sep, value = line.strip().removeprefix("export ").partition("=")
        if sep and key.strip() == name:
            return value.strip().strip("'\"")
    return None


def _fields(response: httpx.Response) -> str:
    """The fields a refusal names, never their values: the log must not hold what the person typed."""
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        return ""
    if isinstance(detail, list):
        return "fields: " + ", ".join(".".join(str(p) for p in item.get("loc", [])) for item in detail
                                      if isinstance(item, dict))
    return str(detail)[:200] if isinstance(detail, str) else ""


@functools.lru_cache(maxsize=None)
def ssl_context() -> ssl.SSLContext:
    """One per process. httpx builds a new one (reading the whole CA bundle) for every client it makes: 35 ms of
    CPU per melding or plan sent, the slowest part of a send turn (py-spy of the action server, issue 8)."""
    return httpx.create_ssl_context()


def bot_token() -> Optional[str]:
    return os.environ.get("WMO_BOT_TOKEN") or _dotenv_value("WMO_BOT_TOKEN", ROOT / ".env")


def base_url() -> str:
    return os.environ.get("GEMEENTE_API_URL", DEFAULT_URL).rstrip("/")


class KeptClient:
    """One client to the gemeente API with the bot's token for a long-running process, made on first use and again
    after it was closed: a call (a long poll, a feedback press) must not cost a connection set-up. Used by the
    built-in livechat (bot/livechat/ingebouwd.py) and the REST channel's feedback (bot/feedback_channel.py)."""

    def __init__(self, url: Optional[str] = None, token: Optional[str] = None,
                 transport: Optional[httpx.AsyncBaseTransport] = None, timeout: httpx.Timeout = TIMEOUT,
                 limits: Optional[httpx.Limits] = None):
        self.url = (url or base_url()).rstrip("/")
        self.token = token if token is not None else bot_token()
        self._options = {"timeout": timeout, "transport": transport, **({"limits": limits} if limits else {})}
        self._client: Optional[httpx.AsyncClient] = None

    def __call__(self) -> httpx.AsyncClient:
        if self._client is None or self._client.is_closed:
            self._client = httpx.AsyncClient(base_url=self.url, verify=ssl_context(),
                                             headers={"Authorization": f"Bearer {self.token or ''}"}, **self._options)
        return self._client


def _ontvangen(melding: Dict[str, Any]) -> Ontvangen:
    termijnen = melding["termijnen"]
    return Ontvangen(
        id=melding["id"], referentie=melding["referentie"],
        plan_uiterlijk=date.fromisoformat(termijnen["plan_uiterlijk"]),
        onderzoek_uiterlijk=date.fromisoformat(termijnen["onderzoek_uiterlijk"]),
    )


class GemeenteApi:
    def __init__(self, url: Optional[str] = None, token: Optional[str] = None,
                 transport: Optional[httpx.AsyncBaseTransport] = None, backoff: float = BACKOFF_SECONDS):
        self.url = (url or base_url()).rstrip("/")
        self.token = token if token is not None else bot_token()
        self.transport = transport
        self.backoff = backoff

    async def _send(self, method: str, path: str, body: Dict[str, Any],
                    headers: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
        if not self.token:
            raise GemeenteNietBereikbaar("WMO_BOT_TOKEN is not set (run `make install`, which writes .env)")
        headers = {"Authorization": f"Bearer {self.token}", **(headers or {})}
        last: Exception = GemeenteNietBereikbaar("not tried")
        async with httpx.AsyncClient(base_url=self.url, timeout=TIMEOUT, transport=self.transport,
                                     verify=ssl_context()) as client:
            for attempt in range(1, TRIES + 1):
                try:
                    response = await client.request(method, path, json=body, headers=headers)
                except httpx.TransportError as error:  # refused, reset, time-out
                    last = GemeenteNietBereikbaar(f"{method} {path}: {type(error).__name__}: {error}")
                else:
                    if response.status_code < 300:
                        return response.json()
                    if response.status_code < 500 and response.status_code not in (408, 429):
                        raise GemeenteWeigert(f"{method} {path}: {response.status_code} {_fields(response)}")
                    last = GemeenteNietBereikbaar(f"{method} {path}: {response.status_code}")
                logger.warning("gemeente API, try %d of %d: %s", attempt, TRIES, last)
                if attempt < TRIES:
                    await asyncio.sleep(self.backoff * attempt)
        raise last

    async def maak_melding(self, melding: Dict[str, Any], idempotency_key: str) -> Ontvangen:
        """POST /meldingen; the same key again returns the first melding (nothing is stored twice)."""
        stored = await self._send("POST", "/api/v1/meldingen", melding, {"Idempotency-Key": idempotency_key})
        return _ontvangen(stored)

    async def schrijf_plan(self, melding_id: str, plan: Dict[str, Any]) -> int:
        """PUT /meldingen/{id}/plan; returns the plan's version number."""
        stored = await self._send("PUT", f"/api/v1/meldingen/{melding_id}/plan", plan)
        return int(stored["version"])

    async def bevestigingen(self, melding_id: str, wacht: float = 6.0) -> Optional[List[Dict[str, str]]]:
        """Whether the confirmation mails of the melding went: [{"soort", "aan", "status"}], waiting at most `wacht`
        seconds for a first try (GET /meldingen/{id}/bevestiging). None when the API does not say: the melding is
        there, so this is no reason to worry the person."""
        if not self.token:
            return None
        try:
            async with httpx.AsyncClient(base_url=self.url, timeout=httpx.Timeout(wacht + 5, connect=3.0),
                                         transport=self.transport, verify=ssl_context()) as client:
                response = await client.get(f"/api/v1/meldingen/{melding_id}/bevestiging", params={"wacht": wacht},
                                            headers={"Authorization": f"Bearer {self.token}"})
        except httpx.HTTPError as error:
            logger.warning("gemeente API, confirmation status of %s: %s", melding_id, error)
            return None
        if response.status_code != 200:
            logger.warning("gemeente API, confirmation status of %s: %s", melding_id, response.status_code)
            return None
        return response.json()["items"]

    async def maak_terugbelverzoek(self, verzoek: Dict[str, Any], idempotency_key: str) -> str:
        """POST /terugbelverzoeken; returns its id. The same key again returns the first request."""
        stored = await self._send("POST", "/api/v1/terugbelverzoeken", verzoek, {"Idempotency-Key": idempotency_key})
        return str(stored["id"])
