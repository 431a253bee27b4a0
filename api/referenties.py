"""Human-readable referenties per gemeente and year: WMO-2026-000123. Two gemeenten of one deployment each have
their own numbers, as they would with a deployment each.

Unique under concurrent writes, and gap-tolerant: a number is never handed out twice, but a melding that fails after
taking its number leaves a gap. A referentie identifies a melding; it does not count them.

- PostgreSQL: one SEQUENCE per gemeente and year (`referentie_voorbeeldstad_2026`), made on first use. `nextval`
  takes no lock that lasts until the commit, so concurrent meldingen do not queue behind each other.
- SQLite: a counter row per gemeente and year, bumped with one atomic upsert inside the melding's transaction (SQLite
  has one writer at a time anyway, so this costs nothing extra).
"""

import threading

from sqlalchemy import text
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from api.models import ReferentieTeller
from wmo.gemeente import SLUG

PREFIX = "WMO"


def format_referentie(jaar: int, nummer: int) -> str:
    return f"{PREFIX}-{jaar}-{nummer:06d}"


def next_referentie(session: Session, gemeente: str, jaar: int) -> str:
    if not 2000 <= jaar <= 2999:
        raise ValueError(f"unexpected year {jaar}")
    if not SLUG.match(gemeente):  # it becomes part of a sequence's name
        raise ValueError(f"not a gemeente's slug: {gemeente!r}")
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        return format_referentie(jaar, _next_from_sequence(session, bind.engine, gemeente, jaar))
    return format_referentie(jaar, _next_from_counter(session, gemeente, jaar))


def _next_from_counter(session: Session, gemeente: str, jaar: int) -> int:
    table = ReferentieTeller.__table__
    statement = (
        sqlite.insert(table)
        .values(gemeente=gemeente, jaar=jaar, laatste=1)
        .on_conflict_do_update(index_elements=[table.c.gemeente, table.c.jaar],
                               set_={"laatste": table.c.laatste + 1})
        .returning(table.c.laatste)
    )
    return session.execute(statement).scalar_one()


_known_sequences: set = set()
_sequences_lock = threading.Lock()


def sequence_name(gemeente: str, jaar: int) -> str:
    return f"referentie_{gemeente.replace('-', '_')}_{jaar}"


def _ensure_sequence(engine: Engine, gemeente: str, jaar: int) -> None:
    """CREATE SEQUENCE IF NOT EXISTS, in its own committed transaction (once per process, gemeente and year)."""
    key = (str(engine.url), gemeente, jaar)
    if key in _known_sequences:
        return
    with _sequences_lock:
        if key in _known_sequences:
            return
        for attempt in range(3):  # two processes creating the same sequence at once: one of them gets an error
            try:
                with engine.begin() as connection:
                    connection.execute(text(f"CREATE SEQUENCE IF NOT EXISTS {sequence_name(gemeente, jaar)} START 1"))
                break
            except DBAPIError:
                if attempt == 2:
                    raise  # not a race: the database refuses, so the melding fails here rather than at nextval
        _known_sequences.add(key)


def _next_from_sequence(session: Session, engine: Engine, gemeente: str, jaar: int) -> int:
    _ensure_sequence(engine, gemeente, jaar)
    return session.execute(text(f"SELECT nextval('{sequence_name(gemeente, jaar)}')")).scalar_one()
