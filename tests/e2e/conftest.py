"""The real stack (gemeente API, action server, Rasa server), started once for the end-to-end tests.

It is the launcher `make run` uses, on free ports and with its own var/ folder, so a `make run` in another
terminal does not disturb the tests, and the tests do not touch its conversations.
"""

import uuid
from pathlib import Path

import httpx
import pytest

from scripts.api_server import free_port
from scripts.stack import ROOT, Settings, Stack
from tests.e2e.support import SECRETS


TODAY = "2026-11-23"  # a Monday


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    model = ROOT / "models" / "wmo.tar.gz"
    if not model.is_file():
        pytest.fail("No trained model: run the end-to-end tests through `make test`, which trains first.")
    settings = Settings(
        api_port=free_port(), action_port=free_port(), rasa_port=free_port(),
        chat_origin="http://localhost:8080", var_dir=tmp_path_factory.mktemp("var"), model=model,
        # WMO_TODAY: the action server's clock, fixed so answers with dates are known
        extra_env={"WMO_TODAY": TODAY, **SECRETS},
    )
    with Stack(settings) as running:
        yield running


class Conversation:
    """One inwoner talking to the bot over the REST channel, as the chat widget does."""

    def __init__(self, webhook_url: str):
        self.url = webhook_url
        self.sender = f"e2e-{uuid.uuid4().hex[:12]}"

    def say(self, message: str) -> list:
        response = httpx.post(self.url, json={"sender": self.sender, "message": message}, timeout=60)
        response.raise_for_status()
        return response.json()

    def text(self, message: str) -> str:
        return "\n".join(reply.get("text", "") for reply in self.say(message))


@pytest.fixture
def conversation(stack):
    return Conversation(stack.settings.webhook_url)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT
