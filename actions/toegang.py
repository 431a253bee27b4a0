"""Toegang: "Kom ik in aanmerking?" → the few questions wmo.toegang needs, asked in the order of the law and only
while they still matter → the route with its reasons and a next step.

The answer is never a decision: only the gemeente decides, after its onderzoek. Nationality and residence
(rechtmatig verblijf) are not asked here: the gemeente checks them from its own records.
"""

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import namens
from actions.buttons import PERSON
from actions.formulier import (JA_NEE_BUTTONS, WEET_NIET_BUTTON, AskAction, WmoFormValidation, form_slots,
                               ja_nee_answer, ja_nee_valid)
from actions.gemeente_van import naam_van
from wmo import tarief
from wmo.toegang import Antwoorden, Hulp, Route, beoordeel_toegang

# The buttons of the first question: the kind of help, as wmo.toegang names it.
HULP_KNOPPEN = (
    (Hulp.HUISHOUDEN, "Huishouden", r"huishoud|schoonma|poets|stofzuig|boodschap"),
    (Hulp.PERSOONLIJKE_VERZORGING, "Wassen en aankleden", r"wassen|douche|aankleden|verzorging|toilet"),
    (Hulp.BEGELEIDING, "Begeleiding", r"begeleid|administratie|dagritme|structuur|ondersteuning\s+thuis"),
    (Hulp.DAGBESTEDING, "Dagbesteding", r"dagbesteding|dagopvang|overdag"),
    (Hulp.WONINGAANPASSING, "Aanpassing in huis", r"aanpass|traplift|trap|drempel|badkamer|woning"),
    (Hulp.HULPMIDDEL, "Hulpmiddel", r"hulpmiddel|rolstoel|rollator|scootmobiel|tillift|bed"),
    (Hulp.VERVOER, "Vervoer", r"vervoer|taxi|reizen|\bbus\b|regiotaxi|deeltaxi"),
    (Hulp.RESPIJTZORG, "Rust voor mantelzorger", r"mantelzorg|respijt|logeer|ontlast|rust"),
    (Hulp.BESCHERMD_WONEN_OPVANG, "Beschermd wonen of opvang", r"beschermd|opvang|dakloos|geen\s+(huis|woning)|"
                                                               r"op\s+straat"),
    (Hulp.JEUGDHULP, "Hulp voor een kind", r"\bkind|jeugd|zoon|dochter|jongere"),
    (Hulp.ANDERS, "Iets anders", r"anders|iets\s+anders|weet\s+(ik\s+)?niet"),
)
# The voorziening entity (data/nlu/tarief.yml) as a kind of help; a traplift is a woningaanpassing.
VOORZIENING_HULP = {
    "huishoudelijke hulp": Hulp.HUISHOUDEN, "begeleiding": Hulp.BEGELEIDING, "dagbesteding": Hulp.DAGBESTEDING,
    "kortdurend verblijf": Hulp.RESPIJTZORG, "hulpmiddel": Hulp.HULPMIDDEL,
    "woningaanpassing": Hulp.WONINGAANPASSING, "collectief vervoer": Hulp.VERVOER,
    "beschermd wonen": Hulp.BESCHERMD_WONEN_OPVANG, "maatschappelijke opvang": Hulp.BESCHERMD_WONEN_OPVANG,
}
HULP_OPNIEUW = "Ik begreep niet welke hulp u bedoelt. Kies een van de knoppen. Past er geen? Kies 'Iets anders'."
WEET_NIET_MAG = {"toegang_wlz", "toegang_zelf"}
JA_NEE_SLOTS = ["toegang_woont_hier", "toegang_onder_18", "toegang_wlz", "toegang_thuis", "toegang_zelf",
                "toegang_spoed"]


def hulp_in(message: Dict[Text, Any], gevraagd: bool) -> Optional[Hulp]:
    """The kind of help a message names: the voorziening entity, else (when asked) the buttons' words."""
    for entity in message.get("entities") or []:
        if entity.get("entity") == "voorziening" and entity.get("value") in VOORZIENING_HULP:
            if re.search(r"trapl|aanpass", str(entity.get("text") or ""), re.I):
                return Hulp.WONINGAANPASSING
            return VOORZIENING_HULP[entity["value"]]
    if not gevraagd:
        return None
    text = message.get("text") or ""
    for hulp, label, words in HULP_KNOPPEN:
        if text.strip().lower() == label.lower() or re.search(words, text, re.I):
            return hulp
    return None


