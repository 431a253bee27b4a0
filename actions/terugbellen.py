"""A terugbelverzoek (issue 27): the inwoner who cannot or does not want to phone asks the loket to call back.

"Iemand spreken" gives the loket's contact details and offers "Bel mij terug". The terugbel_form asks the name, the
phone number (checked as in the melding, wmo/contact.py), when to call (wmo/terugbellen.py) and the question in the
inwoner's own words; then it shows everything, with the chat so far that goes with it (actions/gesprek.py), and
asks consent. Only after "ja" is it written to the outbox (actions/outbox.py) and sent: never lost, never twice.
"""

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import outbox
from actions.bezwaarschrift import NAAM_OPNIEUW, clean_naam
from actions.buttons import PERSON
from actions.formulier import AskAction, WmoFormValidation, eigen_woorden, opnieuw
from actions.gemeente_api import GemeenteApi
from actions.gemeente_van import gemeente_van
from actions.gesprek import gesprek_tot_nu
from actions.melding import JA, AkkoordAsk, akkoord
from actions.versturen import STATUS_BUTTONS, bewaard, forget, geweigerd
from wmo.contact import telefoon_leesbaar, vind_telefoon
from wmo.gemeente import Gemeente
from wmo.terugbellen import WANNEER, wanneer_uit


FORM = "terugbel_form"
WAT = "terugbelverzoek"  # in the outbox's sentences: "uw terugbelverzoek is bewaard"
SLOTS = ["terugbel_naam", "terugbel_telefoon", "terugbel_wanneer", "terugbel_vraag", "terugbel_akkoord"]
BEL_MIJ_TERUG = {"title": "Bel mij terug", "payload": "/terugbelverzoek"}
AANBOD_BUTTONS = [BEL_MIJ_TERUG, {"title": "Wat is de Wmo?", "payload": "Wat is de Wmo?"},
                  {"title": "Welke hulp is er?", "payload": "Welke hulp is er?"}]
WANNEER_BUTTONS = [{"title": label[0].upper() + label[1:], "payload": label[0].upper() + label[1:]}
                   for label in WANNEER.values()]

TELEFOON_OPNIEUW = ("Dat telefoonnummer kan ik niet gebruiken. Een Nederlands nummer heeft 10 cijfers en begint met "
                    "0. Bijvoorbeeld: 06 12345678.")
GEEN_TELEFOON = ("Om u terug te bellen heeft de gemeente een telefoonnummer nodig. Heeft u geen telefoon? Mail dan "
                 "naar {email}. Of kies 'Stoppen'.")
WANNEER_OPNIEUW = "Kies wanneer het u het beste uitkomt: zo snel mogelijk, in de ochtend of in de middag."
VRAAG_OPNIEUW = ("Schrijf in een paar woorden waarover u wilt praten. Bijvoorbeeld: 'Ik wil weten of ik hulp kan "
                 "krijgen bij het schoonmaken.'")
AANPASSEN = {
    "Naam": ["terugbel_naam"],
    "Telefoon": ["terugbel_telefoon"],
    "Wanneer": ["terugbel_wanneer"],
    "Vraag": ["terugbel_vraag"],
}
_GEEN_TELEFOON = re.compile(r"^\W*(nee,?\s+)?(geen(\s+(telefoon|telefoonnummer|nummer))?|heb\s+ik\s+niet|"
                            r"ik\s+heb\s+geen\s+telefoon)\W*$", re.I)


def terugbellen_aanbod(config: Gemeente) -> Text:
    """Said after the loket's contact details: a person can also call the inwoner."""
    return (f"Bellen lukt niet, of liever niet? Kies dan 'Bel mij terug'. Dan belt een medewerker van het "
            f"{config.loket.naam} u op een moment dat u kiest.")


def samenvatting(slots: Dict[Text, Any], config: Gemeente) -> Text:
    return "\n".join([
        f"Dit stuur ik naar het {config.loket.naam} van gemeente {config.naam}:",
        f"- Naam: {slots.get('terugbel_naam')}",
        f"- Telefoon: {telefoon_leesbaar(slots.get('terugbel_telefoon') or '')}",
        f"- Bellen: {WANNEER.get(slots.get('terugbel_wanneer') or '', '')}",
        f"- Uw vraag: {slots.get('terugbel_vraag')}",
        "Ik stuur ook ons gesprek van vandaag mee. Dan hoeft u niet alles opnieuw te vertellen. Nummers zoals een "
        "BSN of rekeningnummer maak ik daarin onleesbaar.",
    ])


def verzoek_body(tracker: Tracker, config: Gemeente) -> Dict[Text, Any]:
    """The body of POST /api/v1/terugbelverzoeken (the gemeente API's TerugbelverzoekIn)."""
    slots = tracker.slots
    return {
        "gemeente": config.slug,
        "naam": slots["terugbel_naam"],
        "telefoon": slots["terugbel_telefoon"],
        "wanneer": slots["terugbel_wanneer"],
        "vraag": slots["terugbel_vraag"],
        "toestemming": {"gegeven": True, "moment": slots["toestemming_moment"]},
        "gesprek": gesprek_tot_nu(tracker.events, tot_form=FORM),
    }


