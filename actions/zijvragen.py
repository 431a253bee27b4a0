"""Side questions inside a form: the question is answered, then the form asks its own question again.

"Wat is een beschikking?" while the bot waits for the date on the letter is a question, not a wrong date. The
answer is the same one the bot gives outside the form (the domain's response, with the fact slots filled in),
sent without its buttons, so the only buttons on screen belong to the form's question that follows.
"""

import re
from pathlib import Path
from typing import Any, Dict, Optional, Text

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.abonnementstarief import tarief_antwoord
from actions.clock import vandaag
from actions.fallback import retrieval_key
from actions.gemeente_van import gemeente_van


def _fallback_threshold() -> float:
    config = yaml.safe_load((Path(__file__).resolve().parent.parent / "config.yml").read_text(encoding="utf-8"))
    return next(float(c["threshold"]) for c in config["pipeline"] if c["name"] == "FallbackClassifier")


# The confidence the FallbackClassifier asks for (config.yml): below it the message is taken as an answer.
ZEKER_GENOEG = _fallback_threshold()
# Intents answered inside a form, by the response that answers them outside it. "uitleg" names its response
# through the explanation the NLU chose; abonnementstarief is computed.
ANTWOORDEN = {
    "hulpvraag": "utter_hulpvraag",
    "bot_challenge": "utter_bot_challenge",
    "abonnementstarief": None,
    "uitleg": None,
}
VERDER = "Dan gaan we nu verder."
# Without a question mark, a side question has at least this many words ("wat is een beschikking").
KORTSTE_VRAAG_WOORDEN = 3


def _confidence(tracker: Tracker) -> float:
    return float((tracker.latest_message.get("intent") or {}).get("confidence") or 0.0)


def _intent(tracker: Tracker) -> Optional[Text]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def is_side_question(tracker: Tracker, free_text_answer: bool) -> bool:
    """True when the latest message is a question the bot can answer, not an answer to the form.

    For a question whose answer is free text (a name, a reason), only a message with a question mark counts:
    "ik vind dat ik te weinig hulp krijg" is a reason, even when it reads like a hulpvraag. For other questions
    one or two words without a question mark are an answer ("misschien", "ja hoor"), never a question.
    """
    if _intent(tracker) not in ANTWOORDEN or _confidence(tracker) < ZEKER_GENOEG:
        return False
    text = tracker.latest_message.get("text") or ""
    if "?" in text:
        return True
    return not free_text_answer and len(text.split()) >= KORTSTE_VRAAG_WOORDEN


def fill_slots(template: Text, tracker: Tracker) -> Text:
    return re.sub(r"{(\w+)}", lambda m: str(tracker.get_slot(m.group(1)) or ""), template)


def answer_text(tracker: Tracker, domain: Dict[Text, Any]) -> Optional[Text]:
    """The text the bot would answer outside the form; None when it has none."""
    intent = _intent(tracker)
    if intent == "abonnementstarief":
        return tarief_antwoord(tracker.latest_message.get("text") or "", vandaag(), gemeente_van(tracker))
    response = ANTWOORDEN.get(intent)
    if intent == "uitleg":
        key = retrieval_key(tracker.latest_message)
        response = f"utter_{key}" if key else None
    variants = (domain.get("responses") or {}).get(response or "") or []
    return fill_slots(variants[0]["text"], tracker) if variants and variants[0].get("text") else None


def answer_side_question(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> bool:
    """Sends the answer to a side question; False when there is none to send."""
    text = answer_text(tracker, domain)
    if not text:
        return False
    dispatcher.utter_message(text=f"{text}\n{VERDER}")
    return True
