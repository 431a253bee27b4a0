"""The staff side of a chat handed to a person (issue 27): the queue (/consulent/chats), taking a chat, writing with
the inwoner, passing it to a colleague, ending it (with a melding to start). For the role consulent, only the chats
of their own gemeente(n). Taking, passing on, ending and reading are in the audit trail.

The pages work without script; /static/overdracht.js adds live updates (a long poll of /nieuws) and sends without
reloading. The page's Content-Security-Policy allows only that one file (api/app.py).
"""

from typing import Optional

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.engine import Engine

from api import audit, overdrachten
from api.deps import get_engine, session_for
from api.gemeente_scope import NotFound, refusal
from api.models import StaffSession
from api.pages import ROLE, consulent, csrf_ok
from api.request_origin import origin
from api.routes.overdrachten import bijwerken, gebeurtenis, long_poll, wekker
from api.staff_login import actor_of, record
from api.staff_pages import fout, render
from api.staff_sessions import gemeenten_of

router = APIRouter(prefix="/consulent/chats", include_in_schema=False)
KIND = overdrachten.KIND
MAX_WACHT = 20.0
TEKST_MAX = overdrachten.MAX_TEKST


def _json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _niet_gevonden(request: Request) -> HTMLResponse:
    return fout(request, 404, titel="Chat niet gevonden", bericht="Deze chat bestaat niet (meer).",
                link="/consulent/chats", link_tekst="Chats")


def _bijwerken(request: Request, engine: Engine) -> None:
    with session_for(engine) as session:
        bijwerken(request, session)


@router.get("", response_class=HTMLResponse)
def wachtrij(request: Request, staff: StaffSession = Depends(consulent), engine: Engine = Depends(get_engine)):
    _bijwerken(request, engine)
    gemeenten = gemeenten_of(staff)
    with session_for(engine) as session:
        rows = [row.model_dump() for row in overdrachten.wachtrij(session, gemeenten)]
        audit.record_in(session, actor_of(staff, ROLE), f"{KIND}.list", "ok", KIND, [row["id"] for row in rows],
                        origin(request), {row["id"]: row["gemeente"] for row in rows})
    now = overdrachten.utcnow()
    return render(request, "consulent/chats.html", rows=rows, nu=now, ik=staff.subject,
                  meer_gemeenten=len(gemeenten) > 1, live=True)


@router.get("/{overdracht_id}", response_class=HTMLResponse)
def chat_page(request: Request, overdracht_id: str, fout_tekst: str = Query(default="", alias="fout"),
              staff: StaffSession = Depends(consulent), engine: Engine = Depends(get_engine)):
    _bijwerken(request, engine)
    with session_for(engine) as session:
        try:
            row = overdrachten.get(session, overdracht_id, gemeenten_of(staff))
        except NotFound as refused:
            audit.record_in(session, actor_of(staff, ROLE), f"{KIND}.read", refusal(refused), KIND, [overdracht_id],
                            origin(request), refused.gemeente)
            return _niet_gevonden(request)
        overdrachten.medewerker_gezien(session, row, staff.subject)
        berichten = [b.model_dump() for b in overdrachten.berichten_na(session, row.id, 0)]
        chat = row.model_dump()
    record(request, actor_of(staff, ROLE), f"{KIND}.read", "ok", gemeente=chat["gemeente"], object_type=KIND,
           object_id=chat["id"])
    return render(request, "consulent/chat.html", chat=chat, berichten=berichten, ik=staff.subject,
                  cursor=berichten[-1]["id"] if berichten else 0, fout_tekst=fout_tekst[:200],
                  meer_gemeenten=len(gemeenten_of(staff)) > 1, tekst_max=TEKST_MAX, live=True,
                  gemeente_van_chat=request.app.state.gemeenten[chat["gemeente"]].naam)


def _change(request: Request, staff: StaffSession, engine: Engine, overdracht_id: str, csrf: str, action: str,
            work, fout_bij_niet_open: str) -> Response:
    """A POST of the chat page: CSRF checked, the change made, its audit row, and back to the page (or JSON)."""
    actor = actor_of(staff, ROLE)
    if not csrf_ok(staff, csrf):
        record(request, actor, action, "csrf_refused", gemeente=staff.gemeenten, object_type=KIND,
               object_id=overdracht_id)
        if _json(request):
            return JSONResponse({"fout": "Het formulier was verlopen. Laad de pagina opnieuw."}, status_code=403)
        return fout(request, 403, titel="Niet gelukt",
                    bericht="Het formulier was verlopen. Open de chat opnieuw en probeer het nog eens.")
    try:
        with session_for(engine) as session:
            result = work(session)
    except NotFound as refused:
        record(request, actor, action, refusal(refused), gemeente=refused.gemeente, object_type=KIND,
               object_id=overdracht_id)
        return _niet_gevonden(request) if not _json(request) else JSONResponse({"fout": "niet gevonden"}, 404)
    except overdrachten.NietOpen:
        record(request, actor, action, "not_open", gemeente=staff.gemeenten, object_type=KIND,
               object_id=overdracht_id)
        if _json(request):
            return JSONResponse({"fout": fout_bij_niet_open}, status_code=409)
        return RedirectResponse(f"/consulent/chats/{overdracht_id}?fout={fout_bij_niet_open}", status_code=303)
    wekker(request).wek(overdracht_id)
    if action != f"{KIND}.message":
        record(request, actor, action, "ok", gemeente=getattr(result, "gemeente", None), object_type=KIND,
               object_id=overdracht_id)
    if _json(request):
        return JSONResponse({"ok": True})
    return RedirectResponse(f"/consulent/chats/{overdracht_id}", status_code=303)


