"""For whom the chat is: the person themself, or a cliëntondersteuner, mantelzorger or familielid for them.

The melding, the persoonlijk plan and the toegang questions all start with it (slot `namens_rol`), and every
question after it speaks to the writer about the right person: "Wat is uw naam?" or "Wat is de naam van uw
cliënt?". A melding may be made "door of namens" the person (Wmo 2015 art. 2.3.2 lid 1).
"""

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.bezwaarschrift import NAAM_OPNIEUW, clean_naam
from actions.buttons import PERSON
from actions.formulier import AskAction, WmoFormValidation

ZELF = "zelf"
CLIENTONDERSTEUNER = "clientondersteuner"
MANTELZORGER = "mantelzorger"
FAMILIE = "familie"

# How the questions name the person the help is for, per role of the writer.
WIE = {CLIENTONDERSTEUNER: "uw cliënt", MANTELZORGER: "de persoon voor wie u zorgt", FAMILIE: "uw familielid"}
ROL_NAAM = {CLIENTONDERSTEUNER: "cliëntondersteuner", MANTELZORGER: "mantelzorger", FAMILIE: "familielid"}

_ROLLEN = (
    (CLIENTONDERSTEUNER, re.compile(r"cli[eë]nt\s*-?\s*ondersteun|\bcli[eë]nt\b|ouderenadviseur|"
                                    r"sociaal\s+raadslid", re.I)),
    (MANTELZORGER, re.compile(r"mantelzorg|\bik\s+zorg\s+voor\b|verzorg\s+(mijn|haar|hem)", re.I)),
    (FAMILIE, re.compile(r"\b(famil\w*|moeder|vader|mama|papa|ouders?|zoon|dochter|broer|zus|oma|opa|tante|oom|"
                         r"schoon\w+|man|vrouw|partner|kind|neef|nicht|buurvrouw|buurman)\b", re.I)),
    (ZELF, re.compile(r"\b(mezelf|mijzelf|zelf|mij|ik\s+zelf|voor\s+mij)\b", re.I)),
)
ROL_BUTTONS = [
    {"title": "Voor mezelf", "payload": "Voor mezelf"},
    {"title": "Ik ben cliëntondersteuner", "payload": "Ik ben cliëntondersteuner"},
    {"title": "Ik ben mantelzorger", "payload": "Ik ben mantelzorger"},
    {"title": "Voor een familielid", "payload": "Voor een familielid"},
]
ROL_OPNIEUW = "Ik begreep niet voor wie het is. Kies een van de knoppen."
GEEN_ORGANISATIE = "geen"


def rol_in(text: Text) -> Optional[Text]:
    """The writer's role named in a message ("ik ben cliëntondersteuner", "voor mijn moeder"); None if none."""
    for rol, pattern in _ROLLEN:
        if pattern.search(text):
            return rol
    return None


def wie(tracker: Tracker) -> Optional[Text]:
    """"uw cliënt", "uw familielid", ...; None when the writer is the person themself (or it is not known)."""
    return WIE.get(tracker.get_slot("namens_rol") or ZELF)


def vraag(tracker: Tracker, zelf: Text, ander: Text) -> Text:
    """The question for the person themself, or for someone writing for them ({wie} / {Wie} in `ander`)."""
    persoon = wie(tracker)
    if persoon is None:
        return zelf
    return ander.format(wie=persoon, Wie=persoon[0].upper() + persoon[1:])


class NamensSlots:
    """Extraction and validation of namens_rol, namens_naam and namens_organisatie, for the forms that ask them."""

    @staticmethod
    def namens_slots(slots: Dict[Text, Any]) -> List[Text]:
        rol = slots.get("namens_rol")
        needed = ["namens_rol"]
        if rol and rol != ZELF:
            needed.append("namens_naam")
        if rol == CLIENTONDERSTEUNER:
            needed.append("namens_organisatie")
        return needed

    async def extract_namens_rol(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if tracker.get_slot("namens_rol"):
            return {}
        found = rol_in(tracker.latest_message.get("text") or "")
        if tracker.get_slot("requested_slot") == "namens_rol":
            return {"namens_rol": found}
        # The message that started the form: "ik ben cliëntondersteuner en wil een plan maken". Family only with
        # "voor mijn ...": "mijn man is overleden" says nothing about who writes.
        text = tracker.latest_message.get("text") or ""
        if found == FAMILIE and not re.search(r"\bvoor\s+(mijn|m'n|onze)\s+\w+", text, re.I):
            return {}
        return {"namens_rol": found} if found else {}

    async def validate_namens_rol(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"namens_rol": value} if value else {"namens_rol": None, "vraag_opnieuw": ROL_OPNIEUW}

    async def extract_namens_naam(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return WmoFormValidation.free_text("namens_naam", tracker)

    async def validate_namens_naam(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        naam = clean_naam(str(value or ""))
        return {"namens_naam": naam} if naam else {"namens_naam": None, "vraag_opnieuw": NAAM_OPNIEUW}

    async def extract_namens_organisatie(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return WmoFormValidation.free_text("namens_organisatie", tracker)

    async def validate_namens_organisatie(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = re.sub(r"\s+", " ", str(value or "")).strip(" .")
        if re.fullmatch(r"(geen|nee|geen organisatie|vrijwilliger|zelfstandig|-)", text, re.I) or not text:
            return {"namens_organisatie": GEEN_ORGANISATIE}
        text = re.sub(r"^(ik\s+werk\s+(bij|voor)|bij|de\s+organisatie\s+is)\s+", "", text, flags=re.I)
        return {"namens_organisatie": text[:200]}


class ActionAskNamensRol(AskAction):
    slot = "namens_rol"
    buttons = ROL_BUTTONS

    def question(self, tracker: Tracker) -> Text:
        return "Voor wie is de hulp? Voor uzelf, of doet u dit voor iemand anders?"


class ActionAskNamensNaam(AskAction):
    slot = "namens_naam"

    def question(self, tracker: Tracker) -> Text:
        return ("U doet dit voor iemand anders. Dan wil de gemeente ook weten wie u bent.\n"
                "Wat is uw eigen voor- en achternaam?")


class ActionAskNamensOrganisatie(AskAction):
    slot = "namens_organisatie"
    buttons = [{"title": "Geen organisatie", "payload": "geen"}]

    def question(self, tracker: Tracker) -> Text:
        return "Voor wie werkt u? Bijvoorbeeld MEE of het wijkteam. Werkt u voor niemand? Kies dan 'Geen organisatie'."


class ActionVoorWie(Action):
    """"Ik ben cliëntondersteuner" before any form: noted, and what the writer can do for the person."""

    def name(self) -> Text:
        return "action_voor_wie"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        rol = rol_in(tracker.latest_message.get("text") or "")
        persoon = WIE.get(rol or ZELF)
        if persoon:
            text = f"Fijn dat u helpt. Ik stel mijn vragen dan over {persoon}. Wat wilt u doen?"
        else:
            text = "Wat wilt u doen?"
        dispatcher.utter_message(text=text, buttons=[
            {"title": "Kom ik in aanmerking?", "payload": "/toegang_check"},
            {"title": "Melding doen", "payload": "/melding_doen"},
            {"title": "Persoonlijk plan maken", "payload": "/persoonlijk_plan_maken"},
            PERSON,
        ])
        return [SlotSet("namens_rol", rol)] if rol else []
