"""Staff login with the gemeente's OpenID provider: the login page, the redirect there, the callback, logout, and
the check that every staff page runs first (`require_role`).

Each step that refuses writes an audit row (api/audit.py) with what went wrong as its result, and shows a Dutch
page that says what to do. Roles come from the provider's claim (settings: wmo_oidc_roles_claim, wmo_oidc_roles);
no role, or no second factor when one is required, is 403. Someone with both roles opens both kinds of page, and
each audit row names the role the page acts in (consulent for meldingen, beheerder for the logboek).
"""

from __future__ import annotations

import hmac
from typing import List, Optional
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from api import audit, staff_sessions
from api.models import StaffSession
from api.oidc import LoginFailed, OidcClient, claim_values, used_mfa
from api.request_origin import origin
from api.staff_pages import fout, render

router = APIRouter(prefix="/consulent", include_in_schema=False)
CALLBACK_PATH = "/consulent/auth/callback"
ROLES = ("consulent", "beheerder")


class LoginRequired(Exception):
    def __init__(self, next_path: str):
        self.next_path = next_path


class RoleMissing(Exception):
    """A logged-in member of staff whose role does not open this page."""


def oidc_client(request: Request) -> Optional[OidcClient]:
    """The provider's client, made once per app; None when no provider is configured (the pages say so)."""
    app = request.app
    if getattr(app.state, "oidc", None) is None:
        settings = app.state.settings
        if not settings.wmo_oidc_issuer or settings.wmo_oidc_client_secret is None:
            return None
        app.state.oidc = OidcClient(settings.wmo_oidc_issuer, settings.wmo_oidc_client_id,
                                    settings.wmo_oidc_client_secret.get_secret_value(),
                                    settings.wmo_public_url.rstrip("/") + CALLBACK_PATH, settings.wmo_oidc_scope)
    return app.state.oidc


def actor_of(staff: StaffSession, role: Optional[str] = None) -> audit.Actor:
    """The person as the audit trail records them: acting in `role` (the page's), or with every role they hold."""
    return audit.Actor(issuer=staff.issuer, subject=staff.subject, name=staff.name, role=role or staff.roles)


def record(request: Request, actor: audit.Actor, action: str, result: str, melding_id: Optional[str] = None,
           gemeente: Optional[str] = None, object_type: Optional[str] = None,
           object_id: Optional[str] = None) -> None:
    """An audit row in a transaction of its own, about a melding (`melding_id`) or another object."""
    if melding_id:
        object_type, object_id = "melding", melding_id
    audit.record(request.app.state.engine, actor, action, result, object_type, object_id, origin(request), gemeente)


def staff_gemeenten(claims: dict, settings, served) -> List[str]:
    """The gemeenten a member of staff works for, from the provider's claim (values mapped by WMO_OIDC_GEMEENTEN, or
    a gemeente's slug itself), of those served here. Without the claim: the only gemeente, when there is one."""
    values = claim_values(claims, settings.wmo_oidc_gemeente_claim)
    if not values and len(served) == 1:
        return list(served)
    return sorted({settings.wmo_oidc_gemeenten.get(value, value) for value in values} & set(served))


def logged_in_staff(request: Request) -> Optional[StaffSession]:
    """The valid session of this browser's cookie, or None. Kept on the request for the templates."""
    if not hasattr(request.state, "staff"):
        settings = request.app.state.settings
        with Session(request.app.state.engine, expire_on_commit=False) as session:
            request.state.staff = staff_sessions.current(
                session, request.cookies.get(staff_sessions.SESSION_COOKIE), settings.wmo_session_idle)
    return request.state.staff


