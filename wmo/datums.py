"""Finding the date in what people type: "3 maart", "3-3-2026", "dinsdag 3 maart", "gisteren", ...

The bot must never guess a date: an impossible date ("31 februari"), a vague one ("vorige week"), two different
dates in one message, or a date in the future where only the past makes sense all get a question back.

Division of labour: relative expressions ("gisteren", "3 dagen geleden") are parsed by dateparser, which knows
Dutch. What it misses is done here: informal forms ("gister"), number words, "vorige week vrijdag",
"afgelopen vrijdag", checking a weekday against the date, the year of a date without one (the most recent such
date that is not in the future), and a specific question for each kind of date that cannot be used. Explicit
dates (day, month, year) are checked here field by field, so that "31 februari" gets the reason, not a shrug.
"""

from __future__ import annotations

import calendar
import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import List, Optional, Tuple

import dateparser

from wmo.kalender import MAANDEN, WEEKDAGEN, datum_kort, datum_voluit

VOORBEELD = "Schrijf de datum zo: 3 maart 2026."

_MONTHS = {name: number for number, name in enumerate(MAANDEN, start=1)}
_MONTHS.update({
    "jan": 1, "feb": 2, "febr": 2, "mrt": 3, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12,
})
_NUMBER_WORDS = {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
                 "acht": 8, "negen": 9, "tien": 10}

_WD = "|".join(WEEKDAGEN)
# A month name, or a word that may be one typed wrong ("novmber", "janaury"): _maand decides
_MON = "|".join(sorted(_MONTHS, key=len, reverse=True)) + "|[a-z]{6,11}"
# Long month names, whose typos are still read: a typo of a short one ("maar" for "maart") is too often a word
_LONG_MONTHS = [name for name in MAANDEN if len(name) >= 6]
_NUM_WORD = "|".join(_NUMBER_WORDS)

_YEAR = r"'\d{2}|\d{4}"
_PATTERNS = [
    ("iso", re.compile(r"\b(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})\b")),
    # "2 en 5 november", "2 of 3 maart 2026": two days, one month; both are read, so the person is asked which
    ("days", re.compile(
        rf"\b(?P<d1>\d{{1,2}})(?:e|de|ste)?\s*(?:,|en|of|tot en met|t/m|tot|-)\s*(?P<d>\d{{1,2}})(?:e|de|ste)?\s+"
        rf"(?P<m>{_MON})\b\.?(?:\s+(?P<y>{_YEAR})\b)?")),
    ("named", re.compile(
        rf"(?:\b(?P<wd>{_WD})\s+)?\b(?P<d>\d{{1,2}})(?:e|de|ste)?\s+(?P<m>{_MON})\b\.?(?:\s+(?P<y>{_YEAR})\b"
        rf"(?:\s*(?:of|en|/)\s*(?P<y2>\d{{4}})\b)?)?")),
    # the third number may be anything: "1-2-3" is asked about, not read as 1 February
    ("numeric", re.compile(
        rf"(?:\b(?P<wd>{_WD})\s+)?\b(?P<d>\d{{1,2}})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?:(?P=sep)(?P<y>\d+))?\b")),
    ("previous_week", re.compile(rf"\bvorige\s+week\s+(?P<wd>{_WD})\b|\b(?P<wd2>{_WD})\s+vorige\s+week\b")),
    ("last_weekday", re.compile(rf"\b(?:afgelopen|vorige|jongstleden)\s+(?P<wd>{_WD})\b")),
    ("relative", re.compile(
        rf"\b(?:vandaag|gisteren|gister|eergisteren|eergister|(?:\d+|{_NUM_WORD})\s+(?:dag|dagen|week|weken)\s+geleden)\b")),
    ("vague", re.compile(rf"\b(?:vorige|afgelopen)\s+(?:week|maand|jaar)\b|\b(?:{_WD})\b")),
]


@dataclass(frozen=True)
class GevondenDatum:
    """A date found in a message, or the question to ask because it cannot be used."""

    tekst: str  # the words the date was read from
    datum: Optional[date] = None
    vraag: Optional[str] = None  # B1 Dutch; set when datum is None


