"""/api/v1/terugbelverzoeken: an inwoner asks to be called back by the loket (issue 27). The bot makes them (role
bot, with an Idempotency-Key from its outbox); the loket's systems read and close them (role consulent), each client
for its own gemeenten, as the meldingen (api/routes/meldingen.py)."""

from typing import Optional

from fastapi import APIRouter, Depends, Query, Request, Response, status
from sqlalchemy.engine import Engine

from api import audit, schemas, terugbelverzoeken
from api.auth import Caller, Role, gemeente_to_write, require
from api.deps import get_engine, in_session
from api.models import Terugbelverzoek
from api.routes.audited import (IdempotencyKey, errors, idempotency_conflict, log_now, log_refused, logged,
                                read)

router = APIRouter(prefix="/api/v1", tags=["terugbelverzoeken"])
KIND = terugbelverzoeken.KIND


def _gemeente_of(session, verzoek_id: str) -> Optional[str]:
    row = session.get(Terugbelverzoek, verzoek_id)
    return row.gemeente if row else None


@router.post("/terugbelverzoeken", status_code=status.HTTP_201_CREATED, response_model=schemas.Terugbelverzoek,
             summary="Make a terugbelverzoek (role bot)",
             responses={200: {"model": schemas.Terugbelverzoek, "description": "Replay: this Idempotency-Key was "
                                                                               "used before; nothing stored"},
                        **errors(401, 403, 422, kind=KIND)})
async def create_verzoek(request: Request, data: schemas.TerugbelverzoekIn, response: Response,
                         idempotency_key: Optional[str] = IdempotencyKey,
                         caller: Caller = Depends(require(Role.bot)), engine: Engine = Depends(get_engine)):
    gemeente = await gemeente_to_write(request, data.gemeente, caller)

    def create(session):
        verzoek, created = terugbelverzoeken.create_verzoek(session, data, gemeente, idempotency_key,
                                                            before_commit=logged(caller, f"{KIND}.create", KIND))
        if not created:
            log_now(session, caller, f"{KIND}.create", "replayed", KIND, verzoek.id, verzoek.gemeente)
        return verzoek, created

    try:
        verzoek, created = await in_session(engine, create)
    except terugbelverzoeken.IdempotencyConflict:
        return idempotency_conflict(KIND)
    response.headers["Location"] = f"/api/v1/terugbelverzoeken/{verzoek.id}"
    if not created:
        response.status_code = status.HTTP_200_OK
        response.headers["Idempotent-Replayed"] = "true"
    return verzoek


@router.get("/terugbelverzoeken", response_model=schemas.TerugbelverzoekenPagina,
            summary="List terugbelverzoeken, the longest waiting open one first (role consulent)",
            responses=errors(401, 403, 422, kind=KIND))
async def list_verzoeken(status_: Optional[schemas.TerugbelStatus] = Query(default=None, alias="status"),
                         page: int = Query(default=1, ge=1, le=100_000),
                         page_size: int = Query(default=25, ge=1, le=100),
                         caller: Caller = Depends(require(Role.consulent)), engine: Engine = Depends(get_engine)):
    def listed(session):
        pagina = terugbelverzoeken.list_verzoeken(session, caller.gemeenten, status_, page, page_size)
        audit.record_in(session, caller.actor, f"{KIND}.list", "ok", KIND, [item.id for item in pagina.items],
                        caller.origin, {item.id: item.gemeente for item in pagina.items})
        return pagina

    return await in_session(engine, listed)


@router.get("/terugbelverzoeken/{verzoek_id}", response_model=schemas.Terugbelverzoek,
            summary="One terugbelverzoek with the chat so far (role consulent)",
            responses=errors(401, 403, 404, kind=KIND))
async def get_verzoek(verzoek_id: str, caller: Caller = Depends(require(Role.consulent)),
                      engine: Engine = Depends(get_engine)):
    return await in_session(engine, read(caller, f"{KIND}.read", KIND, verzoek_id, terugbelverzoeken.get_verzoek,
                                         _gemeente_of))


@router.patch("/terugbelverzoeken/{verzoek_id}", response_model=schemas.Terugbelverzoek,
              summary="Change status (open, gebeld, afgehandeld) or behandeld_door (role consulent)",
              responses=errors(401, 403, 404, 422, kind=KIND))
async def update_verzoek(verzoek_id: str, update: schemas.TerugbelverzoekUpdate,
                         caller: Caller = Depends(require(Role.consulent)), engine: Engine = Depends(get_engine)):
    def change(session):
        try:
            return terugbelverzoeken.update_verzoek(session, verzoek_id, update, caller.gemeenten,
                                                    before_commit=logged(caller, f"{KIND}.update", KIND))
        except terugbelverzoeken.NotFound as refused:
            log_refused(session, caller, f"{KIND}.update", verzoek_id, refused)
            raise

    return await in_session(engine, change)
