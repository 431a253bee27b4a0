"""The mail outbox (issue 29): every mail of a melding is a row here before it is a mail, so nothing is lost and
nothing goes twice.

- **Written with the melding.** `add` is called inside the transaction that stores the melding or its new plan
  version (api/melding_ontvangen.py): the row lands with it, or neither does. A replay (the same Idempotency-Key,
  the same plan again) stores nothing and so adds no mail. The row's Message-ID is made of the melding, the kind and the
  version, and is unique: the same mail cannot be added twice.
- **Sent after the commit**, by `deliver_due` (run by each API process, api/mail_worker.py): a row is claimed with
  one conditional UPDATE (a lease), so two API processes never send it at the same time; composed anew at each try
  from the melding (the same Message-ID and date; a registration's plan version is fixed, a confirmation says
  whether a plan came, as it is then); sent over SMTP (api/smtp.py) with no database connection held.
- **Tried again** after a temporary refusal (4xx) or no answer: after 30 s, 1, 2, 4 ... minutes, at most
  WMO_MAIL_RETRY_MAX seconds apart, for WMO_MAIL_GIVE_UP_HOURS. A restart loses nothing: the row waits in the
  database. A lease that ran out (a process that died mid-send) is free again.
- **Refused for good** (5xx, or no success within the hours): marked `geweigerd` with the server's answer, and shown
  to staff on the melding's page and in the inbox.

Exactly once, as far as SMTP allows: a mail is marked sent only after the server accepted it. If the process dies
between the server's "250" and that mark, the next try sends it again with the same Message-ID, which the
receiving mail system and the reader recognise as the same mail.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Dict, List, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from api import mails, meldingen, plan_pdf, smtp
from api.mails import BEVESTIGING_NAMENS, REGISTRATIE
from api.models import MailUitgaand, Melding, utcnow
from wmo.gemeente import Gemeente

log = logging.getLogger("api.mail")

WACHT, VERSTUURD, GEWEIGERD = "wacht", "verstuurd", "geweigerd"
FIRST_RETRY = 30.0  # seconds after the first failed try
LEASE = timedelta(minutes=2)  # longer than a send: a PDF to render, an SMTP time-out


@dataclass(frozen=True)
class Beleid:
    """How long to keep trying."""

    retry_max: float = 900
    give_up: timedelta = timedelta(hours=72)

    def wait_after(self, tries: int) -> timedelta:
        """30 s, 1, 2, 4, 8 minutes ... at most retry_max."""
        return timedelta(seconds=min(FIRST_RETRY * 2 ** max(tries - 1, 0), self.retry_max))

    @classmethod
    def from_settings(cls, settings) -> "Beleid":
        return cls(retry_max=settings.wmo_mail_retry_max, give_up=timedelta(hours=settings.wmo_mail_give_up_hours))


def add(session: Session, melding: Melding, soort: str, versie: int, aan: str, afzender: str, now: datetime) -> None:
    """One mail for this melding, in the caller's transaction; nothing when the same mail is already there."""
    mid = mails.message_id(melding.id, soort, versie, afzender)
    if session.exec(select(MailUitgaand.id).where(MailUitgaand.message_id == mid)).first() is not None:
        return
    session.add(MailUitgaand(message_id=mid, gemeente=melding.gemeente, melding_id=melding.id, soort=soort,
                             versie=versie, aan=aan, status=WACHT, pogingen=0, volgende_poging=now,
                             aangemaakt_op=now))


def of_melding(session: Session, melding_id: str, soorten: Optional[List[str]] = None) -> List[MailUitgaand]:
    """The mails of a melding, oldest first."""
    statement = select(MailUitgaand).where(MailUitgaand.melding_id == melding_id)
    if soorten:
        statement = statement.where(MailUitgaand.soort.in_(soorten))
    return list(session.exec(statement.order_by(MailUitgaand.aangemaakt_op, MailUitgaand.id)).all())


def geweigerd_bij(session: Session, melding_ids: List[str]) -> Dict[str, int]:
    """How many mails were refused, per melding (for the inbox)."""
    if not melding_ids:
        return {}
    return dict(session.exec(select(MailUitgaand.melding_id, sa.func.count()).where(
        MailUitgaand.melding_id.in_(melding_ids), MailUitgaand.status == GEWEIGERD)
        .group_by(MailUitgaand.melding_id)).all())


# --- sending ---------------------------------------------------------------------------------------------------

def _free(now: datetime):
    return sa.or_(MailUitgaand.bezig_tot.is_(None), MailUitgaand.bezig_tot < now)


