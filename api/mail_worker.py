"""Each API process sends what waits in the mail outbox (api/mail_outbox.py), in the background.

It looks every POLL seconds, and at once when a request just stored a melding or a plan version (`wake`). Sending
(SMTP, the PDF) runs in a worker thread, so requests are not held up; two API processes share the outbox safely
(each mail is claimed). Without a mail server (WMO_SMTP_HOST) it sends nothing and the mails wait.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Dict, Optional

from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from api import mail_outbox
from api.smtp import SmtpServer
from wmo.gemeente import Gemeente

log = logging.getLogger("api.mail")
POLL = 2.0


class MailWorker:
    def __init__(self, engine: Engine, server: Optional[SmtpServer], gemeenten: Dict[str, Gemeente],
                 beleid: mail_outbox.Beleid):
        self.engine, self.server, self.gemeenten, self.beleid = engine, server, gemeenten, beleid
        self._wake: Optional[asyncio.Event] = None
        self._task: Optional[asyncio.Task] = None

    def start(self) -> None:
        if self.server is None:
            log.warning("WMO_SMTP_HOST is not set: mails wait in the outbox until a mail server is configured")
            return
        self._wake = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name="mail-outbox")

    def wake(self) -> None:
        """Something was just added: look now rather than at the next poll."""
        if self._wake is not None:
            self._wake.set()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    async def _run(self) -> None:
        while True:
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=POLL)
            except asyncio.TimeoutError:
                pass
            self._wake.clear()
            try:
                await run_in_threadpool(mail_outbox.deliver_due, self.engine, self.server, self.gemeenten, self.beleid)
            except Exception:  # the database is down, for one: the next round tries again
                log.exception("mail outbox round failed")
