"""Abonnementstarief: the amount for this year or the years asked, and what this gemeente does with it.

Facts from wmo.tarief and the gemeente's file (config/gemeenten/). Also the answer to the same question asked inside
a form (actions/zijvragen.py); the calculator "Wat betaal ik?" is actions/tarief_berekening.py.
"""

import re
from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.asked_text import asked_text
from actions.clock import vandaag
from actions.gemeente_van import gemeente_van
from wmo import gemeente, tarief
from wmo.kalender import bedrag


def asked_years(text: Text, this_year: Optional[int] = None) -> List[int]:
    """The years a question is about: "in 2025", or "volgend jaar" and "vorig jaar" when this_year is known."""
    years = {int(y) for y in re.findall(r"\b(20\d{2})\b", text)}
    if this_year is not None:
        if re.search(r"\bvolgend\s+jaar\b|\bkomend\s+jaar\b", text, re.I):
            years.add(this_year + 1)
        if re.search(r"\bvorig\s+jaar\b|\bverleden\s+jaar\b", text, re.I):
            years.add(this_year - 1)
    return sorted(years)


def asked_year(text: Text, this_year: Optional[int] = None) -> Optional[int]:
    """The one year a question is about; None for none, or for several."""
    years = asked_years(text, this_year)
    return years[0] if len(years) == 1 else None


def tarief_antwoord(text: Text, today: date, config: gemeente.Gemeente) -> Text:
    """The abonnementstarief for each year the question names ("2025 of 2026": both, never one picked), or this
    year's."""
    days = [today if year == today.year else date(year, 7, 1) for year in asked_years(text, today.year)] or [today]
    return "\n".join(tarief_uitleg(day, today, config) for day in days)


def tarief_regel(op: date, config: gemeente.Gemeente) -> Text:
    """The rule in short, said before the calculator's questions: the most a household pays in the year of `op`
    (this gemeente's lower amount when it asks less), and that some pay nothing."""
    t = tarief.abonnementstarief(op)
    if t.bedrag is None:
        return t.uitleg
    hoogstens = gemeente.tarief_keuzes(config).hoogstens(t.bedrag)
    if not hoogstens:
        return f"Gemeente {config.naam} vraagt geen eigen bijdrage voor hulp van de Wmo."
    return (f"Voor de meeste hulp van de Wmo betaalt u een eigen bijdrage: in {op.year} hoogstens "
            f"{bedrag(hoogstens)} per {t.per}, per huishouden. Soms betaalt u niets.")


def tarief_uitleg(op: date, vandaag_: date, config: gemeente.Gemeente) -> Text:
    """The maximum for the year of `op`, and what this gemeente does with it."""
    t = tarief.abonnementstarief(op)
    parts = [t.uitleg]
    if t.bedrag is not None and op.year == vandaag_.year:
        keuzes = gemeente.tarief_keuzes(config)
        gevraagd = keuzes.hoogstens(t.bedrag)
        if gevraagd < t.bedrag:
            parts.append(f"Gemeente {config.naam} vraagt minder: {bedrag(gevraagd)} per {t.per}."
                         if gevraagd else f"Gemeente {config.naam} vraagt geen eigen bijdrage.")
        if keuzes.collectief_vervoer_vrijgesteld:
            parts.append(f"Voor de regiotaxi vraagt gemeente {config.naam} geen abonnementstarief.")
        parts.append("Soms betaalt u niets, bijvoorbeeld als u een partner heeft en een van u beiden jonger is "
                     "dan de AOW-leeftijd.")
    return " ".join(parts)


class ActionAbonnementstarief(Action):
    """Puts the explanation of the abonnementstarief in `tarief_uitleg` for utter_abonnementstarief."""

    def name(self) -> Text:
        return "action_abonnementstarief"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        answer = tarief_antwoord(asked_text(tracker), vandaag(), gemeente_van(tracker))
        return [SlotSet("tarief_uitleg", answer)]
