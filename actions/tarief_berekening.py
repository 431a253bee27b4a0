"""The calculator "Wat betaal ik?": a few questions (tarief_form), then the amount with its reason.

Facts from wmo.tarief and the gemeente's file (config/gemeenten/). The plain question "Wat is het
abonnementstarief?" is actions/abonnementstarief.py.
"""

import abc
from datetime import date
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Optional, Text

import yaml

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.abonnementstarief import tarief_regel
from actions.clock import vandaag
from actions.formulier import (JA_NEE_BUTTONS, WEET_NIET_BUTTON, AskAction, WmoFormValidation, form_slots,
                               ja_nee_answer, ja_nee_valid)
from actions.gemeente_van import gemeente_van
from wmo import gemeente, tarief

ROOT = Path(__file__).resolve().parent.parent

# The voorziening entity's values (after data/nlu/tarief.yml's synonyms) and the kind wmo.tarief needs.
VOORZIENINGEN: Dict[Text, tarief.Voorziening] = {
    "huishoudelijke hulp": tarief.Voorziening.MAATWERK,
    "begeleiding": tarief.Voorziening.MAATWERK,
    "dagbesteding": tarief.Voorziening.MAATWERK,
    "kortdurend verblijf": tarief.Voorziening.MAATWERK,
    "pgb": tarief.Voorziening.PGB,
    "hulpmiddel": tarief.Voorziening.HULPMIDDEL_WONINGAANPASSING,
    "woningaanpassing": tarief.Voorziening.HULPMIDDEL_WONINGAANPASSING,
    "collectief vervoer": tarief.Voorziening.COLLECTIEF_VERVOER,
    "maaltijdservice": tarief.Voorziening.ALGEMEEN_OVERIG,
    "beschermd wonen": tarief.Voorziening.BESCHERMD_WONEN_NATURA,
    "maatschappelijke opvang": tarief.Voorziening.MAATSCHAPPELIJKE_OPVANG,
}
VOORZIENING_BUTTONS = [
    {"title": "Huishoudelijke hulp", "payload": "huishoudelijke hulp"},
    {"title": "Begeleiding of dagbesteding", "payload": "begeleiding"},
    {"title": "Hulpmiddel of aanpassing in huis", "payload": "hulpmiddel"},
    {"title": "Regiotaxi", "payload": "regiotaxi"},
    {"title": "Pgb", "payload": "pgb"},
    {"title": "Maaltijdservice", "payload": "maaltijdservice"},
]
VOORZIENING_ONBEKEND = ("Die hulp ken ik niet. Kies een van de knoppen. Staat uw hulp er niet bij? "
                        "Kies dan de hulp die er het meest op lijkt.")


def voorziening_in(message: Dict[Text, Any]) -> Optional[Text]:
    """The voorziening the message names (the entity, after synonyms); None when none or more than one."""
    values = {e.get("value") for e in message.get("entities") or [] if e.get("entity") == "voorziening"}
    values &= set(VOORZIENINGEN)
    return values.pop() if len(values) == 1 else None


def needed_slots(slots: Dict[Text, Any]) -> List[Text]:
    """The questions that still matter, given the answers so far: a child or a Wlz-client pays nothing anyway."""
    needed = ["voorziening"]
    kind = VOORZIENINGEN.get(slots.get("voorziening") or "")
    if kind is None or kind in tarief.NIET_ONDER_TARIEF:
        return needed
    needed.append("onder_18")
    if slots.get("onder_18") != "nee":
        return needed
    needed.append("wlz_bijdrage")
    if slots.get("wlz_bijdrage") == "ja" or slots.get("wlz_bijdrage") is None:
        return needed
    needed.append("partner")
    if slots.get("partner") == "ja":
        needed.append("iemand_onder_aow")
    return needed


