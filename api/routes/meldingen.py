"""/api/v1: meldingen and persoonlijke plannen (the contract in DESIGN.md, "The gemeente API").

Each client acts for its gemeenten (WMO_API_CLIENTS): a melding of another gemeente is a 404, as for an id that does
not exist, with an audit row `wrong_gemeente` on that gemeente's record; a melding for another gemeente is a 403.
"""

import asyncio
import time
from typing import Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status
from sqlalchemy.engine import Engine

from api import audit, mail_outbox, mails, melding_ontvangen, meldingen, schemas
from api.auth import Caller, Role, gemeente_to_write, require
from api.deps import get_engine, in_session
from api.routes.audited import (IdempotencyKey, errors, idempotency_conflict, log_now, log_refused, logged,
                                read)

router = APIRouter(prefix="/api/v1", tags=["meldingen"])


KIND = "melding"


def _errors(*codes: int) -> dict:
    return errors(*codes, kind=KIND, conflict="The melding is afgerond; its plan cannot change")


def _logged(caller: Caller, action: str) -> meldingen.BeforeCommit:
    return logged(caller, action, KIND)


def _log_now(session, caller: Caller, action: str, result: str, melding_id: str,
             gemeente: Optional[str] = None) -> None:
    log_now(session, caller, action, result, KIND, melding_id, gemeente)


def _read(caller: Caller, action: str, melding_id: str, work):
    return read(caller, action, KIND, melding_id, work, meldingen.gemeente_of)


@router.post("/meldingen", status_code=status.HTTP_201_CREATED, response_model=schemas.Melding,
             summary="Make a melding (role bot)",
             responses={200: {"model": schemas.Melding, "description": "Replay: this Idempotency-Key was used "
                                                                        "before; the first melding, nothing stored"},
                        **_errors(401, 403, 422)})
async def create_melding(request: Request, data: schemas.MeldingIn, response: Response,
                         idempotency_key: Optional[str] = IdempotencyKey,
                         caller: Caller = Depends(require(Role.bot)), engine: Engine = Depends(get_engine)):
    gemeente = await gemeente_to_write(request, data.gemeente, caller)
    gemeenten = request.app.state.gemeenten

    def before_commit(session, row) -> None:
        _logged(caller, "melding.create")(session, row)
        melding_ontvangen.melding(session, row, gemeenten, row.ingediend_op)  # registration, confirmation mails

    def create(session):
        melding, created = meldingen.create_melding(session, data, gemeente, idempotency_key,
                                                    before_commit=before_commit)
        if not created:  # the first melding again: a read
            _log_now(session, caller, "melding.create", "replayed", melding.id, melding.gemeente)
        return melding, created

    try:
        melding, created = await in_session(engine, create)
    except meldingen.IdempotencyConflict:
        return idempotency_conflict("melding")
    response.headers["Location"] = f"/api/v1/meldingen/{melding.id}"
    request.app.state.mail.wake()
    if not created:
        response.status_code = status.HTTP_200_OK
        response.headers["Idempotent-Replayed"] = "true"
    return melding


@router.get("/meldingen", response_model=schemas.MeldingenPagina, summary="List meldingen, newest first (role consulent)",
            responses=_errors(401, 403, 422))
async def list_meldingen(status_: Optional[schemas.Status] = Query(default=None, alias="status"),
                         page: int = Query(default=1, ge=1, le=100_000),
                         page_size: int = Query(default=25, ge=1, le=100),
                         caller: Caller = Depends(require(Role.consulent)), engine: Engine = Depends(get_engine)):
    def listed(session):
        pagina = meldingen.list_meldingen(session, caller.gemeenten, status_, page, page_size)
        # each melding whose inwoner the list shows
        audit.record_in(session, caller.actor, "melding.list", "ok", "melding", [item.id for item in pagina.items],
                        caller.origin, {item.id: item.gemeente for item in pagina.items})
        return pagina

    return await in_session(engine, listed)


@router.get("/meldingen/{melding_id}", response_model=schemas.Melding,
            summary="One melding with its newest plan (role consulent)", responses=_errors(401, 403, 404))
async def get_melding(melding_id: str, caller: Caller = Depends(require(Role.consulent)),
                      engine: Engine = Depends(get_engine)):
    return await in_session(engine, _read(caller, "melding.read", melding_id, meldingen.get_melding))


