"""The beheerder's marks as Rasa NLU training data (issue 28): one YAML file in the format of data/nlu/, each
example in a block of its own with a comment above it saying where it came from (conversation, gemeente, when, what
the bot understood, who marked it). Rasa merges blocks of the same intent.

A message is refused for export, with the reason, when its text
- held a BSN, IBAN or phone number: the tracker store keeps it masked ([BSN], [IBAN], [telefoonnummer]), and a mark
  is no training sentence; a number the masking did not know is masked here first and refused the same way;
- has what Rasa reads as an entity annotation ("[woord](naam)"), which would change what the sentence teaches;
- is empty once line breaks and spaces are taken out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Dict, Iterable, List, Optional, Tuple
from zoneinfo import ZoneInfo

from api.models import ReviewMarkering
from wmo.masking import BSN_MARK, IBAN_MARK, TELEFOON_MARK, mask_personal_numbers

NL = ZoneInfo("Europe/Amsterdam")
_ANNOTATION = re.compile(r"\]\s*[({]")
_SPACES = re.compile(r"\s+")
HEADER = ("# Training sentences from the review of real conversations (issue 28): messages a beheerder marked\n"
          "# with the intent they should have had. Added by `make review-import`; each block says where its\n"
          "# sentence came from. Only masked text: a message with a BSN, IBAN or phone number is never exported.\n")


def sentence(text: str) -> str:
    return _SPACES.sub(" ", text or "").strip()


def refusal(text: str) -> Optional[str]:
    """Why this text may not become a training sentence, in Dutch for the review page; None when it may."""
    shown = mask_personal_numbers(text or "")
    if any(mark in shown for mark in (BSN_MARK, IBAN_MARK, TELEFOON_MARK)):
        return "Bevat een BSN, IBAN of telefoonnummer. Dit bericht gaat niet mee naar de trainingsdata."
    if _ANNOTATION.search(shown):
        return "Bevat tekens die Rasa leest als een aanduiding van een woord ('[...](...)')."
    if not sentence(shown):
        return "Het bericht is leeg."
    return None


# Forms whose typed answers are a date or the name of a kind of help, never a person's details: a conversation
# with typed answers in another form (name, address, phone, the hulpvraag, the plan) is no test story for git.
STORY_SAFE_FORMS = frozenset({"bezwaartermijn_form", "plantermijn_form", "tarief_form"})


def story_refusal(beurten) -> Optional[str]:
    """Why this conversation may not become a test story in the repository (api/gesprekken.py turns); None if it may."""
    for beurt in beurten:
        typed = not beurt.tekst.startswith("/")
        if typed and beurt.in_formulier and beurt.in_formulier not in STORY_SAFE_FORMS:
            return ("Dit gesprek heeft antwoorden in een formulier, zoals een naam, adres of hulpvraag. Zo'n gesprek "
                    "wordt geen testverhaal: dat komt in de broncode.")
        if refusal(beurt.tekst):
            return "Dit gesprek heeft een bericht met een BSN, IBAN of telefoonnummer. Het wordt geen testverhaal."
    return None


def story_events(events: List[dict], marks: Dict[str, str]) -> List[dict]:
    """The conversation's events for a test story: each marked message with the intent the beheerder gave it
    (`uitleg/<answer>` as Rasa writes a retrieval intent), every text masked."""
    found = []
    for event in events:
        event = dict(event)
        if event.get("event") in ("user", "bot") and event.get("text"):
            event["text"] = mask_personal_numbers(event["text"])
        if event.get("event") == "user" and event.get("message_id") in marks:
            intent = marks[event["message_id"]]
            base = intent.split("/", 1)[0]
            parse_data = dict(event.get("parse_data") or {})
            parse_data["intent"] = {"name": base, "confidence": 1.0,
                                    **({"full_retrieval_intent_name": intent} if "/" in intent else {})}
            parse_data["text"] = event["text"]
            event["parse_data"] = parse_data
        elif event.get("event") == "user":
            parse_data = dict(event.get("parse_data") or {})
            selector = ((parse_data.get("response_selector") or {}).get("uitleg") or {}).get("response") or {}
            if (parse_data.get("intent") or {}).get("name") == "uitleg" and selector.get("intent_response_key"):
                parse_data["intent"] = {**parse_data["intent"],
                                        "full_retrieval_intent_name": selector["intent_response_key"]}
            parse_data["text"] = event.get("text")
            event["parse_data"] = parse_data
        found.append(event)
    return found


@dataclass
class Voorbeeld:
    intent: str
    tekst: str
    herkomst: str


def _stamp(moment: datetime) -> str:
    return moment.astimezone(NL).strftime("%Y-%m-%d %H:%M")


def voorbeelden(marks: Iterable[ReviewMarkering], gemeente_namen: Dict[str, str]) -> Tuple[
        List[Voorbeeld], List[Tuple[ReviewMarkering, str]]]:
    """The marks that may be exported, as examples, and those refused, with the reason."""
    found: List[Voorbeeld] = []
    refused: List[Tuple[ReviewMarkering, str]] = []
    for mark in sorted(marks, key=lambda m: (m.bericht_op, m.id or 0)):
        reason = refusal(mark.tekst)
        if reason:
            refused.append((mark, reason))
            continue
        gemeente = gemeente_namen.get(mark.gemeente or "", mark.gemeente or "geen gemeente")
        herkomst = (f"gesprek {mark.gesprek_id} ({gemeente}), bericht van {_stamp(mark.bericht_op)}; de bot las "
                    f"{mark.was_intent or 'niets'}; gemarkeerd door {mark.door} op {_stamp(mark.op)}")
        found.append(Voorbeeld(mark.intent, sentence(mark.tekst), herkomst))
    return found, refused


def blocks(examples: Iterable[Voorbeeld]) -> str:
    """The examples as blocks of a Rasa NLU file's `nlu:` list."""
    parts = []
    for example in examples:
        herkomst = sentence(example.herkomst).replace("#", "")
        parts.append(f"  # {herkomst}\n  - intent: {example.intent}\n    examples: |\n      - {example.tekst}\n")
    return "\n".join(parts)


def nlu_file(examples: List[Voorbeeld]) -> str:
    body = blocks(examples)
    return f'{HEADER}version: "3.1"\n\nnlu:\n{body}' if body else f'{HEADER}version: "3.1"\n\nnlu: []\n'
