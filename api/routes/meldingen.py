"""/api/v1: meldingen and persoonlijke plannen (the contract in DESIGN.md, "The gemeente API").

Each client acts for its gemeenten (WMO_API_CLIENTS): a melding of another gemeente is a 404, as for an id that does
not exist, with an audit row `wrong_gemeente` on that gemeente's record; a melding for another gemeente is a 403.
"""

from typing import Optional

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from api import audit, meldingen, schemas
from api.auth import Caller, Role, require
from api.deps import get_engine, in_session

router = APIRouter(prefix="/api/v1", tags=["meldingen"])


class Fout(BaseModel):
    detail: str


class Validatiefout(BaseModel):
    message: str
    detail: list


def _errors(*codes: int) -> dict:
    described = {
        401: ({"model": Fout, "description": "Missing or unknown bearer token"}),
        403: ({"model": Fout, "description": "The token's role may not use this route, or its client may not write "
                                             "for this gemeente"}),
        404: ({"model": Fout, "description": "No melding with this id of the client's gemeenten"}),
        409: ({"model": Fout, "description": "The melding is afgerond; its plan cannot change"}),
        422: ({"model": Validatiefout, "description": "Invalid input; each error names its field"}),
    }
    return {code: described[code] for code in codes}


async def melding_not_found(request: Request, exc: meldingen.NotFound) -> JSONResponse:
    """404 for every route that meets an unknown melding id (registered on the app in api/app.py)."""
    return JSONResponse(status_code=status.HTTP_404_NOT_FOUND, content={"detail": f"no melding with id '{exc}'"})


def _logged(caller: Caller, action: str, result: str = "ok") -> meldingen.BeforeCommit:
    """The audit row of a change, written in the change's own transaction (meldingen.* call it before committing)."""
    def before_commit(session, melding) -> None:
        audit.append(session, caller.actor, action, result, "melding", melding.id, caller.origin,
                     gemeente=melding.gemeente)

    return before_commit


def _log_now(session, caller: Caller, action: str, result: str, melding_id: str,
             gemeente: Optional[str] = None) -> None:
    """An audit row on its own: a read, or a request that changed nothing."""
    audit.record_in(session, caller.actor, action, result, "melding", [melding_id], caller.origin, gemeente)


def _log_refused(session, caller: Caller, action: str, melding_id: str, refused: meldingen.NotFound) -> None:
    """`not_found` for an id that does not exist; `wrong_gemeente` for another gemeente's melding, on that
    gemeente's record, so its beheerder sees who asked for it."""
    _log_now(session, caller, action, meldingen.refusal(refused), melding_id, getattr(refused, "gemeente", None))


def _read(caller: Caller, action: str, melding_id: str, work):
    """`work(session, melding_id, gemeenten)` with an audit row of the read, also when the caller may not see it."""
    def run(session):
        try:
            value = work(session, melding_id, caller.gemeenten)
        except meldingen.NotFound as refused:
            _log_refused(session, caller, action, melding_id, refused)
            raise
        _log_now(session, caller, action, "ok", melding_id, meldingen.gemeente_of(session, melding_id))
        return value

    return run


def _gemeente_field_error(message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ("body", "gemeente"), "msg": message, "type": "value_error"}])


async def gemeente_for(request: Request, data: schemas.MeldingIn, caller: Caller) -> str:
    """The gemeente a new melding is for: the one named, which the client must write for; or, when none is named,
    the client's only one."""
    if data.gemeente is None:
        if len(caller.gemeenten) == 1:
            return next(iter(caller.gemeenten))
        raise _gemeente_field_error("required: this client writes for several gemeenten")
    if data.gemeente not in request.app.state.gemeenten:
        served = ", ".join(request.app.state.gemeenten)
        raise _gemeente_field_error(f"not a gemeente of this deployment (one of: {served})")
    if data.gemeente not in caller.gemeenten:
        await run_in_threadpool(audit.record, request.app.state.engine, caller.actor, "access.denied",
                                meldingen.WRONG_GEMEENTE, None, None, caller.origin, data.gemeente)
        raise HTTPException(status.HTTP_403_FORBIDDEN,
                            detail=f"client '{caller.actor.subject}' may not write for gemeente '{data.gemeente}'")
    return data.gemeente


