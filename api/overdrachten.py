"""Chats handed to a person of the loket (issue 27), in the database: the queue, taking one (one employee wins),
messages both ways, ending, back to the queue, and expiry. No HTTP here: the bot's routes
(api/routes/overdrachten.py) and the staff pages (api/overdracht_pages.py) call these functions.

Times (api/settings.py), counted from this API process's start at the earliest: an inwoner who has not polled for
`inwoner_weg` seconds closed the tab: a waiting chat expires; an employee who has not polled for `medewerker_weg`
seconds (closed the page, or their session expired) gives the chat back to the queue. A chat nobody takes within
the gemeente's `wachttijd_minuten` expires, and the bot offers a terugbelverzoek. `verloop()` applies these; every read of the queue or of a chat calls it first, so
no background job is needed and a restart loses nothing.

Each write wakes the long polls of this process at once (`Wekker`); another process (the scale-out profile) sees
it at its next look at the database, at most `POLL_SECONDS` later.
"""

import asyncio
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import AbstractSet, Any, Dict, List, Optional

from sqlalchemy import update
from sqlmodel import Session, select

from api.gemeente_scope import row_in
from api.models import Overdracht, OverdrachtBericht, utcnow

KIND = "overdracht"  # the object type in the audit trail and in a 404
WACHTEND, ACTIEF, BEEINDIGD, VERLOPEN = "wachtend", "actief", "beeindigd", "verlopen"
OPEN = (WACHTEND, ACTIEF)
INWONER, MEDEWERKER, SYSTEEM = "inwoner", "medewerker", "systeem"
BERICHT, GENOMEN, TERUG, EINDE, VERLOPEN_SOORT = "bericht", "genomen", "terug", "beeindigd", "verlopen"
VERVOLGEN = ("melding", "terugbellen")
MAX_TEKST = 2000
POLL_SECONDS = 1.0
VERLOOP_SECONDS = 1.0  # the time limits are applied at most this often per process, however many polls are open
GEZIEN_SECONDS = 5.0  # a poll notes "still there" at most this often per chat: a write, not one every second


class NietOpen(Exception):
    """The chat is no longer in the state this needs (ended, expired, taken by someone else)."""


@dataclass(frozen=True)
class Termijnen:
    inwoner_weg: float  # seconds without a poll of the widget
    medewerker_weg: float  # seconds without a poll of the staff page
    wachttijd: Dict[str, float]  # gemeente slug -> seconds in the queue before the callback offer
    # When this API process started: nobody could poll it before, so absence counts from then at the earliest
    # (a restart of the API must not end the chats that were waiting through it).
    gestart: Optional[datetime] = None


class Wekker:
    """Wakes the long polls of this process when something happens in a chat."""

    def __init__(self) -> None:
        self._events: Dict[str, asyncio.Event] = {}
        self._laatste_verloop = float("-inf")

    def tijd_voor_verloop(self) -> bool:
        """True at most once per VERLOOP_SECONDS: each open poll looks every second, and `verloop` reads every open
        chat, so without this 150 waiting chats would read the queue 150 times a second."""
        now = time.monotonic()
        if now - self._laatste_verloop < VERLOOP_SECONDS:
            return False
        self._laatste_verloop = now
        return True

    def wek(self, overdracht_id: str) -> None:
        event = self._events.pop(overdracht_id, None)
        if event is not None:
            event.set()

    async def wacht(self, overdracht_id: str, seconds: float) -> None:
        event = self._events.setdefault(overdracht_id, asyncio.Event())
        try:
            await asyncio.wait_for(event.wait(), timeout=seconds)
        except asyncio.TimeoutError:
            pass


def _bericht(session: Session, overdracht: Overdracht, soort: str, van: str, tekst: str = "",
             naam: Optional[str] = None, now: Optional[datetime] = None) -> OverdrachtBericht:
    row = OverdrachtBericht(overdracht_id=overdracht.id, soort=soort, van=van, tekst=tekst[:MAX_TEKST], naam=naam,
                            moment=now or utcnow())
    session.add(row)
    return row


def voornaam(naam: Optional[str]) -> str:
    """What the inwoner reads: 'U praat nu met Anne'."""
    return (naam or "").split()[0] if (naam or "").split() else "een medewerker"


