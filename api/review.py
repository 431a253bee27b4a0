"""The review of conversations by the beheerder (issue 28): which conversations to look at, one conversation with
what the bot understood per message, and the beheerder's marks. Only conversations of the beheerder's own
gemeente(n); a conversation without a gemeente belongs to the only one a deployment of one serves."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Dict, Iterable, List, Optional, Sequence
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, select

from api.gemeente_scope import row_in
from api.models import AntwoordFeedback, Gesprek, GesprekReview, ReviewMarkering, utcnow

KIND = "gesprek"
PAGE_SIZE = 25
NL = ZoneInfo("Europe/Amsterdam")
# the filters of the list, as the page names them; each narrows the list (all chosen must hold)
FILTERS = {
    "bedoelt_u": "“Bedoelt u …?” getoond",
    "niet_begrepen": "Niet begrepen",
    "negatief": "Antwoord niet nuttig",
    "overdracht": "Vroeg om een mens",
    "formulier_gestopt": "Formulier half gestopt",
    "niet_nagekeken": "Nog niet nagekeken",
}


def scope(gemeenten: Iterable[str], served: Sequence[str]):
    """The conversations of these gemeenten (and those without one, in a deployment of one gemeente)."""
    gemeenten = sorted(gemeenten)
    condition = Gesprek.gemeente.in_(gemeenten)
    if len(served) == 1 and served[0] in gemeenten:
        condition = sa.or_(condition, Gesprek.gemeente.is_(None))
    return condition


def negatief():
    return sa.exists().where(AntwoordFeedback.gesprek_id == Gesprek.id, AntwoordFeedback.nuttig.is_(False))


def nagekeken():
    return sa.exists().where(GesprekReview.gesprek_id == Gesprek.id, GesprekReview.nagekeken_op.is_not(None))


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=NL)


def period(van: Optional[date], tot: Optional[date]) -> List:
    """Conversations begun on these days (Dutch time), both included."""
    found = []
    if van:
        found.append(Gesprek.begonnen_op >= day_start(van))
    if tot:
        found.append(Gesprek.begonnen_op < day_start(tot + timedelta(days=1)))
    return found


def conditions(filters: Iterable[str]) -> List:
    made = {
        "bedoelt_u": lambda: Gesprek.bedoelt_u > 0,
        "niet_begrepen": lambda: Gesprek.niet_begrepen > 0,
        "negatief": negatief,
        "overdracht": lambda: sa.or_(Gesprek.overdracht_gevraagd, Gesprek.overgedragen),
        "formulier_gestopt": lambda: Gesprek.formulier_gestopt.is_(True),
        "niet_nagekeken": lambda: sa.not_(nagekeken()),
    }
    return [made[name]() for name in filters if name in made]


@dataclass
class Regel:
    gesprek: Gesprek
    negatief: bool
    nagekeken: bool


@dataclass
class Pagina:
    items: List[Regel]
    total: int
    page: int
    paginas: int


def lijst(session: Session, gemeenten: Iterable[str], served: Sequence[str], gemeente: Optional[str],
          van: Optional[date], tot: Optional[date], filters: Iterable[str], page: int) -> Pagina:
    where = [scope([gemeente] if gemeente else gemeenten, served), *period(van, tot), *conditions(filters),
             Gesprek.berichten > 0]
    total = session.exec(select(sa.func.count()).select_from(Gesprek).where(*where)).one()
    rows = session.exec(select(Gesprek, negatief(), nagekeken()).where(*where)
                        .order_by(Gesprek.begonnen_op.desc(), Gesprek.id)
                        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return Pagina([Regel(row, bool(neg), bool(done)) for row, neg, done in rows], total, page,
                  max(1, math.ceil(total / PAGE_SIZE)))


def get(session: Session, gesprek_id: str, gemeenten: Iterable[str], served: Sequence[str]) -> Gesprek:
    """The conversation, when scope() holds for it; NotFound or WrongGemeente otherwise."""
    gemeenten = set(gemeenten)
    no_gemeente = {None} if len(served) == 1 and served[0] in gemeenten else set()
    return row_in(session, Gesprek, KIND, gesprek_id, gemeenten | no_gemeente)


def feedback_of(session: Session, gesprek_id: str) -> Dict[str, AntwoordFeedback]:
    rows = session.exec(select(AntwoordFeedback).where(AntwoordFeedback.gesprek_id == gesprek_id)).all()
    return {row.bericht_id: row for row in rows}


def marks_of(session: Session, gesprek_id: str) -> Dict[str, ReviewMarkering]:
    rows = session.exec(select(ReviewMarkering).where(ReviewMarkering.gesprek_id == gesprek_id)).all()
    return {row.bericht_id: row for row in rows}


def review_of(session: Session, gesprek_id: str) -> Optional[GesprekReview]:
    return session.get(GesprekReview, gesprek_id)


def markeer(session: Session, gesprek: Gesprek, bericht_id: str, tekst: str, bericht_op: datetime,
            was_intent: Optional[str], intent: Optional[str], door: str) -> Optional[ReviewMarkering]:
    """Marks one message with the intent it should have had; no intent takes the mark away."""
    row = session.exec(select(ReviewMarkering).where(ReviewMarkering.gesprek_id == gesprek.id,
                                                     ReviewMarkering.bericht_id == bericht_id)).first()
    if not intent:
        if row is not None:
            session.delete(row)
        return None
    if row is None:
        row = ReviewMarkering(gesprek_id=gesprek.id, bericht_id=bericht_id, gemeente=gesprek.gemeente, tekst=tekst,
                              bericht_op=bericht_op, intent=intent, was_intent=was_intent, door=door, op=utcnow())
    row.intent, row.door, row.op = intent, door, utcnow()
    session.add(row)
    return row


def zet_nagekeken(session: Session, gesprek: Gesprek, door: Optional[str], testverhaal: bool = False) -> None:
    row = session.get(GesprekReview, gesprek.id) or GesprekReview(gesprek_id=gesprek.id, gemeente=gesprek.gemeente)
    if testverhaal:
        row.testverhaal_door, row.testverhaal_op = door, (utcnow() if door else None)
    else:
        row.nagekeken_door, row.nagekeken_op = door, (utcnow() if door else None)
    session.add(row)


def vergeet(session: Session, before: datetime) -> int:
    """The retention (api/chat_retention.py): a conversation's summary, feedback, marks and review go together, when
    its last message is older than `before`; those of a conversation the tracker store no longer has (the bot's
    retention deleted it) when they are older themselves. Run after a sync with the tracker store."""
    removed = 0
    for model, moment in ((AntwoordFeedback, AntwoordFeedback.gegeven_op), (ReviewMarkering, ReviewMarkering.op),
                          (GesprekReview, sa.func.coalesce(GesprekReview.nagekeken_op, GesprekReview.testverhaal_op))):
        still_going = sa.exists().where(Gesprek.id == model.gesprek_id, Gesprek.laatste_op >= before)
        old_conversation = sa.exists().where(Gesprek.id == model.gesprek_id, Gesprek.laatste_op < before)
        result = session.exec(sa.delete(model).where(sa.not_(still_going), sa.or_(
            old_conversation, moment < before, moment.is_(None))).execution_options(synchronize_session=False))
        removed += result.rowcount
    session.exec(sa.delete(Gesprek).where(Gesprek.laatste_op < before))
    session.commit()
    return removed