@router.patch("/meldingen/{melding_id}", response_model=schemas.Melding,
              summary="Change status or toegewezen_aan (role consulent)", responses=_errors(401, 403, 404, 422))
async def update_melding(melding_id: str, update: schemas.MeldingUpdate,
                         caller: Caller = Depends(require(Role.consulent)), engine: Engine = Depends(get_engine)):
    def change(session):
        try:
            return meldingen.update_melding(session, melding_id, update, caller.gemeenten,
                                            before_commit=_logged(caller, "melding.update"))
        except meldingen.NotFound as refused:
            log_refused(session, caller, "melding.update", melding_id, refused)
            raise

    return await in_session(engine, change)


@router.put("/meldingen/{melding_id}/plan", response_model=schemas.PersoonlijkPlan,
            summary="Write the persoonlijk plan as a new version (role bot)",
            responses=_errors(401, 403, 404, 409, 422))
async def put_plan(request: Request, melding_id: str, plan: schemas.PersoonlijkPlanIn,
                   caller: Caller = Depends(require(Role.bot)), engine: Engine = Depends(get_engine)):
    gemeenten = request.app.state.gemeenten

    def write(session):
        written = []

        def logged(session_, melding) -> None:
            written.append(melding.id)
            _logged(caller, "plan.write")(session_, melding)
            melding_ontvangen.plan(session_, melding, gemeenten, melding.bijgewerkt_op)  # a new registration mail

        try:
            version = meldingen.put_plan(session, melding_id, plan, caller.gemeenten, before_commit=logged)
        except meldingen.NotFound as refused:
            log_refused(session, caller, "plan.write", melding_id, refused)
            raise
        except meldingen.PlanClosed:
            _log_now(session, caller, "plan.write", "conflict", melding_id, meldingen.gemeente_of(session, melding_id))
            raise
        if not written:  # the same plan again: nothing stored
            _log_now(session, caller, "plan.write", "unchanged", melding_id,
                     meldingen.gemeente_of(session, melding_id))
        return version

    try:
        version = await in_session(engine, write)
    except meldingen.PlanClosed:
        raise HTTPException(status.HTTP_409_CONFLICT,
                            detail="the melding is afgerond: its persoonlijk plan can no longer change") from None
    request.app.state.mail.wake()
    return version


@router.get("/meldingen/{melding_id}/plan/versies", response_model=schemas.PlanVersies,
            summary="Every version of the plan, oldest first (role consulent)", responses=_errors(401, 403, 404))
async def plan_versies(melding_id: str, caller: Caller = Depends(require(Role.consulent)),
                       engine: Engine = Depends(get_engine)):
    versies = await in_session(engine, _read(caller, "plan.read", melding_id, meldingen.plan_versies))
    return schemas.PlanVersies(items=versies)


@router.get("/meldingen/{melding_id}/bevestiging", response_model=schemas.Bevestigingen,
            summary="Whether the confirmation mails of a melding went (role bot)", responses=_errors(401, 403, 404))
async def bevestiging(melding_id: str, wacht: float = Query(default=0, ge=0, le=10, description=(
                          "Seconds to wait for mails that are still being sent")),
                      caller: Caller = Depends(require(Role.bot)), engine: Engine = Depends(get_engine)):
    """The chat tells the inwoner whether their confirmation went (issue 29). With `wacht`, the answer comes as soon
    as each confirmation was sent, refused or tried once, or after that many seconds."""
    def confirmations(session):
        rows = mail_outbox.of_melding(session, melding_id, [mails.BEVESTIGING, mails.BEVESTIGING_NAMENS])
        return [(row.soort, row.aan, row.status, row.pogingen) for row in rows]

    def first_look(session, melding_id, gemeenten):
        meldingen.check_in(session, melding_id, gemeenten)  # NotFound for another gemeente's melding
        return confirmations(session)

    deadline = time.monotonic() + wacht
    found = await in_session(engine, _read(caller, "bevestiging.read", melding_id, first_look))
    while (any(status == mail_outbox.WACHT and not pogingen for _, _, status, pogingen in found)
           and time.monotonic() < deadline):
        await asyncio.sleep(0.25)
        found = await in_session(engine, confirmations)
    return schemas.Bevestigingen(items=[schemas.BevestigingStatus(soort=soort, aan=aan, status=status)
                                        for soort, aan, status, _ in found])
