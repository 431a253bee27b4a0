"""Sends what the person agreed to: the melding (POST, with the plan when it was made first) or the plan (PUT to
the melding made in this chat). One action, also for "opnieuw versturen" after a failure.

Never says something arrived when it did not: the confirmation names the referentie the gemeente returned. When
the gemeente API cannot be reached, the person hears so, everything entered is kept (with the same
Idempotency-Key, so a retry cannot make a second melding), and "Opnieuw versturen" tries again.
"""

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import namens
from actions.formulier import WHILE_FILLING, form_slots
from actions.gemeente_api import GemeenteApi, GemeenteNietBereikbaar, GemeenteWeigert, Ontvangen
from actions.melding import JA, melding_body
from actions.persoonlijk_plan import plan_body
from wmo import gemeente
from wmo.kalender import datum_voluit

logger = logging.getLogger(__name__)

# Kept after sending: who writes (a cliëntondersteuner stays one for the next task in this chat).
BLIJFT = {"namens_rol"}
CONTACT = {"title": "Iemand spreken", "payload": "/contact_person"}
OPNIEUW_BUTTONS = [{"title": "Opnieuw versturen", "payload": "/opnieuw_versturen"}, CONTACT]
NA_MELDING_BUTTONS = [{"title": "Persoonlijk plan maken", "payload": "/persoonlijk_plan_maken"},
                      {"title": "Hoe gaat het nu verder?", "payload": "hoe gaat het verder na mijn melding"},
                      CONTACT]
NA_PLAN_BUTTONS = [{"title": "Hoe gaat het nu verder?", "payload": "hoe gaat het verder na mijn melding"},
                   {"title": "Wat is een keukentafelgesprek?", "payload": "Wat is een keukentafelgesprek?"}, CONTACT]


def niet_bereikbaar(wat: Text) -> Text:
    loket = gemeente.current().loket
    return (f"Het lukt nu niet om uw {wat} naar de gemeente te sturen. De computer van de gemeente reageert "
            f"niet. Uw {wat} is dus nog niet bij de gemeente.\n"
            "Wat u heeft ingevuld, bewaar ik in dit gesprek. Probeer het over een paar minuten opnieuw met de knop "
            f"'Opnieuw versturen'. Lukt het dan nog niet? Bel het {loket.naam}: {loket.telefoon}.")


def geweigerd(wat: Text) -> Text:
    loket = gemeente.current().loket
    return (f"De gemeente kon uw {wat} niet aannemen. Dat ligt niet aan u. Uw {wat} is dus niet bij de "
            f"gemeente. Bel het {loket.naam}: {loket.telefoon}. Zij helpen u verder.")


def bevestiging(ontvangen: Ontvangen, slots: Dict[Text, Any], met_plan: bool) -> Text:
    """What the person reads once the gemeente has the melding: its referentie, the two dates, what is next."""
    rol = slots.get("namens_rol") or namens.ZELF
    wie = namens.WIE.get(rol)
    parts = [f"Uw melding is aangekomen bij gemeente {gemeente.current().naam}. Het nummer van de melding is "
             f"{ontvangen.referentie}. Bewaar dit nummer."]
    if met_plan:
        parts.append("Het persoonlijk plan is meegestuurd.")
    else:
        parts.append(f"Een persoonlijk plan mag u sturen tot en met {datum_voluit(ontvangen.plan_uiterlijk)}. "
                     "Dat hoeft niet, maar het helpt bij het gesprek.")
    parts.append(f"De gemeente praat met {wie or 'u'} over wat nodig is. Dat onderzoek moet klaar zijn op "
                 f"uiterlijk {datum_voluit(ontvangen.onderzoek_uiterlijk)}.")
    if rol == namens.ZELF:
        parts.append("U heeft recht op gratis hulp van een cliëntondersteuner. Die staat naast u, niet naast de "
                     "gemeente. Vraag ernaar bij het Wmo-loket.")
    elif rol != namens.CLIENTONDERSTEUNER:
        parts.append(f"{wie[0].upper() + wie[1:]} heeft recht op gratis hulp van een cliëntondersteuner. Die staat "
                     "naast de inwoner, niet naast de gemeente. Vraag ernaar bij het Wmo-loket.")
    return "\n".join(parts)


