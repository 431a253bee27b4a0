"""bot/speedups/: the switch, and the smaller patches (the action server's answers, event classes, calls to the
action server, the empty domain, slot copies), each compared with Rasa's own code."""

import copy
import gc
import time

import pytest
import rasa.core.run
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.processor import MessageProcessor
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.slots import AnySlot, BooleanSlot, CategoricalSlot, FloatSlot, ListSlot, Slot, TextSlot
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

from bot import nlu_client, rasa_server, speedups
from bot.speedups import (action_calls, action_results, applied_events, dialogue_states, empty_domain,
                          event_classes, gc_tuning, graph_runner, rule_policy, slot_copy)

# What the speedups replace: (owner, attribute).
PATCHED = [(RemoteAction, "_validate_action_result"), (Event, "resolve_by_type"),
           (Domain, "states_for_tracker_history"), (EndpointConfig, "session"),
           (DialogueStateTracker, "applied_events"), (DaskGraphRunner, "run"),
           (Slot, "__copy__"), (rasa.core.run, "load_agent_on_start"),
           (Domain, "is_empty"), (RulePolicy, "_get_possible_keys")]

GOOD = {"events": [{"event": "slot", "name": "telefoon", "value": "0612345678", "timestamp": None}],
        "responses": [{"text": "Wat is uw telefoonnummer?", "buttons": []}]}
BAD = [
    {"events": "geen lijst"},
    {"events": [{"event": "slot", "name": 12}]},
    {"events": [{"timestamp": 1}]},  # an event without its kind
    {"responses": "geen lijst"},
]


@pytest.fixture
def action():
    return RemoteAction("action_versturen", None)


def test_a_valid_answer_passes_as_before(action):
    assert action_results.validate_action_result(action, GOOD) is True
    assert RemoteAction._validate_action_result(action, GOOD) is True  # Rasa's own, unpatched


@pytest.mark.parametrize("answer", BAD)
def test_an_invalid_answer_is_rejected_with_the_same_error_as_rasa_gives(action, answer):
    with pytest.raises(ValidationError) as ours:
        action_results.validate_action_result(action, answer)
    with pytest.raises(ValidationError) as rasas:
        RemoteAction._validate_action_result(action, answer)
    assert ours.value.message == rasas.value.message
    assert "Failed to validate Action server response" in ours.value.message


def every_kind_of_event():
    """One event of each kind the action server can send, as rasa_sdk writes them."""
    from datetime import datetime

    from rasa_sdk import events as sdk

    return [
        sdk.SlotSet("hulpvraag", "Ik kan niet meer zelf boodschappen doen"), sdk.SlotSet("pogingen", 2.0),
        sdk.SlotSet("levensgebieden", ["wonen", "vervoer"]), sdk.SlotSet("partner", None),
        sdk.ActionExecuted("action_listen"), sdk.SessionStarted(), sdk.Restarted(), sdk.UserUtteranceReverted(),
        sdk.ActionReverted(), sdk.AllSlotsReset(), sdk.FollowupAction("melding_form"), sdk.ActiveLoop("melding_form"),
        sdk.ActiveLoop(None), sdk.ActionExecutionRejected("melding_form"), sdk.LoopInterrupted(True),
        sdk.ConversationPaused(), sdk.ConversationResumed(), sdk.BotUttered("Goedemorgen", {"buttons": []}),
        sdk.UserUttered("/melding_doen", {"intent": {"name": "melding_doen", "confidence": 1.0}, "entities": []}),
        sdk.ReminderScheduled("EXTERNAL_herinnering", datetime(2026, 12, 1, 9, 0), name="herinnering"),
        sdk.ReminderCancelled(name="herinnering"), sdk.StoryExported(), sdk.AgentUttered("tekst"),
        sdk.Form("melding_form"), sdk.FormValidation(False),
    ]


