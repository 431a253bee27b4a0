"""What every form of the bot does besides its own questions.

- "stop", "iemand spreken" or a BSN: the form steps aside and the rule for that intent runs
  (data/rules/formulieren.yml); after "iemand spreken" and a BSN the form asks the same question again.
- A side question ("wat is een beschikking?"): answered, then the form asks its question again (actions/zijvragen.py).
- A correction of an earlier answer ("nee, de brief is van 4 maart"): taken, said, and the form goes on.
- An answer the form cannot use: one specific question back (slot `vraag_opnieuw`), never a guess.
"""

import abc
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clock import vandaag
from actions.datum_slot import ESCAPE_INTENTS, FORM_BUTTONS
from actions.gemeente_van import gemeente_van
from actions.yes_no import only_yes_or_no, starts_with_no, starts_with_yes
from actions.zijvragen import answer_side_question, is_side_question
from wmo.datums import vind_datum

REQUESTED_SLOT = "requested_slot"
LONG_ANSWER_WORDS = 8
AANGEPAST = "Dank u. Ik heb het aangepast: {wat}."

JA_NEE_BUTTONS = [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}]
WEET_NIET_BUTTON = {"title": "Weet ik niet", "payload": "Weet ik niet"}
_WEET_NIET = re.compile(r"\b(weet\s+(ik\s+)?(het\s+)?niet|geen\s+idee|onbekend|geen\s+flauw)", re.I)


# After this many answers the form cannot use, the question back also offers the loket (slot `pogingen`).
POGINGEN_VOOR_LOKET = 2


def opnieuw(slot: Text, tracker: Tracker, vraag: Text) -> Dict[Text, Any]:
    """An answer the form cannot use: the question back; from the second try on, with the loket's phone number.

    `pogingen` counts the tries at the question being asked ("<slot>:<n>"), so a new question starts at one.
    """
    vorige, _, aantal = (tracker.get_slot("pogingen") or "").partition(":")
    pogingen = (int(aantal) if vorige == slot and aantal.isdigit() else 0) + 1
    if pogingen >= POGINGEN_VOOR_LOKET:
        loket = gemeente_van(tracker).loket
        vraag = (f"{vraag}\nLukt het niet? Dat is niet erg. Bel het {loket.naam}: {loket.telefoon}. Daar helpen "
                 "ze u verder. Of kies 'Iemand spreken'.")
    return {slot: None, "vraag_opnieuw": vraag, "pogingen": f"{slot}:{pogingen}"}


JA_NEE_ONBEKEND = "Ik begreep uw antwoord niet. Kies Ja of Nee."
JA_NEE_WEET_ONBEKEND = "Ik begreep uw antwoord niet. Kies Ja, Nee of Weet ik niet."
MAX_TEKST = 5000  # the gemeente API's limit for free text


def ja_nee_answer(slot: Text, tracker: Tracker, weet_niet_mag: bool) -> Dict[Text, Any]:
    """Extraction for a yes/no question: "ja", "nee", "weet_niet" or None (asked, not understood)."""
    if tracker.get_slot(REQUESTED_SLOT) != slot:
        return {}
    return {slot: ja_nee(tracker, weet_niet_mag)}


def ja_nee_valid(slot: Text, value: Any, weet_niet_mag: bool) -> Dict[Text, Any]:
    """Validation for a yes/no question: the answer, or the question back naming the buttons."""
    if value:
        return {slot: value}
    return {slot: None, "vraag_opnieuw": JA_NEE_WEET_ONBEKEND if weet_niet_mag else JA_NEE_ONBEKEND}


GEEN_BESCHRIJVING = "Hier vraag ik om een beschrijving in uw eigen woorden, niet om ja of nee."


def eigen_woorden(slot: Text, value: Any, tracker: Tracker, min_woorden: int, vraag: Text,
                  ja_nee_mag: bool = False) -> Dict[Text, Any]:
    """Validation of an answer in the person's own words: kept as typed (spaces tidied, at most MAX_TEKST), or
    `vraag` back when it has fewer than `min_woorden` words, or is only a yes or a no (unless `ja_nee_mag`: "nee"
    answers "Kent u een algemene voorziening?")."""
    tekst = re.sub(r"[ \t]+", " ", str(value or "")).strip()
    if not ja_nee_mag and only_yes_or_no(tekst):
        return opnieuw(slot, tracker, f"{GEEN_BESCHRIJVING} {vraag}")
    if len(re.findall(r"[^\W\d_]+", tekst)) < min_woorden:
        return opnieuw(slot, tracker, vraag)
    return {slot: tekst[:MAX_TEKST], "pogingen": None}


def ja_nee(tracker: Tracker, weet_niet_mag: bool = False) -> Optional[Text]:
    """"ja", "nee", "weet_niet" (when allowed) from the latest message; None when it is none of these."""
    text = tracker.latest_message.get("text") or ""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if weet_niet_mag and (intent == "weet_niet" or _WEET_NIET.search(text)):
        return "weet_niet"
    if starts_with_no(text):
        return "nee"
    if starts_with_yes(text):
        return "ja"
    return {"affirm": "ja", "deny": "nee"}.get(intent or "")


