"""Deletes the conversations nobody has added to for a number of days, from the Rasa server's tracker store.

    make retention                       (keeps WMO_RETENTION_DAYS days, 30 when it is not set)
    .venv/bot/bin/python -m bot.retention --days 30 [--dry-run]

A conversation is deleted whole, with every session in it, when its newest event is older than the cut-off; a
conversation still going on is kept whole. It reads the tracker store from endpoints.yml (the SQLite file of
`make run`, or PostgreSQL in the scale-out profile), with the same environment variables as the Rasa server.
A running Rasa server that still holds a deleted conversation in memory reads it again from the database
(bot/tracker_store.py), so nothing comes back. What the conversations led to (meldingen, plans) is in the gemeente
API's database and is not touched.

The action server's outbox (actions/outbox.py) loses, with the same cut-off, the entries the gemeente has had for
longer (their status and referentie; what was typed was deleted on delivery). What still waits is kept.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import List, Optional

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DAYS = 30


@dataclass
class Deleted:
    conversations: int
    events: int


def delete_older_than(engine: sa.engine.Engine, days: float, now: Optional[float] = None,
                      dry_run: bool = False) -> Deleted:
    """Deletes the conversations whose newest event is more than `days` days before `now` (a Unix time)."""
    if days <= 0:
        raise ValueError("days must be more than 0")
    cutoff = (time.time() if now is None else now) - days * 24 * 3600
    events = sa.Table("events", sa.MetaData(), autoload_with=engine)
    old = (sa.select(events.c.sender_id).group_by(events.c.sender_id)
           .having(sa.func.max(events.c.timestamp) < cutoff))
    with engine.begin() as connection:
        senders = [sender for (sender,) in connection.execute(old)]
        count = 0
        for start in range(0, len(senders), 500):  # SQLite allows a limited number of parameters per query
            chunk = senders[start:start + 500]
            if dry_run:
                count += connection.execute(sa.select(sa.func.count()).select_from(events)
                                            .where(events.c.sender_id.in_(chunk))).scalar()
            else:
                count += connection.execute(sa.delete(events).where(events.c.sender_id.in_(chunk))).rowcount
    return Deleted(len(senders), count)


def tracker_store_engine(endpoints: Path) -> sa.engine.Engine:
    """The database of the tracker store that endpoints.yml names, as the Rasa server opens it."""
    from rasa.core.tracker_store import create_tracker_store
    from rasa.utils.endpoints import read_endpoint_config

    config = read_endpoint_config(str(endpoints), "tracker_store")
    store = create_tracker_store(config)
    store = getattr(store, "_tracker_store", store)  # Rasa wraps it in a FailSafeTrackerStore
    engine = getattr(store, "engine", None)
    if engine is None:
        raise SystemExit(f"The tracker store in {endpoints} keeps no SQL database; there is nothing to delete.")
    return engine


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=float(os.environ.get("WMO_RETENTION_DAYS", DEFAULT_DAYS)),
                        help=f"keep conversations with an event in the last DAYS days (WMO_RETENTION_DAYS, "
                             f"{DEFAULT_DAYS})")
    parser.add_argument("--endpoints", type=Path, default=ROOT / "endpoints.yml")
    parser.add_argument("--dry-run", action="store_true", help="count what would be deleted, delete nothing")
    args = parser.parse_args(argv)
    # where `make run` keeps conversations (scripts/stack.py), unless the environment names another database
    os.environ.setdefault("RASA_TRACKER_DB", str(Path(os.environ.get("WMO_VAR_DIR", ROOT / "var")) / "rasa-tracker.db"))
    os.environ.setdefault("ACTION_SERVER_URL", "http://127.0.0.1:5055/webhook")
    engine = tracker_store_engine(args.endpoints)
    deleted = delete_older_than(engine, args.days, dry_run=args.dry_run)
    verb = "would delete" if args.dry_run else "deleted"
    print(f"retention: {verb} {deleted.conversations} conversations ({deleted.events} events) with nothing in "
          f"the last {args.days:g} days, from {engine.url.render_as_string(hide_password=True)}")
    os.environ.setdefault("WMO_OUTBOX_DB", f"sqlite:///{Path(os.environ.get('WMO_VAR_DIR', ROOT / 'var')) / 'outbox.db'}")
    from actions.outbox import Outbox, utcnow

    box = Outbox()
    sent = box.forget_done(utcnow() - timedelta(days=args.days), dry_run=args.dry_run)
    print(f"retention: {verb} {sent} sent meldingen and plans from the outbox, "
          f"{box.engine.url.render_as_string(hide_password=True)}")
    box.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