def needed_slots(slots: Dict[Text, Any]) -> List[Text]:
    """The questions that still matter, in the order wmo.toegang checks them."""
    needed = ["toegang_hulp"]
    hulp = Hulp[slots["toegang_hulp"]] if slots.get("toegang_hulp") else None
    if hulp is None:
        return needed
    if hulp is Hulp.BESCHERMD_WONEN_OPVANG:
        return [*needed, "toegang_spoed"]
    needed.append("toegang_woont_hier")
    if slots.get("toegang_woont_hier") != "ja":
        return needed
    if hulp is Hulp.JEUGDHULP:
        return needed
    needed.append("toegang_onder_18")
    if slots.get("toegang_onder_18") is None or (slots["toegang_onder_18"] == "ja"
                                                 and hulp is not Hulp.WONINGAANPASSING):
        return needed
    needed.append("toegang_wlz")
    if slots.get("toegang_wlz") is None:
        return needed
    if slots["toegang_wlz"] == "ja":
        if hulp not in (Hulp.HULPMIDDEL, Hulp.WONINGAANPASSING):
            return needed
        needed.append("toegang_thuis")
        if slots.get("toegang_thuis") != "ja":
            return needed
    if hulp is Hulp.PERSOONLIJKE_VERZORGING:
        return needed
    return [*needed, "toegang_zelf", "toegang_spoed"]


def antwoorden(slots: Dict[Text, Any]) -> Antwoorden:
    hulp = Hulp[slots["toegang_hulp"]]
    kind = hulp is Hulp.JEUGDHULP or slots.get("toegang_onder_18") == "ja"
    zelf = slots.get("toegang_zelf")
    return Antwoorden(
        woont_in_gemeente=hulp is Hulp.BESCHERMD_WONEN_OPVANG or slots.get("toegang_woont_hier") == "ja",
        leeftijd=tarief.MEERDERJARIG - 1 if kind else tarief.MEERDERJARIG,
        hulp=hulp,
        wlz_indicatie=slots.get("toegang_wlz") == "ja",
        woont_thuis=slots.get("toegang_thuis") != "nee",
        zelf_of_netwerk_lost_het_op=None if zelf in (None, "weet_niet") else zelf == "ja",
        spoed=slots.get("toegang_spoed") == "ja",
    )


def uitkomst_tekst(slots: Dict[Text, Any]) -> Text:
    uitkomst = beoordeel_toegang(antwoorden(slots))
    parts = [uitkomst.uitleg]
    wie = namens.WIE.get(slots.get("namens_rol") or namens.ZELF)
    if wie:  # wmo.toegang speaks to the person themself
        parts.insert(0, f"Waar hieronder 'u' staat, gaat het over {wie}.")
    if slots.get("toegang_wlz") == "weet_niet":
        parts.append("U wist niet of u een Wlz-indicatie heeft. Heeft u die wel? Dan krijgt u uw zorg meestal "
                     "via het zorgkantoor. Vraag het na als u twijfelt.")
    parts.append("Dit is geen besluit. Alleen de gemeente beslist, na een gesprek met u.")
    return "\n".join(parts)


MELDING = {"title": "Melding doen", "payload": "/melding_doen"}
ROUTE_BUTTONS = {
    Route.MELDING: [MELDING, {"title": "Persoonlijk plan maken", "payload": "/persoonlijk_plan_maken"}, PERSON],
    Route.EERST_ZELF_EN_NETWERK: [{"title": "Hulp voor iedereen", "payload": "Wat is een algemene voorziening?"},
                                  {"title": "Toch een melding doen", "payload": "/melding_doen"}, PERSON],
    Route.JEUGDWET: [{"title": "Meer over de Jeugdwet", "payload": "wat is de jeugdwet"}, PERSON],
    Route.WLZ: [{"title": "Meer over de Wlz", "payload": "wat is de wlz"}, PERSON],
    Route.ZVW: [{"title": "Toch een melding doen", "payload": "/melding_doen"}, PERSON],
    Route.ANDERE_GEMEENTE: [PERSON],
    Route.GEEN_INGEZETENE: [PERSON],
}