def vind_datum(text: str, vandaag: date, toekomst_mag: bool = False) -> Optional[GevondenDatum]:
    """The one date in `text`; None when the text holds no date at all.

    A date without a year is the most recent such date that is not after `vandaag`. With `toekomst_mag` False (a
    beschikking, a melding), a date after `vandaag` gets a question back.
    """
    found = _kandidaten(text.lower(), vandaag)
    if not found:
        return None
    usable = [f for f in found if f.datum is not None]
    if len({f.datum for f in usable}) > 1:
        dates = sorted({f.datum for f in usable})
        listed = ", ".join(datum_voluit(d) for d in dates[:-1]) + f" of {datum_voluit(dates[-1])}"
        count = {2: "twee", 3: "drie"}.get(len(dates), str(len(dates)))
        return GevondenDatum(", ".join(f.tekst for f in usable),
                             vraag=f"Ik lees {count} datums: {listed}. Welke datum bedoelt u?")
    problem = next((f for f in found if f.datum is None), None)
    if problem is not None and not usable:
        return problem
    result = usable[0]
    if result.datum > vandaag and not toekomst_mag:
        return GevondenDatum(
            result.tekst,
            vraag=f"{datum_voluit(result.datum).capitalize()} ligt nog in de toekomst. Welke datum bedoelt u? "
                  f"{VOORBEELD}")
    return result


def datum_spans(text: str) -> List[Tuple[int, int]]:
    """Where `text` speaks of a date, as (start, end) character spans in order: every form vind_datum reads,
    also the ones it asks about ("31 februari", "vorige week", "dinsdag"). Not "art. 2.3.2" or "8.30 uur".

    The NLU pipeline puts one placeholder there, so that the words of a date do not decide the intent."""
    lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)  # same length, same spans
    return sorted(span for _, span in _datum_matches(lowered))


def _datum_matches(text: str) -> List[Tuple[Tuple[str, re.Match], Tuple[int, int]]]:
    """Each date-like match with its span, longest form first: a match inside an earlier one is left out."""
    taken: List[Tuple[int, int]] = []
    found = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue  # part of a longer date found by an earlier pattern
            if _geen_datum(kind, match):
                continue
            taken.append(match.span())
            found.append(((kind, match), match.span()))
    return found


def _kandidaten(text: str, vandaag: date) -> List[GevondenDatum]:
    return [_lees(kind, match, vandaag) for (kind, match), _ in _datum_matches(text)]


def _maand(word: str) -> Optional[int]:
    """The month a word names, also with one typo in a long month name ("novmber"); None for other words."""
    if word in _MONTHS:
        return _MONTHS[word]
    close = difflib.get_close_matches(word, _LONG_MONTHS, n=1, cutoff=0.8) if len(word) >= 6 else []
    return MAANDEN.index(close[0]) + 1 if close else None


def _geen_datum(kind: str, match: re.Match) -> bool:
    """"12 mensen" (no month), "2.3" in "art. 2.3.2" or "8.30 uur" (a dot and no year), and "2.3.2" itself: not a
    date."""
    if kind in ("named", "days"):
        return _maand(match["m"]) is None
    if kind != "numeric" or match["sep"] != ".":
        return False
    return match["y"] is None or len(match["y"]) not in (2, 4)


