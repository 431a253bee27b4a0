"""bot/speedups/gc_tuning.py: once Rasa has loaded the model, what it loaded is set aside from the garbage collector."""

import asyncio
import gc

import pytest
import rasa.core.run

from bot import speedups
from bot.speedups import gc_tuning


@pytest.fixture
def installed():
    thresholds, rasa_load = gc.get_threshold(), rasa.core.run.load_agent_on_start
    yield
    speedups.restore()
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    rasa.core.run.load_agent_on_start = rasa_load


def test_after_the_model_is_loaded_its_objects_are_frozen(installed, monkeypatch):
    loaded = []

    async def rasa_load(model_path, endpoints, remote_storage, app, loop):
        assert gc.get_freeze_count() == 0  # not before the model is there
        loaded.append(model_path)
        return "agent"

    monkeypatch.setattr(rasa.core.run, "load_agent_on_start", rasa_load)
    monkeypatch.delenv(speedups.ENV, raising=False)
    speedups.apply()
    speedups.apply()  # twice: still one wrapper round Rasa's
    assert gc.get_threshold() == gc_tuning.THRESHOLDS
    assert rasa.core.run.load_agent_on_start.__wrapped__ is rasa_load

    agent = asyncio.run(rasa.core.run.load_agent_on_start("models/wmo.tar.gz", None, None, "app", None))
    assert (agent, loaded) == ("agent", ["models/wmo.tar.gz"])
    assert gc.get_freeze_count() > 10_000  # at least what the test process has imported


def test_the_listener_keeps_the_parameters_sanic_passes(installed):
    import inspect

    speedups.apply()
    assert list(inspect.signature(rasa.core.run.load_agent_on_start).parameters) == \
        list(inspect.signature(rasa.core.run.load_agent_on_start.__wrapped__).parameters)


def test_a_conversation_is_freed_without_the_collector():
    """With passes made rarely (THRESHOLDS), memory held in reference cycles waits minutes. A conversation the
    tracker store drops, with what the speed patches keep on it, holds no cycle: it goes when its last reference
    goes."""
    import weakref

    from rasa.shared.core.trackers import DialogueStateTracker
    from story_events import load_domain, story_conversations

    from bot.speedups import applied_events, dialogue_states
    from bot.tracker_store import _STORED

    domain = load_domain()
    events = max(story_conversations(domain), key=len)
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        tracker = DialogueStateTracker.from_events("inwoner", events, domain.slots)
        setattr(tracker, _STORED, (len(events), 1))  # as the store marks the trackers it keeps
        applied_events.applied_events(tracker)
        for options in ({}, {"ignore_rule_only_turns": True, "rule_only_data": {"slots": [], "loops": []}}):
            dialogue_states.states_for_tracker_history(domain, tracker, **options)
        assert tracker.__dict__.get(dialogue_states._REPLAYS) and tracker.__dict__.get(applied_events._KEPT)
        gone = weakref.ref(tracker)
        del tracker
        assert gone() is None
    finally:
        if was_enabled:
            gc.enable()


def test_the_nlu_server_sets_the_thresholds_and_freezes_its_own_model_load(installed, monkeypatch):
    """The NLU server loads the model itself (Agent.load), not through Rasa's listener: it leaves that alone."""
    from rasa.core.agent import Agent

    from bot import nlu_server

    rasa_listener = rasa.core.run.load_agent_on_start
    monkeypatch.setattr(speedups, "patches", lambda: [])  # only the collector, for this test
    monkeypatch.setattr(Agent, "load", staticmethod(lambda model: gc.get_freeze_count() or f"agent of {model}"))

    assert nlu_server.load_agent("models/wmo.tar.gz") == "agent of models/wmo.tar.gz"  # loaded before the freeze
    assert gc.get_threshold() == gc_tuning.THRESHOLDS
    assert gc.get_freeze_count() > 10_000
    assert rasa.core.run.load_agent_on_start is rasa_listener