def broken_events():
    """Odd events, each odd in another way; Rasa's schema refuses all but two (the test asks it each time)."""
    return [
        {"event": "slot", "name": 12}, {"event": "slot"}, {"event": "bestaat_niet"}, {"event": 5}, {"name": "x"},
        {"event": "user", "parse_data": "geen object"}, {"event": "action", "name": ["lijst"]},
        {"event": "bot", "text": 3}, {"event": "slot", "name": "x", "timestamp": "gisteren"},
        {"event": "active_loop", "name": {"a": 1}}, "geen object", None,
        {"event": "user", "parse_data": {"entities": [{"start": 0}]}},
    ]


def test_answers_with_every_kind_of_event_are_judged_as_rasas_schema_judges_them(action):
    from jsonschema.validators import validator_for

    schema = RemoteAction.action_response_format_spec()
    rasas = validator_for(schema)(schema)
    good = every_kind_of_event()
    answers = [{"events": good, "responses": GOOD["responses"]}, {"events": []}, {}, {"responses": []}, *BAD,
               *({"events": [*good[:3], broken, *good[3:]]} for broken in broken_events())]
    for answer in answers:
        assert action_results._valid_per_kind(answer) is rasas.is_valid(answer), answer
        if rasas.is_valid(answer):
            assert action_results.validate_action_result(action, answer) is True
        else:
            with pytest.raises(ValidationError) as ours:
                action_results.validate_action_result(action, answer)
            with pytest.raises(ValidationError) as rasas_error:
                RemoteAction._validate_action_result(action, answer)
            assert ours.value.message == rasas_error.value.message


def test_an_answer_with_30_slots_is_checked_five_times_faster_than_by_the_whole_schema(action):
    """What action_session_start sends. Before, each event was tried against all 23 kinds (0.6 ms each); timed
    against that in the same process, so a slow or busy machine does not decide the outcome."""
    answer = {"events": [{"event": "slot", "name": f"feit_{i}", "value": "tekst", "timestamp": None}
                         for i in range(30)], "responses": []}
    whole_schema = action_results._action_response_validator()

    def seconds(check):
        check()
        started = time.perf_counter()
        for _ in range(20):
            check()
        return time.perf_counter() - started

    ours = min(seconds(lambda: action_results.validate_action_result(action, answer)) for _ in range(3))
    before = min(seconds(lambda: whole_schema.is_valid(answer)) for _ in range(3))
    assert ours * 5 < before


def test_checking_an_answer_takes_under_2_ms(action):
    action_results.validate_action_result(action, GOOD)  # builds the validator once
    started = time.perf_counter()
    for _ in range(50):
        action_results.validate_action_result(action, GOOD)
    assert (time.perf_counter() - started) / 50 < 0.002


@pytest.fixture
def patched(monkeypatch):
    monkeypatch.delenv(speedups.ENV, raising=False)
    originals = [vars(owner).get(name) for owner, name in PATCHED]
    thresholds = gc.get_threshold()
    assert speedups.apply() is True
    yield
    speedups.restore()
    assert [vars(owner).get(name) for owner, name in PATCHED] == originals, "restore() puts Rasa's own back"
    assert gc.get_threshold() == thresholds


def test_apply_puts_every_patch_in_place(patched):
    assert RemoteAction._validate_action_result is action_results.validate_action_result
    assert Event.resolve_by_type is event_classes.resolve_by_type
    assert Domain.states_for_tracker_history is dialogue_states.states_for_tracker_history
    assert EndpointConfig.session is action_calls.endpoint_session
    assert DialogueStateTracker.applied_events is applied_events.applied_events
    assert DaskGraphRunner.run is graph_runner.run
    assert Slot.__copy__ is slot_copy.copy_slot
    assert rasa.core.run.load_agent_on_start.__wrapped__ is not None
    assert Domain.is_empty is empty_domain.domain_is_empty
    assert RulePolicy._get_possible_keys is rule_policy.get_possible_keys
    assert gc.get_threshold() == gc_tuning.THRESHOLDS
    assert len(speedups.patches()) == len(PATCHED)
    assert speedups.apply() is True and len(speedups._APPLIED) == len(PATCHED), "applying twice is applying once"