class ValidateTerugbelForm(WmoFormValidation):
    free_text_slots = frozenset({"terugbel_naam", "terugbel_vraag"})

    def name(self) -> Text:
        return f"validate_{FORM}"

    async def extract_terugbel_naam(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self.free_text("terugbel_naam", tracker)

    async def validate_terugbel_naam(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        naam = clean_naam(re.sub(r"^\s*(mijn\s+naam\s+is|ik\s+ben|ik\s+heet)\s+", "", str(value or ""), flags=re.I))
        return {"terugbel_naam": naam, "pogingen": None} if naam else opnieuw("terugbel_naam", tracker, NAAM_OPNIEUW)

    async def extract_terugbel_telefoon(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self.free_text("terugbel_telefoon", tracker)

    async def validate_terugbel_telefoon(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = str(value or "")
        if _GEEN_TELEFOON.match(text):
            return opnieuw("terugbel_telefoon", tracker,
                           GEEN_TELEFOON.format(email=gemeente_van(tracker).loket.email))
        nummer = vind_telefoon(text)
        if not nummer:
            return opnieuw("terugbel_telefoon", tracker, TELEFOON_OPNIEUW)
        return {"terugbel_telefoon": nummer, "pogingen": None}

    async def extract_terugbel_wanneer(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self.free_text("terugbel_wanneer", tracker)

    async def validate_terugbel_wanneer(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        keuze = wanneer_uit(str(value or ""))
        if not keuze:
            return opnieuw("terugbel_wanneer", tracker, WANNEER_OPNIEUW)
        return {"terugbel_wanneer": keuze, "pogingen": None}

    async def extract_terugbel_vraag(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self.free_text("terugbel_vraag", tracker)

    async def validate_terugbel_vraag(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return eigen_woorden("terugbel_vraag", value, tracker, 2, VRAAG_OPNIEUW)

    async def extract_terugbel_akkoord(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self.free_text("terugbel_akkoord", tracker)

    async def validate_terugbel_akkoord(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return akkoord("terugbel_akkoord", tracker, AANPASSEN)


class ActionAskTerugbelNaam(AskAction):
    slot = "terugbel_naam"

    def question(self, tracker: Tracker) -> Text:
        return "Wat is uw naam? Dan weet de medewerker wie hij of zij belt."


class ActionAskTerugbelTelefoon(AskAction):
    slot = "terugbel_telefoon"

    def question(self, tracker: Tracker) -> Text:
        return f"Op welk telefoonnummer kan het {gemeente_van(tracker).loket.naam} u bellen?"


class ActionAskTerugbelWanneer(AskAction):
    slot = "terugbel_wanneer"
    buttons = WANNEER_BUTTONS

    def question(self, tracker: Tracker) -> Text:
        loket = gemeente_van(tracker).loket
        return (f"Wanneer komt het u het beste uit? Het {loket.naam} belt {loket.telefoon_bereikbaar}. Kies een "
                "knop.")


class ActionAskTerugbelVraag(AskAction):
    slot = "terugbel_vraag"

    def question(self, tracker: Tracker) -> Text:
        return ("Waarover wilt u praten? Schrijf het in uw eigen woorden. Dan kan de medewerker zich goed "
                "voorbereiden.")


class ActionAskTerugbelAkkoord(AkkoordAsk):
    slot = "terugbel_akkoord"
    aanpassen_buttons = [{"title": label, "payload": label} for label in AANPASSEN]

    def question(self, tracker: Tracker) -> Text:
        config = gemeente_van(tracker)
        return (f"{samenvatting(tracker.slots, config)}\nKlopt alles? En mag ik dit naar de gemeente sturen? De "
                "gemeente gebruikt uw gegevens alleen om u terug te bellen.")


def bevestiging(slots: Dict[Text, Any], config: Gemeente) -> Text:
    loket = config.loket
    return (f"Uw terugbelverzoek is aangekomen bij het {loket.naam}. Een medewerker belt u "
            f"{WANNEER[slots['terugbel_wanneer']]} op {telefoon_leesbaar(slots['terugbel_telefoon'])}. Dat kan "
            f"{loket.telefoon_bereikbaar}.\nWordt u niet gebeld? Bel dan zelf het {loket.naam}: {loket.telefoon}.")


class ActionTerugbelverzoekVersturen(Action):
    """After "ja": the request goes to the outbox (on disk) with a key made at the consent, then is tried at once."""

    def name(self) -> Text:
        return "action_terugbelverzoek_versturen"

    def api(self) -> GemeenteApi:
        return GemeenteApi()

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        slots = tracker.slots
        if slots.get("terugbel_akkoord") != JA or not slots.get("verzend_sleutel"):
            return []
        config = gemeente_van(tracker)
        box = outbox.current()
        entry = box.add_terugbelverzoek(tracker.sender_id, verzoek_body(tracker, config), slots["verzend_sleutel"])
        entry = await outbox.try_now(box, entry.id, self.api())
        if entry.status == outbox.GEWEIGERD:
            dispatcher.utter_message(text=geweigerd(WAT, config), buttons=[PERSON])
        elif entry.status == outbox.WACHT:
            dispatcher.utter_message(text=bewaard(WAT, config), buttons=STATUS_BUTTONS)
        else:
            dispatcher.utter_message(text=bevestiging(slots, config))
        return forget(domain, FORM)
