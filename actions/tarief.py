"""Abonnementstarief: the amount for this year, or the year asked (wmo.tarief, config/gemeente.yml)."""

import re
from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clock import vandaag
from wmo import gemeente, tarief
from wmo.kalender import bedrag


def asked_year(text: Text) -> Optional[int]:
    years = {int(y) for y in re.findall(r"\b(20\d{2})\b", text)}
    return years.pop() if len(years) == 1 else None


def tarief_uitleg(op: date, vandaag_: date, config: gemeente.Gemeente) -> Text:
    """The maximum for the year of `op`, and what this gemeente does with it."""
    t = tarief.abonnementstarief(op)
    parts = [t.uitleg]
    if t.bedrag is not None and op.year == vandaag_.year:
        keuzes = gemeente.tarief_keuzes(config)
        if keuzes.abonnementstarief is not None and keuzes.abonnementstarief < t.bedrag:
            parts.append(f"Gemeente {config.naam} vraagt minder: {bedrag(keuzes.abonnementstarief)} per {t.per}."
                         if keuzes.abonnementstarief else f"Gemeente {config.naam} vraagt geen eigen bijdrage.")
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
        today = vandaag()
        year = asked_year(tracker.latest_message.get("text") or "")
        op = today if year in (None, today.year) else date(year, 7, 1)
        return [SlotSet("tarief_uitleg", tarief_uitleg(op, today, gemeente.current()))]
