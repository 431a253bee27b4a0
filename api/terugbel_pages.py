"""The staff pages of the terugbelverzoeken (issue 27): the list, the longest waiting open one first, and one
request with the inwoner's question and the chat so far, to mark it called or done. For the role consulent, and only
the requests of their own gemeente(n) (api/gemeente_scope.py); each read and change is in the audit trail."""

import math
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.engine import Engine

from api import audit, labels, schemas, terugbelverzoeken
from api.deps import get_engine, session_for
from api.gemeente_scope import NotFound, refusal
from api.models import StaffSession
from api.pages import ROLE, consulent, csrf_ok
from api.request_origin import origin
from api.staff_login import actor_of, record
from api.staff_pages import fout, render
from api.staff_sessions import gemeenten_of

router = APIRouter(prefix="/consulent/terugbellen", include_in_schema=False)
PAGE_SIZE = 25
KIND = terugbelverzoeken.KIND


@router.get("", response_class=HTMLResponse)
def lijst(request: Request, status: str = Query(default=""), page: int = Query(default=1, ge=1, le=100_000),
          staff: StaffSession = Depends(consulent), engine: Engine = Depends(get_engine)):
    gekozen = schemas.TerugbelStatus(status) if status in labels.TERUGBEL_STATUS else None
    gemeenten = gemeenten_of(staff)
    with session_for(engine) as session:
        pagina = terugbelverzoeken.list_verzoeken(session, gemeenten, gekozen, page, PAGE_SIZE)
        aantallen = terugbelverzoeken.status_counts(session, gemeenten)
        audit.record_in(session, actor_of(staff, ROLE), f"{KIND}.list", "ok", KIND,
                        [item.id for item in pagina.items], origin(request),
                        {item.id: item.gemeente for item in pagina.items})
    return render(request, "consulent/terugbellen.html", pagina=pagina, gekozen=gekozen.value if gekozen else "",
                  aantallen=aantallen, paginas=max(1, math.ceil(pagina.total / PAGE_SIZE)),
                  meer_gemeenten=len(gemeenten) > 1, quote=quote)


@router.get("/{verzoek_id}", response_class=HTMLResponse)
def verzoek_page(request: Request, verzoek_id: str, bijgewerkt: bool = False,
                 staff: StaffSession = Depends(consulent), engine: Engine = Depends(get_engine)):
    with session_for(engine) as session:
        try:
            verzoek = terugbelverzoeken.get_verzoek(session, verzoek_id, gemeenten_of(staff))
        except NotFound as refused:
            audit.record_in(session, actor_of(staff, ROLE), f"{KIND}.read", refusal(refused), KIND, [verzoek_id],
                            origin(request), refused.gemeente)
            return fout(request, 404, titel="Terugbelverzoek niet gevonden",
                        bericht="Dit terugbelverzoek bestaat niet (meer).", link="/consulent/terugbellen",
                        link_tekst="Terugbellen")
    record(request, actor_of(staff, ROLE), f"{KIND}.read", "ok", gemeente=verzoek.gemeente, object_type=KIND,
           object_id=verzoek_id)
    return render(request, "consulent/terugbelverzoek.html", verzoek=verzoek, bijgewerkt=bijgewerkt,
                  meer_gemeenten=len(gemeenten_of(staff)) > 1,
                  gemeente_van_verzoek=request.app.state.gemeenten[verzoek.gemeente].naam)


@router.post("/{verzoek_id}")
def change(request: Request, verzoek_id: str, status: str = Form(default=""), behandeld_door: str = Form(default=""),
           csrf: str = Form(default=""), staff: StaffSession = Depends(consulent),
           engine: Engine = Depends(get_engine)) -> Response:
    actor = actor_of(staff, ROLE)
    if not csrf_ok(staff, csrf):
        record(request, actor, f"{KIND}.update", "csrf_refused", gemeente=staff.gemeenten, object_type=KIND,
               object_id=verzoek_id)
        return fout(request, 403, titel="Niet opgeslagen",
                    bericht="Het formulier was verlopen. Open het verzoek opnieuw en probeer het nog eens.")
    try:
        update = schemas.TerugbelverzoekUpdate(status=status, behandeld_door=behandeld_door)
    except ValidationError:
        record(request, actor, f"{KIND}.update", "invalid", gemeente=staff.gemeenten, object_type=KIND,
               object_id=verzoek_id)
        return fout(request, 422, titel="Niet opgeslagen",
                    bericht="Kies een status uit de lijst. Een naam is hoogstens 100 tekens.")
    try:
        with session_for(engine) as session:
            terugbelverzoeken.update_verzoek(
                session, verzoek_id, update, gemeenten_of(staff),
                before_commit=lambda session_, row: audit.append(session_, actor, f"{KIND}.update", "ok", KIND, row.id,
                                                                 origin(request), gemeente=row.gemeente))
    except NotFound as refused:
        record(request, actor, f"{KIND}.update", refusal(refused), gemeente=refused.gemeente, object_type=KIND,
               object_id=verzoek_id)
        return fout(request, 404, titel="Terugbelverzoek niet gevonden",
                    bericht="Dit terugbelverzoek bestaat niet (meer).", link="/consulent/terugbellen",
                    link_tekst="Terugbellen")
    return RedirectResponse(f"/consulent/terugbellen/{quote(verzoek_id)}?bijgewerkt=1", status_code=303)
