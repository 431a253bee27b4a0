"""Sends what the person agreed to: the melding (POST, with the plan when it was made first) or the plan (PUT to
the melding made in this chat), and answers "is mijn melding al aangekomen?" (also for a terugbelverzoek,
actions/terugbellen.py).

Everything goes through the outbox (actions/outbox.py): written to disk first, then sent. Never says something
arrived when it did not: the confirmation names the referentie the gemeente returned. When the gemeente API
cannot be reached, the person hears so, and that the melding is kept and sent by itself as soon as the API answers
again (with the same Idempotency-Key, so it is never stored twice). The person can ask for its status.
"""

import logging
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Text
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import namens, outbox
from actions.buttons import PERSON
from actions.formulier import WHILE_FILLING, form_slots
from actions.gemeente_api import GemeenteApi, Ontvangen
from actions.gemeente_van import gemeente_van
from actions.melding import GEEN, JA, melding_body
from actions.persoonlijk_plan import plan_body
from wmo.gemeente import Gemeente
from wmo.kalender import datum_voluit

logger = logging.getLogger(__name__)

# Kept after sending: who writes (a cliëntondersteuner stays one for the next task in this chat).
BLIJFT = {"namens_rol"}
STATUS_BUTTONS = [{"title": "Is het al aangekomen?", "payload": "/verzendstatus"}, PERSON]
NA_MELDING_BUTTONS = [{"title": "Persoonlijk plan maken", "payload": "/persoonlijk_plan_maken"},
                      {"title": "Hoe gaat het nu verder?", "payload": "hoe gaat het verder na mijn melding"},
                      PERSON]
NA_PLAN_BUTTONS = [{"title": "Hoe gaat het nu verder?", "payload": "hoe gaat het verder na mijn melding"},
                   {"title": "Wat is een keukentafelgesprek?", "payload": "Wat is een keukentafelgesprek?"}, PERSON]


def bewaard(wat: Text, config: Gemeente, na_melding: bool = False) -> Text:
    """The gemeente API did not answer: said honestly, with what happens now and what the person can do."""
    loket = config.loket
    wanneer = "zodra uw melding bij de gemeente is" if na_melding else "zodra dat weer lukt"
    return (f"Het lukt nu niet om uw {wat} naar de gemeente te sturen. De computer van de gemeente reageert "
            f"niet. Uw {wat} is dus nog niet bij de gemeente.\n"
            f"Ik heb uw {wat} bewaard. Ik stuur uw {wat} vanzelf naar de gemeente {wanneer}. U hoeft daarvoor niets "
            "te doen, ook niet als u dit gesprek sluit.\n"
            f"Wilt u weten of uw {wat} is aangekomen? Vraag het mij in dit gesprek. Heeft u haast? Bel het "
            f"{loket.naam}: {loket.telefoon}.")


def clientondersteuner_bij(config: Gemeente) -> Text:
    """Where this gemeente's inwoners find a cliëntondersteuner (the gemeente's file)."""
    hulp = config.clientondersteuning
    return f"In {config.naam} is dat {hulp.organisatie}: {hulp.telefoon}."


def geweigerd(wat: Text, config: Gemeente) -> Text:
    loket = config.loket
    return (f"De gemeente kon uw {wat} niet aannemen. Dat ligt niet aan u. Uw {wat} is dus niet bij de "
            f"gemeente. Bel het {loket.naam}: {loket.telefoon}. Zij helpen u verder.")


def bevestiging(ontvangen: Ontvangen, slots: Dict[Text, Any], met_plan: bool, config: Gemeente) -> Text:
    """What the person reads once the gemeente has the melding: its referentie, the two dates, what is next."""
    rol = slots.get("namens_rol") or namens.ZELF
    wie = namens.WIE.get(rol)
    parts = [f"Uw melding is aangekomen bij gemeente {config.naam}. Het nummer van de melding is "
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
                     f"gemeente. {clientondersteuner_bij(config)}")
    elif rol != namens.CLIENTONDERSTEUNER:
        parts.append(f"{wie[0].upper() + wie[1:]} heeft recht op gratis hulp van een cliëntondersteuner. Die staat "
                     f"naast de inwoner, niet naast de gemeente. {clientondersteuner_bij(config)}")
    return "\n".join(parts)


