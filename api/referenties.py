"""Human-readable referenties per year: WMO-2026-000123.

Unique under concurrent writes, and gap-tolerant: a number is never handed out twice, but a melding that fails after
taking its number leaves a gap. A referentie identifies a melding; it does not count them.

- PostgreSQL: one SEQUENCE per year (`referentie_2026`), made on first use. `nextval` takes no lock that lasts until
  the commit, so concurrent meldingen do not queue behind each other.
- SQLite: a counter row per year, bumped with one atomic upsert inside the melding's transaction (SQLite has one
  writer at a time anyway, so this costs nothing extra).
"""

import threading

from sqlalchemy import text
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from api.models import ReferentieTeller

PREFIX = "WMO"


def format_referentie(jaar: int, nummer: int) -> str:
    return f"{PREFIX}-{jaar}-{nummer:06d}"


def next_referentie(session: Session, jaar: int) -> str:
    if not 2000 <= jaar <= 2999:
        raise ValueError(f"unexpected year {jaar}")
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        return format_referentie(jaar, _next_from_sequence(session, bind.engine, jaar))
    return format_referentie(jaar, _next_from_counter(session, jaar))


def _next_from_counter(session: Session, jaar: int) -> int:
    table = ReferentieTeller.__table__
    statement = (
        sqlite.insert(table)
        .values(jaar=jaar, laatste=1)
        .on_conflict_do_update(index_elements=[table.c.jaar], set_={"laatste": table.c.laatste + 1})
        .returning(table.c.laatste)
    )
    return session.execute(statement).scalar_one()


_known_sequences: set = set()
_sequences_lock = threading.Lock()


def sequence_name(jaar: int) -> str:
    return f"referentie_{jaar}"


def _ensure_sequence(engine: Engine, jaar: int) -> None:
    """CREATE SEQUENCE IF NOT EXISTS, in its own committed transaction (once per process and year)."""
    key = (str(engine.url), jaar)
    if key in _known_sequences:
        return
    with _sequences_lock:
        if key in _known_sequences:
            return
        for attempt in range(3):  # two processes creating the same sequence at once: one of them gets an error
            try:
                with engine.begin() as connection:
                    connection.execute(text(f"CREATE SEQUENCE IF NOT EXISTS {sequence_name(jaar)} START 1"))
                break
            except DBAPIError:
                if attempt == 2:
                    raise  # not a race: the database refuses, so the melding fails here rather than at nextval
        _known_sequences.add(key)


def _next_from_sequence(session: Session, engine: Engine, jaar: int) -> int:
    _ensure_sequence(engine, jaar)
    return session.execute(text(f"SELECT nextval('{sequence_name(jaar)}')")).scalar_one()