class ValidateToegangForm(WmoFormValidation):
    free_text_slots = frozenset({"toegang_hulp"})

    def name(self) -> Text:
        return "validate_toegang_form"

    def answers_the_question(self, requested: Text, tracker: Tracker) -> bool:
        return requested == "toegang_hulp" and hulp_in(tracker.latest_message, False) is not None

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> List[Text]:
        return needed_slots(tracker.slots)

    async def extract_toegang_hulp(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if tracker.get_slot("toegang_hulp"):
            return {}
        gevraagd = tracker.get_slot("requested_slot") == "toegang_hulp"
        hulp = hulp_in(tracker.latest_message, gevraagd)
        if hulp:
            return {"toegang_hulp": hulp.name}
        return {"toegang_hulp": None} if gevraagd else {}

    async def validate_toegang_hulp(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"toegang_hulp": value} if value else {"toegang_hulp": None, "vraag_opnieuw": HULP_OPNIEUW}

    def __getattr__(self, name: Text):
        """extract_/validate_ for the yes/no questions, alike but for whether "weet ik niet" is an answer."""
        for prefix in ("extract_", "validate_"):
            slot = name[len(prefix):]
            if name.startswith(prefix) and slot in JA_NEE_SLOTS:
                mag = slot in WEET_NIET_MAG

                async def extract(dispatcher, tracker, domain) -> Dict[Text, Any]:
                    return ja_nee_answer(slot, tracker, mag)

                async def validate(value, dispatcher, tracker, domain) -> Dict[Text, Any]:
                    return ja_nee_valid(slot, value, mag)

                return extract if prefix == "extract_" else validate
        raise AttributeError(name)


class ActionAskToegangHulp(AskAction):
    slot = "toegang_hulp"
    buttons = [{"title": label, "payload": label} for _, label, _ in HULP_KNOPPEN]

    def question(self, tracker: Tracker) -> Text:
        return namens.vraag(tracker, "Waarbij heeft u hulp nodig? Kies wat het best past.",
                            "Waarbij heeft {wie} hulp nodig? Kies wat het best past.")


class JaNeeAsk(AskAction):
    buttons = JA_NEE_BUTTONS
    zelf: Text
    ander: Text

    def question(self, tracker: Tracker) -> Text:
        return namens.vraag(tracker, self.zelf, self.ander).format(gemeente=naam_van(tracker))


class ActionAskToegangWoontHier(JaNeeAsk):
    slot = "toegang_woont_hier"
    zelf = "Woont u in gemeente {gemeente}? Dus staat u daar ingeschreven?"
    ander = "Woont {wie} in gemeente {{gemeente}}? Dus staat hij of zij daar ingeschreven?"


class ActionAskToegangOnder18(JaNeeAsk):
    slot = "toegang_onder_18"
    zelf = f"Is de hulp voor iemand jonger dan {tarief.MEERDERJARIG} jaar?"
    ander = f"Is {{wie}} jonger dan {tarief.MEERDERJARIG} jaar?"


class ActionAskToegangWlz(JaNeeAsk):
    slot = "toegang_wlz"
    buttons = [*JA_NEE_BUTTONS, WEET_NIET_BUTTON]
    zelf = ("Heeft u een Wlz-indicatie? Die krijgt u van het CIZ als u altijd zorg dichtbij nodig heeft. Bijvoorbeeld "
            "in een verpleeghuis.")
    ander = ("Heeft {wie} een Wlz-indicatie? Die geeft het CIZ als iemand altijd zorg dichtbij nodig heeft. "
             "Bijvoorbeeld in een verpleeghuis.")


class ActionAskToegangThuis(JaNeeAsk):
    slot = "toegang_thuis"
    zelf = "Woont u thuis? Dus niet in een verpleeghuis of zorginstelling?"
    ander = "Woont {wie} thuis? Dus niet in een verpleeghuis of zorginstelling?"


class ActionAskToegangZelf(JaNeeAsk):
    slot = "toegang_zelf"
    buttons = [*JA_NEE_BUTTONS, WEET_NIET_BUTTON]
    zelf = ("Kunt u het zelf oplossen? Of met hulp van uw huisgenoten, familie, vrienden of buren? Of met hulp die er "
            "voor iedereen is, zoals een boodschappendienst?")
    ander = ("Kan {wie} het zelf oplossen? Of met hulp van huisgenoten, familie, vrienden of buren? Of met hulp die "
             "er voor iedereen is, zoals een boodschappendienst?")


class ActionAskToegangSpoed(JaNeeAsk):
    slot = "toegang_spoed"
    zelf = "Is het dringend? Dus gaat het thuis nu echt niet meer?"
    ander = "Is het dringend? Dus gaat het voor {wie} nu echt niet meer?"


class ActionToegangUitkomst(Action):
    """The route with its reasons and the buttons for its next step; clears the answers."""

    def name(self) -> Text:
        return "action_toegang_uitkomst"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        route = beoordeel_toegang(antwoorden(tracker.slots)).route
        dispatcher.utter_message(text=uitkomst_tekst(tracker.slots), buttons=ROUTE_BUTTONS[route])
        return [SlotSet(slot, None) for slot in form_slots(domain, "toegang_form")]
