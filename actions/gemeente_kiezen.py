"""A conversation that does not know its gemeente asks for it first, and then answers what the inwoner asked.

This happens only in a deployment that serves several gemeenten, when the chat client sent none (the widget always
sends its `data-gemeente`). bot/gemeente_policy.py runs this action after every message while the slot
`gemeente_kiezen` is true (actions/session.py sets it). The answer may be a button or the name typed
("Oeverdam", "gemeente oeverdam"). The question the inwoner asked before is then read again, with what the NLU
found in it, so it is answered for the chosen gemeente and never has to be typed twice.
"""

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, UserUttered
from rasa_sdk.executor import CollectingDispatcher

from actions.clock import vandaag
from actions.session import gemeente_events
from wmo import gemeente

NAME = "action_gemeente_kiezen"
VRAAG = ("Deze chat is van meer dan één gemeente. In welke gemeente woont u? Kies uw gemeente. Dan krijgt u de "
         "informatie die voor u geldt.")
NOG_EEN_KEER = ("Ik heb uw gemeente nodig om u goed te helpen. Kies een van deze gemeenten. Woont u ergens anders? "
                "Kijk dan op de website van uw eigen gemeente.")
GEKOZEN = "U koos gemeente {naam}. Waar kan ik u mee helpen?"


def gemeente_knoppen() -> List[Dict[Text, Text]]:
    return [{"title": config.naam, "payload": config.naam} for config in gemeente.alle().values()]


def _deze_sessie(tracker: Tracker) -> List[Dict[Text, Any]]:
    events = list(tracker.events)
    starts = [i for i, event in enumerate(events) if event.get("event") == "session_started"]
    return events[starts[-1] + 1:] if starts else events


def vraag_voor_keuze(tracker: Tracker) -> Optional[Dict[Text, Any]]:
    """The inwoner's message that made the bot ask for the gemeente: the one before its first question."""
    events = _deze_sessie(tracker)
    first_ask = next((i for i, event in enumerate(events)
                      if event.get("event") == "action" and event.get("name") == NAME), None)
    if first_ask is None:
        return None
    return next((event for event in reversed(events[:first_ask]) if event.get("event") == "user"), None)


class ActionGemeenteKiezen(Action):
    def name(self) -> Text:
        return NAME

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        chosen = gemeente.bij_naam((tracker.latest_message or {}).get("text"))
        question = vraag_voor_keuze(tracker)
        if chosen is None:
            dispatcher.utter_message(text=NOG_EEN_KEER if question else VRAAG, buttons=gemeente_knoppen())
            return []
        events = gemeente_events(chosen, vandaag())
        if question is None:  # the first message named the gemeente
            dispatcher.utter_message(text=GEKOZEN.format(naam=chosen.naam))
            return events
        return [*events, ActionExecuted("action_listen"),
                UserUttered(question.get("text"), parse_data=question.get("parse_data"),
                            input_channel=question.get("input_channel"))]