def _lees(kind: str, match: re.Match, vandaag: date) -> GevondenDatum:
    tekst = match.group(0).strip()
    if kind == "days":
        month = _maand(match["m"])
        first, second = (_expliciet(tekst, int(day), month, match["y"], None, vandaag) for day in (match["d1"], match["d"]))
        if first.datum is None or second.datum is None or first.datum == second.datum:
            return second if first.datum is not None else first
        return GevondenDatum(tekst, vraag=f"Ik lees twee datums: {datum_voluit(first.datum)} of "
                                          f"{datum_voluit(second.datum)}. Welke datum bedoelt u? {VOORBEELD}")
    if kind in ("iso", "named", "numeric"):
        if kind == "numeric" and match["y"] is not None and len(match["y"]) not in (2, 4):
            return GevondenDatum(tekst, vraag=f"Ik kan '{tekst}' niet lezen als datum. {VOORBEELD}")
        if kind == "named" and match["y2"] and match["y2"] != match["y"].lstrip("'"):
            return GevondenDatum(tekst, vraag=f"Welk jaar bedoelt u: {match['y'].lstrip(chr(39))} of {match['y2']}? "
                                              f"{VOORBEELD}")
        month = _maand(match["m"]) if kind == "named" else int(match["m"])
        return _expliciet(tekst, int(match["d"]), month, match["y"], match.groupdict().get("wd"), vandaag)
    if kind == "previous_week":
        weekday = WEEKDAGEN.index(match["wd"] or match["wd2"])
        monday_this_week = vandaag - timedelta(days=vandaag.weekday())
        return GevondenDatum(tekst, monday_this_week - timedelta(days=7 - weekday))
    if kind == "last_weekday":
        weekday = WEEKDAGEN.index(match["wd"])
        return GevondenDatum(tekst, vandaag - timedelta(days=(vandaag.weekday() - weekday - 1) % 7 + 1))
    if kind == "relative":
        return _relatief(tekst, vandaag)
    return GevondenDatum(tekst, vraag=f"Welke datum bedoelt u precies met '{tekst}'? {VOORBEELD}")


def _expliciet(tekst: str, day: int, month: int, year_text: Optional[str], weekday: Optional[str],
               vandaag: date) -> GevondenDatum:
    if not 1 <= month <= 12:
        return GevondenDatum(tekst, vraag=f"'{tekst}' is geen datum: er zijn maar 12 maanden. {VOORBEELD}")
    month_name = MAANDEN[month - 1]
    if year_text is None:
        year = _jaar_zonder_jaartal(day, month, vandaag)
        if year is None:
            return GevondenDatum(tekst, vraag=f"{month_name.capitalize()} heeft nooit {day} dagen. "
                                              f"Welke datum staat er precies? {VOORBEELD}")
    else:
        year = int(year_text.lstrip("'"))
        year += 2000 if year < 100 else 0
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        return GevondenDatum(tekst, vraag=f"{month_name.capitalize()} {year} heeft {days_in_month} dagen, dus "
                                          f"'{tekst}' bestaat niet. Welke datum staat er precies? {VOORBEELD}")
    result = date(year, month, day)
    if weekday is not None and WEEKDAGEN[result.weekday()] != weekday:
        return GevondenDatum(tekst, vraag=f"{datum_kort(result)} is een {WEEKDAGEN[result.weekday()]}, geen "
                                          f"{weekday}. Welke datum klopt? {VOORBEELD}")
    return GevondenDatum(tekst, result)


def _jaar_zonder_jaartal(day: int, month: int, vandaag: date) -> Optional[int]:
    """The year of the most recent day/month that is not after vandaag; None when the day never exists."""
    if not 1 <= day <= calendar.monthrange(2024, month)[1]:  # 2024: a leap year, so 29 February exists
        return None
    for year in range(vandaag.year, vandaag.year - 8, -1):
        if day <= calendar.monthrange(year, month)[1] and date(year, month, day) <= vandaag:
            return year
    return None


def _relatief(tekst: str, vandaag: date) -> GevondenDatum:
    normal = re.sub(r"\beergister\b", "eergisteren", re.sub(r"\bgister\b", "gisteren", tekst))
    normal = re.sub(rf"\b({_NUM_WORD})\b", lambda m: str(_NUMBER_WORDS[m.group(1)]), normal)
    normal = re.sub(r"\b(\d+) weken?\b", lambda m: f"{int(m.group(1)) * 7} dagen", normal)
    parsed = dateparser.parse(
        normal, languages=["nl"],
        settings={"RELATIVE_BASE": datetime(vandaag.year, vandaag.month, vandaag.day, 12),
                  "PREFER_DATES_FROM": "past"},
    )
    if parsed is None:
        return GevondenDatum(tekst, vraag=f"Welke datum bedoelt u precies met '{tekst}'? {VOORBEELD}")
    return GevondenDatum(tekst, parsed.date())
