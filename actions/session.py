"""Start of a conversation: put the gemeente's facts and the Wmo's terms in slots, so responses can say them."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clock import vandaag
from actions.feiten import feiten_slots
from wmo import gemeente


def gemeente_slots(config: gemeente.Gemeente) -> Dict[Text, Text]:
    """The slot values responses use: the gemeente's name and how to reach its Wmo-loket."""
    loket = config.loket
    return {
        "gemeente_naam": config.naam,
        "loket_naam": loket.naam,
        "loket_telefoon": loket.telefoon,
        "loket_telefoon_bereikbaar": loket.telefoon_bereikbaar,
        "loket_email": loket.email,
        "loket_bezoekadres": loket.bezoekadres,
        "loket_inloop": loket.inloop,
    }


class ActionSessionStart(Action):
    def name(self) -> Text:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        config = gemeente.current()
        facts = {**gemeente_slots(config), **feiten_slots(config, vandaag())}
        slots = [SlotSet(name, value) for name, value in facts.items()]
        return [SessionStarted(), *slots, ActionExecuted("action_listen")]