def test_with_the_switch_off_rasa_is_left_as_it_is(monkeypatch):
    monkeypatch.setenv(speedups.ENV, "off")
    originals = [vars(owner).get(name) for owner, name in PATCHED]
    parse_message = MessageProcessor.parse_message
    try:
        rasa_server.apply()
        assert [vars(owner).get(name) for owner, name in PATCHED] == originals
        assert not speedups.applied()
        assert MessageProcessor.parse_message is nlu_client.parse_message, "the NLU server is not a speed patch"
    finally:
        MessageProcessor.parse_message = parse_message


@pytest.mark.parametrize("value, on, checking", [
    (None, True, False), ("on", True, False), ("check", True, True), ("off", False, False), ("OFF", False, False)])
def test_the_switch(monkeypatch, value, on, checking):
    if value is None:
        monkeypatch.delenv(speedups.ENV, raising=False)
    else:
        monkeypatch.setenv(speedups.ENV, value)
    assert (speedups.enabled(), speedups.checking()) == (on, checking)


def test_a_misspelled_switch_stops_the_start_naming_the_setting(monkeypatch):
    monkeypatch.setenv(speedups.ENV, "uit")
    with pytest.raises(ValueError, match="WMO_RASA_SPEEDUPS='uit': use one of on, off, check"):
        speedups.apply()


def test_every_event_name_gives_the_class_rasa_gives():
    names = {cls.type_name for cls in all_subclasses(Event)}
    assert {"user", "bot", "slot", "action", "active_loop", "session_started"} <= names
    for name in sorted(names):
        assert event_classes.resolve_by_type(name) is event_classes.RASA_RESOLVE_BY_TYPE(name), name


