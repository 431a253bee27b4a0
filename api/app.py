"""The FastAPI application of the gemeente API.

    uvicorn --factory api.app:create_app --port 8000

Settings come from the environment and .env (api/settings.py). The database schema is made by the migrations
(`python -m api.migrate`), never by the app.
"""

import logging
from contextlib import asynccontextmanager
from pathlib import Path
from datetime import datetime, timezone
from typing import Optional
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from api import audit_pages, dashboard_pages, overdracht_pages, pages, review_pages, staff_login, terugbel_pages
from api.db import database_answers, engine_for
from api.errors import not_found_handler, validation_error_handler
from api.gemeente_scope import NotFound
from api.migrate import current_revision, head_revision
from api.request_origin import RequestOrigin
from api.gesprekken_sync import Sync, TrackerStore
from api.mail_outbox import Beleid
from api.mail_worker import MailWorker
from api.routes import feedback, meldingen, overdrachten, terugbelverzoeken
from api.settings import Settings, get_settings
from api.smtp import SmtpServer
from wmo import gemeente
from wmo.masking import install_log_masking

log = logging.getLogger("api")
HERE = Path(__file__).resolve().parent

# The consulent pages load nothing from elsewhere and run no script. Their forms post here only; the logout form's
# answer redirects to the identity provider (RP-initiated logout), which form-action must allow as well.
def page_policy(issuer: Optional[str]) -> str:
    provider = ""
    if issuer:
        parts = urlsplit(issuer)
        provider = f" {parts.scheme}://{parts.netloc}"
    return (f"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'{provider}; "
            "frame-ancestors 'none'; base-uri 'none'")


class MissingSecrets(RuntimeError):
    pass


class SecurityHeaders:
    """Personal data is never cached; the consulent pages get a strict Content-Security-Policy.

    A plain ASGI middleware: Starlette's BaseHTTPMiddleware (@app.middleware) costs about a millisecond a request.
    """

    def __init__(self, app, policy: str = page_policy(None)):
        self.app = app
        self.policy = policy.encode()
        # The staff chat pages load one script of this origin and poll this origin (api/static/overdracht.js);
        # still no inline script, no eval, nothing from elsewhere.
        self.live_policy = f"{policy}; script-src 'self'; connect-src 'self'".encode()

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "") if scope["type"] == "http" else ""
        pages, api = path.startswith(("/consulent", "/beheer")), path.startswith("/api/")
        if not (pages or api):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer")]
                if pages:
                    live = path.startswith("/consulent/chats")
                    headers.append((b"content-security-policy", self.live_policy if live else self.policy))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(settings: Optional[Settings] = None) -> FastAPI:
    settings = settings or get_settings()
    missing = settings.missing_secrets()
    if missing:
        raise MissingSecrets(
            f"{'; '.join(missing)}. Run `make install` (it writes random development secrets to .env) or set them "
            f"in the environment (docs/configuration.md); a client's gemeenten are in WMO_API_CLIENTS "
            f"(docs/api.md, machine clients).")
    install_log_masking()  # a BSN, IBAN or phone number in a log line is masked (wmo/masking.py)
    engine = engine_for(settings.database_url)
    head = head_revision()  # read from the migration files once, not on every health check

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        try:
            current = current_revision(engine)
            if current != head:
                log.error("database schema is at %s, the code needs %s: run `python -m api.migrate`", current, head)
        except Exception as error:  # the database may be down at start; /healthz says so
            log.error("database not reachable at start: %s", error)
        app.state.mail.start()
        yield
        await app.state.mail.stop()
        engine.dispose()
        app.state.gesprekken.store.dispose()

    app = FastAPI(
        title="Gemeente API — Wmo-assistent",
        version="1",
        description=(
            "Meldingen en persoonlijke plannen (Wmo 2015), voor de chatbot en de Wmo-consulent.\n\n"
            "Bearer tokens with two roles: `bot` (POST /meldingen, PUT plan) and `consulent` (read, list, "
            "PATCH), each for the gemeenten its client is configured for: a melding of another gemeente is 404. "
            "401 without or with an unknown token, 403 for the other role, 422 naming the field."),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.gemeenten = gemeente.alle()  # the gemeenten this deployment serves, by slug (config/gemeenten/)
    app.state.gestart = datetime.now(timezone.utc)  # chats waiting through a restart are not ended by it
    # the mails of a melding: registration and confirmation, sent in the background (issue 29)
    app.state.mail = MailWorker(engine, SmtpServer.from_settings(settings), app.state.gemeenten,
                                Beleid.from_settings(settings))
    app.state.gesprekken = Sync(TrackerStore(settings.wmo_tracker_url))  # the conversations, for review (issue 28)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(NotFound, not_found_handler)
    app.add_exception_handler(staff_login.LoginRequired, staff_login.login_redirect)
    app.add_exception_handler(staff_login.RoleMissing, staff_login.role_missing)
    app.add_middleware(SecurityHeaders, policy=page_policy(settings.wmo_oidc_issuer))
    app.add_middleware(RequestOrigin, trusted_proxies=settings.wmo_trusted_proxies)

    @app.get("/healthz", tags=["beheer"], summary="200 when the database answers and its schema is current, else 503")
    def healthz() -> JSONResponse:
        if not database_answers(engine):
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
        current = current_revision(engine)
        if current != head:
            return JSONResponse({"status": "unavailable", "database": "ok", "schema": current, "needs": head},
                                status_code=503)
        return JSONResponse({"status": "ok", "database": "ok", "schema": current})

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/consulent", status_code=307)

    app.include_router(meldingen.router)
    app.include_router(terugbelverzoeken.router)
    app.include_router(overdrachten.router)
    app.include_router(feedback.router)
    app.include_router(staff_login.router)
    app.include_router(pages.router)
    app.include_router(terugbel_pages.router)
    app.include_router(overdracht_pages.router)
    app.include_router(audit_pages.router)
    app.include_router(review_pages.router)
    app.include_router(dashboard_pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app
