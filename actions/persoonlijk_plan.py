"""The persoonlijk plan (Wmo 2015 art. 2.3.2 lid 2) in the five sections of wmo-feiten.md, in the person's own
words; then a preview and consent. A cliëntondersteuner (or mantelzorger, familielid) gets the same questions about
"uw cliënt"; the plan records who wrote it.

Sending is actions/versturen.py's job: to the melding made in this chat, or with a new melding.
"""

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import levensgebieden, namens
from actions.formulier import MAX_TEKST, WEET_NIET_BUTTON, AskAction, WmoFormValidation, eigen_woorden, opnieuw
from actions.melding import AkkoordAsk, LevensgebiedenAsk, akkoord

PLAN_SLOTS = ["plan_wie_ben_ik", "plan_levensgebieden", "plan_knelpunten_klaar", "plan_zelf", "plan_netwerk",
              "plan_algemene_voorzieningen", "plan_ondersteuningsvraag", "plan_vorm", "plan_akkoord"]
VORMEN = {"natura": "zorg in natura: de gemeente regelt de hulp", "pgb": "een persoonsgebonden budget (pgb)",
          "weet_niet": "weet ik nog niet"}
_VORM = (("pgb", re.compile(r"\bpgb\b|persoonsgebonden|budget|zelf\s+(regelen|inkopen|kiezen)", re.I)),
         ("natura", re.compile(r"natura|gemeente\s+(regelt|regelen)|laat\s+de\s+gemeente", re.I)),
         ("weet_niet", re.compile(r"weet\s+(ik\s+)?(het\s+)?(nog\s+)?niet|geen\s+idee|twijfel|maakt\s+niet\s+uit",
                                  re.I)))
_CORRECTIE = re.compile(r"^\s*(nee|neen|sorry|oeps)\b|\b(toch|liever|bedoel|moet\s+zijn)\b", re.I)

VORM_BUTTONS = [{"title": "Zorg in natura", "payload": "natura"}, {"title": "Pgb", "payload": "pgb"},
                {"title": "Weet ik nog niet", "payload": "weet ik nog niet"}]
VORM_OPNIEUW = "Kies een van de knoppen: zorg in natura, pgb, of weet ik nog niet."
LANGER = "Kunt u iets meer vertellen? Een paar woorden is genoeg."
AANPASSEN = {
    "Wie ben ik": ["plan_wie_ben_ik"],
    "Waar loop ik tegenaan": ["plan_levensgebieden", "plan_knelpunten_klaar", "plan_knelpunten"],
    "Wat kan ik zelf": ["plan_zelf", "plan_netwerk", "plan_algemene_voorzieningen"],
    "Waarvoor hulp": ["plan_ondersteuningsvraag"],
    "Welke vorm": ["plan_vorm", "plan_vorm_toelichting"],
}
AANPASSEN_BUTTONS = [{"title": label, "payload": label} for label in AANPASSEN]


def vorm_in(text: Text) -> Optional[Text]:
    for vorm, pattern in _VORM:
        if pattern.search(text):
            return vorm
    return None


def opgesteld_door(slots: Dict[Text, Any]) -> Text:
    """The API knows two writers: the inwoner, or a cliëntondersteuner. Family and mantelzorgers help the
    inwoner write it; the melding records who they are."""
    return namens.CLIENTONDERSTEUNER if slots.get("namens_rol") == namens.CLIENTONDERSTEUNER else "inwoner"


def plan_body(slots: Dict[Text, Any]) -> Dict[Text, Any]:
    """The body of PUT /api/v1/meldingen/{id}/plan (the gemeente API's PersoonlijkPlanIn)."""
    knelpunten = slots.get("plan_knelpunten") or {}
    return {
        "wie_ben_ik": slots["plan_wie_ben_ik"],
        "knelpunten": {gebied: knelpunten[gebied] for gebied in slots.get("plan_levensgebieden") or []
                       if gebied in knelpunten},
        "wat_kan_ik_zelf": slots.get("plan_zelf") or "",
        "wat_doet_mijn_netwerk": slots.get("plan_netwerk") or "",
        "algemene_voorzieningen": slots.get("plan_algemene_voorzieningen") or "",
        "ondersteuningsvraag": slots["plan_ondersteuningsvraag"],
        "gewenste_vorm": {"vorm": slots["plan_vorm"], "toelichting": slots.get("plan_vorm_toelichting") or ""},
        "opgesteld_door": opgesteld_door(slots),
    }