class WmoFormValidation(FormValidationAction, abc.ABC):
    """Base of the bot's form validation actions: escape intents, side questions and corrections."""

    # Slots whose answer is free text: a side question there needs a question mark (actions/zijvragen.py).
    free_text_slots: frozenset = frozenset()
    # Slots whose answer is a date: a message with a date in it answers them, whatever else it asks.
    date_slots: frozenset = frozenset()

    def answers_the_question(self, requested: Text, tracker: Tracker) -> bool:
        """True when the latest message holds an answer to the requested slot, even if it also asks something."""
        if requested in self.date_slots:
            return vind_datum(tracker.latest_message.get("text") or "", vandaag()) is not None
        return False

    def is_long_answer(self, requested: Text, intent: Text, tracker: Tracker) -> bool:
        """A story typed as the answer to a free-text question is the answer, even when it reads like "stop" or
        "iemand spreken" ("ik wil iemand die mij helpt met ..."). A BSN in it always gets the warning."""
        words = len((tracker.latest_message.get("text") or "").split())
        return requested in self.free_text_slots and intent != "deelt_bsn" and words > LONG_ANSWER_WORDS

    @staticmethod
    def free_text(slot: Text, tracker: Tracker) -> Dict[Text, Any]:
        """Extraction for a question answered in words: the whole message, but only when this slot was asked."""
        if tracker.get_slot(REQUESTED_SLOT) != slot:
            return {}
        return {slot: tracker.latest_message.get("text") or ""}

    @abc.abstractmethod
    def name(self) -> Text:
        """validate_<form name>."""

    def correction(self, tracker: Tracker) -> Optional[Dict[Text, Any]]:
        """Slot values that correct earlier answers in the latest message, and what was changed in words."""
        return None

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        requested = tracker.get_slot(REQUESTED_SLOT)
        if requested and (tracker.active_loop or {}).get("name") == self.form_name():
            intent = (tracker.latest_message.get("intent") or {}).get("name")
            if intent in ESCAPE_INTENTS and not self.is_long_answer(requested, intent, tracker):
                # Nothing extracted: Rasa rejects the form and the rule for that intent runs. When the rule returns
                # to the form, Rasa asks the slot named here; without it, Rasa would take the domain's next empty
                # slot, which for a form with its own required_slots can be a question that does not apply.
                return [SlotSet(REQUESTED_SLOT, requested)]
            corrected = self.correction(tracker)
            if corrected:
                wat = corrected.pop("_wat")
                dispatcher.utter_message(text=AANGEPAST.format(wat=wat))
                return [*(SlotSet(k, v) for k, v in corrected.items()), SlotSet(REQUESTED_SLOT, requested)]
            if (is_side_question(tracker, requested in self.free_text_slots)
                    and not self.answers_the_question(requested, tracker)
                    and answer_side_question(dispatcher, tracker, domain)):
                return [SlotSet(requested, None), SlotSet(REQUESTED_SLOT, requested)]
        return await super().run(dispatcher, tracker, domain)


class AskAction(Action, abc.ABC):
    """Asks for one slot of a form: the specific question in `vraag_opnieuw` when an answer could not be used.

    Abstract, so the action server registers only the subclasses, each named action_ask_<slot>.
    """

    buttons: List[Dict[Text, Text]] = []

    def buttons_for(self, tracker: Tracker) -> List[Dict[Text, Text]]:
        """The answers to choose from, besides the form's own buttons (stop, a person)."""
        return self.buttons

    @property
    @abc.abstractmethod
    def slot(self) -> Text:
        """The form slot this action asks for (a class attribute in each subclass)."""

    @abc.abstractmethod
    def question(self, tracker: Tracker) -> Text:
        """The usual question, in B1 Dutch."""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        text = tracker.get_slot("vraag_opnieuw") or self.question(tracker)
        dispatcher.utter_message(text=text, buttons=[*self.buttons_for(tracker), *FORM_BUTTONS])
        return [SlotSet("vraag_opnieuw", None)]


def form_slots(domain: Dict[Text, Any], *forms: Text) -> List[Text]:
    """The slots the domain lists for these forms (all forms when none is named): what a form has collected.

    Raises when the Rasa server sent no domain: the action then needs `send_domain: true` in domain.yml. Without
    the check it would forget nothing, silently."""
    if "forms" not in domain:
        raise ValueError("the action got no domain: mark it `send_domain: true` in domain.yml")
    declared = domain.get("forms") or {}
    return sorted({slot for name, form in declared.items() if not forms or name in forms
                   for slot in (form or {}).get("required_slots") or []})


# Slots a form fills besides its own questions while it runs: forgotten with them.
WHILE_FILLING = ["vraag_opnieuw", "datum_vraag", "pogingen", "aanpassen", "levensgebieden_keuze", "plan_knelpunten",
                 "plan_vorm_toelichting", "toestemming_moment", "verzend_sleutel"]


class ActionVergeetFormulier(Action):
    """After "stop" in a form: forgets every answer the forms had collected, so nothing is kept or reused later."""

    def name(self) -> Text:
        return "action_vergeet_formulier"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        collected = [*form_slots(domain), *WHILE_FILLING]
        return [SlotSet(slot, None) for slot in sorted(collected) if tracker.get_slot(slot) is not None]
