"""Meldingen and their persoonlijke plannen in the database: create (idempotent), read, list, plan versions, status.

Every melding belongs to one gemeente. Whoever reads or changes meldingen does so for a set of gemeenten (a machine
client's, a consulent's from their identity); a melding of another gemeente is not found for them
(api/gemeente_scope.py).

No HTTP here: the routes in api/routes/ and the consulent pages both call these functions.
"""

import hashlib
import json
import uuid
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import AbstractSet, Callable, Dict, List, Optional, Tuple
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from api import schemas
from api.models import Melding, PlanVersie, utcnow
from api.gemeente_scope import NotFound, WrongGemeente, row_in  # noqa: F401  (NotFound, WrongGemeente: for callers)
from api.referenties import next_referentie
from wmo.termijnen import onderzoekstermijn, plantermijn

NL = ZoneInfo("Europe/Amsterdam")  # the day of a melding is the Dutch calendar day




class IdempotencyConflict(Exception):
    """The Idempotency-Key was used before with a different body."""


class PlanClosed(Exception):
    """The melding is afgerond: its plan can no longer change."""


def request_hash(data: schemas.MeldingIn) -> str:
    body = data.model_dump(mode="json")
    if body.get("namens") and body["namens"].get("email") is None:
        # namens.email came later (migration 0009): a retry of a melding sent before it has the hash it had then
        del body["namens"]["email"]
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def dutch_day(moment: datetime) -> date:
    return moment.astimezone(NL).date()


@lru_cache(maxsize=64)
def termijnen_van(dag: date) -> schemas.Termijnen:
    """The plan and onderzoek deadlines of a melding made on `dag` (the same for every melding of that day)."""
    return schemas.Termijnen(plan_uiterlijk=plantermijn(dag, dag).laatste_dag,
                             onderzoek_uiterlijk=onderzoekstermijn(dag, dag).laatste_dag)


# --- reading -------------------------------------------------------------------------------------------------

def _overzicht_fields(row: Melding, plan_versie: Optional[int]) -> dict:
    namens = None
    if row.namens_naam is not None:
        namens = schemas.NamensUit(naam=row.namens_naam, organisatie=row.namens_organisatie, rol=row.namens_rol,
                                   email=row.namens_email)
    return dict(
        id=row.id, gemeente=row.gemeente, referentie=row.referentie, status=row.status, ingediend_op=row.ingediend_op,
        bijgewerkt_op=row.bijgewerkt_op, kanaal=row.kanaal,
        inwoner=schemas.InwonerUit(
            naam=row.inwoner_naam, adres=row.inwoner_adres, postcode=row.inwoner_postcode,
            woonplaats=row.inwoner_woonplaats, telefoon=row.inwoner_telefoon, email=row.inwoner_email),
        namens=namens, hulpvraag=row.hulpvraag, levensgebieden=row.levensgebieden,
        toestemming=schemas.ToestemmingUit(gegeven=row.toestemming_gegeven, moment=row.toestemming_moment),
        termijnen=schemas.Termijnen(plan_uiterlijk=row.plan_uiterlijk, onderzoek_uiterlijk=row.onderzoek_uiterlijk),
        toegewezen_aan=row.toegewezen_aan, plan_versie=plan_versie,
    )


def plan_schema(row: PlanVersie) -> schemas.PersoonlijkPlan:
    return schemas.PersoonlijkPlan(**row.inhoud, version=row.versie, updated_at=row.bijgewerkt_op)


def _newest_plan(session: Session, melding_id: str) -> Optional[PlanVersie]:
    statement = (select(PlanVersie).where(PlanVersie.melding_id == melding_id)
                 .order_by(PlanVersie.versie.desc()).limit(1))
    return session.exec(statement).first()


def _melding(row: Melding, plan: Optional[PlanVersie]) -> schemas.Melding:
    return schemas.Melding(**_overzicht_fields(row, plan.versie if plan else None),
                           plan=plan_schema(plan) if plan else None)


def melding_schema(session: Session, row: Melding) -> schemas.Melding:
    return _melding(row, _newest_plan(session, row.id))


def melding_with_plan(session: Session, row: Melding, versie: Optional[int]) -> schemas.Melding:
    """The melding with this version of its plan (None: the newest; 0: without a plan)."""
    if versie is None:
        return melding_schema(session, row)
    plan = session.exec(select(PlanVersie).where(PlanVersie.melding_id == row.id,
                                                 PlanVersie.versie == versie)).first() if versie else None
    return _melding(row, plan)