def voorbeeld(slots: Dict[Text, Any]) -> Text:
    """The plan as the consulent will read it, with the template's headings."""
    plan = plan_body(slots)
    lines = ["Dit is het persoonlijk plan:", f"1. Wie ben ik? {plan['wie_ben_ik']}", "2. Waar loop ik tegenaan?"]
    lines += [f"- {levensgebieden.LABEL[g]}: {tekst}" for g, tekst in plan["knelpunten"].items()]
    lines += [f"3. Wat kan ik zelf? {plan['wat_kan_ik_zelf']}",
              f"Wat doen mensen om mij heen? {plan['wat_doet_mijn_netwerk']}",
              f"Hulp die er voor iedereen is: {plan['algemene_voorzieningen']}",
              f"4. Waarvoor heb ik hulp nodig? {plan['ondersteuningsvraag']}",
              f"5. Hoe moet de hulp eruitzien? {VORMEN[plan['gewenste_vorm']['vorm']].capitalize()}."]
    if plan["gewenste_vorm"]["toelichting"]:
        lines.append(f"Toelichting: {plan['gewenste_vorm']['toelichting']}")
    if plan["opgesteld_door"] == namens.CLIENTONDERSTEUNER:
        lines.append("Opgesteld door: de cliëntondersteuner.")
    return "\n".join(lines)


def toestemming_vraag(tracker: Tracker) -> Text:
    vraag = namens.vraag(tracker, "Klopt alles? Mag ik het plan naar de gemeente sturen?",
                         "Klopt alles? Heeft {wie} het plan gezien? En vindt {wie} het goed dat ik het naar de "
                         "gemeente stuur?")
    if not (tracker.get_slot("melding_id") or tracker.get_slot("melding_wacht")):  # waiting in the outbox: made
        vraag += (" Een plan hoort bij een melding. U heeft in dit gesprek nog geen melding gedaan. Daarom vraag "
                  "ik hierna nog de gegevens voor de melding.")
    return vraag


