"""The development mail catcher of `make run` (issue 29): an SMTP server on 127.0.0.1 that delivers nothing and
keeps what it receives, and a page to read it, so a newcomer sees the mails the Wmo-assistent sends.

    /                 the mails, newest first: from, to, subject, date, the plain-text body, the attachments
    /messages.json    the same as JSON, for scripts: [{"from", "to", "subject", "date", "text", "attachments"}]
    /healthz          200 while the SMTP server listens

    uvicorn --factory scripts.mail_catcher:create_app      (the launcher starts it; setting MAIL_CATCHER_SMTP_PORT)

Any login is accepted (the mail backend logs in as at a real server); the mails stay in memory, at most KEPT.
Every page has a strict Content-Security-Policy and shows what a mail holds as text, never as HTML.
"""

from __future__ import annotations

import html
import os
from collections import deque
from contextlib import asynccontextmanager
from email import message_from_bytes, policy
from email.utils import parsedate_to_datetime
from typing import Deque, Dict, List

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse
from starlette.routing import Route

HOST = "127.0.0.1"
KEPT = 500
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
    """aiosmtpd's handler: keeps each mail it is given."""

    def __init__(self) -> None:
        self.mails: Deque[Dict] = deque(maxlen=KEPT)

    async def handle_DATA(self, server, session, envelope) -> str:
        self.mails.appendleft(read(envelope.original_content or envelope.content, envelope.mail_from,
                                   list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


def accept_any_login(server, session, envelope, mechanism, auth_data) -> AuthResult:
    return AuthResult(success=True)


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
    controller = Controller(catcher, hostname=HOST, port=port, auth_require_tls=False,
                            authenticator=accept_any_login)

    @asynccontextmanager
    async def lifespan(app):
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

    async def healthz(request):
        return PlainTextResponse("ok")

    app = Starlette(routes=[Route("/", index), Route("/messages.json", messages), Route("/healthz", healthz)],
                    lifespan=lifespan)
    app.state.catcher = catcher
    return app
