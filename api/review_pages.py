"""The review pages of the beheerder (issue 28): the conversations of their gemeente(n), to find what went wrong;
one conversation with what the bot understood per message (intent and confidence) and the inwoner's feedback; a
mark per message with the intent it should have had; "nagekeken"; and the marks as Rasa training data. Every view
and change is in the audit trail. Text is shown as the tracker store keeps it, masked once more on the way out."""

from __future__ import annotations

from datetime import date
from typing import List, Optional
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from api import audit, feedback, gesprekken, intents, review, review_export
from api.audit_pages import ROLE, beheerder
from api.deps import get_engine, session_for
from api.gemeente_scope import NotFound, refusal
from api.models import ReviewMarkering, StaffSession
from api.pages import csrf_ok
from api.request_origin import origin
from api.staff_login import actor_of, record
from api.staff_pages import fout, render
from api.staff_sessions import gemeenten_of

router = APIRouter(prefix="/beheer", include_in_schema=False)
KIND = review.KIND


def served_gemeenten(request: Request) -> List[str]:
    return list(request.app.state.gemeenten)


def sync_gesprekken(request: Request, engine: Engine) -> None:
    request.app.state.gesprekken(engine)


def _niet_gevonden(request: Request) -> HTMLResponse:
    return fout(request, 404, titel="Gesprek niet gevonden", bericht="Dit gesprek bestaat niet (meer).",
                link="/beheer/gesprekken", link_tekst="Gesprekken")


def form_day(value: str) -> Optional[date]:
    """A date field of the search form: empty or not a date (an old browser's free text) is no limit."""
    try:
        return date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        return None


@router.get("/gesprekken", response_class=HTMLResponse)
def lijst(request: Request, gemeente: str = Query(default="", max_length=40), van_: str = Query("", alias="van",
          max_length=10), tot_: str = Query("", alias="tot", max_length=10), filter: List[str] = Query(default=[]),
          page: int = Query(default=1, ge=1, le=100_000), staff: StaffSession = Depends(beheerder),
          engine: Engine = Depends(get_engine)):
    sync_gesprekken(request, engine)
    van, tot = form_day(van_), form_day(tot_)
    gemeenten = gemeenten_of(staff)
    gekozen = gemeente if gemeente in gemeenten else ""
    filters = [name for name in filter if name in review.FILTERS]
    with session_for(engine) as session:
        pagina = review.lijst(session, gemeenten, served_gemeenten(request), gekozen or None, van, tot, filters, page)
        session.expunge_all()  # the rows as read, kept when the list's own audit row is committed
        audit.record_in(session, actor_of(staff, ROLE), f"{KIND}.list", "ok", KIND,
                        [regel.gesprek.id for regel in pagina.items] or [None], origin(request),
                        {regel.gesprek.id: regel.gesprek.gemeente for regel in pagina.items} or gekozen or None)
    query = [("gemeente", gekozen), ("van", van.isoformat() if van else ""), ("tot", tot.isoformat() if tot else ""),
             *(("filter", name) for name in filters)]
    return render(request, "beheer/gesprekken.html", pagina=pagina, gekozen_gemeente=gekozen, van=van, tot=tot,
                  filters=filters, alle_filters=review.FILTERS, mijn_gemeenten=sorted(gemeenten),
                  zoek=urlencode([(k, v) for k, v in query if v]), quote=quote)


def _read(request: Request, staff: StaffSession, engine: Engine, gesprek_id: str):
    """The conversation, its turns, feedback, marks and review; None (with an audit row) when not found."""
    sync_gesprekken(request, engine)
    with session_for(engine) as session:
        try:
            gesprek = review.get(session, gesprek_id, gemeenten_of(staff), served_gemeenten(request))
        except NotFound as refused:
            audit.record_in(session, actor_of(staff, ROLE), f"{KIND}.read", refusal(refused), KIND, [gesprek_id],
                            origin(request), refused.gemeente)
            return None
        found = dict(gesprek=gesprek, reacties=review.feedback_of(session, gesprek_id),
                     markeringen=review.marks_of(session, gesprek_id), nagekeken=review.review_of(session, gesprek_id))
    try:
        events = request.app.state.gesprekken.store.events([gesprek_id]).get(gesprek_id, [])
    except OperationalError:
        events, request.app.state.gesprekken.unreadable = [], True
    found["beurten"] = gesprekken.beurten(events)
    return found