def mail_bericht(bevestigingen: Optional[List[Dict[Text, Text]]], config: Gemeente) -> Optional[Text]:
    """Whether the confirmation by e-mail went (issue 29), in words for the person; None when there is nothing to
    say (no address given, or the API did not say)."""
    parts: List[Text] = []
    for mail in bevestigingen or []:
        aan = mail["aan"]
        if mail["status"] == "verstuurd":
            parts.append(f"Er is een bevestiging per e-mail gestuurd naar {aan}. Ziet u geen mail? Kijk dan ook bij "
                         "de ongewenste mail.")
        elif mail["status"] == "wacht":
            parts.append(f"De bevestiging per e-mail naar {aan} is nog niet verstuurd. Dat gebeurt vanzelf zodra "
                         "het lukt. U hoeft niets te doen.")
        else:
            parts.append(f"De bevestiging per e-mail naar {aan} kon niet worden verstuurd. Misschien klopt het "
                         f"e-mailadres niet. De melding zelf is wel aangekomen. Wilt u toch een bevestiging? Bel het "
                         f"{config.loket.naam}: {config.loket.telefoon}.")
    return "\n".join(parts) or None


def plan_aangekomen(referentie: Optional[Text], versie: int) -> Text:
    nieuw = "" if versie == 1 else " Het vervangt uw vorige plan. De gemeente bewaart het oude plan ook."
    hoort_bij = f" Het hoort bij melding {referentie}." if referentie else ""
    return (f"Uw persoonlijk plan is aangekomen bij de gemeente.{hoort_bij}{nieuw}\n"
            "De gemeente leest het plan voor het gesprek met u.")


def email_gegeven(slots: Dict[Text, Any]) -> bool:
    """An e-mail address for a confirmation: the inwoner's, or that of who made the melding for them."""
    return any(slots.get(slot) and slots.get(slot) != GEEN for slot in ("inwoner_email", "namens_email"))


def _clear(slots: List[Text]) -> List[EventType]:
    return [SlotSet(slot, None) for slot in slots]


def forget(domain: Dict[Text, Any], *forms: Text) -> List[EventType]:
    """What the forms collected: once the outbox holds it, the conversation no longer needs it."""
    return [*_clear([s for s in form_slots(domain, *forms) if s not in BLIJFT]), *_clear(WHILE_FILLING)]


def melding_slots(ontvangen: Ontvangen) -> List[EventType]:
    """The melding the gemeente has: a plan made later in this chat is sent to it."""
    return [SlotSet("melding_id", ontvangen.id), SlotSet("melding_referentie", ontvangen.referentie),
            SlotSet("melding_wacht", None)]


