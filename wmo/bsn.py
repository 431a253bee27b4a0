"""Burgerservicenummers (BSN) in free text: found by the elfproef, so the bot can tell people not to share them.

The chatbot never asks for a BSN and the gemeente API refuses one. When someone types one anyway, the bot says
plainly that it is not needed here. Pure functions: the Rasa component in bot/bsn_detector.py uses them, and
wmo/masking.py masks such numbers before a conversation is stored.
"""

import re
from typing import Iterator, List, Tuple

# Nine digits, alone or grouped as people write them: 123456782, 1234.56.782, 123 456 782, 123-456-782; also
# before a comma or full stop in a sentence, but not as part of an amount (123.456.782,00) or a longer number.
_CANDIDATE = re.compile(r"(?<![\d.,\-/])(\d{4}[ .]?\d{2}[ .]?\d{3}|\d{3}[ .\-]?\d{3}[ .\-]?\d{3})(?![\d\-/]|[.,]\d)")


def elfproef(digits: str) -> bool:
    """The BSN check: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11 (and not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or set(digits) == {"0"}:
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def _bsns(text: str) -> Iterator[Tuple[str, Tuple[int, int]]]:
    """Each nine-digit number in `text` that passes the BSN elfproef: its digits and where it stands."""
    for match in _CANDIDATE.finditer(text):
        digits = re.sub(r"\D", "", match.group(1))
        if elfproef(digits):
            yield digits, match.span(1)


def bsn_candidates(text: str) -> List[str]:
    """The nine-digit numbers in `text` that pass the BSN elfproef, without separators."""
    return [digits for digits, _ in _bsns(text)]


def bsn_spans(text: str) -> List[Tuple[int, int]]:
    """Where in `text` the numbers that pass the BSN elfproef stand, separators included (for masking)."""
    return [span for _, span in _bsns(text)]


def contains_bsn(text: str) -> bool:
    return bool(bsn_candidates(text))
