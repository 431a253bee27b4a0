"""Today's date for the actions: the Dutch calendar day, or a fixed day for tests (WMO_TODAY=2026-11-23); and the
moment now, for the chat's hours (WMO_NOW in tests)."""

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


NOW_ENV = "WMO_NOW"


def nu() -> datetime:
    """The moment now, time-zone aware: the chat's hours (wmo/chat_uren.py) depend on it. A fixed moment for tests:
    WMO_NOW=2026-11-23T14:00:00+01:00."""
    fixed = os.environ.get(NOW_ENV)
    if fixed:
        return datetime.fromisoformat(fixed)
    return datetime.now(NL)
