"""The consulent pages: login with the consulent token, the inbox, a melding with its plan, a status change.

Server-rendered with Jinja2 (autoescaped: whatever an inwoner typed is shown as text). A signed session cookie
keeps the consulent logged in; it holds a fingerprint of the token, so a new token in .env logs everyone out.
A gemeente would put its own single sign-on in front of these pages; the token login is for now.
"""

import hashlib
import hmac
import math
import secrets
from pathlib import Path
from typing import Optional
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from sqlalchemy.engine import Engine

from api import audit, labels, meldingen, schemas
from api.auth import Role, role_of, token_actor
from api.deps import get_engine, session_for
from api.models import utcnow
from api.request_origin import origin
from wmo import gemeente

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters.update(moment=labels.moment, dag=labels.dag, telefoon=labels.telefoon)
templates.env.globals.update(labels=labels)

router = APIRouter(prefix="/consulent", include_in_schema=False)
PAGE_SIZE = 25


class LoginRequired(Exception):
    def __init__(self, next_path: str):
        self.next_path = next_path


def _fingerprint(request: Request) -> str:
    settings = request.app.state.settings
    key = settings.wmo_session_secret.get_secret_value().encode()
    return hmac.new(key, settings.wmo_consulent_token.get_secret_value().encode(), hashlib.sha256).hexdigest()[:32]


def logged_in(request: Request) -> bool:
    stored = request.session.get("consulent")
    return isinstance(stored, str) and hmac.compare_digest(stored, _fingerprint(request))


CONSULENT = token_actor(Role.consulent)  # the shared consulent token; until each consulent logs in by name


def _audit(request: Request, action: str, result: str, melding_id: Optional[str] = None,
           actor: audit.Actor = CONSULENT) -> None:
    audit.record(request.app.state.engine, actor, action, result, "melding" if melding_id else None,
                 melding_id[:64] if melding_id else None, origin(request))


def require_consulent(request: Request) -> None:
    if not logged_in(request):
        request.session.clear()
        _audit(request, "access.denied", "unauthorized", request.path_params.get("melding_id"), audit.ANONYMOUS)
        raise LoginRequired(request.url.path + (f"?{request.url.query}" if request.url.query else ""))


def _csrf_ok(request: Request, token: str) -> bool:
    expected = request.session.get("csrf")
    return isinstance(expected, str) and bool(token) and hmac.compare_digest(expected, token)


def _render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    context.setdefault("gemeente_naam", gemeente.current().naam)
    context.setdefault("csrf", request.session.get("csrf", ""))
    context.setdefault("ingelogd", logged_in(request))
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def _fout(request: Request, status_code: int, titel: str, bericht: str) -> HTMLResponse:
    return _render(request, "consulent/fout.html", status_code=status_code, titel=titel, bericht=bericht)


def _safe_next(value: Optional[str]) -> str:
    # only our own pages: no open redirect to another site
    if value and value.startswith("/consulent") and not value.startswith("//"):
        return value
    return "/consulent"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: Optional[str] = None):
    if logged_in(request):
        return RedirectResponse(_safe_next(next), status_code=303)
    return _render(request, "consulent/login.html", next=_safe_next(next))


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, token: str = Form(default=""), next: str = Form(default="/consulent")):
    role = role_of(token.strip(), request.app.state.settings)
    if role != Role.consulent:
        _audit(request, "login", "forbidden" if role else "failed", actor=token_actor(role) if role else audit.ANONYMOUS)
        message = ("Dit is het token van de chatbot, niet van een consulent." if role == Role.bot
                   else "Dit token klopt niet. Controleer het en probeer het opnieuw.")
        return _render(request, "consulent/login.html", status_code=403 if role else 401,
                       fout=message, next=_safe_next(next))
    request.session.clear()
    request.session.update(consulent=_fingerprint(request), csrf=secrets.token_urlsafe(32))
    _audit(request, "login", "ok")
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, csrf: str = Form(default="")):
    if logged_in(request) and not _csrf_ok(request, csrf):
        _audit(request, "logout", "csrf_refused")
        return _fout(request, 403, titel="Niet gelukt",
                     bericht="Het formulier was verlopen. Probeer het opnieuw.")
    if logged_in(request):
        _audit(request, "logout", "ok")
    request.session.clear()
    return RedirectResponse("/consulent/login?uitgelogd=1", status_code=303)


