"""Start of a conversation: which gemeente it is for, and that gemeente's facts and the Wmo's terms in slots, so
responses can say them.

The gemeente comes from the chat widget (`"metadata": {"gemeente": "<slug>"}` with the message, checked by the REST
channel, bot/rest_channel.py), else from an earlier session of the same conversation, else it is the only one this
deployment serves. Without any of these the bot asks (actions/gemeente_kiezen.py) before it answers anything, so a
conversation never gets another gemeente's phone number.
"""

from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clock import vandaag
from actions.feiten import feiten_slots
from actions.gemeente_van import SLOT
from wmo import gemeente

# True while the bot waits for the inwoner to choose a gemeente: bot/gemeente_policy.py then runs
# action_gemeente_kiezen after every message.
KIEZEN_SLOT = "gemeente_kiezen"
METADATA_SLOT = "session_started_metadata"  # Rasa's: the metadata of the message that started the session


def voorziening_tekst(voorziening: gemeente.Voorziening) -> Text:
    return f"{voorziening.naam}, {voorziening.bereikbaar}"


def gemeente_slots(config: gemeente.Gemeente) -> Dict[Text, Text]:
    """The slot values responses use: the gemeente's name, how to reach its loket, and its local facts."""
    loket, hulp, voorzieningen = config.loket, config.clientondersteuning, config.algemene_voorzieningen
    return {
        "gemeente_naam": config.naam,
        "loket_naam": loket.naam,
        "loket_telefoon": loket.telefoon,
        "loket_telefoon_bereikbaar": loket.telefoon_bereikbaar,
        "loket_email": loket.email,
        "loket_bezoekadres": loket.bezoekadres,
        "loket_inloop": loket.inloop,
        "clientondersteuning_organisatie": hulp.organisatie,
        "clientondersteuning_telefoon": hulp.telefoon,
        "clientondersteuning_website": hulp.website,
        "voorziening_boodschappen": voorziening_tekst(voorzieningen.boodschappendienst),
        "voorziening_maaltijden": voorziening_tekst(voorzieningen.maaltijdservice),
        "voorziening_ontmoeting": voorziening_tekst(voorzieningen.ontmoeting),
        "voorziening_alarm": voorziening_tekst(voorzieningen.personenalarmering),
        "regiotaxi_naam": config.regiotaxi.naam,
        "regiotaxi_telefoon": config.regiotaxi.telefoon,
    }


def gemeente_events(config: gemeente.Gemeente, today: date) -> List[EventType]:
    """The conversation is for this gemeente: its slug and every fact a response may say."""
    facts = {SLOT: config.slug, KIEZEN_SLOT: False, **gemeente_slots(config), **feiten_slots(config, today)}
    return [SlotSet(name, value) for name, value in facts.items()]


def gemeente_bij_start(tracker: Tracker) -> Optional[gemeente.Gemeente]:
    """The gemeente this session is for: that of an earlier session of this conversation, else the one the chat
    widget sent, else the only one served; None when the inwoner has to say it."""
    served = gemeente.alle()
    for event in reversed(tracker.events):  # an earlier session of this conversation: it cannot change
        if event.get("event") == "slot" and event.get("name") == SLOT and event.get("value") in served:
            return served[event["value"]]
    metadata = tracker.get_slot(METADATA_SLOT)
    sent = metadata.get("gemeente") if isinstance(metadata, dict) else None
    if sent in served:
        return served[sent]
    return gemeente.enige()


class ActionSessionStart(Action):
    def name(self) -> Text:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        config = gemeente_bij_start(tracker)
        slots = gemeente_events(config, vandaag()) if config else [SlotSet(KIEZEN_SLOT, True)]
        return [SessionStarted(), *slots, ActionExecuted("action_listen")]