@router.post("/{overdracht_id}/nemen")
def nemen(request: Request, overdracht_id: str, csrf: str = Form(default=""),
          staff: StaffSession = Depends(consulent), engine: Engine = Depends(get_engine)) -> Response:
    _bijwerken(request, engine)
    return _change(request, staff, engine, overdracht_id, csrf, f"{KIND}.take",
                   lambda session: overdrachten.nemen(session, overdracht_id, staff.subject, staff.name,
                                                      gemeenten_of(staff)),
                   "Een collega heeft deze chat al overgenomen, of de inwoner is weg.")


@router.post("/{overdracht_id}/bericht")
def bericht(request: Request, overdracht_id: str, tekst: str = Form(default=""), csrf: str = Form(default=""),
            staff: StaffSession = Depends(consulent), engine: Engine = Depends(get_engine)) -> Response:
    tekst = tekst.strip()
    if not tekst or len(tekst) > TEKST_MAX:
        melding = f"Schrijf een bericht van 1 tot {TEKST_MAX} tekens."
        if _json(request):
            return JSONResponse({"fout": melding}, status_code=422)
        return fout(request, 422, titel="Niet verstuurd", bericht=melding, link=f"/consulent/chats/{overdracht_id}",
                    link_tekst="Terug naar de chat")
    return _change(request, staff, engine, overdracht_id, csrf, f"{KIND}.message",
                   lambda session: overdrachten.van_medewerker(session, overdracht_id, staff.subject, tekst,
                                                               gemeenten_of(staff)),
                   "Deze chat is niet meer van u. Het bericht is niet verstuurd.")


@router.post("/{overdracht_id}/einde")
def einde(request: Request, overdracht_id: str, vervolg: str = Form(default=""), csrf: str = Form(default=""),
          staff: StaffSession = Depends(consulent), engine: Engine = Depends(get_engine)) -> Response:
    gekozen: Optional[str] = vervolg if vervolg in overdrachten.VERVOLGEN else None
    return _change(request, staff, engine, overdracht_id, csrf, f"{KIND}.end",
                   lambda session: overdrachten.beeindigen(session, overdracht_id, staff.subject, gemeenten_of(staff),
                                                           gekozen),
                   "Deze chat is niet meer van u.")


@router.post("/{overdracht_id}/doorzetten")
def doorzetten(request: Request, overdracht_id: str, notitie: str = Form(default=""), csrf: str = Form(default=""),
               staff: StaffSession = Depends(consulent), engine: Engine = Depends(get_engine)) -> Response:
    return _change(request, staff, engine, overdracht_id, csrf, f"{KIND}.pass",
                   lambda session: overdrachten.doorzetten(session, overdracht_id, staff.subject, gemeenten_of(staff),
                                                           notitie.strip()[:500]),
                   "Deze chat is niet meer van u.")


@router.get("/{overdracht_id}/nieuws")
async def nieuws(request: Request, overdracht_id: str, na: int = Query(default=0, ge=0),
                 wacht: float = Query(default=MAX_WACHT, ge=0, le=MAX_WACHT),
                 staff: StaffSession = Depends(consulent), engine: Engine = Depends(get_engine)) -> Response:
    """For the page's script: what happened after `na`, waiting up to `wacht` seconds; counts as the employee
    being there. 404 for a chat the employee may not see."""
    gemeenten = gemeenten_of(staff)

    def look(session):
        row = overdrachten.get(session, overdracht_id, gemeenten)
        overdrachten.medewerker_gezien(session, row, staff.subject)
        events = [gebeurtenis(b).model_dump(mode="json") for b in overdrachten.berichten_na(session, row.id, na)]
        return row.id, events, {"status": row.status, "van_mij": row.medewerker == staff.subject,
                                "gebeurtenissen": events}

    try:
        return JSONResponse(await long_poll(request, engine, look, wacht))
    except NotFound:
        return JSONResponse({"fout": "niet gevonden"}, status_code=404)