@router.get("", response_class=HTMLResponse)
def inbox(request: Request, status: str = Query(default=""), page: int = Query(default=1, ge=1, le=100_000),
          _: None = Depends(require_consulent), engine: Engine = Depends(get_engine)):
    gekozen = schemas.Status(status) if status in labels.STATUS else None
    with session_for(engine) as session:
        pagina = meldingen.list_meldingen(session, gekozen, page, PAGE_SIZE)
        aantallen = meldingen.status_counts(session)
        session.rollback()
        for item in pagina.items:  # each melding whose inwoner the inbox shows
            audit.append(session, CONSULENT, "melding.list", "ok", "melding", item.id, origin(request))
        session.commit()
    return _render(
        request, "consulent/inbox.html", pagina=pagina, gekozen=gekozen.value if gekozen else "",
        aantallen=aantallen, paginas=max(1, math.ceil(pagina.total / PAGE_SIZE)),
        vandaag=meldingen.dutch_day(utcnow()), quote=quote,
    )


@router.get("/meldingen/{melding_id}", response_class=HTMLResponse)
def melding_page(request: Request, melding_id: str, versie: Optional[int] = Query(default=None, ge=1),
                 bijgewerkt: bool = False, _: None = Depends(require_consulent),
                 engine: Engine = Depends(get_engine)):
    with session_for(engine) as session:
        try:
            melding = meldingen.get_melding(session, melding_id)
        except meldingen.NotFound:
            session.rollback()  # SQLite has one connection: the row goes through this session
            audit.append(session, CONSULENT, "melding.read", "not_found", "melding", melding_id[:64], origin(request))
            session.commit()
            return _fout(request, 404, titel="Melding niet gevonden",
                         bericht="Deze melding bestaat niet (meer). Ga terug naar de inbox.")
        plan = melding.plan
        if versie is not None and plan is not None and versie != plan.version:
            plan = meldingen.plan_versie(session, melding_id, versie)
        if plan is None and melding.plan is not None:
            return _fout(request, 404, titel="Versie niet gevonden",
                         bericht=f"Het plan van deze melding heeft geen versie {versie}.")
    _audit(request, "melding.read", "ok", melding_id)
    return _render(request, "consulent/melding.html", melding=melding, plan=plan, bijgewerkt=bijgewerkt,
                   vandaag=meldingen.dutch_day(utcnow()))


@router.post("/meldingen/{melding_id}")
def change_status(request: Request, melding_id: str, status: str = Form(default=""),
                  toegewezen_aan: str = Form(default=""), csrf: str = Form(default=""),
                  _: None = Depends(require_consulent), engine: Engine = Depends(get_engine)) -> Response:
    if not _csrf_ok(request, csrf):
        _audit(request, "melding.update", "csrf_refused", melding_id)
        return _fout(request, 403, titel="Niet opgeslagen",
                     bericht="Het formulier was verlopen. Open de melding opnieuw en probeer het nog eens.")
    try:
        update = schemas.MeldingUpdate(status=status, toegewezen_aan=toegewezen_aan)
    except ValidationError:
        _audit(request, "melding.update", "invalid", melding_id)
        return _fout(request, 422, titel="Niet opgeslagen",
                     bericht="Kies een status uit de lijst. Een naam is hoogstens 100 tekens.")
    try:
        with session_for(engine) as session:
            meldingen.update_melding(session, melding_id, update, before_commit=lambda session_, id_: audit.append(
                session_, CONSULENT, "melding.update", "ok", "melding", id_, origin(request)))
    except meldingen.NotFound:
        _audit(request, "melding.update", "not_found", melding_id)
        return _fout(request, 404, titel="Melding niet gevonden",
                     bericht="Deze melding bestaat niet (meer).")
    return RedirectResponse(f"/consulent/meldingen/{quote(melding_id)}?bijgewerkt=1", status_code=303)


def login_redirect(request: Request, exc: LoginRequired) -> RedirectResponse:
    return RedirectResponse(f"/consulent/login?next={quote(exc.next_path, safe='')}", status_code=303)