@router.get("/gesprekken/{gesprek_id}", response_class=HTMLResponse)
def gesprek_page(request: Request, gesprek_id: str, opgeslagen: str = "", staff: StaffSession = Depends(beheerder),
                 engine: Engine = Depends(get_engine)):
    found = _read(request, staff, engine, gesprek_id)
    if found is None:
        return _niet_gevonden(request)
    record(request, actor_of(staff, ROLE), f"{KIND}.read", "ok", gemeente=found["gesprek"].gemeente,
           object_type=KIND, object_id=gesprek_id)
    geweigerd = {bericht_id: review_export.refusal(mark.tekst) for bericht_id, mark in found["markeringen"].items()}
    return render(request, "beheer/gesprek.html", keuzes=intents.choices(), redenen=feedback.REDENEN,
                  geweigerd=geweigerd, opgeslagen=opgeslagen, quote=quote,
                  geen_testverhaal=review_export.story_refusal(found["beurten"]), **found)


def _refuse_form(request: Request, staff: StaffSession, action: str, gesprek_id: str) -> HTMLResponse:
    record(request, actor_of(staff, ROLE), action, "csrf_refused", gemeente=staff.gemeenten, object_type=KIND,
           object_id=gesprek_id)
    return fout(request, 403, titel="Niet opgeslagen", link="/beheer/gesprekken", link_tekst="Gesprekken",
                bericht="Het formulier was verlopen. Open het gesprek opnieuw en probeer het nog eens.")


@router.post("/gesprekken/{gesprek_id}/markering")
def markeer(request: Request, gesprek_id: str, bericht_id: str = Form(default="", max_length=64),
            intent: str = Form(default="", max_length=100), csrf: str = Form(default=""),
            staff: StaffSession = Depends(beheerder), engine: Engine = Depends(get_engine)) -> Response:
    action = f"{KIND}.mark"
    if not csrf_ok(staff, csrf):
        return _refuse_form(request, staff, action, gesprek_id)
    if intent and intent not in intents.choices():
        record(request, actor_of(staff, ROLE), action, "invalid", gemeente=staff.gemeenten, object_type=KIND,
               object_id=gesprek_id)
        return fout(request, 422, titel="Niet opgeslagen", link=f"/beheer/gesprekken/{quote(gesprek_id)}",
                    link_tekst="Terug naar het gesprek", bericht="Kies een bedoeling uit de lijst.")
    found = _read(request, staff, engine, gesprek_id)
    if found is None:
        return _niet_gevonden(request)
    beurt = next((b for b in found["beurten"] if b.bericht_id and b.bericht_id == bericht_id), None)
    if beurt is None:
        record(request, actor_of(staff, ROLE), action, "not_found", gemeente=found["gesprek"].gemeente,
               object_type=KIND, object_id=gesprek_id)
        return fout(request, 404, titel="Bericht niet gevonden", link=f"/beheer/gesprekken/{quote(gesprek_id)}",
                    link_tekst="Terug naar het gesprek", bericht="Dit bericht staat niet (meer) in het gesprek.")
    with session_for(engine) as session:
        review.markeer(session, found["gesprek"], bericht_id, beurt.tekst, beurt.moment, beurt.intent, intent or None,
                       staff.name or staff.subject)
        audit.append(session, actor_of(staff, ROLE), action, "ok", KIND, gesprek_id, origin(request),
                     gemeente=found["gesprek"].gemeente)
        session.commit()
    terug = f"/beheer/gesprekken/{quote(gesprek_id)}?opgeslagen={quote(bericht_id)}#b-{quote(bericht_id)}"
    return RedirectResponse(terug, status_code=303)


