"""Dutch postcodes: normalised, refused with a reason, or found inside an address typed in one line.

Shared by the gemeente API (api/dutch_fields.py) and the bot's forms (actions/), so both accept the same postcodes.
"""

import re
from typing import Optional, Tuple

# 1234 AB: four digits not starting with 0, two letters; SA, SD and SS are never issued by PostNL.
_POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s?([A-Za-z]{2})\s*$")
_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])([1-9][0-9]{3})\s?([A-Za-z]{2})(?![A-Za-z])")
_NOT_ISSUED = {"SA", "SD", "SS"}

POSTCODE_RULE = "a Dutch postcode: four digits (not starting with 0) and two letters, like 1234 AB"


def normalise_postcode(value: str) -> str:
    """'1234ab' → '1234 AB'; raises ValueError with the rule when it is not a Dutch postcode."""
    match = _POSTCODE.match(value)
    if not match:
        raise ValueError(f"must be {POSTCODE_RULE}")
    letters = match.group(2).upper()
    if letters in _NOT_ISSUED:
        raise ValueError(f"must be {POSTCODE_RULE}; the letters {letters} are not used in Dutch postcodes")
    return f"{match.group(1)} {letters}"


def postcode_in(text: str) -> Optional[Tuple[str, int, int]]:
    """The first valid postcode in a line such as 'Dorpsstraat 4, 1234ab Voorbeeldstad': normalised, with where it
    starts and ends in the line (so the street before and the place after can be split off); else None."""
    for match in _IN_TEXT.finditer(text):
        try:
            return normalise_postcode(match.group(0)), match.start(), match.end()
        except ValueError:
            continue
    return None


def vind_postcode(text: str) -> Optional[str]:
    """The first valid postcode in a line, normalised; else None."""
    found = postcode_in(text)
    return found[0] if found else None
