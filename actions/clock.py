"""Today's date for the actions: the Dutch calendar day, or a fixed day for tests (WMO_TODAY=2026-11-23)."""

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

TODAY_ENV = "WMO_TODAY"
NL = ZoneInfo("Europe/Amsterdam")


def vandaag() -> date:
    fixed = os.environ.get(TODAY_ENV)
    if fixed:
        return date.fromisoformat(fixed)
    return datetime.now(NL).date()
