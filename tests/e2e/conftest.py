"""The real stack (gemeente API, action server, Rasa server), started once for the end-to-end tests.

It is the launcher `make run` uses, on free ports and with its own var/ folder, so a `make run` in another
terminal does not disturb the tests, and the tests do not touch its conversations.
"""

import uuid
from pathlib import Path
from typing import Optional

import httpx
import pytest

from scripts.api_server import free_port
from scripts.stack import ROOT, Settings, Stack
from tests.e2e.support import SECRETS


TODAY = "2026-11-23"  # a Monday
# The action server's moment for the chat hours: Voorbeeldstad's employees chat (08:30-17:00), Oeverdam's do not
# (09:00-12:00), so one run tests both the handover and the terugbelverzoek outside the hours.
NOW = "2026-11-23T14:00:00+01:00"
# Seconds without the widget's poll before a waiting chat expires (60 in production): short, so the test of an
# inwoner who left does not wait a minute; the widget's long poll says it is there every second.
INWONER_WEG = 15


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    model = ROOT / "models" / "wmo.tar.gz"
    if not model.is_file():
        pytest.fail("No trained model: run the end-to-end tests through `make test`, which trains first.")
    settings = Settings(
        api_port=free_port(), action_port=free_port(), rasa_port=free_port(), nlu_port=free_port(),
        site_port=free_port(), idp_port=free_port(), mail_port=free_port(), mail_smtp_port=free_port(),
        var_dir=tmp_path_factory.mktemp("var"), model=model,
        # WMO_TODAY, WMO_NOW: the action server's clock, fixed so answers with dates are known; the outbox tries every
        # second, at most 2 s apart, so a melding kept during an outage arrives within seconds of the API's return
        # (and a mail within seconds of the mail server's);
        # every speed patch of the Rasa and NLU servers checks its answers against Rasa's own (bot/speedups/), and
        # the Rasa server what the NLU server understood
        extra_env={"WMO_TODAY": TODAY, "WMO_NOW": NOW, "WMO_OVERDRACHT_INWONER_WEG": str(INWONER_WEG),
                   "WMO_OUTBOX_INTERVAL": "1", "WMO_OUTBOX_RETRY_MAX": "2", "WMO_MAIL_RETRY_MAX": "2",
                   "WMO_RASA_SPEEDUPS": "check", **SECRETS},
    )
    with Stack(settings) as running:
        yield running


class Conversation:
    """One inwoner talking to the bot over the REST channel, as the chat widget on `gemeente`'s page does (None: a
    client that sends no gemeente)."""

    def __init__(self, webhook_url: str, gemeente: Optional[str] = "voorbeeldstad"):
        self.url = webhook_url
        self.sender = f"e2e-{uuid.uuid4().hex[:12]}"
        self.metadata = {"gemeente": gemeente} if gemeente else None

    def say(self, message: str) -> list:
        body = {"sender": self.sender, "message": message, **({"metadata": self.metadata} if self.metadata else {})}
        response = httpx.post(self.url, json=body, timeout=60)
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


# --- the browser: Debian's chromium, driven by Playwright (scripts/setup_browser.sh installs it) -------------------
CHROMIUM = "/usr/bin/chromium"
# As root in a container chromium needs --no-sandbox; the rest keep it from calling out of this closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "var" / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run the tests through `make test` (it installs it).")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab (its own sessionStorage), 1280 x 800, failing the test on any page error."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    opened = context.new_page()
    opened.errors = []
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    opened.on("console", lambda message: opened.errors.append(message.text)
              if message.type == "error" and "Content Security Policy" in message.text else None)
    yield opened
    context.close()