def due(engine: Engine, now: Optional[datetime] = None, limit: int = 20) -> List[int]:
    now = now or utcnow()
    with Session(engine) as session:
        return list(session.exec(select(MailUitgaand.id).where(
            MailUitgaand.status == WACHT, MailUitgaand.volgende_poging <= now, _free(now))
            .order_by(MailUitgaand.volgende_poging, MailUitgaand.id).limit(limit)).all())


def claim(engine: Engine, mail_id: int, now: Optional[datetime] = None) -> bool:
    """Takes the mail for one try; False when it is no longer waiting or another process holds it."""
    now = now or utcnow()
    table = MailUitgaand.__table__
    with engine.begin() as connection:
        claimed = connection.execute(table.update().where(
            table.c.id == mail_id, table.c.status == WACHT, _free(now)).values(bezig_tot=now + LEASE)).rowcount
    return claimed == 1


def _update(engine: Engine, mail_id: int, **values) -> None:
    table = MailUitgaand.__table__
    with engine.begin() as connection:
        connection.execute(table.update().where(table.c.id == mail_id).values(bezig_tot=None, **values))


def compose(engine: Engine, mail_id: int, gemeenten: Dict[str, Gemeente]):
    """(row, the mail) as it is sent at every try; no connection is held afterwards."""
    with Session(engine) as session:
        row = session.get(MailUitgaand, mail_id)
        melding_row = session.get(Melding, row.melding_id)
        versie = row.versie if row.soort == REGISTRATIE else None
        melding = meldingen.melding_with_plan(session, melding_row, versie)
        session.expunge(row)
    config = gemeenten[row.gemeente]
    afzender = config.mail.afzender
    if row.soort == REGISTRATIE:
        pdf = plan_pdf.render(melding, melding.plan, config.naam) if melding.plan else None
        naam = plan_pdf.filename(melding, melding.plan) if melding.plan else None
        return row, mails.registratie(melding, config, afzender, row.aan, row.aangemaakt_op, pdf, naam)
    namens = row.soort == BEVESTIGING_NAMENS
    naam = melding.namens.naam if namens else melding.inwoner.naam
    return row, mails.bevestiging(melding, config, afzender, row.aan, naam, row.aangemaakt_op, namens=namens)


def send_one(engine: Engine, mail_id: int, server: smtp.SmtpServer, gemeenten: Dict[str, Gemeente],
             beleid: Beleid = Beleid()) -> str:
    """One try of a mail this process claimed; returns its status afterwards."""
    try:
        row, mail = compose(engine, mail_id, gemeenten)
        smtp.send(server, mail, gemeenten[row.gemeente].mail.afzender, row.aan)
    except smtp.Blijvend as error:
        log.error("mail %s refused for good: %s", mail_id, error)
        _update(engine, mail_id, status=GEWEIGERD, pogingen=MailUitgaand.pogingen + 1, fout=str(error)[:300])
        return GEWEIGERD
    except Exception as error:  # smtp.Tijdelijk, or a fault composing it: try again later
        if not isinstance(error, smtp.Tijdelijk):
            log.exception("mail %s could not be composed", mail_id)
        return _later(engine, mail_id, str(error) or type(error).__name__, beleid)
    _update(engine, mail_id, status=VERSTUURD, pogingen=MailUitgaand.pogingen + 1, verstuurd_op=utcnow(), fout=None)
    log.info("mail %s (%s) sent", mail_id, row.soort)
    return VERSTUURD


def _later(engine: Engine, mail_id: int, error: str, beleid: Beleid) -> str:
    now = utcnow()
    with Session(engine) as session:
        row = session.get(MailUitgaand, mail_id)
        tries, since = row.pogingen + 1, row.aangemaakt_op
    if now - since >= beleid.give_up:
        hours = beleid.give_up.total_seconds() / 3600
        log.error("mail %s not sent within %g hours, given up: %s", mail_id, hours, error)
        _update(engine, mail_id, status=GEWEIGERD, pogingen=tries,
                fout=f"niet verstuurd binnen {hours:g} uur; laatste antwoord: {error}"[:300])
        return GEWEIGERD
    log.warning("mail %s not sent (try %d), again in %s: %s", mail_id, tries, beleid.wait_after(tries), error)
    _update(engine, mail_id, pogingen=tries, volgende_poging=now + beleid.wait_after(tries), fout=error[:300])
    return WACHT


def deliver_due(engine: Engine, server: smtp.SmtpServer, gemeenten: Dict[str, Gemeente],
                beleid: Beleid = Beleid(), now: Optional[datetime] = None) -> int:
    """One round: every mail whose time has come and that no other process holds; returns how many went."""
    sent = 0
    for mail_id in due(engine, now):
        if claim(engine, mail_id, now):
            sent += send_one(engine, mail_id, server, gemeenten, beleid) == VERSTUURD
    return sent