class ValidatePlanForm(namens.NamensSlots, WmoFormValidation):
    free_text_slots = frozenset(["namens_rol", "namens_naam", "namens_organisatie", *PLAN_SLOTS])

    def name(self) -> Text:
        return "validate_plan_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> List[Text]:
        return ["namens_rol", *PLAN_SLOTS] if tracker.get_slot("namens_rol") else ["namens_rol"]

    def answers_the_question(self, requested: Text, tracker: Tracker) -> bool:
        return False

    def correction(self, tracker: Tracker) -> Optional[Dict[Text, Any]]:
        """"nee, toch liever een pgb": the wished form changes; other parts through "Iets aanpassen"."""
        text = tracker.latest_message.get("text") or ""
        if tracker.get_slot("requested_slot") == "plan_vorm" or not tracker.get_slot("plan_vorm"):
            return None
        vorm = vorm_in(text)
        if vorm and vorm != "weet_niet" and _CORRECTIE.search(text) and len(text.split()) <= 12:
            return {"plan_vorm": vorm, "aanpassen": None, "_wat": f"de vorm is {VORMEN[vorm]}"}
        return None

    async def extract_plan_wie_ben_ik(self, dispatcher, tracker, domain):
        return self.free_text("plan_wie_ben_ik", tracker)

    async def validate_plan_wie_ben_ik(self, value, dispatcher, tracker, domain):
        return eigen_woorden("plan_wie_ben_ik", value, tracker, 3, LANGER)

    async def extract_plan_levensgebieden(self, dispatcher, tracker, domain):
        return self.free_text("plan_levensgebieden", tracker)

    async def validate_plan_levensgebieden(self, value, dispatcher, tracker, domain):
        return levensgebieden.kies("plan_levensgebieden", tracker)

    async def extract_plan_knelpunten_klaar(self, dispatcher, tracker, domain):
        return self.free_text("plan_knelpunten_klaar", tracker)

    async def validate_plan_knelpunten_klaar(self, value, dispatcher, tracker, domain):
        gebied = volgend_knelpunt(tracker.slots)
        if gebied is None:
            return {"plan_knelpunten_klaar": "ja"}
        antwoord = eigen_woorden("plan_knelpunten_klaar", value, tracker, 1, LANGER)
        if antwoord.get("plan_knelpunten_klaar") is None:
            return antwoord
        knelpunten = {**(tracker.get_slot("plan_knelpunten") or {}), gebied: antwoord["plan_knelpunten_klaar"]}
        klaar = volgend_knelpunt({**tracker.slots, "plan_knelpunten": knelpunten}) is None
        return {"plan_knelpunten": knelpunten, "plan_knelpunten_klaar": "ja" if klaar else None, "pogingen": None}

    async def extract_plan_zelf(self, dispatcher, tracker, domain):
        return self.free_text("plan_zelf", tracker)

    async def validate_plan_zelf(self, value, dispatcher, tracker, domain):
        return eigen_woorden("plan_zelf", value, tracker, 1, LANGER)

    async def extract_plan_netwerk(self, dispatcher, tracker, domain):
        return self.free_text("plan_netwerk", tracker)

    async def validate_plan_netwerk(self, value, dispatcher, tracker, domain):
        return eigen_woorden("plan_netwerk", value, tracker, 1, LANGER, ja_nee_mag=True)

    async def extract_plan_algemene_voorzieningen(self, dispatcher, tracker, domain):
        return self.free_text("plan_algemene_voorzieningen", tracker)

    async def validate_plan_algemene_voorzieningen(self, value, dispatcher, tracker, domain):
        return eigen_woorden("plan_algemene_voorzieningen", value, tracker, 1, LANGER, ja_nee_mag=True)

    async def extract_plan_ondersteuningsvraag(self, dispatcher, tracker, domain):
        return self.free_text("plan_ondersteuningsvraag", tracker)

    async def validate_plan_ondersteuningsvraag(self, value, dispatcher, tracker, domain):
        return eigen_woorden("plan_ondersteuningsvraag", value, tracker, 3, LANGER)

    async def extract_plan_vorm(self, dispatcher, tracker, domain):
        return self.free_text("plan_vorm", tracker)

    async def validate_plan_vorm(self, value, dispatcher, tracker, domain):
        text = re.sub(r"\s+", " ", str(value or "")).strip()
        vorm = "weet_niet" if (tracker.latest_message.get("intent") or {}).get("name") == "weet_niet" \
            else vorm_in(text)
        if vorm is None:
            return opnieuw("plan_vorm", tracker, VORM_OPNIEUW)
        toelichting = text if len(text.split()) > 5 else ""  # more than a choice: the reason, kept as typed
        return {"plan_vorm": vorm, "plan_vorm_toelichting": toelichting[:MAX_TEKST], "pogingen": None}

    async def extract_plan_akkoord(self, dispatcher, tracker, domain):
        return self.free_text("plan_akkoord", tracker)

    async def validate_plan_akkoord(self, value, dispatcher, tracker, domain):
        return akkoord("plan_akkoord", tracker, AANPASSEN)


def volgend_knelpunt(slots: Dict[Text, Any]) -> Optional[Text]:
    """The first chosen levensgebied without its text yet."""
    knelpunten = slots.get("plan_knelpunten") or {}
    return next((g for g in slots.get("plan_levensgebieden") or [] if g not in knelpunten), None)


class ActionAskPlanWieBenIk(AskAction):
    slot = "plan_wie_ben_ik"

    def question(self, tracker: Tracker) -> Text:
        return namens.vraag(
            tracker,
            "1. Wie bent u? Vertel kort iets over uzelf. Bijvoorbeeld: uw leeftijd en met wie u woont. Wat doet u "
            "graag? En hoe is uw gezondheid?",
            "1. Wie is {wie}? Vertel kort iets over {wie}. Bijvoorbeeld: de leeftijd en met wie {wie} woont. Wat "
            "doet {wie} graag? En hoe is de gezondheid?")


