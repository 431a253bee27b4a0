"""Asking for a date in a form, and reading it from what the person typed.

The form's extract method takes the message as the slot's raw value; its validate method reads the date with
wmo.datums. When the date cannot be used (impossible, vague, two dates, in the future, none at all), validation
empties the slot and puts the specific question in `datum_vraag`; the form's ask action then asks that question
instead of its usual one: one clear question, never a guess, never the same question twice in a row.
"""

import abc
from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.asked_text import asked_text
from actions.buttons import PERSON, STOP
from actions.clock import vandaag
from wmo.datums import vind_datum
from wmo.termijnen import BEZWAARTERMIJN, PLANTERMIJN, Termijn, duur

REKEN_UIT = "Dan reken ik de laatste dag voor u uit."
GEEN_DATUM = "Ik kon in uw bericht geen datum vinden. Schrijf de datum zo: 3 maart 2026."
# Intents a form steps aside for; their rules are in data/rules/formulieren.yml.
ESCAPE_INTENTS = {"stop", "contact_person", "deelt_bsn"}
FORM_BUTTONS = [STOP, PERSON]


def extract_date_text(slot: Text, tracker: Tracker) -> Dict[Text, Any]:
    """Takes the latest message as the slot's raw value, for validate_date_text to read.

    When the form was just started, only a message that holds a date counts; when the form asked for the date,
    every message does (except a "stop" or "iemand spreken", which the form leaves to its rules). A form started
    by a button of "Bedoelt u ...?" reads the message that question was about (actions/asked_text.py).
    """
    if tracker.get_slot(slot):
        return {}
    if (tracker.latest_message.get("intent") or {}).get("name") in ESCAPE_INTENTS:
        return {}  # nothing extracted: the form steps aside and the rule for that intent runs
    text = asked_text(tracker)
    if tracker.get_slot("requested_slot") == slot or vind_datum(text, vandaag()) is not None:
        return {slot: text}
    return {}


def validate_date_text(slot: Text, value: Any) -> Dict[Text, Any]:
    """The date as an ISO string, or no date and the question to ask about it (in `datum_vraag`)."""
    found = vind_datum(str(value or ""), vandaag())
    if found is None:
        return {slot: None, "datum_vraag": GEEN_DATUM}
    if found.datum is None:
        return {slot: None, "datum_vraag": found.vraag}
    return {slot: found.datum.isoformat(), "datum_vraag": None}


def says_weet_niet(tracker: Tracker) -> bool:
    return (tracker.latest_message.get("intent") or {}).get("name") == "weet_niet"


def date_from_slot(value: Optional[Text]) -> Optional[date]:
    return date.fromisoformat(value) if value else None


def termijn_answer(slot: Text, termijn: Termijn) -> List[EventType]:
    """The answer for utter_termijn, and the form's date cleared so the next question starts fresh."""
    return [SlotSet("termijn_uitleg", termijn.uitleg), SlotSet(slot, None), SlotSet("datum_vraag", None)]


class AskDateAction(Action, abc.ABC):
    """Asks for a form's date: the specific question from `datum_vraag`, else the usual one.

    Abstract, so the action server registers only the subclasses, each named action_ask_<slot>.
    """

    @property
    @abc.abstractmethod
    def slot(self) -> Text:
        """The form slot this action asks for."""

    @property
    @abc.abstractmethod
    def question(self) -> Text:
        """The usual question, in B1 Dutch."""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(text=tracker.get_slot("datum_vraag") or self.first_question(tracker),
                                 buttons=FORM_BUTTONS)
        return [SlotSet("datum_vraag", None)]  # asked once; a later question starts plain

    # form → the rule it applies, said before the question, so the person knows the rule even without a date
    rules: Dict[Text, Text] = {}

    def first_question(self, tracker: Tracker) -> Text:
        rule = self.rules.get(tracker.active_loop_name or "")
        return f"{rule} {self.question} {REKEN_UIT}" if rule else self.question


class ActionAskBeschikkingDatum(AskDateAction):
    slot = "beschikking_datum"
    rules = {"bezwaartermijn_form": f"Bezwaar maken kan tot {duur(BEZWAARTERMIJN)} na de datum van de beschikking."}
    question = ("Welke datum staat op de brief met de beschikking? Dat is meestal de dag dat de gemeente de brief "
                "verstuurde. Bijvoorbeeld: 3 maart 2026.")


class ActionAskMeldingDatum(AskDateAction):
    slot = "melding_datum"
    rules = {"plantermijn_form": f"Uw persoonlijk plan kunt u sturen tot {duur(PLANTERMIJN)} na uw melding."}
    question = "Op welke datum heeft u de melding gedaan? Bijvoorbeeld: 2 november 2026."
