"""Where a gemeente registers a melding, besides this API's own inbox (issue 29): its config says
`mail.registratie` (config/gemeenten/<slug>.yml).

- `api`: nowhere else. The Wmo team works in the consulent pages of this API (or its own system reads
  GET /api/v1/meldingen).
- `email`: a registration mail to the Wmo team's mailbox (`mail.wmo_mailbox`) with the melding, and the persoonlijk
  plan as a PDF/A attachment; each new plan version is a new mail with the new PDF.

A backend is called inside the transaction that stores the melding or the plan version. What it must deliver it
writes to an outbox in that transaction, and delivers after the commit with retries: the registration lands with
the melding or not at all, and a replay (which stores nothing) registers nothing. The bot never sees a backend. A
ZGW backend (Zaken API + Documenten API) would be one more class here: in `melding` a row in its own outbox for
"create the zaak", in `plan` one for "add the document to the zaak", and a worker beside api/mail_worker.py.
"""

from __future__ import annotations

from datetime import datetime
from typing import Dict, Protocol

from sqlmodel import Session

from api import mail_outbox
from api.mails import REGISTRATIE
from api.models import Melding
from wmo import gemeente as gemeente_config
from wmo.gemeente import Gemeente


class Registratie(Protocol):
    def melding(self, session: Session, melding: Melding, plan_versie: int, now: datetime) -> None:
        """A new melding, with its plan as version `plan_versie` (0: no plan yet)."""

    def plan(self, session: Session, melding: Melding, versie: int, now: datetime) -> None:
        """A new version of the melding's persoonlijk plan."""


class ApiInbox:
    """The melding is in this API's inbox already: nothing more to do."""

    def __init__(self, config: Gemeente):
        self.config = config

    def melding(self, session: Session, melding: Melding, plan_versie: int, now: datetime) -> None:
        return None

    def plan(self, session: Session, melding: Melding, versie: int, now: datetime) -> None:
        return None


class EmailRegistratie:
    """A mail to the Wmo team's mailbox for the melding and for each new plan version (api/mails.py)."""

    def __init__(self, config: Gemeente):
        self.config = config

    def melding(self, session: Session, melding: Melding, plan_versie: int, now: datetime) -> None:
        self._mail(session, melding, plan_versie, now)

    def plan(self, session: Session, melding: Melding, versie: int, now: datetime) -> None:
        self._mail(session, melding, versie, now)

    def _mail(self, session: Session, melding: Melding, versie: int, now: datetime) -> None:
        mail_outbox.add(session, melding, REGISTRATIE, versie, self.config.mail.wmo_mailbox,
                        self.config.mail.afzender, now)


BACKENDS: Dict[str, type] = {gemeente_config.API: ApiInbox, gemeente_config.EMAIL: EmailRegistratie}


def backend_for(config: Gemeente) -> Registratie:
    return BACKENDS[config.mail.registratie](config)