def start(session: Session, gemeente: str, gesprek_id: str, onderwerp: str, gesprek: List[Dict[str, Any]],
          now: Optional[datetime] = None) -> Overdracht:
    """Puts the chat in the queue; a chat that is already waiting or taken is returned as it is."""
    now = now or utcnow()
    bestaand = van_gesprek(session, gesprek_id)
    if bestaand is not None and bestaand.status in OPEN:
        return bestaand
    row = Overdracht(id=str(uuid.uuid4()), gemeente=gemeente, gesprek_id=gesprek_id, status=WACHTEND,
                     onderwerp=onderwerp[:200], gesprek=gesprek, aangemaakt_op=now, wacht_sinds=now,
                     inwoner_gezien_op=now)
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def van_gesprek(session: Session, gesprek_id: str) -> Optional[Overdracht]:
    """The newest handover of this conversation, in any state."""
    return session.exec(select(Overdracht).where(Overdracht.gesprek_id == gesprek_id)
                        .order_by(Overdracht.aangemaakt_op.desc())).first()


def get(session: Session, overdracht_id: str, gemeenten: AbstractSet[str]) -> Overdracht:
    return row_in(session, Overdracht, KIND, overdracht_id, gemeenten)


def berichten_na(session: Session, overdracht_id: str, na: int) -> List[OverdrachtBericht]:
    return list(session.exec(select(OverdrachtBericht).where(OverdrachtBericht.overdracht_id == overdracht_id,
                                                             OverdrachtBericht.id > na)
                             .order_by(OverdrachtBericht.id)).all())


def laatste_id(session: Session, overdracht_id: str) -> int:
    rows = berichten_na(session, overdracht_id, 0)
    return rows[-1].id if rows else 0


def _lang_geleden(gezien: Optional[datetime], now: datetime) -> bool:
    return gezien is None or gezien < now - timedelta(seconds=GEZIEN_SECONDS)


def inwoner_gezien(session: Session, row: Overdracht, now: Optional[datetime] = None) -> None:
    now = now or utcnow()
    if row.status in OPEN and _lang_geleden(row.inwoner_gezien_op, now):
        row.inwoner_gezien_op = now
        session.add(row)
        session.commit()


def medewerker_gezien(session: Session, row: Overdracht, medewerker: str, now: Optional[datetime] = None) -> None:
    now = now or utcnow()
    if row.status == ACTIEF and row.medewerker == medewerker and _lang_geleden(row.medewerker_gezien_op, now):
        row.medewerker_gezien_op = now
        session.add(row)
        session.commit()


def van_inwoner(session: Session, row: Overdracht, tekst: str, now: Optional[datetime] = None) -> OverdrachtBericht:
    """A message the inwoner typed while the chat waits or is taken: for the employee, never for the bot."""
    if row.status not in OPEN:
        raise NietOpen(row.status)
    now = now or utcnow()
    bericht = _bericht(session, row, BERICHT, INWONER, tekst, now=now)
    row.inwoner_gezien_op = now
    session.add(row)
    session.commit()
    session.refresh(bericht)
    return bericht


def nemen(session: Session, overdracht_id: str, medewerker: str, naam: Optional[str], gemeenten: AbstractSet[str],
          now: Optional[datetime] = None) -> Overdracht:
    """The employee takes a waiting chat. One conditional UPDATE: of two employees at once, one wins; the other
    gets NietOpen."""
    now = now or utcnow()
    row = get(session, overdracht_id, gemeenten)
    taken = session.execute(
        update(Overdracht).where(Overdracht.id == row.id, Overdracht.status == WACHTEND)
        .values(status=ACTIEF, medewerker=medewerker, medewerker_naam=naam, genomen_op=now,
                medewerker_gezien_op=now)).rowcount
    if taken != 1:
        session.rollback()
        raise NietOpen(row.status)
    session.expire(row)
    _bericht(session, row, GENOMEN, SYSTEEM, naam=voornaam(naam), now=now)
    session.commit()
    session.refresh(row)
    return row


def _eigen(session: Session, overdracht_id: str, medewerker: str, gemeenten: AbstractSet[str]) -> Overdracht:
    row = get(session, overdracht_id, gemeenten)
    if row.status != ACTIEF or row.medewerker != medewerker:
        raise NietOpen(row.status)
    return row


def van_medewerker(session: Session, overdracht_id: str, medewerker: str, tekst: str, gemeenten: AbstractSet[str],
                   now: Optional[datetime] = None) -> OverdrachtBericht:
    now = now or utcnow()
    row = _eigen(session, overdracht_id, medewerker, gemeenten)
    bericht = _bericht(session, row, BERICHT, MEDEWERKER, tekst, naam=voornaam(row.medewerker_naam), now=now)
    row.medewerker_gezien_op = now
    session.add(row)
    session.commit()
    session.refresh(bericht)
    return bericht


