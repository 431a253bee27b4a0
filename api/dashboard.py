"""The dashboard's figures (issue 28), from the summaries of the conversations (api/gesprekken.py) of one period
and gemeente(n): pure counting, no database, no HTML.

- conversations per day (Dutch calendar day the conversation began), with the days without any;
- first time right, an estimate: the share of conversations that ended without the bot saying it did not
  understand and without an answer marked not useful;
- the "Bedoelt u ...?" rate: the share of the inwoner's messages answered with "Bedoelt u ...?";
- handovers to a person, terugbelverzoeken, meldingen and plannen sent (the inwoner agreed to send them);
- the twenty most asked topics and the twenty most common messages the bot did not understand.
Only conversations with at least one message of the inwoner count.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable, List, Set, Tuple
from zoneinfo import ZoneInfo

from api.models import Gesprek

NL = ZoneInfo("Europe/Amsterdam")
TOP = 20


@dataclass
class Cijfers:
    van: date
    tot: date
    gesprekken: int = 0
    berichten: int = 0
    per_dag: List[Tuple[date, int]] = field(default_factory=list)
    zonder_problemen: int = 0  # no "not understood", no answer marked not useful
    bedoelt_u: int = 0  # messages answered with "Bedoelt u ...?"
    niet_begrepen: int = 0  # conversations with at least one "not understood"
    negatief: int = 0  # conversations with an answer marked not useful
    overdrachten: int = 0
    terugbelverzoeken: int = 0
    meldingen: int = 0
    plannen: int = 0
    onderwerpen: List[Tuple[str, int]] = field(default_factory=list)
    niet_begrepen_teksten: List[Tuple[str, int]] = field(default_factory=list)

    @property
    def eerste_keer_goed(self) -> float:
        return self.zonder_problemen / self.gesprekken if self.gesprekken else 0.0

    @property
    def bedoelt_u_aandeel(self) -> float:
        return self.bedoelt_u / self.berichten if self.berichten else 0.0


def dag(gesprek: Gesprek) -> date:
    return gesprek.begonnen_op.astimezone(NL).date()


def _same(text: str) -> str:
    return " ".join(text.lower().split())


def cijfers(rows: Iterable[Gesprek], negatief: Set[str], van: date, tot: date) -> Cijfers:
    found = Cijfers(van=van, tot=tot)
    days: Counter = Counter()
    topics: Counter = Counter()
    not_understood: Counter = Counter()
    shown = {}
    for row in rows:
        if row.berichten == 0:
            continue
        found.gesprekken += 1
        found.berichten += row.berichten
        days[dag(row)] += 1
        bad = row.id in negatief
        found.negatief += bad
        found.niet_begrepen += row.niet_begrepen > 0
        found.zonder_problemen += not bad and row.niet_begrepen == 0
        found.bedoelt_u += row.bedoelt_u
        found.overdrachten += row.overgedragen
        found.terugbelverzoeken += row.terugbelverzoek
        found.meldingen += row.melding
        found.plannen += row.plan
        topics.update(row.onderwerpen or [])
        for text in row.niet_begrepen_teksten or []:
            key = _same(text)
            if key:
                not_understood[key] += 1
                shown.setdefault(key, " ".join(text.split()))
    span = (tot - van).days + 1
    found.per_dag = [(van + timedelta(days=n), days.get(van + timedelta(days=n), 0)) for n in range(max(span, 0))]
    found.onderwerpen = _top(topics)
    found.niet_begrepen_teksten = [(shown[key], count) for key, count in _top(not_understood)]
    return found


def _top(counter: Counter) -> List[Tuple[str, int]]:
    """The TOP most common, ties by name, so the order does not depend on the order read."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:TOP]
