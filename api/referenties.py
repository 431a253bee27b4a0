"""Human-readable referenties per year: WMO-2026-000123.

The counter row of the year is bumped with one atomic upsert inside the melding's own transaction, so two
concurrent meldingen never get the same number (PostgreSQL locks the row until commit; SQLite has one writer).
A rolled-back melding gives its number back; numbers may still have gaps (a deleted test melding), which is fine:
a referentie identifies, it does not count.
"""

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from api.models import ReferentieTeller

PREFIX = "WMO"


def format_referentie(jaar: int, nummer: int) -> str:
    return f"{PREFIX}-{jaar}-{nummer:06d}"


def next_referentie(session: Session, jaar: int) -> str:
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    table = ReferentieTeller.__table__
    statement = (
        insert(table)
        .values(jaar=jaar, laatste=1)
        .on_conflict_do_update(index_elements=[table.c.jaar], set_={"laatste": table.c.laatste + 1})
        .returning(table.c.laatste)
    )
    nummer = session.execute(statement).scalar_one()
    return format_referentie(jaar, nummer)
