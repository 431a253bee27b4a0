"""/api/v1: meldingen and persoonlijke plannen (the contract in DESIGN.md, "The gemeente API")."""

from typing import Optional

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.engine import Engine

from api import meldingen, schemas
from api.auth import Role, require
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
        403: ({"model": Fout, "description": "The token's role may not use this route"}),
        404: ({"model": Fout, "description": "No melding with this id"}),
        409: ({"model": Fout, "description": "The melding is afgerond; its plan cannot change"}),
        422: ({"model": Validatiefout, "description": "Invalid input; each error names its field"}),
    }
    return {code: described[code] for code in codes}


async def melding_not_found(request: Request, exc: meldingen.NotFound) -> JSONResponse:
    """404 for every route that meets an unknown melding id (registered on the app in api/app.py)."""
    return JSONResponse(status_code=status.HTTP_404_NOT_FOUND, content={"detail": f"no melding with id '{exc}'"})


IdempotencyKey = Header(
    default=None, alias="Idempotency-Key", min_length=1, max_length=255, pattern=r"^[\x21-\x7e]+$",
    description="Any unique string (a UUID). The same key again returns the first melding and stores nothing.")


@router.post("/meldingen", status_code=status.HTTP_201_CREATED, response_model=schemas.Melding,
             summary="Make a melding (role bot)",
             responses={200: {"model": schemas.Melding, "description": "Replay: this Idempotency-Key was used "
                                                                        "before; the first melding, nothing stored"},
                        **_errors(401, 403, 422)})
async def create_melding(data: schemas.MeldingIn, response: Response,
                         idempotency_key: Optional[str] = IdempotencyKey,
                         _: Role = Depends(require(Role.bot)), engine: Engine = Depends(get_engine)):
    try:
        melding, created = await in_session(engine, meldingen.create_melding, data, idempotency_key)
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
                         _: Role = Depends(require(Role.consulent)), engine: Engine = Depends(get_engine)):
    return await in_session(engine, meldingen.list_meldingen, status_, page, page_size)


@router.get("/meldingen/{melding_id}", response_model=schemas.Melding,
            summary="One melding with its newest plan (role consulent)", responses=_errors(401, 403, 404))
async def get_melding(melding_id: str, _: Role = Depends(require(Role.consulent)),
                      engine: Engine = Depends(get_engine)):
    return await in_session(engine, meldingen.get_melding, melding_id)


@router.patch("/meldingen/{melding_id}", response_model=schemas.Melding,
              summary="Change status or toegewezen_aan (role consulent)", responses=_errors(401, 403, 404, 422))
async def update_melding(melding_id: str, update: schemas.MeldingUpdate, _: Role = Depends(require(Role.consulent)),
                         engine: Engine = Depends(get_engine)):
    return await in_session(engine, meldingen.update_melding, melding_id, update)


@router.put("/meldingen/{melding_id}/plan", response_model=schemas.PersoonlijkPlan,
            summary="Write the persoonlijk plan as a new version (role bot)",
            responses=_errors(401, 403, 404, 409, 422))
async def put_plan(melding_id: str, plan: schemas.PersoonlijkPlanIn, _: Role = Depends(require(Role.bot)),
                   engine: Engine = Depends(get_engine)):
    try:
        return await in_session(engine, meldingen.put_plan, melding_id, plan)
    except meldingen.PlanClosed:
        raise HTTPException(status.HTTP_409_CONFLICT,
                            detail="the melding is afgerond: its persoonlijk plan can no longer change") from None


@router.get("/meldingen/{melding_id}/plan/versies", response_model=schemas.PlanVersies,
            summary="Every version of the plan, oldest first (role consulent)", responses=_errors(401, 403, 404))
async def plan_versies(melding_id: str, _: Role = Depends(require(Role.consulent)),
                       engine: Engine = Depends(get_engine)):
    return schemas.PlanVersies(items=await in_session(engine, meldingen.plan_versies, melding_id))
