"""A kind of help named on its own, out of the blue: the bot names it back as typed and offers the questions about
it; "Wat kost het?" carries the help into the calculator, so it is not asked again."""

import json

from actions.over_voorziening import NIET_HERKEND, ActionOverVoorziening
from action_support import run, tracker


def entity(text, typed, value):
    start = text.index(typed)
    return {"entity": "voorziening", "value": value, "start": start, "end": start + len(typed)}


def test_the_help_is_named_as_typed_and_its_costs_go_to_the_calculator_with_it():
    text = "een traplift?"
    _, messages = run(ActionOverVoorziening(), tracker(text, "noemt_voorziening",
                                                       entities=[entity(text, "traplift", "hulpmiddel")]))
    [message] = messages
    assert message["text"] == "U noemt: traplift. Wat wilt u daarover weten?"
    payloads = {b["title"]: b["payload"] for b in message["buttons"]}
    intent, _, entities = payloads["Wat kost het?"].partition("{")
    assert intent == "/tarief_berekenen" and json.loads("{" + entities) == {"voorziening": "hulpmiddel"}
    assert payloads["Kan ik het krijgen?"] == "/toegang_check" and payloads["Iemand spreken"] == "/contact_person"


def test_a_help_the_calculator_does_not_know_still_gets_the_questions_without_a_guess():
    text = "de boodschappendienst"
    _, messages = run(ActionOverVoorziening(), tracker(text, "noemt_voorziening",
                                                       entities=[entity(text, "boodschappendienst", "boodschappen")]))
    [message] = messages
    assert message["text"].startswith("U noemt: boodschappendienst.")
    assert {b["title"]: b["payload"] for b in message["buttons"]}["Wat kost het?"] == "/tarief_berekenen"


def test_without_a_help_in_the_message_the_bot_asks_which_one():
    _, messages = run(ActionOverVoorziening(), tracker("die ene", "noemt_voorziening"))
    assert messages[0]["text"] == NIET_HERKEND