def berekening(slots: Dict[Text, Any], today: date, config: gemeente.Gemeente) -> Text:
    """What this household pays, with the reason, from the calculator's answers."""
    situatie = tarief.Situatie(
        op=today,
        voorziening=VOORZIENINGEN[slots["voorziening"]],
        leeftijd=tarief.MEERDERJARIG - 1 if slots.get("onder_18") == "ja" else tarief.MEERDERJARIG,
        wlz_eigen_bijdrage=slots.get("wlz_bijdrage") == "ja",
        partner=slots.get("partner") == "ja",
        iemand_onder_aow_leeftijd=slots.get("iemand_onder_aow") == "ja",
    )
    uitkomst = tarief.eigen_bijdrage(situatie, gemeente.tarief_keuzes(config))
    parts = ["U betaalt niets." if uitkomst.bedrag == 0 else "", uitkomst.uitleg]
    if uitkomst.bedrag:
        if slots.get("wlz_bijdrage") == "weet_niet":
            parts.append("Betaalt u al een eigen bijdrage voor de Wlz? Dan betaalt u niets voor de Wmo.")
        if slots.get("iemand_onder_aow") == "weet_niet":
            leeftijd = tarief.aow_leeftijd(today.year)
            parts.append(f"Is een van u beiden jonger dan {leeftijd or 'de AOW-leeftijd'}? Dan betaalt u niets.")
    return " ".join(p for p in parts if p)