def test_unknown_and_old_event_names_behave_as_in_rasa(patched):
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("bestaat_niet", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("bestaat_niet")


def test_a_stored_conversation_reads_back_the_same(patched):
    events = [UserUttered("ik wil een melding doen", {"name": "melding_doen", "confidence": 0.98}),
              ActionExecuted("melding_form"), SlotSet("telefoon", "0612345678"), BotUttered("Dank u.")]
    again = [Event.from_parameters(event.as_dict()) for event in events]
    assert again == events


def test_calls_to_the_action_server_carry_the_same_json_written_by_ujson(patched, monkeypatch):
    import asyncio
    import json

    from aiohttp import web
    from aiohttp.test_utils import TestServer
    from rasa.utils.endpoints import EndpointConfig

    written = []
    monkeypatch.setattr(action_calls, "json_dumps", lambda value: written.append(value) or action_calls.ujson.dumps(
        value, escape_forward_slashes=False))
    state = {"sender_id": "inwoner-1", "slots": {"hulpvraag": "Hulp bij het huishouden / boodschappen, één keer",
                                                "pogingen": 2.0, "levensgebieden": ["wonen"], "partner": None},
             "events": [{"event": "user", "text": "Ik wil een melding doen", "timestamp": 1764489600.123456,
                         "parse_data": {"intent": {"name": "melding_doen", "confidence": 0.9876543210123}}}]}

    async def echo(request):
        return web.json_response({"body": await request.text()})

    async def call():
        app = web.Application()
        app.router.add_post("/webhook", echo)
        async with TestServer(app) as server:
            return await EndpointConfig(str(server.make_url("/webhook"))).request(method="post", json=state)

    answer = asyncio.run(call())
    assert len(written) == 1
    assert json.loads(answer["body"]) == state


def test_calls_to_the_action_server_share_one_connection_and_survive_its_closing(patched, monkeypatch):
    import asyncio

    from aiohttp import web
    from aiohttp.test_utils import TestServer

    monkeypatch.setattr(action_calls, "KEEPALIVE_SECONDS", 0.2)
    peers = []

    async def answer(request):
        peers.append(request.transport.get_extra_info("peername"))
        return web.json_response({"events": [], "responses": []})

    async def calls():
        app = web.Application()
        app.router.add_post("/webhook", answer)
        async with TestServer(app) as server:
            endpoint = EndpointConfig(str(server.make_url("/webhook")))
            first = [await endpoint.request(json={"next_action": "action_x"}) for _ in range(3)]
            together = await asyncio.gather(*[endpoint.request(json={"n": n}) for n in range(4)])
            await asyncio.sleep(0.5)  # the kept connection is closed by now
            later = await endpoint.request(json={"next_action": "action_x"})
            session = endpoint.session().session
            await session.close()
            after_close = await endpoint.request(json={"next_action": "action_x"})
            assert endpoint.session().session is not session
            await endpoint.session().session.close()
            return first, together, later, after_close

    first, together, later, after_close = asyncio.run(calls())
    assert first == [{"events": [], "responses": []}] * 3 and all(together) and later and after_close
    assert len(set(peers[:3])) == 1, "three calls one after another: one connection"
    assert peers[7] not in peers[:7], "a connection idle longer than the keep-alive time is not used again"


def test_an_empty_domain_is_empty_as_in_rasa():
    from story_events import load_domain

    domains = [Domain.empty(), Domain.from_dict({}), load_domain(), Domain.from_dict({"intents": ["groet"]}),
               Domain.from_dict({"responses": {"utter_groet": [{"text": "Hallo"}]}}),
               Domain.from_dict({"session_config": {"session_expiration_time": 5}})]
    for domain in domains * 2:  # the second time from what is kept
        assert empty_domain.domain_is_empty(domain) == empty_domain.RASA_DOMAIN_IS_EMPTY(domain)
    assert [empty_domain.domain_is_empty(domain) for domain in domains] == [True, True, False, False, False, False]


def test_what_ujson_cannot_write_goes_to_json_dumps():
    import json

    assert action_calls.json_dumps({"x": float("nan"), "a/b": "c/d"}) == '{"x":NaN,"a/b":"c/d"}'
    with pytest.raises(TypeError):
        action_calls.json_dumps({"s": {1, 2}})  # as json.dumps raises
    assert json.loads(action_calls.json_dumps([1e-7, 10**20, "é"])) == [1e-7, 10**20, "é"]


def test_a_copied_slot_is_what_copy_made_of_it_before(patched):
    """Slot.__copy__ (bot/speedups/slot_copy.py) against Python's copy through the pickle protocol, for each slot
    of the domain and each kind of slot."""
    slots = [*Domain.load("domain.yml").slots,
             AnySlot("a", [], initial_value={"x": [1]}), BooleanSlot("b", [], initial_value=True),
             CategoricalSlot("c", [], values=["hh", "traplift"]), FloatSlot("f", [], max_value=3.0),
             ListSlot("l", [], initial_value=["x"]), TextSlot("t", [], initial_value="tekst")]
    assert len(slots) > 80
    for slot in slots:
        slot.value = ["een", "lijst"] if isinstance(slot, (ListSlot, AnySlot)) else slot.value
        ours = copy.copy(slot)
        rasas = copy._reconstruct(slot, None, *slot.__reduce_ex__(4))
        assert slot_copy._plainly_copied(type(slot))  # the quick way, not through the pickle protocol
        assert type(ours) is type(rasas) is type(slot) and ours is not slot
        assert ours.__dict__ == rasas.__dict__
        assert all(ours.__dict__[key] is value for key, value in slot.__dict__.items())  # shallow, as before
        ours.value = "anders"
        assert slot.value != "anders"


def test_a_slot_class_with_its_own_state_is_copied_as_before(patched):
    class Kept(TextSlot):
        def __getstate__(self):
            return {**self.__dict__, "extra": "uit getstate"}

    slot = Kept("k", [], initial_value="tekst")
    assert copy.copy(slot).extra == "uit getstate"
