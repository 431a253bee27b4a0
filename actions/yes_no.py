"""The words people type for yes and no, in one place for every question of every form.

Three uses, one list of words each:
- a yes/no question ("Woont u in ...?"): `starts_with_no`, then `starts_with_yes`;
- agreeing with what the bot summed up ("Klopt het zo?"): `starts_with_agreement`, which also takes "prima",
  "goed", "akkoord" (as an answer to a yes/no question "goed" can begin a sentence that says no);
- a question that wants a description in the person's own words: `only_yes_or_no` refuses an answer that holds
  nothing but yes and no words ("ja", "nee hoor", "ja, dat klopt").
"""

import re

YES = r"ja|jawel|jazeker|jep|jup|yes|klopt|dat\s+klopt|inderdaad"
AGREEMENT = YES + r"|ok|oke|oké|okay|prima|goed|akkoord|precies|zo\s+is\s+het\s+goed"
NO = r"nee|neen|nope|welnee"

_STARTS_WITH_YES = re.compile(rf"^\W*({YES})\b", re.I)
_STARTS_WITH_AGREEMENT = re.compile(rf"^\W*({AGREEMENT})\b", re.I)
_STARTS_WITH_NO = re.compile(rf"^\W*({NO}|helaas\s+niet|niet)\b|\b(zeker|helemaal|echt|absoluut)\s+niet\b", re.I)
_ONLY_YES_OR_NO = re.compile(rf"^\W*(?:(?:{AGREEMENT}|{NO}|hoor)\b\W*)+$", re.I)


def starts_with_yes(text: str) -> bool:
    return bool(_STARTS_WITH_YES.search(text or ""))


def starts_with_no(text: str) -> bool:
    """"nee", "helaas niet", and "zeker niet" anywhere ("dat kan ik zeker niet")."""
    return bool(_STARTS_WITH_NO.search(text or ""))


def starts_with_agreement(text: str) -> bool:
    return bool(_STARTS_WITH_AGREEMENT.search(text or ""))


def only_yes_or_no(text: str) -> bool:
    return bool(_ONLY_YES_OR_NO.match(text or ""))
