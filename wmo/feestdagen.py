"""The days on which a legal term does not end: Algemene termijnenwet (Atw).

Not the calendar's holidays and not a general holiday library: the Atw has its own list.

- Art. 3 lid 1: Nieuwjaarsdag, Tweede Paasdag, Tweede Pinksterdag, beide Kerstdagen, Hemelvaartsdag, the day the
  King's birthday is celebrated (27 April; 26 April when the 27th is a Sunday), and 5 mei (every year).
- Art. 3 lid 2: Goede Vrijdag.
- Art. 3 lid 3: days "gelijkgesteld" by Koninklijk Besluit, a few years at a time (the table below).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Dict, Optional, Tuple

from dateutil.easter import EASTER_WESTERN, easter


@dataclass(frozen=True)
class Besluit:
    """A Koninklijk Besluit under Atw art. 3 lid 3: the years it covers and the days it adds."""

    jaren: Tuple[int, ...]
    dagen: Tuple[date, ...]
    bron: str


# One row per besluit. When a new besluit is published, add a row: nothing else changes.
GELIJKGESTELDE_DAGEN = (
    Besluit(
        (2023, 2024, 2025),
        (date(2023, 4, 28), date(2023, 5, 19), date(2024, 5, 10), date(2024, 12, 27), date(2025, 5, 30)),
        "Koninklijk Besluit ex art. 3 lid 3 Algemene termijnenwet voor 2023-2025 (shared/wmo-feiten.md)",
    ),
    Besluit(
        (2026, 2027, 2028),
        (date(2026, 1, 2), date(2026, 5, 15), date(2027, 5, 7), date(2028, 4, 28), date(2028, 5, 26)),
        "Koninklijk Besluit ex art. 3 lid 3 Algemene termijnenwet voor 2026-2028 (shared/wmo-feiten.md)",
    ),
)


def koningsdag(year: int) -> date:
    """27 April, or 26 April when the 27th is a Sunday."""
    day = date(year, 4, 27)
    return day - timedelta(days=1) if day.weekday() == 6 else day


def feestdagen(year: int) -> Dict[date, str]:
    """The algemeen erkende feestdagen of art. 3 lid 1 and lid 2, with their names."""
    pasen = easter(year, EASTER_WESTERN)
    days = {
        date(year, 1, 1): "Nieuwjaarsdag",
        pasen - timedelta(days=2): "Goede Vrijdag",
        pasen + timedelta(days=1): "Tweede Paasdag",
        koningsdag(year): "Koningsdag",
        date(year, 5, 5): "5 mei (Bevrijdingsdag)",
        pasen + timedelta(days=39): "Hemelvaartsdag",
        pasen + timedelta(days=50): "Tweede Pinksterdag",
        date(year, 12, 25): "Eerste Kerstdag",
        date(year, 12, 26): "Tweede Kerstdag",
    }
    return days


GELIJKGESTELD = "gelijkgestelde dag"


def gelijkgestelde_dagen(year: int) -> Dict[date, str]:
    return {
        day: GELIJKGESTELD
        for besluit in GELIJKGESTELDE_DAGEN
        for day in besluit.dagen
        if day.year == year
    }


def besluit_voor(year: int) -> Optional[Besluit]:
    """The besluit that covers this year, or None when none is known (yet)."""
    for besluit in GELIJKGESTELDE_DAGEN:
        if year in besluit.jaren:
            return besluit
    return None


def waarom_geen_termijndag(day: date) -> Optional[str]:
    """Why a term cannot end on this day ('zaterdag', 'Hemelvaartsdag', ...), or None when it can."""
    named = feestdagen(day.year).get(day) or gelijkgestelde_dagen(day.year).get(day)
    if named:
        return named  # a feestdag on a Saturday is named as the feestdag
    return {5: "zaterdag", 6: "zondag"}.get(day.weekday())
