"""When the inwoner wants the loket to call back: the choices, as the bot offers them and the gemeente API stores
them (api/schemas.py Wanneer), and reading a choice from what the inwoner typed."""

import re
from typing import Dict, Optional

# value → how the inwoner and the loket read it
WANNEER: Dict[str, str] = {
    "zo_snel_mogelijk": "zo snel mogelijk",
    "ochtend": "in de ochtend",
    "middag": "in de middag",
}

_KEUZES = [
    ("ochtend", re.compile(r"\b(ochtend|morgens?|voormiddag|voor\s+(de\s+)?middag|voor\s+(de\s+)?lunch|"
                           r"voor\s+12|'s\s*ochtends|smorgens)\b", re.I)),
    ("middag", re.compile(r"\b(middag|middags|na\s+(de\s+)?lunch|na\s+12|'s\s*middags|smiddags)\b", re.I)),
    ("zo_snel_mogelijk", re.compile(r"\b(zo\s*snel|zsm|snel|meteen|direct|nu|vandaag|maakt\s+(mij\s+|me\s+)?niet"
                                    r"\s+uit|maakt\s+niks\s+uit|altijd|wanneer\s+het\s+uitkomt|om\s+het\s+even|"
                                    r"het\s+maakt\s+niet\s+uit)\b", re.I)),
]


def wanneer_uit(text: str) -> Optional[str]:
    """'graag in de ochtend' → 'ochtend'; None when the text names no choice, or two (the bot asks again)."""
    tekst = (text or "").strip()
    if tekst in WANNEER:
        return tekst
    if tekst.lower() in {label.lower() for label in WANNEER.values()}:
        return next(key for key, label in WANNEER.items() if label.lower() == tekst.lower())
    gevonden = {key for key, pattern in _KEUZES if pattern.search(tekst)}
    if {"ochtend", "middag"} <= gevonden:
        return None
    if len(gevonden) > 1:  # "vandaag in de middag": the part of the day says more than "vandaag"
        gevonden.discard("zo_snel_mogelijk")
    return gevonden.pop() if len(gevonden) == 1 else None
