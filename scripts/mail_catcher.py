"""The development mail catcher of `make run` (issue 29): an SMTP server on 127.0.0.1 that delivers nothing and
keeps what it receives, and a page to read it, so a newcomer sees the mails the Wmo-assistent sends.

    /                 the mails, newest first: from, to, subject, date, the plain-text body, the attachments
    /messages.json    the same as JSON, for scripts: [{"from", "to", "subject", "date", "text", "attachments"}]
    /raw?message_id=  one mail as it came (message/rfc822), attachments and all
    /healthz          200 while the SMTP server listens

    uvicorn --factory scripts.mail_catcher:create_app      (the launcher starts it, with the settings below)

It behaves as the gemeente's mail server should, so the API's real mail code runs against it:
- STARTTLS is required before a mail or a login. Its certificate comes from a throw-away certificate authority
  (trustme) made at each start; the CA's certificate is written to MAIL_CATCHER_CA_FILE for the API to trust
  (WMO_SMTP_CA_FILE), so the certificate is checked as at a real server.
- A login is required when MAIL_CATCHER_USER and MAIL_CATCHER_PASSWORD are set (make run sets them from .env);
  otherwise any login is accepted.
- Mail to an address at bestaat-niet.example is refused with 550, as a real server refuses an address that does
  not exist: how a refused address looks in the chat and on the staff pages, to try by hand.

The mails stay in memory, at most KEPT. Every page has a strict Content-Security-Policy and shows what a mail holds
as text, never as HTML.
"""

from __future__ import annotations

import hmac
import html
import os
import ssl
from collections import deque
from contextlib import asynccontextmanager
from email import message_from_bytes, policy
from email.utils import parsedate_to_datetime
from typing import Deque, Dict, List

from pathlib import Path
from typing import Optional

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

HOST = "127.0.0.1"
KEPT = 500
REFUSED_DOMAIN = "bestaat-niet.example"
PAGE_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


def read(raw: bytes, sender: str, recipients: List[str]) -> Dict:
    """What the page and the JSON show of one mail."""
    mail = message_from_bytes(raw, policy=policy.default)
    body = mail.get_body(preferencelist=("plain",))
    try:
        date = parsedate_to_datetime(mail["Date"]).isoformat() if mail["Date"] else None
    except (TypeError, ValueError):
        date = None
    return {
        "from": str(mail["From"] or sender), "to": recipients, "subject": str(mail["Subject"] or ""),
        "date": date, "message_id": str(mail["Message-ID"] or ""),
        "text": body.get_content() if body is not None else "",
        "html": mail.get_body(preferencelist=("html",)) is not None,
        "attachments": [{"filename": part.get_filename(), "content_type": part.get_content_type(),
                         "size": len(part.get_payload(decode=True) or b"")} for part in mail.iter_attachments()],
    }


class Catcher:
    """aiosmtpd's handler: keeps each mail it is given; refuses an address at REFUSED_DOMAIN."""

    def __init__(self) -> None:
        self.mails: Deque[Dict] = deque(maxlen=KEPT)
        self.raw: Dict[str, bytes] = {}  # the mail as it came, by Message-ID

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address.rstrip(">").lower().endswith("@" + REFUSED_DOMAIN):
            return "550 5.1.1 Dit adres bestaat niet"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        raw = envelope.original_content or envelope.content
        mail = read(raw, envelope.mail_from, list(envelope.rcpt_tos))
        if len(self.mails) == KEPT:
            self.raw.pop(self.mails[-1]["message_id"], None)
        self.mails.appendleft(mail)
        self.raw[mail["message_id"]] = raw
        return "250 Message accepted for delivery"


class Login:
    """aiosmtpd's authenticator: this user and password, or (none set) any."""

    def __init__(self, user: Optional[str], password: Optional[str]):
        self.user, self.password = user, password

    def __call__(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        if not self.user:
            return AuthResult(success=True)
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        good = hmac.compare_digest(auth_data.login, self.user.encode()) and \
            hmac.compare_digest(auth_data.password, (self.password or "").encode())
        return AuthResult(success=good, handled=False)


class Tls:
    """A throw-away certificate authority and a certificate for 127.0.0.1 and localhost, made by trustme."""

    def __init__(self) -> None:
        self.ca = trustme.CA(organization_name="Wmo-assistent mail catcher (development)")
        self.certificate = self.ca.issue_cert(HOST, "localhost")

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.certificate.configure_cert(context)
        return context

    def write_ca(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.ca.cert_pem.write_to_path(str(path))


def smtp_controller(handler, port: int, tls: Tls, user: Optional[str], password: Optional[str]) -> Controller:
    """An aiosmtpd server on 127.0.0.1: STARTTLS required, a login required when a user is set."""
    return Controller(handler, hostname=HOST, port=port, tls_context=tls.server_context(), require_starttls=True,
                      auth_require_tls=True, auth_required=bool(user), authenticator=Login(user, password))


def page(mails) -> str:
    rows = []
    for mail in mails:
        attachments = ", ".join(f"{a['filename'] or 'zonder naam'} ({a['content_type']}, {a['size']:,} bytes)"
                                for a in mail["attachments"]) or "geen"
        rows.append(
            f"<article><h2>{html.escape(mail['subject'] or '(geen onderwerp)')}</h2>"
            f"<p>Van: {html.escape(mail['from'])}<br>Aan: {html.escape(', '.join(mail['to']))}<br>"
            f"Datum: {html.escape(mail['date'] or '?')}<br>Bijlagen: {html.escape(attachments)}</p>"
            f"<pre>{html.escape(mail['text'])}</pre></article>")
    body = "\n".join(rows) or "<p>Nog geen mails.</p>"
    return (f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Mail (ontwikkeling)</title></head>'
            f"<body><h1>Mails van de Wmo-assistent (ontwikkeling: niets wordt echt verstuurd)</h1>{body}</body></html>")


def create_app() -> Starlette:
    catcher = Catcher()
    port = int(os.environ.get("MAIL_CATCHER_SMTP_PORT", "1025"))
    tls = Tls()
    controller = smtp_controller(catcher, port, tls, os.environ.get("MAIL_CATCHER_USER"),
                                 os.environ.get("MAIL_CATCHER_PASSWORD"))

    @asynccontextmanager
    async def lifespan(app):
        if os.environ.get("MAIL_CATCHER_CA_FILE"):
            tls.write_ca(Path(os.environ["MAIL_CATCHER_CA_FILE"]))
        controller.start()
        try:
            yield
        finally:
            controller.stop()

    def headers() -> Dict[str, str]:
        return {"Content-Security-Policy": PAGE_POLICY, "Cache-Control": "no-store"}

    async def index(request):
        return HTMLResponse(page(list(catcher.mails)), headers=headers())

    async def messages(request):
        return JSONResponse(list(catcher.mails), headers=headers())

    async def raw(request):
        found = catcher.raw.get(request.query_params.get("message_id", ""))
        if found is None:
            return PlainTextResponse("Geen mail met dit Message-ID.", status_code=404, headers=headers())
        return Response(found, media_type="message/rfc822", headers=headers())

    async def healthz(request):
        return PlainTextResponse("ok")

    app = Starlette(routes=[Route("/", index), Route("/messages.json", messages), Route("/raw", raw),
                            Route("/healthz", healthz)],
                    lifespan=lifespan)
    app.state.catcher = catcher
    return app
