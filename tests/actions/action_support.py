"""Trackers and a runner for the action tests (imported as `action_support`: pytest puts this folder on the path;
the bot environment has an unrelated package named `tests`)."""

import asyncio
from pathlib import Path
from typing import Any, Dict, List, Optional

import httpx
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

# A conversation of gemeente Voorbeeldstad, as action_session_start leaves it (actions/session.py)
IN_GEMEENTE = {"gemeente": "voorbeeldstad"}
DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))


def tracker(text: str = "", intent: str = "geef_datum", slots: Optional[Dict[str, Any]] = None,
            confidence: float = 0.99, entities: Optional[List[dict]] = None, active_loop: Optional[str] = None,
            response_key: Optional[str] = None) -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities or []}
    if response_key:
        # as Rasa 3.6 leaves it: a ResponseSelector without a retrieval_intent setting files under "default"
        message["response_selector"] = {"all_retrieval_intents": ["uitleg"],
                                         "default": {"response": {"intent_response_key": response_key}}}
    loop = {"name": active_loop} if active_loop else {}
    return Tracker("inwoner-1", {**IN_GEMEENTE, **(slots or {})}, message, [], False, None, loop, "action_listen")


def run(action, t: Tracker, domain: Optional[dict] = None):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, domain if domain is not None else DOMAIN))
    return events, dispatcher.messages


def slots(events) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def sending_setup(monkeypatch, tmp_path) -> None:
    """The tests that send: a fixed day, an outbox of the test's own, a bot token, and no wait between tries."""
    from actions import clock, gemeente_api, outbox

    monkeypatch.setenv(clock.TODAY_ENV, "2026-11-23")
    monkeypatch.setenv(outbox.DB_ENV, f"sqlite:///{tmp_path / 'outbox.db'}")
    monkeypatch.setenv("WMO_BOT_TOKEN", "test-token")
    monkeypatch.setattr(gemeente_api, "BACKOFF_SECONDS", 0.0)


def recording_transport(answers):
    """A stand-in gemeente API that answers with `answers` in turn and records every request."""
    requests = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        status, body = answers[min(len(requests), len(answers)) - 1]
        return httpx.Response(status, json=body)

    return httpx.MockTransport(handler), requests
