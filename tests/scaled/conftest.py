"""The scale-out profile (scripts/scaled_stack.py) as `make run-scaled` starts it, on free ports, with throw-away
PostgreSQL databases and its own var folder: two Rasa servers and two action servers behind Debian's nginx, the
tracker store and the outbox on the machine's PostgreSQL, the lock store on its Redis."""

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from scripts.api_server import free_port
from scripts.scaled_stack import NGINX, ScaledSettings, ScaledStack
from scripts.stack import ROOT
from tests.e2e.support import SECRETS

TODAY = "2026-11-23"


@pytest.fixture(scope="session")
def scaled(tmp_path_factory):
    model = ROOT / "models" / "wmo.tar.gz"
    if not model.is_file():
        pytest.fail("No trained model: run these tests through `make test`, which trains first.")
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: run these tests through `make test` (scripts/setup_nginx.sh installs it).")
    run = uuid.uuid4().hex[:8]
    settings = ScaledSettings(
        api_port=free_port(), site_port=free_port(), idp_port=free_port(), lb_port=free_port(),
        action_lb_port=free_port(), mail_port=free_port(), mail_smtp_port=free_port(),
        rasa_ports=(free_port(), free_port()), action_ports=(free_port(), free_port()),
        gemeente_db=f"wmo_test_{run}_gemeente", assistent_db=f"wmo_test_{run}_assistent",
        redis_url="redis://127.0.0.1:6379/2", var_dir=tmp_path_factory.mktemp("scaled"), model=model,
        extra_env={"WMO_TODAY": TODAY, "WMO_OUTBOX_INTERVAL": "1", "WMO_OUTBOX_RETRY_MAX": "2",
                   "WMO_RASA_SPEEDUPS": "check", **SECRETS},  # every speed patch checks itself against Rasa
    )
    stack = ScaledStack(settings)
    try:
        with stack:
            yield stack
    finally:
        stack.drop_databases()


def run_async(coroutine):
    """asyncio.run() in a thread of its own: in the same pytest run, Playwright's browser tests leave an event loop
    running in this thread, where asyncio.run() refuses to start."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class Conversation:
    """One inwoner over the REST channel. `via`: nginx (default, as the chat widget), or one Rasa server by number.
    `address`: the loopback address the messages come from (nginx limits per address)."""

    def __init__(self, stack: ScaledStack, address: str = "127.0.0.1", gemeente: str = "voorbeeldstad"):
        self.stack = stack
        self.sender = f"scaled-{uuid.uuid4().hex[:12]}"
        self.gemeente = gemeente
        self.client = httpx.Client(timeout=120, transport=httpx.HTTPTransport(local_address=address))

    def say(self, message: str, via=None) -> list:
        base = self.stack.settings.rasa_url if via is None else self.stack.settings.replica_url(via)
        response = self.client.post(f"{base}/webhooks/rest/webhook",
                                    json={"sender": self.sender, "message": message,
                                          "metadata": {"gemeente": self.gemeente}},
                                    headers={"X-Conversation-Id": self.sender})
        response.raise_for_status()
        return response.json()

    def text(self, message: str, via=None) -> str:
        return "\n".join(reply.get("text", "") for reply in self.say(message, via))


@pytest.fixture
def conversation(scaled):
    talk = Conversation(scaled)
    yield talk
    talk.client.close()
