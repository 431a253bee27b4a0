"""A person when the bot is not enough (issue 27): "iemand spreken" during the gemeente's chat hours offers a chat
with an employee of the loket; with the inwoner's consent the conversation goes into the queue (bot/livechat), with
its topic and the chat so far, masked. Outside the hours, or when the livechat cannot be reached, the bot gives the
loket's phone and offers a terugbelverzoek (actions/terugbellen.py).

What the employee says reaches the widget through the REST channel's long poll (bot/handover_channel.py); while
the employee has the conversation, the bot does not answer.
"""

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clock import nu
from actions.fallback import CHOICES, retrieval_key
from actions.gemeente_van import gemeente_van
from actions.gesprek import gesprek_tot_nu
from actions.terugbellen import AANBOD_BUTTONS, BEL_MIJ_TERUG, terugbellen_aanbod
from bot import livechat
from wmo.gemeente import Gemeente

logger = logging.getLogger(__name__)

SLOT = "overdracht_aanbod"  # True after the offer to chat with an employee, until the inwoner answered it
ID_SLOT = "overdracht_id"  # the handover: the REST channel reads it after a restart (bot/handover_channel.py)
JA_CHATTEN = {"title": "Ja, chatten met een medewerker", "payload": "/affirm"}
NEE = {"title": "Nee, dank u", "payload": "/deny"}
ALGEMEEN = "Een algemene vraag"
GEEN_VRAGEN = {"greet", "goodbye", "thanks", "affirm", "deny", "contact_person", "stop", "weet_niet",
               "nlu_fallback", "out_of_scope", "bot_challenge", "help", "deelt_bsn", "voor_wie"}


def chat_open(config: Gemeente) -> bool:
    return config.chat_met_medewerker.open_op(nu())


def aanbod(config: Gemeente) -> Text:
    """Asked after the loket's phone, e-mail and address (utter_loket_contact): whoever asked how to reach the loket
    gets that answer, and the chat is offered too."""
    return (f"Wilt u nu chatten met een medewerker van het {config.loket.naam}? Dan geef ik ons gesprek door. De "
            "medewerker leest wat u mij schreef. Nummers zoals een BSN maak ik daarin onleesbaar.")


def wachten(config: Gemeente) -> Text:
    minuten = config.chat_met_medewerker.wachttijd_minuten
    return (f"Ik zoek een medewerker van het {config.loket.naam} voor u. Blijf in dit venster. U ziet hier wanneer "
            f"iemand het gesprek overneemt. U kunt alvast uw vraag typen.\nIs er binnen {minuten} minuten niemand? "
            "Dan vraag ik of we u mogen terugbellen.")


def niet_bereikbaar(config: Gemeente) -> Text:
    return (f"Het lukt nu niet om een medewerker te bereiken. Bel het {config.loket.naam}: {config.loket.telefoon}. "
            f"{terugbellen_aanbod(config)}")


def onderwerp(events: List[Dict[Text, Any]]) -> Text:
    """What the chat was about, for the queue: the newest question the bot understood, as the bot's own button
    names it ("Wat moet ik betalen?"); else "Een algemene vraag"."""
    for event in reversed(events):
        if event.get("event") != "user":
            continue
        parsed = event.get("parse_data") or {}
        intent = (parsed.get("intent") or {}).get("name") or ""
        if intent in GEEN_VRAGEN:
            continue
        if intent == "uitleg":
            intent = retrieval_key(parsed) or ""
        if intent in CHOICES:
            return CHOICES[intent][0]
    return ALGEMEEN


class ActionIemandSpreken(Action):
    """ "Ik wil iemand spreken", "hoe bereik ik het loket": the loket's contact details, then in the chat hours a chat
    with an employee (asked first), outside them a terugbelverzoek."""

    def name(self) -> Text:
        return "action_iemand_spreken"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        config = gemeente_van(tracker)
        dispatcher.utter_message(response="utter_loket_contact")
        if chat_open(config):
            dispatcher.utter_message(text=aanbod(config), buttons=[JA_CHATTEN, BEL_MIJ_TERUG, NEE])
            return [SlotSet(SLOT, True)]
        dispatcher.utter_message(text=terugbellen_aanbod(config), buttons=AANBOD_BUTTONS)
        return [SlotSet(SLOT, None)]


class ActionOverdragen(Action):
    """The answer to the offer: yes puts the conversation in the queue of the loket; no goes on with the bot."""

    def name(self) -> Text:
        return "action_overdragen"

    def connector(self) -> livechat.Livechat:
        return livechat.connector()

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        config = gemeente_van(tracker)
        if not tracker.get_slot(SLOT):
            dispatcher.utter_message(response="utter_help")
            return []
        if intent != "affirm":
            dispatcher.utter_message(text="Goed. Stel mij gerust uw vraag.", buttons=AANBOD_BUTTONS)
            return [SlotSet(SLOT, None)]
        if not chat_open(config):  # the hours ended between the offer and the answer
            dispatcher.utter_message(response="utter_loket_contact")
            dispatcher.utter_message(text=terugbellen_aanbod(config), buttons=AANBOD_BUTTONS)
            return [SlotSet(SLOT, None)]
        events = list(tracker.events)
        try:
            stand = await self.connector().overdragen(config.slug, tracker.sender_id, onderwerp(events),
                                                      gesprek_tot_nu(events))
        except livechat.LivechatFout as error:
            logger.warning("handover failed: %s", error)
            dispatcher.utter_message(text=niet_bereikbaar(config), buttons=AANBOD_BUTTONS)
            return [SlotSet(SLOT, None)]
        dispatcher.utter_message(text=wachten(config))
        dispatcher.utter_message(json_message={"overdracht": {"id": stand.id, "status": stand.status}})
        return [SlotSet(SLOT, None), SlotSet(ID_SLOT, stand.id)]

