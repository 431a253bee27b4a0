"""Bezwaar: until when a person can object to a beschikking (wmo.termijnen)."""

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clock import vandaag
from actions.formulier import WmoFormValidation
from actions.gemeente_van import gemeente_van
from actions.datum_slot import (date_from_slot, extract_date_text, says_weet_niet, termijn_answer,
                                validate_date_text)
from wmo import termijnen
from wmo.datums import VOORBEELD

# The bezwaartermijn counts from the day the beschikking was sent (the date on the letter, Awb 6:8), not from the
# day it arrived. A date that is only called the day of receipt would give a deadline that is too late.
_ONTVANGEN = re.compile(r"\b(ontvangen|ontving|gekregen|kreeg|binnengekomen|binnen\s*gekregen|kwam\b.*\bbinnen|"
                        r"in\s+de\s+(bus|brievenbus)|bezorgd|post\s+gehad)\b", re.IGNORECASE)
_DATUM_OP_BRIEF = re.compile(r"\b(van|gedateerd|dagtekening|verstuurd|verzonden|gestuurd|datum\s+op|staat|bovenaan|"
                             r"gedagtekend)\b", re.IGNORECASE)
BRIEFDATUM_ONBEKEND = ("Kijk bovenaan de brief met de beschikking. Daar staat de datum. Heeft u de brief niet meer? "
                       "Bel dan het {loket}: {telefoon}. Zij zoeken de datum voor u op.")
VRAAG_BRIEFDATUM = ("U noemt de dag dat u de brief kreeg. Maar de termijn telt vanaf de datum op de brief. "
                    "Welke datum staat bovenaan de beschikking? " + VOORBEELD)


def noemt_alleen_ontvangst(text: Text) -> bool:
    """True for "ik heb de brief op 3 maart ontvangen": a day of receipt, not the date on the letter."""
    return bool(_ONTVANGEN.search(text)) and not _DATUM_OP_BRIEF.search(_ONTVANGEN.sub(" ", text))


def validate_beschikking_datum(value: Any, tracker: Tracker) -> Dict[Text, Any]:
    """The date on the letter, or the question to ask: for a day of receipt, or when the person does not know."""
    if says_weet_niet(tracker):
        loket = gemeente_van(tracker).loket
        return {"beschikking_datum": None,
                "datum_vraag": BRIEFDATUM_ONBEKEND.format(loket=loket.naam, telefoon=loket.telefoon)}
    if noemt_alleen_ontvangst(str(value or "")):
        return {"beschikking_datum": None, "datum_vraag": VRAAG_BRIEFDATUM}
    return validate_date_text("beschikking_datum", value)


class ValidateBezwaartermijnForm(WmoFormValidation):
    date_slots = frozenset({"beschikking_datum"})

    def name(self) -> Text:
        return "validate_bezwaartermijn_form"

    async def extract_beschikking_datum(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return extract_date_text("beschikking_datum", tracker)

    async def validate_beschikking_datum(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return validate_beschikking_datum(value, tracker)


class ActionBezwaartermijn(Action):
    """Puts the last day to object, with its reason, in `termijn_uitleg` for utter_termijn."""

    def name(self) -> Text:
        return "action_bezwaartermijn"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        verzonden = date_from_slot(tracker.get_slot("beschikking_datum"))
        return termijn_answer("beschikking_datum", termijnen.bezwaartermijn(verzonden, vandaag()))
