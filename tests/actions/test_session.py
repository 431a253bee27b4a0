"""A new conversation knows its gemeente (the widget's metadata, an earlier session, the only one served) and starts
with that gemeente's facts in slots; without one, the bot asks, and then answers the question asked first."""

import asyncio

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa_sdk.executor import CollectingDispatcher

from actions.gemeente_kiezen import NOG_EEN_KEER, VRAAG, ActionGemeenteKiezen
from actions.gemeente_van import GeenGemeente, gemeente_van
from actions.session import ActionSessionStart
from wmo import gemeente


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return events, dispatcher.messages


def start(metadata=None, events=()):
    slots = {"session_started_metadata": metadata} if metadata is not None else {}
    return run(ActionSessionStart(), Tracker("inwoner-1", slots, {}, list(events), False, None, {}, "action_listen"))


def slots_of(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


@pytest.fixture
def one_gemeente(tmp_path, monkeypatch):
    data = yaml.safe_load((gemeente.DEFAULT_DIR / "voorbeeldstad.yml").read_text(encoding="utf-8"))
    data["naam"] = "Anderdorp"
    data["loket"]["telefoon"] = "14 0888"
    (tmp_path / "anderdorp.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv(gemeente.DIR_ENV, str(tmp_path))
    gemeente.alle.cache_clear()
    yield
    gemeente.alle.cache_clear()


@pytest.mark.parametrize("slug", ["voorbeeldstad", "oeverdam"])
def test_the_session_starts_with_the_facts_of_the_gemeente_the_widget_sent(slug):
    events, messages = start({"gemeente": slug})
    assert events[0] == SessionStarted()
    assert events[-1] == ActionExecuted("action_listen")
    config = gemeente.get(slug)
    slots = slots_of(events)
    assert slots["gemeente"] == slug and slots["gemeente_kiezen"] is False
    assert slots["gemeente_naam"] == config.naam
    assert slots["loket_naam"] == config.loket.naam
    assert slots["loket_telefoon"] == config.loket.telefoon
    assert slots["loket_email"] == config.loket.email
    assert slots["clientondersteuning_organisatie"] == config.clientondersteuning.organisatie
    assert slots["voorziening_maaltijden"].startswith(config.algemene_voorzieningen.maaltijdservice.naam)
    assert slots["regiotaxi_naam"] == config.regiotaxi.naam
    assert slots["bezwaar_postadres"] == config.bezwaar.postadres
    assert messages == [], "the session start says nothing; the greeting comes when the inwoner writes"


def test_each_gemeente_gets_its_own_terms_and_tarief(monkeypatch):
    monkeypatch.setenv("WMO_TODAY", "2026-11-23")
    voorbeeldstad = slots_of(start({"gemeente": "voorbeeldstad"})[0])
    oeverdam = slots_of(start({"gemeente": "oeverdam"})[0])
    assert voorbeeldstad["plantermijn_duur"] == oeverdam["plantermijn_duur"] == "zeven dagen", "the law is one"
    assert voorbeeldstad["beslistermijn_bezwaar_duur"] == "twaalf weken", "Voorbeeldstad has an adviescommissie"
    assert oeverdam["beslistermijn_bezwaar_duur"] == "zes weken", "Oeverdam has none"
    assert voorbeeldstad["tarief_dit_jaar"] == "hoogstens € 21,80 per maand"
    assert oeverdam["tarief_dit_jaar"] == "hoogstens € 15,00 per maand", "Oeverdam asks less"
    assert voorbeeldstad["aow_leeftijd"] == oeverdam["aow_leeftijd"] == "67 jaar"


def test_a_new_session_keeps_the_gemeente_of_the_conversation():
    earlier = [{"event": "slot", "name": "gemeente", "value": "oeverdam"}]
    assert slots_of(start(None, earlier)[0])["gemeente"] == "oeverdam"
    assert slots_of(start({"gemeente": "voorbeeldstad"}, earlier)[0])["gemeente"] == "oeverdam", \
        "a conversation cannot change its gemeente (the REST channel refuses such a message before it comes here)"


def test_without_a_gemeente_a_deployment_of_several_asks_first():
    events, _ = start({})
    assert slots_of(events) == {"gemeente_kiezen": True}, "no facts of any gemeente"
    with pytest.raises(GeenGemeente):
        gemeente_van(Tracker("inwoner-1", {}, {}, [], False, None, {}, "action_listen"))


def test_a_deployment_of_one_gemeente_needs_no_choice(one_gemeente):
    slots = slots_of(start()[0])
    assert slots["gemeente"] == "anderdorp" and slots["gemeente_naam"] == "Anderdorp"
    assert slots["loket_telefoon"] == "14 0888"


def conversation(*turns):
    """Events of a session without a gemeente: each turn (text of the inwoner, whether the bot then asked)."""
    events = [{"event": "session_started"}, {"event": "slot", "name": "gemeente_kiezen", "value": True},
              {"event": "action", "name": "action_listen"}]
    for text, asked in turns:
        events.append({"event": "user", "text": text, "parse_data": {"intent": {"name": "x"}, "text": text},
                       "input_channel": "rest"})
        if asked:
            events += [{"event": "action", "name": "action_gemeente_kiezen"}, {"event": "bot", "text": VRAAG},
                       {"event": "action", "name": "action_listen"}]
    latest = {"text": turns[-1][0]}
    return Tracker("inwoner-1", {"gemeente_kiezen": True}, latest, events, False, None, {}, "action_listen")


def test_the_question_lists_the_gemeenten_as_buttons():
    events, messages = run(ActionGemeenteKiezen(), conversation(("Wat kost huishoudelijke hulp?", False)))
    assert events == []
    assert messages[0]["text"] == VRAAG
    assert [button["title"] for button in messages[0]["buttons"]] == ["Oeverdam", "Voorbeeldstad"]


def test_after_the_choice_the_first_question_is_answered_for_that_gemeente():
    asked = "Wat kost huishoudelijke hulp?"
    events, messages = run(ActionGemeenteKiezen(), conversation((asked, True), ("Oeverdam", False)))
    assert messages == [], "no extra words: the answer to the question comes next"
    assert slots_of(events)["gemeente"] == "oeverdam" and slots_of(events)["gemeente_kiezen"] is False
    assert slots_of(events)["loket_telefoon"] == "0998 410 100"
    repeated = [e for e in events if e["event"] == "user"]
    assert repeated == [UserUttered(asked, parse_data={"intent": {"name": "x"}, "text": asked}, input_channel="rest")]
    assert events[events.index(repeated[0]) - 1] == ActionExecuted("action_listen"), \
        "read as a new message, so the rules for it apply"


def test_an_answer_that_is_no_gemeente_gets_the_choice_again_and_the_first_question_is_kept():
    events, messages = run(ActionGemeenteKiezen(),
                           conversation(("Wat kost huishoudelijke hulp?", True), ("weet ik niet", False)))
    assert events == [] and messages[0]["text"] == NOG_EEN_KEER
    tracker = conversation(("Wat kost huishoudelijke hulp?", True), ("weet ik niet", True),
                           ("gemeente voorbeeldstad", False))
    events, _ = run(ActionGemeenteKiezen(), tracker)
    assert slots_of(events)["gemeente"] == "voorbeeldstad"
    assert [e["text"] for e in events if e["event"] == "user"] == ["Wat kost huishoudelijke hulp?"]


def test_a_first_message_that_is_the_gemeente_is_the_choice():
    events, messages = run(ActionGemeenteKiezen(), conversation(("Voorbeeldstad", False)))
    assert slots_of(events)["gemeente"] == "voorbeeldstad"
    assert not [e for e in events if e["event"] == "user"]
    assert messages[0]["text"] == "U koos gemeente Voorbeeldstad. Waar kan ik u mee helpen?"
