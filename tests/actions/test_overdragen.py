"""Asking for a person (issue 27): in the gemeente's chat hours the bot offers a chat with an employee and hands the
conversation over only after "ja", with its topic and the chat so far; outside the hours, or when the livechat is
down, the loket's phone and a terugbelverzoek. The real queue is in tests/api/test_overdrachten.py and the browser
test tests/e2e/test_overdracht.py."""

import pytest
from rasa_sdk import Tracker

from actions import clock
from actions.overdragen import ActionIemandSpreken, ActionOverdragen, onderwerp
from bot import livechat
from action_support import DOMAIN, IN_GEMEENTE, run, slots, tracker

OPEN = "2026-11-23T14:00:00+01:00"  # a Monday afternoon: Voorbeeldstad's chat is open, Oeverdam's is not
CLOSED = "2026-11-23T18:00:00+01:00"
EVENTS = [
    {"event": "user", "text": "wat moet ik betalen voor huishoudelijke hulp", "timestamp": 1763888001.0,
     "parse_data": {"intent": {"name": "abonnementstarief"}}},
    {"event": "bot", "text": "U betaalt hoogstens € 21,80 per maand.", "timestamp": 1763888002.0},
    {"event": "user", "text": "ik wil iemand spreken", "timestamp": 1763888003.0,
     "parse_data": {"intent": {"name": "contact_person"}}},
    {"event": "bot", "text": "Wilt u nu chatten met een medewerker?", "timestamp": 1763888004.0},
    {"event": "user", "text": "ja", "timestamp": 1763888005.0, "parse_data": {"intent": {"name": "affirm"}}},
]


class Queue(livechat.Livechat):
    """A livechat that records what the bot hands over (the built-in one runs in the end-to-end tests)."""

    def __init__(self, fails=False):
        self.handed, self.fails = [], fails

    async def overdragen(self, gemeente, gesprek_id, onderwerp, gesprek):
        if self.fails:
            raise livechat.LivechatFout("down")
        self.handed.append((gemeente, gesprek_id, onderwerp, gesprek))
        return livechat.Stand(id="o-1", gemeente=gemeente, status="wachtend")

    async def nieuws(self, gesprek_id, na=0, wacht=0):
        return livechat.Nieuws(stand=None)

    async def stuur(self, stand, tekst):
        pass

    async def gemeld(self, stand):
        pass


@pytest.fixture
def at(monkeypatch):
    return lambda moment: monkeypatch.setenv(clock.NOW_ENV, moment)


def test_in_the_chat_hours_the_loket_is_given_and_a_chat_with_an_employee_offered(at):
    at(OPEN)
    events, messages = run(ActionIemandSpreken(), tracker("kan ik het loket ook mailen", intent="contact_person"))
    assert messages[0]["response"] == "utter_loket_contact", "phone, e-mail and address: also for who asked those"
    assert messages[1]["text"].startswith("Wilt u nu chatten met een medewerker van het Wmo-loket?")
    assert [b["payload"] for b in messages[1]["buttons"]] == ["/affirm", "/terugbelverzoek", "/deny"]
    assert slots(events) == {"overdracht_aanbod": True}


@pytest.mark.parametrize("gemeente,moment", [("voorbeeldstad", CLOSED), ("oeverdam", OPEN)])
def test_outside_the_hours_the_loket_and_a_callback(at, gemeente, moment):
    at(moment)
    _, messages = run(ActionIemandSpreken(), tracker("ik wil iemand spreken", intent="contact_person",
                                                     slots={"gemeente": gemeente}))
    assert messages[0]["response"] == "utter_loket_contact"
    assert "Kies dan 'Bel mij terug'" in messages[1]["text"]
    assert messages[1]["buttons"][0] == {"title": "Bel mij terug", "payload": "/terugbelverzoek"}


def handover(intent="affirm", offered=True, queue=None, monkeypatch=None):
    queue = queue or Queue()
    monkeypatch.setattr(ActionOverdragen, "connector", lambda self: queue)
    t = Tracker("inwoner-1", {**IN_GEMEENTE, "overdracht_aanbod": offered}, {"text": "ja", "intent": {"name": intent}},
                EVENTS, False, None, {}, "action_listen")
    events, messages = run(ActionOverdragen(), t, DOMAIN)
    return queue, events, messages


def test_yes_hands_over_with_the_topic_and_the_masked_chat_and_tells_the_widget(at, monkeypatch):
    at(OPEN)
    queue, events, messages = handover(monkeypatch=monkeypatch)
    [(gemeente, gesprek_id, topic, gesprek)] = queue.handed
    assert (gemeente, gesprek_id, topic) == ("voorbeeldstad", "inwoner-1", "Wat moet ik betalen?")
    assert gesprek[0] == {"van": "inwoner", "tekst": "wat moet ik betalen voor huishoudelijke hulp",
                          "moment": "2025-11-23T08:53:21+00:00"}
    assert messages[0]["text"].startswith("Ik zoek een medewerker van het Wmo-loket voor u.")
    assert "binnen 5 minuten" in messages[0]["text"]
    assert messages[1]["custom"] == {"overdracht": {"id": "o-1", "status": "wachtend"}}
    assert slots(events) == {"overdracht_aanbod": None, "overdracht_id": "o-1"}


def test_no_goes_on_with_the_bot_and_nothing_is_handed_over(at, monkeypatch):
    at(OPEN)
    queue, _, messages = handover(intent="deny", monkeypatch=monkeypatch)
    assert queue.handed == [] and messages[0]["text"] == "Goed. Stel mij gerust uw vraag."


def test_a_yes_without_the_offer_or_after_the_hours_hands_nothing_over(at, monkeypatch):
    at(OPEN)
    queue, _, messages = handover(offered=None, monkeypatch=monkeypatch)
    assert queue.handed == [] and messages[0]["response"] == "utter_help"
    at(CLOSED)
    queue, _, messages = handover(monkeypatch=monkeypatch)
    assert queue.handed == [] and messages[0]["response"] == "utter_loket_contact"


def test_a_livechat_that_is_down_gives_the_phone_and_a_callback(at, monkeypatch):
    at(OPEN)
    _, _, messages = handover(queue=Queue(fails=True), monkeypatch=monkeypatch)
    assert messages[0]["text"].startswith("Het lukt nu niet om een medewerker te bereiken. Bel het Wmo-loket: 14 0999.")
    assert messages[0]["buttons"][0]["payload"] == "/terugbelverzoek"


def test_the_topic_is_the_newest_question_the_bot_understood():
    uitleg = {"event": "user", "parse_data": {"intent": {"name": "uitleg"}, "response_selector": {
        "default": {"response": {"intent_response_key": "uitleg/keukentafelgesprek"}}}}}
    assert onderwerp([*EVENTS, uitleg]) == "Wat is een keukentafelgesprek?"
    assert onderwerp(EVENTS) == "Wat moet ik betalen?"
    assert onderwerp(EVENTS[2:]) == "Een algemene vraag"
