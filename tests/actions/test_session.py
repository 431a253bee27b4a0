"""A new conversation starts with the gemeente's facts in slots, read from config/gemeente.yml."""

import asyncio

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.session import ActionSessionStart
from wmo import gemeente


def run_session_start():
    tracker = Tracker("inwoner-1", {}, {}, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionSessionStart().run(dispatcher, tracker, {}))
    return events, dispatcher.messages


@pytest.fixture
def other_gemeente(tmp_path, monkeypatch):
    data = yaml.safe_load(open(gemeente.DEFAULT_PATH, encoding="utf-8"))
    data["naam"] = "Anderdorp"
    data["loket"]["telefoon"] = "14 0888"
    path = tmp_path / "gemeente.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv(gemeente.PATH_ENV, str(path))
    gemeente.current.cache_clear()
    yield
    gemeente.current.cache_clear()


def test_session_starts_with_the_gemeente_facts_and_then_listens():
    events, messages = run_session_start()
    assert events[0] == SessionStarted()
    assert events[-1] == ActionExecuted("action_listen")
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    config = gemeente.load()
    assert slots["gemeente_naam"] == config.naam
    assert slots["loket_telefoon"] == config.loket.telefoon
    assert slots["loket_email"] == config.loket.email
    assert messages == [], "the session start says nothing; the greeting comes when the inwoner writes"


def test_the_slots_follow_the_config_of_the_deployment(other_gemeente):
    events, _ = run_session_start()
    assert SlotSet("gemeente_naam", "Anderdorp") in events
    assert SlotSet("loket_telefoon", "14 0888") in events


def test_session_starts_with_the_terms_and_the_bezwaar_address(monkeypatch):
    monkeypatch.setenv("WMO_TODAY", "2026-11-23")
    events, _ = run_session_start()
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["plantermijn_duur"] == "zeven dagen"
    assert slots["beslistermijn_bezwaar_duur"] == "twaalf weken", "the gemeente has an adviescommissie"
    assert slots["aow_leeftijd"] == "67 jaar"
    assert slots["tarief_dit_jaar"] == "hoogstens € 21,80 per maand"
    assert slots["bezwaar_postadres"] == "Postbus 99999, 9999 ZZ Voorbeeldstad"
    assert slots["dwangsom_uitleg"].startswith("Heeft u nog geen beslissing?")
