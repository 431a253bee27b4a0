"""Removes the audit trail's oldest rows once they are older than the term the gemeente set, and records that run.

    make retention                                   (after the conversations; WMO_AUDIT_RETENTION_DAYS)
    .venv/api/bin/python -m api.audit_retention [--dry-run]

The term is the setting WMO_AUDIT_RETENTION_DAYS (api/settings.py says what it must follow). Without it nothing is
removed: a removed audit row cannot come back, so the command does not guess a term. Either way the run is itself a
row in the trail (`audit.retention`, result `ok` with the last removed id as object, or `kept`).

Only a run of rows from the start of the chain is removed, never a row in the middle: the rows up to the first row
that is still within the term. The database triggers allow that DELETE only while this command's permit row is in
`audit_retention_permit`, in the same transaction (api/migrations/versions/0002_audit_trail.py). `verify` then
accepts a chain that starts after row 1 only when a retention row names the row just before its first one.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import List, Optional

from sqlalchemy import delete, func, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from api import audit
from api.models import AuditRetentionPermit, AuditRow, utcnow

# Who writes the retention row: the command itself, not a person or an API client.
COMMAND = audit.Actor(issuer="wmo-assistent", subject="retention", name="make retention", role="systeem")


@dataclass(frozen=True)
class Removed:
    rows: int
    until_id: Optional[int]  # the last removed row; None when nothing was (or would be) removed


def removable_until(session: Session, cutoff: datetime) -> Optional[int]:
    """The id of the last row of the run from the chain's start whose rows are all older than `cutoff`."""
    table = AuditRow.__table__
    first_kept = session.execute(select(func.min(table.c.id)).where(table.c.moment >= cutoff)).scalar()
    if first_kept is None:
        return session.execute(select(func.max(table.c.id))).scalar()
    return first_kept - 1 if first_kept > 1 else None


def apply(engine: Engine, days: Optional[float], now: Optional[datetime] = None, dry_run: bool = False) -> Removed:
    """Removes the rows older than `days` days (none when `days` is None) and appends the run's own row."""
    if days is not None and days <= 0:
        raise ValueError("the audit retention term must be more than 0 days")
    now = now or utcnow()
    table = AuditRow.__table__
    with Session(engine) as session:
        if session.get_bind().dialect.name == "postgresql":  # no row is appended while this runs
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": audit.ADVISORY_LOCK})
        until = removable_until(session, now - timedelta(days=days)) if days is not None else None
        first = session.execute(select(func.min(table.c.id))).scalar()
        count = 0 if until is None or first is None or until < first else until - first + 1
        if dry_run:
            session.rollback()
            return Removed(count, until if count else None)
        # the run's own row first: the chain goes on from the last row, even when every older row goes
        audit.append(session, COMMAND, audit.RETENTION, "ok" if days is not None else "kept", "audit_trail",
                     str(until) if count else None, moment=now)
        if count:
            session.add(AuditRetentionPermit(until_id=until))
            session.flush()
            session.execute(delete(table).where(table.c.id <= until))
            session.execute(delete(AuditRetentionPermit.__table__))
        session.commit()
    return Removed(count, until if count else None)


def main(argv: Optional[List[str]] = None) -> int:
    from api.db import engine_for
    from api.settings import get_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="count what would be removed, remove nothing")
    args = parser.parse_args(argv)
    settings = get_settings()
    days = settings.wmo_audit_retention_days
    engine = engine_for(settings.database_url)
    try:
        removed = apply(engine, days, dry_run=args.dry_run)
    finally:
        engine.dispose()
    if days is None:
        print("retention: the audit trail is kept whole: WMO_AUDIT_RETENTION_DAYS is not set (docs/privacy.md)")
    else:
        verb = "would remove" if args.dry_run else "removed"
        print(f"retention: {verb} {removed.rows} audit rows older than {days:g} days"
              + (f" (up to row {removed.until_id})" if removed.until_id else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
