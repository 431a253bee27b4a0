"""Terugbelverzoeken in the database: create (idempotent), read, list, status. An inwoner asked to be called back by
the loket, when no person could take the chat (issue 27). Each belongs to one gemeente (api/gemeente_scope.py).

No HTTP here: the routes in api/routes/terugbelverzoeken.py and the staff pages both call these functions.
"""

import uuid
from datetime import datetime, timezone
from typing import AbstractSet, Dict, Optional, Tuple

from sqlalchemy import case, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from api import schemas
from api.gemeente_scope import NotFound, row_in  # noqa: F401  (NotFound: for callers)
from api.meldingen import BeforeCommit, IdempotencyConflict, no_audit, request_hash
from api.models import Terugbelverzoek, utcnow

KIND = "terugbelverzoek"  # the object type in the audit trail and in a 404


def _schema(row: Terugbelverzoek) -> schemas.Terugbelverzoek:
    return schemas.Terugbelverzoek(
        id=row.id, gemeente=row.gemeente, status=row.status, ingediend_op=row.ingediend_op,
        bijgewerkt_op=row.bijgewerkt_op, naam=row.naam, telefoon=row.telefoon, wanneer=row.wanneer, vraag=row.vraag,
        toestemming=schemas.ToestemmingUit(gegeven=True, moment=row.toestemming_moment),
        gesprek=row.gesprek or [], gesprek_gewist_op=row.gesprek_gewist_op, behandeld_door=row.behandeld_door)


def _row(session: Session, verzoek_id: str, gemeenten: AbstractSet[str], for_update: bool = False):
    return row_in(session, Terugbelverzoek, KIND, verzoek_id, gemeenten, for_update)


def get_verzoek(session: Session, verzoek_id: str, gemeenten: AbstractSet[str]) -> schemas.Terugbelverzoek:
    return _schema(_row(session, verzoek_id, gemeenten))


def list_verzoeken(session: Session, gemeenten: AbstractSet[str], status: Optional[schemas.TerugbelStatus],
                   page: int, page_size: int) -> schemas.TerugbelverzoekenPagina:
    """Of these gemeenten, the oldest open one first (who waits longest is called first), then newest first."""
    where = [Terugbelverzoek.gemeente.in_(sorted(gemeenten))]
    if status:
        where.append(Terugbelverzoek.status == status.value)
    total = session.exec(select(func.count()).select_from(Terugbelverzoek).where(*where)).one()
    is_open = Terugbelverzoek.status == schemas.TerugbelStatus.open.value
    rows = session.exec(select(Terugbelverzoek).where(*where)
                        .order_by(case((is_open, 0), else_=1), case((is_open, Terugbelverzoek.ingediend_op)),
                                  Terugbelverzoek.ingediend_op.desc())
                        .offset((page - 1) * page_size).limit(page_size)).all()
    return schemas.TerugbelverzoekenPagina(items=[_schema(row) for row in rows], page=page, page_size=page_size,
                                           total=total)


def create_verzoek(session: Session, data: schemas.TerugbelverzoekIn, gemeente: str,
                   idempotency_key: Optional[str] = None, now: Optional[datetime] = None,
                   before_commit: BeforeCommit = no_audit) -> Tuple[schemas.Terugbelverzoek, bool]:
    """Stores a new terugbelverzoek; returns (it, created). A key seen before returns the first one (created False);
    the same key with another body is an IdempotencyConflict."""
    now = now or utcnow()
    body_hash = request_hash(data)

    def replay() -> Optional[Tuple[schemas.Terugbelverzoek, bool]]:
        if idempotency_key is None:
            return None
        existing = session.exec(select(Terugbelverzoek).where(
            Terugbelverzoek.idempotency_key == idempotency_key)).first()
        if existing is None:
            return None
        if existing.request_hash != body_hash:
            raise IdempotencyConflict(idempotency_key)
        return _schema(existing), False

    earlier = replay()
    if earlier:
        return earlier
    row = Terugbelverzoek(
        id=str(uuid.uuid4()), gemeente=gemeente, status=schemas.TerugbelStatus.open.value, ingediend_op=now,
        bijgewerkt_op=now, naam=data.naam, telefoon=data.telefoon, wanneer=data.wanneer.value, vraag=data.vraag,
        toestemming_moment=data.toestemming.moment.astimezone(timezone.utc),
        gesprek=[regel.model_dump(mode="json") for regel in data.gesprek],
        idempotency_key=idempotency_key, request_hash=body_hash if idempotency_key else None)
    try:
        session.add(row)
        session.flush()
        before_commit(session, row)
        session.commit()
    except IntegrityError:  # the same key at the same moment: the other request won
        session.rollback()
        earlier = replay()
        if earlier:
            return earlier
        raise
    return _schema(row), True


def update_verzoek(session: Session, verzoek_id: str, update: schemas.TerugbelverzoekUpdate,
                   gemeenten: AbstractSet[str], now: Optional[datetime] = None,
                   before_commit: BeforeCommit = no_audit) -> schemas.Terugbelverzoek:
    row = _row(session, verzoek_id, gemeenten, for_update=True)
    if update.status is not None:
        row.status = update.status.value
    if "behandeld_door" in update.model_fields_set:
        row.behandeld_door = update.behandeld_door or None
    row.bijgewerkt_op = now or utcnow()
    session.add(row)
    before_commit(session, row)
    session.commit()
    session.refresh(row)
    return _schema(row)


def status_counts(session: Session, gemeenten: AbstractSet[str]) -> Dict[str, int]:
    counts = dict(session.exec(select(Terugbelverzoek.status, func.count())
                               .where(Terugbelverzoek.gemeente.in_(sorted(gemeenten)))
                               .group_by(Terugbelverzoek.status)).all())
    return {status.value: counts.get(status.value, 0) for status in schemas.TerugbelStatus}


def forget_gesprekken(session: Session, before: datetime, now: Optional[datetime] = None) -> int:
    """The chat in the terugbelverzoeken made before `before` emptied (the retention term of conversations);
    the request itself stays: it is the loket's work. Returns how many were emptied."""
    rows = session.exec(select(Terugbelverzoek).where(Terugbelverzoek.ingediend_op < before,
                                                      Terugbelverzoek.gesprek_gewist_op.is_(None))).all()
    for row in rows:
        row.gesprek = []
        row.gesprek_gewist_op = now or utcnow()
        session.add(row)
    session.commit()
    return len(rows)
