"""'Bedoelt u ...?': the two most likely questions as buttons when the NLU is not sure."""

import asyncio
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import BEDOELT_U, CHOICES, NIET_BEGREPEN, TWEE_KEER, ActionBedoeltU, likely_choices
from bot.nlu_examples import training_examples
from action_support import IN_GEMEENTE

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def message(ranking, uitleg_key=None):
    found = {"text": "iets", "intent": {"name": "nlu_fallback", "confidence": 0.7},
             "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.7}]
             + [{"name": name, "confidence": conf} for name, conf in ranking]}
    if uitleg_key:
        found["response_selector"] = {"uitleg": {"response": {"intent_response_key": uitleg_key}, "ranking": []}}
    return found


def reply(msg, events=()):
    tracker = Tracker("inwoner-1", IN_GEMEENTE, msg, list(events), False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionBedoeltU().run(dispatcher, tracker, DOMAIN))
    assert len(dispatcher.messages) == 1
    return dispatcher.messages[0]


def test_the_two_best_questions_are_offered_with_a_person():
    answer = reply(message([("bezwaartermijn", 0.45), ("plantermijn", 0.40), ("greet", 0.1)]))
    assert answer["text"] == BEDOELT_U
    assert [b["title"] for b in answer["buttons"]] == [
        "Tot wanneer kan ik bezwaar maken?", "Tot wanneer kan ik mijn plan sturen?", "Iemand spreken"]
    assert [b["payload"] for b in answer["buttons"][:2]] == ["/bezwaartermijn", "/plantermijn"]


def test_an_explanation_is_offered_by_what_the_response_selector_chose():
    answer = reply(message([("uitleg", 0.5), ("abonnementstarief", 0.3)], "uitleg/vervoersvoorzieningen"))
    assert [b["title"] for b in answer["buttons"]][:2] == ["Welke hulp is er voor vervoer?", "Wat moet ik betalen?"]


@pytest.mark.parametrize("ranking", [[("greet", 0.5), ("affirm", 0.4)], [("out_of_scope", 0.6)], []])
def test_without_a_question_to_offer_the_bot_asks_again_with_topics(ranking):
    answer = reply(message(ranking))
    assert answer["text"] == NIET_BEGREPEN
    assert "/contact_person" in [b["payload"] for b in answer["buttons"]]


def test_a_person_is_not_offered_twice():
    answer = reply(message([("contact_person", 0.5), ("help", 0.4)]))
    assert [b["title"] for b in answer["buttons"]] == ["Ik wil iemand spreken", "Waarmee kunt u mij helpen?"]


@pytest.mark.parametrize("key", sorted(CHOICES))
def test_every_choice_leads_to_a_real_intent(key):
    title, payload = CHOICES[key]
    if "/" in key[1:]:  # a retrieval explanation: the payload must be one of its own training sentences
        assert payload in training_examples()[key], f"{payload!r} is not an example of {key}"
    else:
        assert key in DOMAIN["intents"] and payload == f"/{key}"


def test_choices_keep_their_order_and_skip_what_cannot_be_offered():
    msg = message([("greet", 0.3), ("uitleg", 0.3), ("bezwaartermijn", 0.2), ("help", 0.1)], "uitleg/wat_is_wmo")
    assert likely_choices(msg) == ["uitleg/wat_is_wmo", "bezwaartermijn"]


def test_the_explanation_is_found_where_rasa_files_it():
    """Rasa 3.6 files the ResponseSelector's choice under "default" when no retrieval_intent is configured."""
    from actions.fallback import retrieval_key
    parsed = {"response_selector": {"all_retrieval_intents": ["uitleg"],
                                    "default": {"response": {"intent_response_key": "uitleg/wlz"}}}}
    assert retrieval_key(parsed) == "uitleg/wlz"


def test_not_understood_twice_in_a_row_offers_a_person_first():
    """Issue 27: after two misunderstandings the bot offers a person; in the chat hours "Iemand spreken" offers a
    chat with an employee (tests/actions/test_overdragen.py)."""
    latest = message([("bezwaartermijn", 0.45), ("plantermijn", 0.40)])
    earlier = {"event": "user", "text": "kweetnie", "parse_data": {"intent": {"name": "nlu_fallback"}}}
    understood = {"event": "user", "text": "wat is de wmo", "parse_data": {"intent": {"name": "uitleg"}}}
    now = {"event": "user", "text": "iets", "parse_data": latest}
    answer = reply(latest, [earlier, {"event": "bot", "text": BEDOELT_U}, now])
    assert answer["text"] == TWEE_KEER
    assert [b["payload"] for b in answer["buttons"]] == ["/contact_person", "/bezwaartermijn", "/plantermijn"]
    assert reply(latest, [understood, now])["text"] == BEDOELT_U, "once is not twice"