class ActionVersturen(Action):
    """Writes what the person agreed to send to the outbox (on disk), then tries to send it at once."""

    def name(self) -> Text:
        return "action_versturen"

    def api(self) -> GemeenteApi:
        return GemeenteApi()

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        slots = tracker.slots
        plan_klaar = slots.get("plan_akkoord") == JA
        if plan_klaar and (slots.get("melding_id") or slots.get("melding_wacht")):
            return await self._plan(dispatcher, tracker, domain)
        if slots.get("melding_akkoord") == JA:
            return await self._melding(dispatcher, tracker, domain, plan_klaar)
        if plan_klaar:
            dispatcher.utter_message(text="Nu de melding. Ik vraag nog een paar gegevens. Daarna ziet u alles "
                                          "nog een keer, en stuur ik de melding met het plan naar de gemeente.")
            return [FollowupAction("melding_form")]
        dispatcher.utter_message(text="Er staat niets klaar om te versturen. Wilt u een melding doen?",
                                 buttons=[{"title": "Melding doen", "payload": "/melding_doen"}, PERSON])
        return []

    async def _melding(self, dispatcher, tracker, domain, met_plan: bool) -> List[EventType]:
        slots = tracker.slots
        config = gemeente_van(tracker)
        body = melding_body(slots, config.slug, plan_body(slots) if met_plan else None)
        box = outbox.current()
        entry = box.add_melding(tracker.sender_id, body, slots["verzend_sleutel"], met_plan)
        entry = await outbox.try_now(box, entry.id, self.api())
        if entry.status == outbox.GEWEIGERD:
            dispatcher.utter_message(text=geweigerd("melding", config), buttons=[PERSON])
            return []
        forms = ("melding_form", "plan_form") if met_plan else ("melding_form",)
        kept = [SlotSet("melding_levensgebieden", slots.get("levensgebieden")), *forget(domain, *forms)]
        if entry.status == outbox.WACHT:
            dispatcher.utter_message(text=bewaard("melding", config), buttons=STATUS_BUTTONS)
            return [SlotSet("melding_wacht", entry.id), *kept]
        text = bevestiging(entry.ontvangen, slots, met_plan, config)
        if email_gegeven(slots):
            mail = mail_bericht(await self.api().bevestigingen(entry.ontvangen.id), config)
            text = f"{text}\n{mail}" if mail else text
        dispatcher.utter_message(text=text, buttons=NA_PLAN_BUTTONS if met_plan else NA_MELDING_BUTTONS)
        return [*melding_slots(entry.ontvangen), *kept]

    async def _plan(self, dispatcher, tracker, domain) -> List[EventType]:
        slots = tracker.slots
        config = gemeente_van(tracker)
        box = outbox.current()
        api = self.api()
        events: List[EventType] = []
        melding_id, referentie = slots.get("melding_id"), slots.get("melding_referentie")
        if not melding_id:  # the melding is still in the outbox: perhaps it can go now
            melding = await outbox.try_now(box, slots["melding_wacht"], api)
            if melding.status == outbox.AANGEKOMEN:
                melding_id, referentie = melding.ontvangen.id, melding.ontvangen.referentie
                events += melding_slots(melding.ontvangen)
        if melding_id:
            entry = box.add_plan(tracker.sender_id, plan_body(slots), melding_id=melding_id)
        else:
            entry = box.add_plan(tracker.sender_id, plan_body(slots), after_id=slots["melding_wacht"])
        entry = await outbox.try_now(box, entry.id, api)
        if entry.status == outbox.GEWEIGERD:
            dispatcher.utter_message(text=geweigerd("plan", config), buttons=[PERSON])
            return events
        if entry.status == outbox.WACHT:
            dispatcher.utter_message(text=bewaard("plan", config, na_melding=not melding_id), buttons=STATUS_BUTTONS)
        else:
            dispatcher.utter_message(text=plan_aangekomen(referentie, entry.result["version"]),
                                     buttons=NA_PLAN_BUTTONS)
        return [*events, *forget(domain, "plan_form")]


def _om(moment: datetime) -> Text:
    """A time the outbox wrote (UTC) as the person reads it: "10:42"."""
    return moment.replace(tzinfo=timezone.utc).astimezone(ZoneInfo("Europe/Amsterdam")).strftime("%H:%M")


def wacht(wat: Text, laatste_poging: Optional[datetime], config: Gemeente, na_melding: bool = False) -> Text:
    """The answer to "is it there yet?" while it waits in the outbox."""
    loket = config.loket
    if na_melding:
        waarom = "Ik stuur het zodra uw melding bij de gemeente is."
    else:
        waarom = "De computer van de gemeente reageert nog niet. Ik probeer het steeds opnieuw."
        if laatste_poging:
            waarom += f" De laatste poging was om {_om(laatste_poging)} uur."
    return (f"Uw {wat} is nog niet bij de gemeente. Uw {wat} is wel bewaard. {waarom}\n"
            f"Heeft u haast? Bel het {loket.naam}: {loket.telefoon}.")


