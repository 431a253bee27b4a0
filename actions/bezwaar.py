"""Bezwaar: until when a person can object to a beschikking (wmo.termijnen)."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clock import vandaag
from actions.datum_slot import date_from_slot, extract_date_text, termijn_answer, validate_date_text
from wmo import termijnen


class ValidateBezwaartermijnForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_bezwaartermijn_form"

    async def extract_beschikking_datum(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return extract_date_text("beschikking_datum", tracker)

    async def validate_beschikking_datum(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return validate_date_text("beschikking_datum", value)


class ActionBezwaartermijn(Action):
    """Puts the last day to object, with its reason, in `termijn_uitleg` for utter_termijn."""

    def name(self) -> Text:
        return "action_bezwaartermijn"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        verzonden = date_from_slot(tracker.get_slot("beschikking_datum"))
        return termijn_answer("beschikking_datum", termijnen.bezwaartermijn(verzonden, vandaag()))