class ActionAskPlanLevensgebieden(LevensgebiedenAsk):
    slot = "plan_levensgebieden"
    voorstel_zin = "In de melding ging het over:"
    mag_leeg = False

    def voorstel(self, tracker: Tracker) -> List[Text]:
        return list(tracker.get_slot("melding_levensgebieden") or [])

    def question(self, tracker: Tracker) -> Text:
        return namens.vraag(tracker, "2. Waar loopt u tegenaan? Kies de onderwerpen. U mag er meer kiezen.",
                            "2. Waar loopt {wie} tegenaan? Kies de onderwerpen. U mag er meer kiezen.")


class ActionAskPlanKnelpuntenKlaar(AskAction):
    slot = "plan_knelpunten_klaar"

    def question(self, tracker: Tracker) -> Text:
        gebied = levensgebieden.LABEL.get(volgend_knelpunt(tracker.slots) or "", "")
        return namens.vraag(
            tracker,
            f"Onderwerp: {gebied}. Wat lukt hier niet goed? Schrijf het in uw eigen woorden.",
            f"Onderwerp: {gebied}. Wat lukt {{wie}} hier niet goed? Schrijf het in eigen woorden.")


class ActionAskPlanZelf(AskAction):
    slot = "plan_zelf"

    def question(self, tracker: Tracker) -> Text:
        return namens.vraag(
            tracker,
            "3. Wat kunt u nog wel zelf? Ook kleine dingen tellen. Bijvoorbeeld: 'Koken lukt, als ik kan zitten.'",
            "3. Wat kan {wie} nog wel zelf? Ook kleine dingen tellen. Bijvoorbeeld: 'Koken lukt, als zij kan "
            "zitten.'")


class ActionAskPlanNetwerk(AskAction):
    slot = "plan_netwerk"
    buttons = [{"title": "Niemand", "payload": "Niemand"}]

    def question(self, tracker: Tracker) -> Text:
        return namens.vraag(
            tracker,
            "Wat doen uw partner, familie, vrienden of buren al voor u? En wat lukt hen niet, of niet meer?",
            "Wat doen de partner, familie, vrienden of buren al voor {wie}? En wat lukt hen niet, of niet meer?")


class ActionAskPlanAlgemeneVoorzieningen(AskAction):
    slot = "plan_algemene_voorzieningen"
    buttons = [{"title": "Nee", "payload": "Nee"}, WEET_NIET_BUTTON]

    def question(self, tracker: Tracker) -> Text:
        return namens.vraag(
            tracker,
            "Gebruikt u al hulp die er voor iedereen is? Bijvoorbeeld een boodschappendienst, een alarmknop of "
            "samen eten in het buurthuis. Of wilt u dat proberen?",
            "Gebruikt {wie} al hulp die er voor iedereen is? Bijvoorbeeld een boodschappendienst, een alarmknop "
            "of samen eten in het buurthuis. Of wil {wie} dat proberen?")


class ActionAskPlanOndersteuningsvraag(AskAction):
    slot = "plan_ondersteuningsvraag"

    def question(self, tracker: Tracker) -> Text:
        return namens.vraag(
            tracker,
            "4. Waarvoor wilt u hulp van de gemeente? Bijvoorbeeld: 'Twee uur per week hulp bij het schoonmaken.'",
            "4. Waarvoor wil {wie} hulp van de gemeente? Bijvoorbeeld: 'Twee uur per week hulp bij het "
            "schoonmaken.'")


class ActionAskPlanVorm(AskAction):
    slot = "plan_vorm"
    buttons = VORM_BUTTONS

    def question(self, tracker: Tracker) -> Text:
        uitleg = ("5. Hoe moet de hulp eruitzien? Bij zorg in natura regelt de gemeente de hulp. Met een pgb koopt "
                  "u zelf hulp in en regelt u zelf de papieren.")
        return namens.vraag(tracker, f"{uitleg} Wat past het best bij u? U mag ook uitleggen waarom.",
                            f"{uitleg} Wat past het best bij {{wie}}? U mag ook uitleggen waarom.")


class ActionAskPlanAkkoord(AkkoordAsk):
    slot = "plan_akkoord"
    aanpassen_buttons = AANPASSEN_BUTTONS

    def question(self, tracker: Tracker) -> Text:
        return f"{voorbeeld(tracker.slots)}\n{toestemming_vraag(tracker)}"