def _row(session: Session, melding_id: str, gemeenten: AbstractSet[str], for_update: bool = False) -> Melding:
    """The melding, when it belongs to one of these gemeenten; NotFound or WrongGemeente otherwise."""
    return row_in(session, Melding, "melding", melding_id, gemeenten, for_update)


def check_in(session: Session, melding_id: str, gemeenten: AbstractSet[str]) -> None:
    """NotFound (or WrongGemeente) unless the melding belongs to one of these gemeenten."""
    _row(session, melding_id, gemeenten)


def gemeente_of(session: Session, melding_id: str) -> Optional[str]:
    """The gemeente of a melding (for the audit row of a read the caller was allowed)."""
    row = session.get(Melding, melding_id)
    return row.gemeente if row else None


def get_melding(session: Session, melding_id: str, gemeenten: AbstractSet[str]) -> schemas.Melding:
    return melding_schema(session, _row(session, melding_id, gemeenten))


def plan_versies(session: Session, melding_id: str, gemeenten: AbstractSet[str]) -> List[schemas.PersoonlijkPlan]:
    _row(session, melding_id, gemeenten)
    rows = session.exec(select(PlanVersie).where(PlanVersie.melding_id == melding_id).order_by(PlanVersie.versie))
    return [plan_schema(row) for row in rows]


def plan_versie(session: Session, melding_id: str, versie: int) -> Optional[schemas.PersoonlijkPlan]:
    row = session.exec(select(PlanVersie).where(PlanVersie.melding_id == melding_id,
                                                PlanVersie.versie == versie)).first()
    return plan_schema(row) if row else None


def list_meldingen(session: Session, gemeenten: AbstractSet[str], status: Optional[schemas.Status], page: int,
                   page_size: int) -> schemas.MeldingenPagina:
    """The meldingen of these gemeenten, newest first; `page` counts from 1."""
    where = [Melding.gemeente.in_(sorted(gemeenten))]
    if status:
        where.append(Melding.status == status.value)
    total = session.exec(select(func.count()).select_from(Melding).where(*where)).one()
    rows = session.exec(
        select(Melding).where(*where)
        .order_by(Melding.ingediend_op.desc(), Melding.referentie.desc())
        .offset((page - 1) * page_size).limit(page_size)
    ).all()
    versies: Dict[str, int] = {}
    if rows:
        versies = dict(session.exec(
            select(PlanVersie.melding_id, func.max(PlanVersie.versie))
            .where(PlanVersie.melding_id.in_([row.id for row in rows]))
            .group_by(PlanVersie.melding_id)
        ).all())
    items = [schemas.MeldingOverzicht(**_overzicht_fields(row, versies.get(row.id))) for row in rows]
    return schemas.MeldingenPagina(items=items, page=page, page_size=page_size, total=total)


def status_counts(session: Session, gemeenten: AbstractSet[str]) -> Dict[str, int]:
    counts = dict(session.exec(select(Melding.status, func.count()).where(Melding.gemeente.in_(sorted(gemeenten)))
                               .group_by(Melding.status)).all())
    return {status.value: counts.get(status.value, 0) for status in schemas.Status}


# --- writing -------------------------------------------------------------------------------------------------

def _plan_row(melding_id: str, versie: int, plan: schemas.PersoonlijkPlanIn, now: datetime) -> PlanVersie:
    return PlanVersie(melding_id=melding_id, versie=versie, inhoud=plan.model_dump(mode="json"),
                      opgesteld_door=plan.opgesteld_door.value, bijgewerkt_op=now)


def _replay(session: Session, existing: Melding, body_hash: str) -> Tuple[schemas.Melding, bool]:
    if existing.request_hash != body_hash:
        raise IdempotencyConflict(existing.idempotency_key)
    return melding_schema(session, existing), False


def _by_key(session: Session, key: str) -> Optional[Melding]:
    return session.exec(select(Melding).where(Melding.idempotency_key == key)).first()


# Called with the session and the melding just before a change is committed: the audit row (api/audit.py) lands
# in the same transaction as the change, or neither does.
BeforeCommit = Callable[[Session, Melding], None]


def no_audit(session: Session, melding: Melding) -> None:
    return None


