"""Where a message holds a date or a number, so that the NLU pipeline reads one placeholder there.

"De brief is van 12 januari 2026" and "de brief is van 3-3" ask the same thing; the words and digits of the date
should not decide the intent. Dates are found as wmo.datums reads them; the rest of the numbers (an amount, a
house number, "6 weken") are numbers. The message's own text is never changed: the bot still reads the date from
it. Pure functions, used by the NLU components in bot/.
"""

from __future__ import annotations

import re
from typing import Dict, List, Tuple

from wmo.datums import datum_spans

DATUM = "datum"
JAAR = "jaar"
GETAL = "getal"
PLACEHOLDER_WORDS = {DATUM: DATUM, JAAR: JAAR, GETAL: GETAL}

# 12, 2.000, 21,80, 1e: digits with their separators, as one number; a year on its own: "in 2025"
_GETAL = re.compile(r"\d+(?:[.,]\d+)*")
_JAAR = re.compile(r"(?:19|20)\d\d")


# Digits in a row, maybe in groups ("06 1234 5678", "1234 56 782"): a phone number, a BSN, an IBAN's digits.
_REEKS = re.compile(r"\+?\d[\d \-./]*\d")
REEKS_CIJFERS = 6


def placeholder_spans(text: str) -> List[Tuple[int, int, str]]:
    """(start, end, DATUM, JAAR or GETAL) for each date, year and other number in `text`, in order, not
    overlapping. A run of 6 or more digits that is no date (a phone number, a BSN) keeps its digits: what it is
    shows in them ("06..."), and a form must tell a phone number from a BSN."""
    dates = [(start, end, DATUM) for start, end in datum_spans(text)]

    def free(start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e, _ in dates)

    runs = [m.span() for m in _REEKS.finditer(text)
            if free(*m.span()) and sum(c.isdigit() for c in m.group()) >= REEKS_CIJFERS]
    numbers = [(m.start(), m.end(), JAAR if _JAAR.fullmatch(m.group()) else GETAL) for m in _GETAL.finditer(text)
               if free(*m.span()) and not any(s <= m.start() and m.end() <= e for s, e in runs)]
    return sorted(dates + numbers)


def with_placeholders(text: str, words: Dict[str, str] = PLACEHOLDER_WORDS) -> str:
    """The text with each date, year and other number as the word `words` gives for its kind: by default "datum",
    "jaar" and "getal"."""
    parts, position = [], 0
    for start, end, kind in placeholder_spans(text):
        parts.extend((text[position:start], words[kind]))
        position = end
    parts.append(text[position:])
    return "".join(parts)