class ValidateTariefForm(WmoFormValidation):
    def name(self) -> Text:
        return "validate_tarief_form"

    def answers_the_question(self, requested: Text, tracker: Tracker) -> bool:
        return requested == "voorziening" and voorziening_in(tracker.latest_message) is not None

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> List[Text]:
        return needed_slots(tracker.slots)

    async def extract_voorziening(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> Dict[Text, Any]:
        found = voorziening_in(tracker.latest_message)
        if found:
            return {"voorziening": found}
        if tracker.get_slot("requested_slot") == "voorziening":
            return {"voorziening": None}  # asked, but no voorziening named: validate_voorziening asks again
        return {}

    # An answer the form cannot use is extracted as None; its validate method puts the question back in
    # `vraag_opnieuw` (rasa-sdk keeps only the form's own slots from extraction, but every slot from validation).
    async def validate_voorziening(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"voorziening": value} if value else {"voorziening": None, "vraag_opnieuw": VOORZIENING_ONBEKEND}

    async def extract_onder_18(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return ja_nee_answer("onder_18", tracker, False)

    async def extract_wlz_bijdrage(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return ja_nee_answer("wlz_bijdrage", tracker, True)

    async def extract_partner(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return ja_nee_answer("partner", tracker, False)

    async def extract_iemand_onder_aow(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return ja_nee_answer("iemand_onder_aow", tracker, True)

    async def validate_onder_18(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return ja_nee_valid("onder_18", value, False)

    async def validate_wlz_bijdrage(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return ja_nee_valid("wlz_bijdrage", value, True)

    async def validate_partner(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return ja_nee_valid("partner", value, False)

    async def validate_iemand_onder_aow(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return ja_nee_valid("iemand_onder_aow", value, True)


FORM = "tarief_form"


def first_question_of_run(events: List[Dict[Text, Any]]) -> bool:
    """Is this the calculator's first question since it started? True when the bot said nothing after the form's
    last activation (an `active_loop` event naming it). Rasa runs the questions inside the form's own action, so
    they show in the conversation as what the bot said, not as actions of their own."""
    for event in reversed(events):
        if event.get("event") == "bot":
            return False
        if event.get("event") == "active_loop" and event.get("name") == FORM:
            return True
    return False


def answers_with_the_tarief(domain_path: Path = ROOT / "domain.yml") -> FrozenSet[Text]:
    """The responses that give this year's abonnementstarief: those whose text fills in `tarief_dit_jaar` or
    `tarief_uitleg` (domain.yml), such as utter_abonnementstarief and utter_uitleg/kosten_hulpmiddel."""
    responses = yaml.safe_load(domain_path.read_text(encoding="utf-8"))["responses"]
    return frozenset(name for name, variants in responses.items()
                     if any("{tarief_dit_jaar}" in v.get("text", "") or "{tarief_uitleg}" in v.get("text", "")
                            for v in variants))


TARIEF_ANSWERS = answers_with_the_tarief()


def tarief_said_last_turn(events: List[Dict[Text, Any]]) -> bool:
    """Did the bot's answer just before the inwoner's last message give the abonnementstarief? Then "en voor een
    traplift?" or the button "Wat betaal ik zelf?" needs no rule again. Rasa notes each response's name with what
    the bot said (`utter_action`)."""
    users = 0
    for event in reversed(events):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                return False
        elif users == 1 and event.get("event") == "bot" and \
                (event.get("metadata") or {}).get("utter_action") in TARIEF_ANSWERS:
            return True
    return False


class TariefVraag(AskAction):
    """A question of the calculator. The first one of a run starts with the rule it applies (the most a household
    pays this year, and that some pay nothing), so the inwoner knows it even without finishing; not when the
    bot's answer just before said it."""

    def question(self, tracker: Tracker) -> Text:
        if not first_question_of_run(tracker.events):
            return self.vraag(tracker)
        start = "Ik reken het voor u uit."
        if not tarief_said_last_turn(tracker.events):
            start = f"{tarief_regel(vandaag(), gemeente_van(tracker))} {start}"
        return f"{start} {self.vraag(tracker)}"

    @abc.abstractmethod
    def vraag(self, tracker: Tracker) -> Text:
        """The question itself, in B1 Dutch."""


class ActionAskVoorziening(TariefVraag):
    slot = "voorziening"
    buttons = VOORZIENING_BUTTONS

    def vraag(self, tracker: Tracker) -> Text:
        return "Voor welke hulp wilt u het weten?"


class ActionAskOnder18(TariefVraag):
    slot = "onder_18"
    buttons = JA_NEE_BUTTONS

    def vraag(self, tracker: Tracker) -> Text:
        return f"Is de hulp voor een kind jonger dan {tarief.MEERDERJARIG} jaar?"


class ActionAskWlzBijdrage(TariefVraag):
    slot = "wlz_bijdrage"
    buttons = [*JA_NEE_BUTTONS, WEET_NIET_BUTTON]

    def vraag(self, tracker: Tracker) -> Text:
        return ("Betaalt u al een eigen bijdrage voor de Wet langdurige zorg (Wlz)? "
                "Bijvoorbeeld omdat u Wlz-zorg thuis krijgt.")


class ActionAskPartner(TariefVraag):
    slot = "partner"
    buttons = JA_NEE_BUTTONS

    def vraag(self, tracker: Tracker) -> Text:
        return ("Woont u samen met een partner? Dat is uw man of vrouw, of iemand met wie u samen een huishouden "
                "heeft. Uw kind telt niet mee.")


class ActionAskIemandOnderAow(TariefVraag):
    slot = "iemand_onder_aow"
    buttons = [*JA_NEE_BUTTONS, WEET_NIET_BUTTON]

    def vraag(self, tracker: Tracker) -> Text:
        leeftijd = tarief.aow_leeftijd(vandaag().year)
        vraag = "Is een van u beiden jonger dan de AOW-leeftijd?"
        return f"{vraag} Die is nu {leeftijd}." if leeftijd else vraag


class ActionTariefBerekening(Action):
    """Puts what the household pays, and why, in `tarief_uitleg` for utter_tarief_berekening; clears the answers."""

    def name(self) -> Text:
        return "action_tarief_berekening"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        text = berekening(tracker.slots, vandaag(), gemeente_van(tracker))
        return [SlotSet("tarief_uitleg", text), *(SlotSet(slot, None) for slot in form_slots(domain, "tarief_form"))]