def require_role(role: str):
    """A dependency for staff pages: the session of someone with `role`; else the login (no valid session,
    an audit row 'unauthorized') or a 403 page (another role, an audit row 'forbidden')."""

    def dependency(request: Request) -> StaffSession:
        melding_id = request.path_params.get("melding_id")
        staff = logged_in_staff(request)
        if staff is None:
            record(request, audit.ANONYMOUS, "access.denied", "unauthorized", melding_id)
            raise LoginRequired(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        if not staff_sessions.holds(staff, role):
            record(request, actor_of(staff), "access.denied", "forbidden", melding_id, staff.gemeenten)
            raise RoleMissing()
        return staff

    return dependency


def safe_next(value: Optional[str]) -> str:
    # only our own pages: no open redirect to another site
    if value and value.startswith(("/consulent", "/beheer")) and not value.startswith("//") and "\\" not in value:
        return value
    return "/consulent"


def login_redirect(request: Request, exc: LoginRequired) -> RedirectResponse:
    return RedirectResponse(f"/consulent/login?next={quote(exc.next_path, safe='')}", status_code=303)


def role_missing(request: Request, exc: RoleMissing) -> HTMLResponse:
    return fout(request, 403, titel="Geen toegang tot deze pagina",
                bericht="Uw account heeft niet de rol die bij deze pagina hoort. Denkt u dat dit niet klopt? "
                        "Vraag dan uw functioneel beheerder om de juiste rol.")


NOT_CONFIGURED = ("Inloggen is op deze server nog niet ingesteld. De beheerder stelt WMO_OIDC_ISSUER en "
                  "WMO_OIDC_CLIENT_SECRET in (zie docs/staff-login.md).")


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: Optional[str] = None, uitgelogd: bool = False):
    staff = logged_in_staff(request)
    if staff is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "consulent/login.html", next=safe_next(next), uitgelogd=uitgelogd,
                  niet_ingesteld=NOT_CONFIGURED if oidc_client(request) is None else None)


@router.get("/auth/start")
def start(request: Request, next: Optional[str] = None) -> Response:
    client = oidc_client(request)
    if client is None:
        return fout(request, 503, titel="Inloggen is niet ingesteld", bericht=NOT_CONFIGURED)
    with Session(request.app.state.engine) as session:
        begun = staff_sessions.begin_login(session, safe_next(next))
    try:
        url = client.authorization_url(begun.state, begun.nonce, begun.code_verifier)
    except LoginFailed as failed:
        record(request, audit.ANONYMOUS, "login", _result(failed))
        return _provider_down(request)
    response = RedirectResponse(url, status_code=303)
    settings = request.app.state.settings
    response.set_cookie(staff_sessions.LOGIN_COOKIE, begun.browser_secret, max_age=staff_sessions.LOGIN_SECONDS,
                        path="/consulent/auth", httponly=True, samesite="lax", secure=settings.wmo_cookie_secure)
    return response


def _result(failed: LoginFailed) -> str:
    """The audit row's result for a refused login: the check that failed, in at most 20 characters."""
    return failed.reason.split(":", 1)[0].removeprefix("id_token_")[:20]


def _provider_down(request: Request) -> HTMLResponse:
    return fout(request, 503, titel="Inloggen lukt nu niet",
                bericht="De inlogdienst van de gemeente antwoordt niet. Probeer het over een paar minuten opnieuw.")


def _start_again(request: Request) -> HTMLResponse:
    return fout(request, 400, titel="Inloggen is niet gelukt",
                bericht="Deze inlogpoging is verlopen of al gebruikt. Log opnieuw in.", link="/consulent/login",
                link_tekst="Opnieuw inloggen")


