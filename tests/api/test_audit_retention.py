"""The retention of the audit trail (api/audit_retention.py): the oldest rows go after the term, the run is itself
on record, the chain still verifies, and rows removed any other way are found. On SQLite and PostgreSQL."""

import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import Session, col, select

from api import audit, audit_retention
from api.audit import Actor
from api.models import AuditRow, utcnow
from api.settings import ROOT
from tests.api.support import server_env

ANNE = Actor(issuer="http://127.0.0.1:9000", subject="anne", name="Anne de Vries", role="consulent")
NOW = utcnow()


def rows_aged(engine, *days_ago: float) -> None:
    """One row per age, oldest first, as the API would have written them on those days."""
    with Session(engine) as session:
        for number, age in enumerate(days_ago):
            audit.append(session, ANNE, "melding.read", "ok", "melding", f"m-{number}", moment=NOW - timedelta(days=age))
        session.commit()


def trail(engine):
    with Session(engine) as session:
        return [(r.id, r.action, r.result, r.object_id) for r in session.exec(select(AuditRow).order_by(col(AuditRow.id)))]


def test_rows_older_than_the_term_go_and_the_run_is_on_record(engine):
    rows_aged(engine, 400, 370, 366, 10, 0)
    removed = audit_retention.apply(engine, 365, now=NOW)
    assert (removed.rows, removed.until_id) == (3, 3)
    assert trail(engine) == [(4, "melding.read", "ok", "m-3"), (5, "melding.read", "ok", "m-4"),
                             (6, "audit.retention", "ok", "3")]
    # the run's row is never removed by the run itself: the chain goes on from it
    with Session(engine) as session:
        run = session.get(AuditRow, 6)
    assert (run.actor_issuer, run.actor_subject, run.actor_role) == ("wmo-assistent", "retention", "systeem")
    assert audit.verify(engine).intact
    # a second run later: the rows of the first one's day go too, the chain still verifies
    again = audit_retention.apply(engine, 365, now=NOW + timedelta(days=370))
    assert (again.rows, again.until_id) == (3, 6) and trail(engine) == [(7, "audit.retention", "ok", "6")]
    assert audit.verify(engine).intact


def test_a_row_in_the_middle_is_never_removed_even_when_older(engine):
    # row 2 carries an older moment than row 1 (a clock set back): only the run from the start counts
    rows_aged(engine, 10, 400, 400)
    assert audit_retention.apply(engine, 365, now=NOW).rows == 0
    assert [row[0] for row in trail(engine)] == [1, 2, 3, 4]


def test_without_a_term_nothing_is_removed_and_the_run_says_so(engine):
    rows_aged(engine, 4000, 3000)
    assert audit_retention.apply(engine, None, now=NOW).rows == 0
    assert trail(engine)[-1] == (3, "audit.retention", "kept", None)


def test_a_dry_run_counts_and_changes_nothing(engine):
    rows_aged(engine, 400, 0)
    assert audit_retention.apply(engine, 365, now=NOW, dry_run=True).rows == 1
    assert [row[0] for row in trail(engine)] == [1, 2]


def test_a_term_of_zero_days_is_refused(engine):
    with pytest.raises(ValueError, match="more than 0 days"):
        audit_retention.apply(engine, 0)


def test_rows_removed_from_the_start_by_anyone_else_are_found(engine):
    rows_aged(engine, 3, 2, 1, 0)
    with engine.begin() as connection:  # someone with the owner's rights, imitating the command without its row
        connection.execute(text("INSERT INTO audit_retention_permit (until_id) VALUES (2)"))
        connection.execute(text("DELETE FROM audit_trail WHERE id <= 2"))
        connection.execute(text("DELETE FROM audit_retention_permit"))
    result = audit.verify(engine)
    assert (result.first_broken, result.reason) == (3, "rows 1 to 2 are missing and no retention run removed them")


def test_the_command_reads_the_term_from_the_settings(engine, database_url):
    rows_aged(engine, 800, 1)
    env = {**server_env(database_url), "WMO_AUDIT_RETENTION_DAYS": "730"}
    ran = subprocess.run([sys.executable, "-m", "api.audit_retention"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "retention: removed 1 audit rows older than 730 days (up to row 1)"
    assert trail(engine)[-1] == (3, "audit.retention", "ok", "1")
    unset = {key: value for key, value in server_env(database_url).items() if key != "WMO_AUDIT_RETENTION_DAYS"}
    kept = subprocess.run([sys.executable, "-m", "api.audit_retention"], cwd=ROOT, env=unset, capture_output=True,
                          text=True, timeout=60)
    assert "kept whole: WMO_AUDIT_RETENTION_DAYS is not set" in kept.stdout
