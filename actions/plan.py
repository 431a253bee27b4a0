"""Persoonlijk plan: until when a person can hand in the plan after the melding (wmo.termijnen)."""

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

MELDINGDATUM_ONBEKEND = ("Weet u de datum van uw melding niet meer? Kijk dan in de bevestiging van de gemeente. "
                         "Of bel het {loket}: {telefoon}.")


class ValidatePlantermijnForm(WmoFormValidation):
    date_slots = frozenset({"melding_datum"})

    def name(self) -> Text:
        return "validate_plantermijn_form"

    async def extract_melding_datum(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return extract_date_text("melding_datum", tracker)

    async def validate_melding_datum(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if says_weet_niet(tracker):
            loket = gemeente_van(tracker).loket
            return {"melding_datum": None,
                    "datum_vraag": MELDINGDATUM_ONBEKEND.format(loket=loket.naam, telefoon=loket.telefoon)}
        return validate_date_text("melding_datum", value)


class ActionPlantermijn(Action):
    """Puts the last day to hand in the plan, with its reason, in `termijn_uitleg` for utter_termijn."""

    def name(self) -> Text:
        return "action_plantermijn"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        melding = date_from_slot(tracker.get_slot("melding_datum"))
        return termijn_answer("melding_datum", termijnen.plantermijn(melding, vandaag()))
