"""Dates and amounts written out the way the bot says them: "dinsdag 14 april 2026", "€ 21,80"."""

from datetime import date
from decimal import Decimal

WEEKDAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)


def datum_voluit(day: date) -> str:
    """'dinsdag 14 april 2026'."""
    return f"{WEEKDAGEN[day.weekday()]} {day.day} {MAANDEN[day.month - 1]} {day.year}"


def datum_kort(day: date) -> str:
    """'14 april 2026' (without the weekday)."""
    return f"{day.day} {MAANDEN[day.month - 1]} {day.year}"


def bedrag(amount: Decimal) -> str:
    """'€ 21,80'; whole thousands with a dot: '€ 1.442,00'."""
    text = f"{amount:,.2f}"  # 1,442.00
    return "€ " + text.replace(",", "_").replace(".", ",").replace("_", ".")