@router.post("/gesprekken/{gesprek_id}/nagekeken")
def nagekeken(request: Request, gesprek_id: str, nagekeken: str = Form(default="ja"), csrf: str = Form(default=""),
              staff: StaffSession = Depends(beheerder), engine: Engine = Depends(get_engine)) -> Response:
    return _review(request, staff, engine, gesprek_id, csrf, nagekeken == "ja", testverhaal=False)


@router.post("/gesprekken/{gesprek_id}/testverhaal")
def testverhaal(request: Request, gesprek_id: str, testverhaal: str = Form(default="ja"),
                csrf: str = Form(default=""), staff: StaffSession = Depends(beheerder),
                engine: Engine = Depends(get_engine)) -> Response:
    return _review(request, staff, engine, gesprek_id, csrf, testverhaal == "ja", testverhaal=True)


def _review(request: Request, staff: StaffSession, engine: Engine, gesprek_id: str, csrf: str, aan: bool,
            testverhaal: bool) -> Response:
    """Marks the conversation reviewed, or to be saved as a test story (refused for one with personal details)."""
    action = f"{KIND}.{'story' if testverhaal else 'review'}"
    if not csrf_ok(staff, csrf):
        return _refuse_form(request, staff, action, gesprek_id)
    found = _read(request, staff, engine, gesprek_id)
    if found is None:
        return _niet_gevonden(request)
    gesprek = found["gesprek"]
    weigering = review_export.story_refusal(found["beurten"]) if testverhaal and aan else None
    if weigering:
        record(request, actor_of(staff, ROLE), action, "refused", gemeente=gesprek.gemeente, object_type=KIND,
               object_id=gesprek_id)
        return fout(request, 422, titel="Geen testverhaal", bericht=weigering,
                    link=f"/beheer/gesprekken/{quote(gesprek_id)}", link_tekst="Terug naar het gesprek")
    with session_for(engine) as session:
        review.zet_nagekeken(session, gesprek, (staff.name or staff.subject) if aan else None, testverhaal)
        audit.append(session, actor_of(staff, ROLE), action, "ok", KIND, gesprek_id, origin(request),
                     gemeente=gesprek.gemeente)
        session.commit()
    return RedirectResponse(f"/beheer/gesprekken/{quote(gesprek_id)}?opgeslagen=nagekeken", status_code=303)


@router.get("/gesprekken-export.yml")
def export(request: Request, staff: StaffSession = Depends(beheerder), engine: Engine = Depends(get_engine)):
    """The marks of the beheerder's gemeente(n) as one Rasa NLU file (the same `make review-import` adds)."""
    gemeenten = sorted(gemeenten_of(staff))
    served = served_gemeenten(request)
    with session_for(engine) as session:
        condition = ReviewMarkering.gemeente.in_(gemeenten)
        if len(served) == 1 and served[0] in gemeenten:
            condition = condition | ReviewMarkering.gemeente.is_(None)
        marks = session.exec(select(ReviewMarkering).where(condition)).all()
        session.expunge_all()
        examples, refused = review_export.voorbeelden(marks, {slug: c.naam for slug, c in
                                                              request.app.state.gemeenten.items()})
        audit.record_in(session, actor_of(staff, ROLE), "review.export", "ok", KIND,
                        sorted({mark.gesprek_id for mark in marks}) or [None], origin(request),
                        {mark.gesprek_id: mark.gemeente for mark in marks} or None)
    body = review_export.nlu_file(examples)
    return Response(body, media_type="application/yaml", headers={
        "Content-Disposition": 'attachment; filename="review.yml"',
        "X-Geweigerd": str(len(refused))})
