"""Choosing levensgebieden (the areas of life a hulpvraag touches) with buttons or in words.

The nine areas of the persoonlijk plan's template (the gemeente API's `Levensgebied`). A form asks for them once:
each button adds an area, a sentence may name several, "Klaar" ends the choice. The choice so far is kept in
`levensgebieden_keuze` until it is done; areas that the hulpvraag already names are chosen for the person, who
can add more.
"""

import re
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Tracker

from actions.formulier import opnieuw
from actions.yes_no import starts_with_agreement

# The API's value, the label on the button, and words that point to the area.
LEVENSGEBIEDEN = (
    ("wonen", "Wonen", r"wonen|woning|\bhuis\b|trap|traplift|drempel|verhuiz|badkamer"),
    ("persoonlijke_verzorging", "Wassen en aankleden",
     r"wassen|douche|aankleden|verzorg|toilet|\bbad\b|steunkousen|medicijn"),
    ("huishouden", "Huishouden", r"huishoud|schoonma|poets|stofzuig|was\s+doen|de\s+was\b|strijk|koken|"
                                 r"boodschappen|opruim"),
    ("dagbesteding", "Dagbesteding", r"dagbesteding|overdag|dag\s+invull|\bwerk\b|vrijwilligerswerk|"
                                     r"dagritme|structuur"),
    ("financien", "Geld en schulden", r"\bgeld|schuld|financi|rekening|betal|budget"),
    ("administratie", "Post en papieren", r"administratie|\bpost\b|papier|brieven|formulier|digid"),
    ("vervoer", "Vervoer", r"vervoer|reizen|\bbus\b|taxi|scootmobiel|rolstoel|lopen|fiets|auto\b|naar\s+buiten"),
    ("sociale_contacten", "Mensen ontmoeten", r"eenza|alleen\s+thuis|contact|vrienden|sociale?|mensen\s+zien|"
                                                 r"bezoek"),
    ("vrije_tijd", "Vrije tijd", r"vrije\s+tijd|hobby|sport|uitje|uitgaan|ontspann|\bclub\b"),
)
LABEL = {key: label for key, label, _ in LEVENSGEBIEDEN}
_WORDS = [(key, re.compile(words, re.I)) for key, _, words in LEVENSGEBIEDEN]
_LABELS = [(key, re.compile(r"\b" + re.escape(label) + r"\b", re.I)) for key, label, _ in LEVENSGEBIEDEN]
_KLAAR = re.compile(r"^\W*(klaar|dat\s+is\s+(alles|het)|verder|ga\s+verder|niets?\s+meer|nee|geen|"
                    r"goed\s+zo)\b", re.I)
_WEET_NIET = re.compile(r"^\W*(weet\s+(ik\s+)?(het\s+)?niet|geen\s+idee)\W*$", re.I)
KLAAR_BUTTON = {"title": "Klaar", "payload": "Klaar"}
WEET_NIET_BUTTON = {"title": "Weet ik niet", "payload": "Weet ik niet"}


def gebieden_in(text: Text) -> List[Text]:
    """The areas a message names, in the template's order: the button labels first, else the words."""
    by_label = [key for key, pattern in _LABELS if pattern.search(text)]
    if by_label:
        return by_label
    return [key for key, pattern in _WORDS if pattern.search(text)]


def is_klaar(tracker: Tracker) -> bool:
    text = tracker.latest_message.get("text") or ""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    return bool(_KLAAR.search(text) or _WEET_NIET.search(text)) or intent in ("deny", "weet_niet")


def stemt_in(tracker: Tracker) -> bool:
    """"ja", "klopt", "prima": the choice so far is right."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    return starts_with_agreement(tracker.latest_message.get("text") or "") or intent == "affirm"


def in_order(keys: Sequence[Text]) -> List[Text]:
    return [key for key, _, _ in LEVENSGEBIEDEN if key in set(keys)]


def opsomming(keys: Sequence[Text]) -> Text:
    """["huishouden", "vervoer"] → "huishouden en vervoer" (labels in lower case)."""
    labels = [LABEL[k].lower() for k in in_order(keys)]
    if not labels:
        return "niet gekozen"
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " en " + labels[-1]


def keuze_vraag(gekozen: Sequence[Text], eerste_vraag: Text) -> Text:
    if not gekozen:
        return eerste_vraag
    return (f"Gekozen: {opsomming(gekozen)}. Wilt u nog een onderwerp kiezen? Kies dan een knop. "
            "Is dit alles? Kies dan 'Klaar'.")


def keuze_buttons(gekozen: Sequence[Text], mag_leeg: bool = False) -> List[Dict[Text, Text]]:
    """The areas not chosen yet; then "Klaar", or "Weet ik niet" where no choice is allowed too."""
    buttons = [{"title": label, "payload": label} for key, label, _ in LEVENSGEBIEDEN if key not in set(gekozen)]
    if gekozen:
        return [*buttons, KLAAR_BUTTON]
    return [*buttons, WEET_NIET_BUTTON] if mag_leeg else buttons


GEEN_GEBIED = ("Ik kon daar geen onderwerp in vinden. Kies een of meer knoppen. Past er geen? Kies dan het "
               "onderwerp dat er het meest op lijkt.")


def kies(slot: Text, tracker: Tracker, mag_leeg: bool = False) -> Dict[Text, Any]:
    """Validation of one answer while choosing: adds the areas named; "Klaar" fills `slot` with the choice.

    With `mag_leeg`, "Weet ik niet" before any choice is an answer too: no areas (the consulent asks).
    """
    gekozen = list(tracker.get_slot("levensgebieden_keuze") or [])
    text = tracker.latest_message.get("text") or ""
    nieuw = gebieden_in(text)
    if nieuw:
        return {slot: None, "levensgebieden_keuze": in_order([*gekozen, *nieuw])}
    if (is_klaar(tracker) and (gekozen or mag_leeg)) or (gekozen and stemt_in(tracker)):
        return {slot: in_order(gekozen), "levensgebieden_keuze": None, "pogingen": None}
    return {**opnieuw(slot, tracker, GEEN_GEBIED), "levensgebieden_keuze": gekozen or None}


def voorstel_uit(text: Optional[Text]) -> List[Text]:
    """Areas a hulpvraag already names, to choose for the person when the question is first asked."""
    return gebieden_in(text or "")
