"""The consulent pages: the inbox, a melding with its plan, a status change. Only for a logged-in member of staff
with the role consulent (api/staff_login.py), and only the meldingen of their gemeente(n): another gemeente's
melding is "not found", with an audit row on that gemeente's record. Each read and change is in the audit trail."""

import hmac
import math
from typing import Optional
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.engine import Engine

from api import audit, labels, mail_outbox, meldingen, plan_pdf, schemas
from api.deps import get_engine, session_for
from api.gemeente_scope import refusal
from api.models import StaffSession, utcnow
from api.request_origin import origin
from api.staff_login import actor_of, record, require_role
from api.staff_sessions import gemeenten_of
from api.staff_pages import fout, render

router = APIRouter(prefix="/consulent", include_in_schema=False)
PAGE_SIZE = 25
ROLE = "consulent"  # the role these pages act in, as the audit trail records it
consulent = require_role(ROLE)


def csrf_ok(staff: StaffSession, token: str) -> bool:
    return bool(token) and hmac.compare_digest(staff.csrf, token)




@router.get("", response_class=HTMLResponse)
def inbox(request: Request, status: str = Query(default=""), page: int = Query(default=1, ge=1, le=100_000),
          staff: StaffSession = Depends(consulent), engine: Engine = Depends(get_engine)):
    gekozen = schemas.Status(status) if status in labels.STATUS else None
    gemeenten = gemeenten_of(staff)
    with session_for(engine) as session:
        pagina = meldingen.list_meldingen(session, gemeenten, gekozen, page, PAGE_SIZE)
        aantallen = meldingen.status_counts(session, gemeenten)
        mail_geweigerd = mail_outbox.geweigerd_bij(session, [item.id for item in pagina.items])
        # each melding whose inwoner the inbox shows
        audit.record_in(session, actor_of(staff, ROLE), "melding.list", "ok", "melding",
                        [item.id for item in pagina.items], origin(request),
                        {item.id: item.gemeente for item in pagina.items})
    return render(
        request, "consulent/inbox.html", pagina=pagina, gekozen=gekozen.value if gekozen else "",
        meer_gemeenten=len(gemeenten) > 1,
        aantallen=aantallen, paginas=max(1, math.ceil(pagina.total / PAGE_SIZE)), mail_geweigerd=mail_geweigerd,
        vandaag=meldingen.dutch_day(utcnow()), quote=quote,
    )


def _melding_en_plan(request: Request, staff: StaffSession, engine: Engine, melding_id: str,
                     versie: Optional[int], action: str):
    """The melding of the consulent's gemeente(n) and the version of its plan asked for (the newest without
    `versie`; None when it has no plan); or the Dutch 404 page, with an audit row `action` for a melding not shown."""
    with session_for(engine) as session:
        try:
            melding = meldingen.get_melding(session, melding_id, gemeenten_of(staff))
        except meldingen.NotFound as refused:
            # through this session: on SQLite it holds the one connection
            audit.record_in(session, actor_of(staff, ROLE), action, refusal(refused), "melding",
                            [melding_id], origin(request), refused.gemeente)
            return fout(request, 404, titel="Melding niet gevonden",
                        bericht="Deze melding bestaat niet (meer). Ga terug naar de inbox.")
        plan = melding.plan
        if versie is not None and plan is not None and versie != plan.version:
            plan = meldingen.plan_versie(session, melding_id, versie)
    return melding, plan


@router.get("/meldingen/{melding_id}", response_class=HTMLResponse)
def melding_page(request: Request, melding_id: str, versie: Optional[int] = Query(default=None, ge=1),
                 bijgewerkt: bool = False, staff: StaffSession = Depends(consulent),
                 engine: Engine = Depends(get_engine)):
    found = _melding_en_plan(request, staff, engine, melding_id, versie, "melding.read")
    if isinstance(found, Response):
        return found
    melding, plan = found
    if plan is None and melding.plan is not None:
        return fout(request, 404, titel="Versie niet gevonden",
                    bericht=f"Het plan van deze melding heeft geen versie {versie}.")
    with session_for(engine) as session:
        mails = mail_outbox.of_melding(session, melding_id)
    record(request, actor_of(staff, ROLE), "melding.read", "ok", melding_id, melding.gemeente)
    return render(request, "consulent/melding.html", melding=melding, plan=plan, mails=mails, bijgewerkt=bijgewerkt,
                  vandaag=meldingen.dutch_day(utcnow()), meer_gemeenten=len(gemeenten_of(staff)) > 1,
                  gemeente_van_melding=request.app.state.gemeenten[melding.gemeente].naam)


@router.get("/meldingen/{melding_id}/plan.pdf")
def plan_download(request: Request, melding_id: str, versie: Optional[int] = Query(default=None, ge=1),
                  staff: StaffSession = Depends(consulent), engine: Engine = Depends(get_engine)) -> Response:
    """One version of the plan as PDF/A for the dossier (api/plan_pdf.py); the newest without `versie`."""
    found = _melding_en_plan(request, staff, engine, melding_id, versie, "plan.read")
    if isinstance(found, Response):
        return found
    melding, plan = found
    if plan is None:
        return fout(request, 404, titel="Geen plan", link=f"/consulent/meldingen/{quote(melding_id)}",
                    link_tekst="Terug naar de melding",
                    bericht="Deze melding heeft (nog) geen persoonlijk plan van deze versie.")
    record(request, actor_of(staff, ROLE), "plan.read", "ok", melding_id, melding.gemeente)
    pdf = plan_pdf.render(melding, plan, request.app.state.gemeenten[melding.gemeente].naam)
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{plan_pdf.filename(melding, plan)}"'})


@router.post("/meldingen/{melding_id}")
def change_status(request: Request, melding_id: str, status: str = Form(default=""),
                  toegewezen_aan: str = Form(default=""), csrf: str = Form(default=""),
                  staff: StaffSession = Depends(consulent), engine: Engine = Depends(get_engine)) -> Response:
    if not csrf_ok(staff, csrf):
        record(request, actor_of(staff, ROLE), "melding.update", "csrf_refused", melding_id, staff.gemeenten)
        return fout(request, 403, titel="Niet opgeslagen",
                    bericht="Het formulier was verlopen. Open de melding opnieuw en probeer het nog eens.")
    try:
        update = schemas.MeldingUpdate(status=status, toegewezen_aan=toegewezen_aan)
    except ValidationError:
        record(request, actor_of(staff, ROLE), "melding.update", "invalid", melding_id, staff.gemeenten)
        return fout(request, 422, titel="Niet opgeslagen",
                    bericht="Kies een status uit de lijst. Een naam is hoogstens 100 tekens.")
    try:
        with session_for(engine) as session:
            meldingen.update_melding(
                session, melding_id, update, gemeenten_of(staff),
                before_commit=lambda session_, row: audit.append(session_, actor_of(staff, ROLE), "melding.update",
                                                                 "ok", "melding", row.id, origin(request),
                                                                 gemeente=row.gemeente))
    except meldingen.NotFound as refused:
        record(request, actor_of(staff, ROLE), "melding.update", refusal(refused), melding_id,
               refused.gemeente)
        return fout(request, 404, titel="Melding niet gevonden",
                    bericht="Deze melding bestaat niet (meer).")
    return RedirectResponse(f"/consulent/meldingen/{quote(melding_id)}?bijgewerkt=1", status_code=303)
