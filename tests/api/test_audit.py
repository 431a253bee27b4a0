"""The audit trail (api/audit.py): append-only in the database, hash-chained, and a verify that names the first
broken row. On SQLite and PostgreSQL."""

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from api import audit
from api.audit import Actor, Origin
from api.settings import ROOT
from tests.api.support import server_env

ANNE = Actor(issuer="http://127.0.0.1:9000", subject="anne", name="Anne de Vries", role="consulent")
ORIGIN = Origin(client_address="192.0.2.10", request_id="req-1")


def fill(engine, count: int) -> None:
    with Session(engine) as session:
        for number in range(count):
            audit.append(session, ANNE, "melding.read", "ok", "melding", f"m-{number}", ORIGIN)
        session.commit()


def test_rows_form_a_chain_and_verify_finds_it_intact(engine):
    fill(engine, 5)
    with Session(engine) as session:
        rows = audit.for_object(session, "melding", "m-3")
        assert [(r.actor_subject, r.action, r.result, r.client_address, r.request_id) for r in rows] == [
            ("anne", "melding.read", "ok", "192.0.2.10", "req-1")]
        assert [r.id for r in audit.by_actor(session, ANNE.issuer, "anne")] == [1, 2, 3, 4, 5]
        assert audit.by_actor(session, "http://elders", "anne") == []
    result = audit.verify(engine)
    assert (result.intact, result.checked) == (True, 5)


@pytest.mark.parametrize("statement", ["UPDATE audit_trail SET result = 'denied' WHERE id = 2",
                                       "DELETE FROM audit_trail WHERE id = 2"])
def test_the_database_refuses_to_change_or_delete_a_row(engine, statement):
    fill(engine, 3)
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as connection:
            connection.execute(text(statement))
    assert audit.verify(engine).checked == 3


def test_postgresql_refuses_truncate(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE exists on PostgreSQL only")
    fill(engine, 1)
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as connection:
            connection.execute(text("TRUNCATE audit_trail"))


def tamper(engine, statement: str) -> None:
    """What someone with the database owner's rights could do: switch the guard off, change a row, switch it on."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE audit_trail DISABLE TRIGGER audit_trail_append_only"))
            connection.execute(text(statement))
            connection.execute(text("ALTER TABLE audit_trail ENABLE TRIGGER audit_trail_append_only"))
        else:
            triggers = connection.execute(text(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_trail'")).scalars().all()
            for name in ("audit_trail_no_update", "audit_trail_no_delete"):
                connection.execute(text(f"DROP TRIGGER {name}"))
            connection.execute(text(statement))
            for sql in triggers:
                connection.execute(text(sql))


@pytest.mark.parametrize("statement, reason", [
    ("UPDATE audit_trail SET actor_subject = 'bert' WHERE id = 4", "do not match its hash"),
    ("DELETE FROM audit_trail WHERE id = 4", "missing"),
])
def test_verify_names_the_first_row_that_was_changed_or_removed(engine, statement, reason):
    fill(engine, 7)
    tamper(engine, statement)
    result = audit.verify(engine, batch=3)  # the break lies across a batch boundary
    assert (result.intact, reason in result.reason) == (False, True)
    assert result.first_broken in (4, 5)  # the changed row itself; after a removal, the row that follows the gap
    if "DELETE" in statement:
        assert result.first_broken == 5


def test_a_row_rewritten_with_a_fresh_hash_still_breaks_the_chain_at_the_next_row(engine):
    fill(engine, 4)
    with Session(engine) as session:
        row = session.get(audit.AuditRow, 2)
        row.actor_subject = "bert"
        forged = audit.row_hash(row)
    tamper(engine, f"UPDATE audit_trail SET actor_subject = 'bert', hash = '{forged}' WHERE id = 2")
    result = audit.verify(engine)
    assert (result.first_broken, "prev_hash" in result.reason) == (3, True)


def test_writers_at_the_same_time_never_fork_the_chain(engine):
    def write(number: int) -> None:
        audit.record(engine, ANNE, "melding.read", "ok", "melding", f"m-{number}", ORIGIN)

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write, range(60)))
    result = audit.verify(engine)
    assert (result.intact, result.checked) == (True, 60)


def test_the_verify_command_exits_1_and_names_the_row(engine, database_url):
    fill(engine, 3)
    command = [sys.executable, "-m", "api.audit", "verify"]
    env = {**server_env(database_url), "PYTHONPATH": str(ROOT)}
    ok = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert (ok.returncode, "intact: 3 rows" in ok.stdout) == (0, True), ok.stderr
    tamper(engine, "UPDATE audit_trail SET result = 'denied' WHERE id = 2")
    broken = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert (broken.returncode, "BROKEN at row 2" in broken.stderr) == (1, True)


def test_the_gemeente_a_row_is_about_is_part_of_its_hash(engine):
    with Session(engine) as session:
        audit.append(session, ANNE, "melding.read", "ok", "melding", "m-1", ORIGIN)  # as rows before 0005: none
        audit.append(session, ANNE, "melding.read", "ok", "melding", "m-2", ORIGIN, gemeente="oeverdam")
        audit.append(session, ANNE, "login", "ok", origin=ORIGIN, gemeente="oeverdam voorbeeldstad")
        session.commit()
    assert audit.verify(engine).intact
    with Session(engine) as session:
        assert [r.id for r in audit.by_actor(session, ANNE.issuer, "anne", ["voorbeeldstad"])] == [1, 3], \
            "a beheerder of Voorbeeldstad: the rows about Voorbeeldstad, and those about no gemeente"
    tamper(engine, "UPDATE audit_trail SET gemeente = 'voorbeeldstad' WHERE id = 2")
    result = audit.verify(engine)
    assert (result.first_broken, "do not match its hash" in result.reason) == (2, True)