class ActionVerzendstatus(Action):
    """ "Is mijn melding aangekomen?" and "opnieuw versturen": tries what waits in the outbox once more, now, and
    says where the melding and the plan of this conversation are."""

    def name(self) -> Text:
        return "action_verzendstatus"

    def api(self) -> GemeenteApi:
        return GemeenteApi()

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        config = gemeente_van(tracker)
        box = outbox.current()
        entries = box.of_conversation(tracker.sender_id)
        melding = next((e for e in reversed(entries) if e.kind == outbox.MELDING), None)
        plan = next((e for e in reversed(entries) if e.kind == outbox.PLAN), None)
        terugbel = next((e for e in reversed(entries) if e.kind == outbox.TERUGBEL), None)
        if melding is None and plan is None and terugbel is None:
            referentie = tracker.get_slot("melding_referentie")
            if referentie:
                dispatcher.utter_message(text=f"Uw melding is aangekomen bij de gemeente. Het nummer van de "
                                              f"melding is {referentie}.", buttons=NA_MELDING_BUTTONS)
            else:
                dispatcher.utter_message(text="In dit gesprek is nog niets naar de gemeente gestuurd. Wilt u een "
                                              "melding doen?",
                                         buttons=[{"title": "Melding doen", "payload": "/melding_doen"}, PERSON])
            return []
        api = self.api()
        if melding is not None and melding.status == outbox.WACHT:
            melding = await outbox.try_now(box, melding.id, api)
        if plan is not None and plan.status == outbox.WACHT:
            plan = await outbox.try_now(box, plan.id, api)
        if terugbel is not None and terugbel.status == outbox.WACHT:
            terugbel = await outbox.try_now(box, terugbel.id, api)

        parts: List[Text] = []
        events: List[EventType] = []
        waiting = False
        if melding is not None:
            if melding.status == outbox.AANGEKOMEN:
                ontvangen = melding.ontvangen
                if tracker.get_slot("melding_wacht") == melding.id:  # arrived while the person was away
                    parts.append(bevestiging(ontvangen, tracker.slots, melding.met_plan, config))
                    # the address was forgotten when the melding went into the outbox: the API knows the mails
                    mail = mail_bericht(await api.bevestigingen(ontvangen.id), config)
                    parts += [mail] if mail else []
                    events += melding_slots(ontvangen)
                else:
                    parts.append(f"Uw melding is aangekomen bij de gemeente. Het nummer van de melding is "
                                 f"{ontvangen.referentie}.")
            elif melding.status == outbox.WACHT:
                parts.append(wacht("melding", melding.last_try_at, config))
                waiting = True
            else:
                parts.append(geweigerd("melding", config))
        if plan is not None:
            if plan.status == outbox.AANGEKOMEN:
                parts.append(plan_aangekomen(None if melding else tracker.get_slot("melding_referentie"),
                                             plan.result["version"]))
            elif plan.status == outbox.WACHT:
                melding_wacht = melding is not None and melding.status == outbox.WACHT
                parts.append(wacht("persoonlijk plan", plan.last_try_at, config,
                                   na_melding=not plan.melding_id and melding_wacht))
                waiting = True
            else:
                parts.append(geweigerd("plan", config))
        if terugbel is not None:
            if terugbel.status == outbox.AANGEKOMEN:
                parts.append(f"Uw terugbelverzoek is aangekomen bij het {config.loket.naam}. Een medewerker belt u.")
            elif terugbel.status == outbox.WACHT:
                parts.append(wacht("terugbelverzoek", terugbel.last_try_at, config))
                waiting = True
            else:
                parts.append(geweigerd("terugbelverzoek", config))
        dispatcher.utter_message(text="\n".join(parts), buttons=STATUS_BUTTONS if waiting else NA_PLAN_BUTTONS)
        return events
