"""What happens when a melding or a new plan version is stored, in the same transaction (issue 29):

- the gemeente's registration backend is told (api/registratie.py);
- a new melding gets its confirmation mails in the mail outbox (api/mail_outbox.py): to the inwoner when they gave
  an e-mail address, and to who made the melding for them (a cliëntondersteuner, a mantelzorger) when that person
  gave their own. The Wmo asks the college to confirm receipt (art. 2.3.2 lid 1).

The routes pass these as the `before_commit` of api/meldingen.py, after the audit row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Dict

from sqlmodel import Session, func, select

from api import mail_outbox, registratie
from api.mails import BEVESTIGING, BEVESTIGING_NAMENS
from api.models import Melding, PlanVersie
from wmo.gemeente import Gemeente


def melding(session: Session, row: Melding, gemeenten: Dict[str, Gemeente], now: datetime) -> None:
    config = gemeenten[row.gemeente]
    session.flush()  # the melding (and its plan) first: the outbox rows refer to it
    registratie.backend_for(config).melding(session, row, _newest_versie(session, row.id), now)  # 1 or 0
    if row.inwoner_email:
        mail_outbox.add(session, row, BEVESTIGING, 1, row.inwoner_email, config.mail.afzender, now)
    if row.namens_email and row.namens_email.casefold() != (row.inwoner_email or "").casefold():
        mail_outbox.add(session, row, BEVESTIGING_NAMENS, 1, row.namens_email, config.mail.afzender, now)


def plan(session: Session, row: Melding, gemeenten: Dict[str, Gemeente], now: datetime) -> None:
    session.flush()
    registratie.backend_for(gemeenten[row.gemeente]).plan(session, row, _newest_versie(session, row.id), now)


def _newest_versie(session: Session, melding_id: str) -> int:
    return session.exec(select(func.max(PlanVersie.versie)).where(PlanVersie.melding_id == melding_id)).one() or 0