def create_melding(session: Session, data: schemas.MeldingIn, gemeente: str, idempotency_key: Optional[str] = None,
                   now: Optional[datetime] = None, before_commit: BeforeCommit = no_audit
                   ) -> Tuple[schemas.Melding, bool]:
    """Stores a new melding of this gemeente (with its plan as version 1, if given); returns (melding, created).

    With an idempotency key that was seen before, nothing is stored and the first melding is returned
    (created False). Concurrent requests with one key race on the key's unique index: the loser rolls back and
    returns the winner's melding.
    """
    now = now or utcnow()
    body_hash = request_hash(data)
    if idempotency_key is not None:
        existing = _by_key(session, idempotency_key)
        if existing is not None:
            return _replay(session, existing, body_hash)
    dag = dutch_day(now)
    termijnen = termijnen_van(dag)
    inwoner, namens = data.inwoner, data.namens
    row = Melding(
        id=str(uuid.uuid4()), gemeente=gemeente, referentie="", status=schemas.Status.nieuw.value,
        ingediend_op=now, bijgewerkt_op=now, kanaal=data.kanaal,
        inwoner_naam=inwoner.naam, inwoner_adres=inwoner.adres, inwoner_postcode=inwoner.postcode,
        inwoner_woonplaats=inwoner.woonplaats, inwoner_telefoon=inwoner.telefoon,
        inwoner_email=str(inwoner.email) if inwoner.email else None,
        namens_naam=namens.naam if namens else None, namens_organisatie=namens.organisatie if namens else None,
        namens_rol=namens.rol.value if namens else None,
        namens_email=str(namens.email) if namens and namens.email else None,
        hulpvraag=data.hulpvraag, levensgebieden=[gebied.value for gebied in data.levensgebieden],
        toestemming_gegeven=True, toestemming_moment=data.toestemming.moment.astimezone(timezone.utc),
        plan_uiterlijk=termijnen.plan_uiterlijk, onderzoek_uiterlijk=termijnen.onderzoek_uiterlijk,
        idempotency_key=idempotency_key, request_hash=body_hash if idempotency_key else None,
    )
    try:
        # The number is taken last: on SQLite its counter row is then locked only for the insert and the commit.
        row.referentie = next_referentie(session, gemeente, dag.year)
        session.add(row)
        plan = None
        if data.plan is not None:
            session.flush()  # the melding row first: the plan refers to it
            plan = _plan_row(row.id, 1, data.plan, now)
            session.add(plan)
        before_commit(session, row)
        session.commit()
    except IntegrityError:
        session.rollback()
        if idempotency_key is not None:
            existing = _by_key(session, idempotency_key)
            if existing is not None:
                return _replay(session, existing, body_hash)
        raise
    return _melding(row, plan), True  # just written: no query for the newest plan


def put_plan(session: Session, melding_id: str, plan: schemas.PersoonlijkPlanIn, gemeenten: AbstractSet[str],
             now: Optional[datetime] = None, before_commit: BeforeCommit = no_audit) -> schemas.PersoonlijkPlan:
    """Adds the plan as the next version; earlier versions stay.

    The same plan as the newest version again (a retry after a lost answer) stores nothing and returns that version.
    """
    now = now or utcnow()
    # FOR UPDATE: two PUTs on one melding wait for each other instead of both taking the same version number.
    row = _row(session, melding_id, gemeenten, for_update=True)
    if row.status == schemas.Status.afgerond.value:
        raise PlanClosed(melding_id)
    newest = _newest_plan(session, melding_id)
    if newest is not None and newest.inhoud == plan.model_dump(mode="json"):
        session.rollback()  # releases the row lock; nothing changed
        return plan_schema(newest)
    version = _plan_row(melding_id, (newest.versie if newest else 0) + 1, plan, now)
    session.add(version)
    row.bijgewerkt_op = now
    session.add(row)
    before_commit(session, row)
    session.commit()
    session.refresh(version)
    return plan_schema(version)


def update_melding(session: Session, melding_id: str, update: schemas.MeldingUpdate, gemeenten: AbstractSet[str],
                   now: Optional[datetime] = None, before_commit: BeforeCommit = no_audit) -> schemas.Melding:
    row = _row(session, melding_id, gemeenten, for_update=True)
    if update.status is not None:
        row.status = update.status.value
    if "toegewezen_aan" in update.model_fields_set:
        row.toegewezen_aan = update.toegewezen_aan or None
    row.bijgewerkt_op = now or utcnow()
    session.add(row)
    before_commit(session, row)
    session.commit()
    session.refresh(row)
    return melding_schema(session, row)