@router.get("/auth/callback")
def callback(request: Request, code: str = Query(default=""), state: str = Query(default=""),
             iss: Optional[str] = Query(default=None), error: Optional[str] = Query(default=None)) -> Response:
    client = oidc_client(request)
    if client is None:
        return fout(request, 503, titel="Inloggen is niet ingesteld", bericht=NOT_CONFIGURED)
    settings = request.app.state.settings
    engine = request.app.state.engine
    try:
        with Session(engine, expire_on_commit=False) as session:
            login = staff_sessions.finish_login(session, state, request.cookies.get(staff_sessions.LOGIN_COOKIE))
    except LoginFailed as failed:  # the audit row after the session: SQLite's one connection is free again
        record(request, audit.ANONYMOUS, "login", _result(failed))
        return _start_again(request)
    if error:  # the person cancelled at the provider, or the provider refused
        record(request, audit.ANONYMOUS, "login", "cancelled" if error == "access_denied" else "provider_error")
        return render(request, "consulent/login.html", status_code=400, next=login.next_path,
                      fout="Inloggen is afgebroken. U kunt het opnieuw proberen.")
    if iss is not None and iss != client.issuer:  # RFC 9207: the answer comes from another provider
        record(request, audit.ANONYMOUS, "login", "issuer_mismatch")
        return _start_again(request)
    try:
        claims = client.id_claims(client.exchange(code, login.code_verifier)["id_token"], login.nonce)
    except LoginFailed as failed:
        record(request, audit.ANONYMOUS, "login", _result(failed))
        return _provider_down(request) if failed.reason.startswith("provider_unreachable") else _start_again(request)
    person = audit.Actor(issuer=client.issuer, subject=str(claims["sub"]), name=claims.get("name"))
    given = {settings.wmo_oidc_roles.get(value) for value in claim_values(claims, settings.wmo_oidc_roles_claim)}
    roles = [candidate for candidate in ROLES if candidate in given]
    if not roles:
        record(request, person, "login", "no_role")
        return fout(request, 403, titel="U heeft nog geen toegang",
                    bericht="U bent ingelogd, maar uw account heeft geen rol voor deze pagina's. Vraag uw functioneel "
                            "beheerder om de rol consulent of beheerder.")
    person = audit.Actor(person.issuer, person.subject, person.name, " ".join(roles))
    gemeenten = staff_gemeenten(claims, settings, request.app.state.gemeenten)
    if not gemeenten:
        record(request, person, "login", "no_gemeente")
        return fout(request, 403, titel="U heeft nog geen toegang",
                    bericht="U bent ingelogd, maar uw account hoort bij geen gemeente van deze pagina's. Vraag uw "
                            "functioneel beheerder om uw gemeente in te stellen.")
    if settings.wmo_oidc_require_mfa and not used_mfa(claims, settings.wmo_oidc_mfa_amr, settings.wmo_oidc_mfa_acr):
        record(request, person, "login", "no_mfa", gemeente=" ".join(gemeenten))
        return fout(request, 403, titel="Log in met een tweede stap",
                    bericht="Voor deze pagina's is inloggen met twee stappen nodig, bijvoorbeeld met een code uit een "
                            "app op uw telefoon. Uw inlog had alleen een wachtwoord. Vraag uw functioneel beheerder "
                            "hoe u de tweede stap aanzet.", link="/consulent/login", link_tekst="Opnieuw inloggen")
    with Session(engine, expire_on_commit=False) as session:
        session_id, _ = staff_sessions.open_session(session, person.issuer, person.subject, person.name, roles,
                                                    gemeenten, settings.wmo_session_max_age)
        audit.append(session, person, "login", "ok", origin=origin(request), gemeente=" ".join(gemeenten))
        session.commit()
    target = login.next_path
    if "consulent" not in roles and target == "/consulent":  # nothing asked for: the beheerder's own page
        target = "/beheer/audit"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(staff_sessions.SESSION_COOKIE, session_id, max_age=settings.wmo_session_max_age, path="/",
                        httponly=True, samesite="lax", secure=settings.wmo_cookie_secure)
    response.delete_cookie(staff_sessions.LOGIN_COOKIE, path="/consulent/auth")
    return response


@router.post("/logout")
def logout(request: Request, csrf: str = Form(default="")) -> Response:
    staff = logged_in_staff(request)
    if staff is not None and not (csrf and hmac.compare_digest(staff.csrf, csrf)):
        record(request, actor_of(staff), "logout", "csrf_refused", gemeente=staff.gemeenten)
        return fout(request, 403, titel="Niet gelukt", bericht="Het formulier was verlopen. Probeer het opnieuw.")
    target = "/consulent/login?uitgelogd=1"
    if staff is not None:
        record(request, actor_of(staff), "logout", "ok", gemeente=staff.gemeenten)
        with Session(request.app.state.engine) as session:
            staff_sessions.close(session, request.cookies.get(staff_sessions.SESSION_COOKIE))
        client = oidc_client(request)
        if client is not None:
            back = request.app.state.settings.wmo_public_url.rstrip("/") + target
            try:  # RP-initiated logout: the provider ends its session too, then sends the person back here
                target = client.logout_url(back) or target
            except LoginFailed:
                pass  # the provider is down: at least this session has ended
    response = RedirectResponse(target, status_code=303)
    response.delete_cookie(staff_sessions.SESSION_COOKIE, path="/")
    return response
