"""The audit trail for the beheerder (and a privacy officer, an inzageverzoek): who saw or changed melding X, and
what did member of staff Y do. A page, and the same as JSON. Only the role `beheerder`, and only the rows about
their own gemeente(n) (and those about no gemeente: an unknown visitor refused); each search is itself a row in the
trail."""

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from sqlmodel import Session, select

from api import audit
from api.models import AuditRow, Melding, StaffSession
from api.request_origin import origin
from api.staff_login import actor_of, require_role
from api.staff_sessions import gemeenten_of
from api.staff_pages import render

router = APIRouter(prefix="/beheer", include_in_schema=False)
ROLE = "beheerder"
beheerder = require_role(ROLE)
MOST = 1000  # rows shown per search; the JSON says when there were more

ACTIONS = {
    "melding.create": "melding gemaakt", "melding.list": "in een lijst gezien", "melding.read": "melding geopend",
    "melding.update": "melding gewijzigd", "plan.write": "plan geschreven", "plan.read": "plan geopend",
    "login": "inloggen", "logout": "uitloggen", "access.denied": "toegang geweigerd", "audit.read": "logboek bekeken",
    "terugbelverzoek.create": "terugbelverzoek gemaakt", "terugbelverzoek.list": "terugbelverzoek in een lijst gezien",
    "terugbelverzoek.read": "terugbelverzoek geopend", "terugbelverzoek.update": "terugbelverzoek gewijzigd",
    "overdracht.create": "chat doorgegeven aan een medewerker", "overdracht.list": "wachtrij van chats bekeken",
    "overdracht.read": "chat geopend", "overdracht.take": "chat overgenomen",
    "overdracht.pass": "chat aan een collega gegeven", "overdracht.end": "chat beëindigd",
    "overdracht.message": "bericht in een chat",
    "gesprek.list": "gesprekken in een lijst gezien", "gesprek.read": "gesprek geopend",
    "gesprek.mark": "bericht gemarkeerd", "gesprek.review": "gesprek nagekeken",
    "review.export": "markeringen als trainingsdata gedownload", "dashboard.read": "dashboard bekeken",
    "gesprek.story": "gesprek als testverhaal bewaard",
    "bevestiging.read": "verzending van de bevestiging opgevraagd",
}


def _melding_id(session: Session, given: str, gemeenten) -> str:
    """A referentie (WMO-2026-000123, of one of these gemeenten) or an id, as the beheerder typed it; the id of the
    melding. A referentie is unique per gemeente: the beheerder of two gemeenten may find two; the newest counts."""
    found = session.exec(select(Melding.id).where(Melding.referentie == given.upper(),
                                                  Melding.gemeente.in_(sorted(gemeenten)))
                         .order_by(Melding.ingediend_op.desc())).first()
    return found or given


def _search(request: Request, staff: StaffSession, melding: str, medewerker: str, issuer: str) -> dict:
    engine = request.app.state.engine
    gemeenten = gemeenten_of(staff)
    with Session(engine) as session:
        if melding:
            melding_id = _melding_id(session, melding.strip(), gemeenten)
            rows = audit.for_object(session, "melding", melding_id, gemeenten)
            searched = ("melding", melding_id)
        elif medewerker:
            issuer = issuer.strip() or request.app.state.settings.wmo_oidc_issuer or ""
            rows = audit.by_actor(session, issuer, medewerker.strip(), gemeenten)
            searched = ("medewerker", medewerker.strip()[:audit.OBJECT_ID_LENGTH])
        else:
            return {"rows": [], "searched": None, "more": False}
        session.expunge_all()  # the rows as read, kept when the search's own row is committed
        audit.record_in(session, actor_of(staff, ROLE), "audit.read", "ok", searched[0], [searched[1]], origin(request),
                        staff.gemeenten)
    return {"rows": rows[:MOST], "searched": searched, "more": len(rows) > MOST}


def _as_json(row: AuditRow) -> dict:
    return {"id": row.id, "moment": row.moment.isoformat(), "actor": {
        "issuer": row.actor_issuer, "subject": row.actor_subject, "name": row.actor_name, "role": row.actor_role},
        "action": row.action, "object": {"type": row.object_type, "id": row.object_id}, "result": row.result,
        "client_address": row.client_address, "request_id": row.request_id, "gemeente": row.gemeente}


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, melding: str = Query(default="", max_length=64),
               medewerker: str = Query(default="", max_length=255), issuer: str = Query(default="", max_length=300),
               staff: StaffSession = Depends(beheerder)):
    found = _search(request, staff, melding, medewerker, issuer)
    return render(request, "beheer/audit.html", melding=melding, medewerker=medewerker, acties=ACTIONS, **found)


@router.get("/audit.json")
def audit_json(request: Request, melding: str = Query(default="", max_length=64),
               medewerker: str = Query(default="", max_length=255), issuer: str = Query(default="", max_length=300),
               staff: StaffSession = Depends(beheerder)) -> JSONResponse:
    if not (melding or medewerker):
        return JSONResponse({"detail": "give melding=<id or referentie> or medewerker=<subject>"}, status_code=422)
    found = _search(request, staff, melding, medewerker, issuer)
    return JSONResponse({"searched": {"kind": found["searched"][0], "id": found["searched"][1]},
                         "more_than_shown": found["more"], "rows": [_as_json(row) for row in found["rows"]]})