def _clear(slots: List[Text]) -> List[EventType]:
    return [SlotSet(slot, None) for slot in slots]


class ActionVersturen(Action):
    def name(self) -> Text:
        return "action_versturen"

    def api(self) -> GemeenteApi:
        return GemeenteApi()

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        slots = tracker.slots
        plan_klaar = slots.get("plan_akkoord") == JA
        if plan_klaar and slots.get("melding_id"):
            return await self._plan(dispatcher, slots, domain)
        if slots.get("melding_akkoord") == JA:
            return await self._melding(dispatcher, slots, domain, plan_klaar)
        if plan_klaar:
            dispatcher.utter_message(text="Nu de melding. Ik vraag nog een paar gegevens. Daarna ziet u alles "
                                          "nog een keer, en stuur ik de melding met het plan naar de gemeente.")
            return [FollowupAction("melding_form")]
        dispatcher.utter_message(text="Er staat niets klaar om te versturen. Wilt u een melding doen?",
                                 buttons=[{"title": "Melding doen", "payload": "/melding_doen"}, CONTACT])
        return []

    async def _melding(self, dispatcher, slots, domain, met_plan: bool) -> List[EventType]:
        try:
            body = melding_body(slots, plan_body(slots) if met_plan else None)
            ontvangen = await self.api().maak_melding(body, slots["verzend_sleutel"])
        except GemeenteNietBereikbaar as error:
            logger.warning("melding not delivered, kept for a retry: %s", error)
            dispatcher.utter_message(text=niet_bereikbaar("melding"), buttons=OPNIEUW_BUTTONS)
            return [SlotSet("verzend_mislukt", "melding")]
        except GemeenteWeigert as error:
            logger.error("melding refused by the gemeente API: %s", error)
            dispatcher.utter_message(text=geweigerd("melding"), buttons=[CONTACT])
            return [SlotSet("verzend_mislukt", None)]
        dispatcher.utter_message(text=bevestiging(ontvangen, slots, met_plan),
                                 buttons=NA_PLAN_BUTTONS if met_plan else NA_MELDING_BUTTONS)
        forms = ("melding_form", "plan_form") if met_plan else ("melding_form",)
        return [SlotSet("melding_id", ontvangen.id), SlotSet("melding_referentie", ontvangen.referentie),
                SlotSet("melding_levensgebieden", slots.get("levensgebieden")),
                *_clear([s for s in form_slots(domain, *forms) if s not in BLIJFT]), *_clear(WHILE_FILLING)]

    async def _plan(self, dispatcher, slots, domain) -> List[EventType]:
        try:
            versie = await self.api().schrijf_plan(slots["melding_id"], plan_body(slots))
        except GemeenteNietBereikbaar as error:
            logger.warning("plan not delivered, kept for a retry: %s", error)
            dispatcher.utter_message(text=niet_bereikbaar("plan"), buttons=OPNIEUW_BUTTONS)
            return [SlotSet("verzend_mislukt", "plan")]
        except GemeenteWeigert as error:
            logger.error("plan refused by the gemeente API: %s", error)
            dispatcher.utter_message(text=geweigerd("plan"), buttons=[CONTACT])
            return [SlotSet("verzend_mislukt", None)]
        nieuw = "" if versie == 1 else " Het vervangt uw vorige plan. De gemeente bewaart het oude plan ook."
        dispatcher.utter_message(
            text=f"Uw persoonlijk plan is aangekomen bij de gemeente. Het hoort bij melding "
                 f"{slots.get('melding_referentie')}.{nieuw}\nDe gemeente leest het plan voor het gesprek met u.",
            buttons=NA_PLAN_BUTTONS)
        return [*_clear([s for s in form_slots(domain, "plan_form") if s not in BLIJFT]), *_clear(WHILE_FILLING)]
