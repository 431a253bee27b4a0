"""/api/v1/overdrachten: the bot's side of a chat handed to a person of the loket (issue 27), role bot. It puts the
chat in the queue, passes on what the inwoner types, and long-polls for what happens: taken (with the employee's
first name), the employee's messages, back in the queue, ended, expired. The staff side is api/overdracht_pages.py.
"""

import time
from typing import Any, Callable

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.responses import JSONResponse
from sqlalchemy.engine import Engine

from api import overdrachten, schemas
from api.auth import Caller, Role, gemeente_to_write, require
from api.deps import get_engine, in_session
from api.gemeente_scope import NotFound
from api.models import Overdracht
from api.routes.audited import errors, log_now, log_refused

router = APIRouter(prefix="/api/v1", tags=["overdrachten"])
KIND = overdrachten.KIND
MAX_WACHT = 25.0  # seconds a long poll may wait: below the usual 30 s proxy time-out


def termijnen(request: Request) -> overdrachten.Termijnen:
    settings = request.app.state.settings
    return overdrachten.Termijnen(
        inwoner_weg=settings.wmo_overdracht_inwoner_weg, medewerker_weg=settings.wmo_overdracht_medewerker_weg,
        wachttijd={slug: config.chat_met_medewerker.wachttijd_minuten * 60.0
                   for slug, config in request.app.state.gemeenten.items()},
        gestart=getattr(request.app.state, "gestart", None))


def wekker(request: Request) -> overdrachten.Wekker:
    app = request.app
    if not hasattr(app.state, "wekker"):
        app.state.wekker = overdrachten.Wekker()
    return app.state.wekker


def bijwerken(request: Request, session) -> None:
    """The time limits (overdrachten.verloop) applied, at most once a second in this process, and the polls of the
    chats that changed woken. Every read of the queue or of a chat calls it first."""
    alarm = wekker(request)
    if alarm.tijd_voor_verloop():
        for changed in overdrachten.verloop(session, termijnen(request)):
            alarm.wek(changed)


async def long_poll(request: Request, engine: Engine, look: Callable, wacht: float) -> Any:
    """`look(session)` → (the chat's id or None, its new events, the answer), after `bijwerken`; looked at again
    until there are events, there is no chat, or `wacht` seconds passed. A write in this process wakes it at once;
    one in another process is seen within POLL_SECONDS."""
    alarm = wekker(request)
    deadline = time.monotonic() + wacht

    def run(session):
        bijwerken(request, session)
        return look(session)

    while True:
        overdracht_id, events, answer = await in_session(engine, run)
        left = deadline - time.monotonic()
        if events or overdracht_id is None or left <= 0:
            return answer
        await alarm.wacht(overdracht_id, min(left, overdrachten.POLL_SECONDS))


def stand(row: Overdracht) -> schemas.OverdrachtStand:
    return schemas.OverdrachtStand(id=row.id, gemeente=row.gemeente, status=row.status,
                                   medewerker=overdrachten.voornaam(row.medewerker_naam) if row.medewerker else None,
                                   vervolg=row.vervolg, gemeld=row.gemeld)


def gebeurtenis(row) -> schemas.OverdrachtGebeurtenis:
    return schemas.OverdrachtGebeurtenis(id=row.id, soort=row.soort, van=row.van, naam=row.naam, tekst=row.tekst,
                                         moment=row.moment)


@router.post("/overdrachten", status_code=status.HTTP_201_CREATED, response_model=schemas.OverdrachtStand,
             summary="Hand a chat to a person of the loket (role bot)", responses=errors(401, 403, 422, kind=KIND))
async def start(request: Request, data: schemas.OverdrachtIn, caller: Caller = Depends(require(Role.bot)),
                engine: Engine = Depends(get_engine)):
    gemeente = await gemeente_to_write(request, data.gemeente, caller)

    def work(session):
        row = overdrachten.start(session, gemeente, data.gesprek_id, data.onderwerp,
                                 [regel.model_dump(mode="json") for regel in data.gesprek])
        log_now(session, caller, f"{KIND}.create", "ok", KIND, row.id, row.gemeente)
        return stand(row)

    return await in_session(engine, work)


@router.get("/overdrachten/gesprek/{gesprek_id}", response_model=schemas.OverdrachtNieuws,
            summary="What happened in this conversation's handover after `na`; waits up to `wacht` seconds (role bot)",
            responses=errors(401, 403, 422, kind=KIND))
async def nieuws(request: Request, gesprek_id: str, na: int = Query(default=0, ge=0),
                 wacht: float = Query(default=0, ge=0, le=MAX_WACHT), caller: Caller = Depends(require(Role.bot)),
                 engine: Engine = Depends(get_engine)):
    """Each call counts as the inwoner being there (the widget polls while the chat is handed over)."""
    def look(session):
        row = overdrachten.van_gesprek(session, gesprek_id)
        if row is None or row.gemeente not in caller.gemeenten:
            return None, [], schemas.OverdrachtNieuws(overdracht=None, gebeurtenissen=[])
        overdrachten.inwoner_gezien(session, row)
        events = [gebeurtenis(b) for b in overdrachten.berichten_na(session, row.id, na)]
        return row.id, events, schemas.OverdrachtNieuws(overdracht=stand(row), gebeurtenissen=events)

    return await long_poll(request, engine, look, wacht)


@router.post("/overdrachten/{overdracht_id}/berichten", status_code=status.HTTP_201_CREATED,
             response_model=schemas.OverdrachtGebeurtenis,
             summary="A message the inwoner typed, for the employee (role bot)",
             responses=errors(401, 403, 404, 409, 422, kind=KIND, conflict="The handover has ended or expired"))
async def van_inwoner(request: Request, overdracht_id: str, data: schemas.InwonerBericht,
                      caller: Caller = Depends(require(Role.bot)), engine: Engine = Depends(get_engine)):
    def work(session):
        try:
            row = overdrachten.get(session, overdracht_id, caller.gemeenten)
        except NotFound as refused:
            log_refused(session, caller, f"{KIND}.message", overdracht_id, refused)
            raise
        return gebeurtenis(overdrachten.van_inwoner(session, row, data.tekst))

    try:
        bericht = await in_session(engine, work)
    except overdrachten.NietOpen:
        return JSONResponse({"detail": "this handover has ended or expired"}, status_code=status.HTTP_409_CONFLICT)
    wekker(request).wek(overdracht_id)
    return bericht


@router.post("/overdrachten/{overdracht_id}/gemeld", status_code=status.HTTP_204_NO_CONTENT,
             summary="The inwoner has been told the handover expired (role bot)",
             responses=errors(401, 403, 404, kind=KIND))
async def gemeld(overdracht_id: str, caller: Caller = Depends(require(Role.bot)),
                 engine: Engine = Depends(get_engine)) -> Response:
    def work(session):
        overdrachten.gemeld(session, overdrachten.get(session, overdracht_id, caller.gemeenten))

    await in_session(engine, work)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