IdempotencyKey = Header(
    default=None, alias="Idempotency-Key", min_length=1, max_length=255, pattern=r"^[\x21-\x7e]+$",
    description="Any unique string (a UUID). The same key again returns the first melding and stores nothing.")


@router.post("/meldingen", status_code=status.HTTP_201_CREATED, response_model=schemas.Melding,
             summary="Make a melding (role bot)",
             responses={200: {"model": schemas.Melding, "description": "Replay: this Idempotency-Key was used "
                                                                        "before; the first melding, nothing stored"},
                        **_errors(401, 403, 422)})
async def create_melding(request: Request, data: schemas.MeldingIn, response: Response,
                         idempotency_key: Optional[str] = IdempotencyKey,
                         caller: Caller = Depends(require(Role.bot)), engine: Engine = Depends(get_engine)):
    gemeente = await gemeente_for(request, data, caller)

    def create(session):
        melding, created = meldingen.create_melding(session, data, gemeente, idempotency_key,
                                                    before_commit=_logged(caller, "melding.create"))
        if not created:  # the first melding again: a read
            _log_now(session, caller, "melding.create", "replayed", melding.id, melding.gemeente)
        return melding, created

    try:
        melding, created = await in_session(engine, create)
    except meldingen.IdempotencyConflict:
        message = "was used before with a different body; use a new key for a new melding"
        return JSONResponse(status_code=422, content={
            "message": f"Idempotency-Key: {message}",
            "detail": [{"field": "Idempotency-Key", "loc": ["header", "Idempotency-Key"], "msg": message,
                        "type": "idempotency_key_reused"}]})
    response.headers["Location"] = f"/api/v1/meldingen/{melding.id}"
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
            _log_refused(session, caller, "melding.update", melding_id, refused)
            raise

    return await in_session(engine, change)


@router.put("/meldingen/{melding_id}/plan", response_model=schemas.PersoonlijkPlan,
            summary="Write the persoonlijk plan as a new version (role bot)",
            responses=_errors(401, 403, 404, 409, 422))
async def put_plan(melding_id: str, plan: schemas.PersoonlijkPlanIn, caller: Caller = Depends(require(Role.bot)),
                   engine: Engine = Depends(get_engine)):
    def write(session):
        written = []

        def logged(session_, melding) -> None:
            written.append(melding.id)
            _logged(caller, "plan.write")(session_, melding)

        try:
            version = meldingen.put_plan(session, melding_id, plan, caller.gemeenten, before_commit=logged)
        except meldingen.NotFound as refused:
            _log_refused(session, caller, "plan.write", melding_id, refused)
            raise
        except meldingen.PlanClosed:
            _log_now(session, caller, "plan.write", "conflict", melding_id, meldingen.gemeente_of(session, melding_id))
            raise
        if not written:  # the same plan again: nothing stored
            _log_now(session, caller, "plan.write", "unchanged", melding_id,
                     meldingen.gemeente_of(session, melding_id))
        return version

    try:
        return await in_session(engine, write)
    except meldingen.PlanClosed:
        raise HTTPException(status.HTTP_409_CONFLICT,
                            detail="the melding is afgerond: its persoonlijk plan can no longer change") from None


@router.get("/meldingen/{melding_id}/plan/versies", response_model=schemas.PlanVersies,
            summary="Every version of the plan, oldest first (role consulent)", responses=_errors(401, 403, 404))
async def plan_versies(melding_id: str, caller: Caller = Depends(require(Role.consulent)),
                       engine: Engine = Depends(get_engine)):
    versies = await in_session(engine, _read(caller, "plan.read", melding_id, meldingen.plan_versies))
    return schemas.PlanVersies(items=versies)