def beeindigen(session: Session, overdracht_id: str, medewerker: str, gemeenten: AbstractSet[str],
               vervolg: Optional[str] = None, now: Optional[datetime] = None) -> Overdracht:
    """The employee ends the chat; the bot takes over again (with a melding to start, when `vervolg` says so)."""
    now = now or utcnow()
    row = _eigen(session, overdracht_id, medewerker, gemeenten)
    row.status, row.beeindigd_op, row.vervolg = BEEINDIGD, now, vervolg
    _bericht(session, row, EINDE, SYSTEEM, tekst=vervolg or "", naam=voornaam(row.medewerker_naam), now=now)
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def terug_naar_wachtrij(session: Session, row: Overdracht, now: Optional[datetime] = None,
                        notitie: str = "") -> Overdracht:
    """Back in the queue, for a colleague: the employee passed it on, left, or their session expired."""
    now = now or utcnow()
    row.status, row.medewerker, row.medewerker_naam, row.genomen_op = WACHTEND, None, None, None
    row.medewerker_gezien_op, row.wacht_sinds = None, now
    _bericht(session, row, TERUG, SYSTEEM, tekst=notitie, now=now)
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def doorzetten(session: Session, overdracht_id: str, medewerker: str, gemeenten: AbstractSet[str], notitie: str,
               now: Optional[datetime] = None) -> Overdracht:
    return terug_naar_wachtrij(session, _eigen(session, overdracht_id, medewerker, gemeenten), now, notitie)


def verloop(session: Session, termijnen: Termijnen, now: Optional[datetime] = None) -> List[str]:
    """Applies the time limits to every open chat; returns the ids that changed."""
    now = now or utcnow()
    changed = []
    gestart = termijnen.gestart or datetime.min.replace(tzinfo=now.tzinfo)

    def weg(gezien: Optional[datetime], seconds: float) -> bool:
        return gezien is None or max(gezien, gestart) < now - timedelta(seconds=seconds)

    for row in session.exec(select(Overdracht).where(Overdracht.status.in_(OPEN))).all():
        inwoner_weg = weg(row.inwoner_gezien_op, termijnen.inwoner_weg)
        if row.status == WACHTEND:
            wachttijd = termijnen.wachttijd.get(row.gemeente, 300.0)
            if inwoner_weg or row.wacht_sinds < now - timedelta(seconds=wachttijd):
                row.status, row.beeindigd_op = VERLOPEN, now
                _bericht(session, row, VERLOPEN_SOORT, SYSTEEM, tekst="weg" if inwoner_weg else "", now=now)
                session.add(row)
                session.commit()
                changed.append(row.id)
        elif weg(row.medewerker_gezien_op, termijnen.medewerker_weg):
            terug_naar_wachtrij(session, row, now)
            changed.append(row.id)
    return changed


def gemeld(session: Session, row: Overdracht) -> None:
    """The inwoner has been told that nobody took the chat, and offered a terugbelverzoek."""
    row.gemeld = True
    session.add(row)
    session.commit()


def wachtrij(session: Session, gemeenten: AbstractSet[str]) -> List[Overdracht]:
    """The open chats of these gemeenten: waiting ones first, the longest waiting on top, then those taken."""
    rows = session.exec(select(Overdracht).where(Overdracht.gemeente.in_(sorted(gemeenten)),
                                                 Overdracht.status.in_(OPEN))).all()
    return sorted(rows, key=lambda row: (row.status != WACHTEND, row.wacht_sinds))


def vergeet_gesprekken(session: Session, before: datetime, now: Optional[datetime] = None) -> int:
    """The chat kept with handovers that ended before `before` emptied: the transcript follows the conversations'
    retention term. The handover row stays (its times and who took it), as the audit trail's object."""
    rows = session.exec(select(Overdracht).where(Overdracht.status.not_in(OPEN),
                                                 Overdracht.aangemaakt_op < before,
                                                 Overdracht.gesprek_gewist_op.is_(None))).all()
    for row in rows:
        row.gesprek = []
        row.gesprek_gewist_op = now or utcnow()
        session.add(row)
        for bericht in berichten_na(session, row.id, 0):
            bericht.tekst = ""
            session.add(bericht)
    session.commit()
    return len(rows)
