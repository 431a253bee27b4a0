"""Empties the chat kept with a terugbelverzoek or a chat handed to a person (and what was said in it) once the
conversations' retention term has passed: the chat shown to staff is kept as long as the conversation itself
(bot/retention.py), no longer. The request and the handover's times stay: they are the loket's work, and their own
audit rows say who read them.

The review of conversations (issue 28) goes with them: after a sync with the tracker store (whose old conversations
bot/retention.py has just deleted), a conversation's summary, the inwoner's feedback on its answers and the
beheerder's marks and review are deleted together (api/review.py: vergeet). Training sentences already taken into
the repository by `make review-import` are no conversation: they stay.

    make retention                               (WMO_RETENTION_DAYS, 30 when it is not set, as for the conversations)
    .venv/api/bin/python -m api.chat_retention [--days 30]
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import timedelta
from typing import List, Optional

from sqlmodel import Session

from api import overdrachten, review, terugbelverzoeken
from api.gesprekken_sync import TrackerStore, sync
from api.models import utcnow

DEFAULT_DAYS = 30  # bot/retention.py's


def main(argv: Optional[List[str]] = None) -> int:
    from api.db import engine_for
    from api.settings import get_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=float(os.environ.get("WMO_RETENTION_DAYS", DEFAULT_DAYS)))
    args = parser.parse_args(argv)
    if args.days <= 0:
        parser.error("--days must be more than 0")
    settings = get_settings()
    engine = engine_for(settings.database_url)
    store = TrackerStore(settings.wmo_tracker_url)
    try:
        sync(engine, store)
        with Session(engine) as session:
            before = utcnow() - timedelta(days=args.days)
            emptied = terugbelverzoeken.forget_gesprekken(session, before=before)
            handed = overdrachten.vergeet_gesprekken(session, before=before)
            reviewed = review.vergeet(session, before)
    finally:
        engine.dispose()
        store.dispose()
    print(f"retention: emptied the chat of {emptied} terugbelverzoeken and {handed} ended chats with a medewerker, "
          f"and deleted {reviewed} feedback, marks and reviews of conversations, older than {args.days:g} days")
    return 0


if __name__ == "__main__":
    sys.exit(main())
