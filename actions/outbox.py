"""The outbox: every melding, plan and terugbelverzoek the person agreed to send is written here first, on disk,
and then sent.

When the gemeente API does not answer, the entry stays and `deliver_due()` (run by the action server every few
seconds, actions/server.py) sends it as soon as the API answers again, also when the person has left the chat and
also after a restart of the action server. Exactly once: a melding (and a terugbelverzoek) is always sent with the
Idempotency-Key the entry was made with, so a second try after a lost answer returns the one that was stored; a
plan PUT with the same content stores no new version. Two action servers can share one outbox (PostgreSQL): an
entry is claimed with one conditional UPDATE, so only one of them sends it at a time.

Once the gemeente has an entry (or refused it), what the person typed is deleted from the outbox; what is kept is
the status and the referentie, so the person can ask for the status later.

Settings (environment): WMO_OUTBOX_DB, a SQLAlchemy URL (default: SQLite in var/outbox.db);
WMO_OUTBOX_RETRY_MAX, the longest wait in seconds between two tries (default 60).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional

import sqlalchemy as sa

from actions.gemeente_api import GemeenteApi, GemeenteNietBereikbaar, GemeenteWeigert, Ontvangen

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
DB_ENV = "WMO_OUTBOX_DB"
RETRY_MAX_ENV = "WMO_OUTBOX_RETRY_MAX"
FIRST_WAIT = 5.0  # seconds before the first try in the background
LEASE = timedelta(seconds=90)  # longer than GemeenteApi's three tries with their time-outs

MELDING = "melding"
PLAN = "plan"
TERUGBEL = "terugbel"  # a terugbelverzoek: the loket calls the inwoner back
WACHT = "wacht"  # not yet at the gemeente
AANGEKOMEN = "aangekomen"
GEWEIGERD = "geweigerd"

metadata = sa.MetaData()
verzending = sa.Table(
    "verzending", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("body", sa.Text, nullable=True),  # JSON; deleted once the gemeente has it or refused it
    sa.Column("idempotency_key", sa.String(64), nullable=True, unique=True),  # melding, terugbelverzoek
    sa.Column("met_plan", sa.Boolean, nullable=False, default=False),
    sa.Column("melding_id", sa.String(64), nullable=True),  # plan: the melding it belongs to, once known
    sa.Column("after_id", sa.String(36), nullable=True),  # plan: the outbox melding it waits for
    sa.Column("status", sa.String(12), nullable=False, index=True),
    sa.Column("tries", sa.Integer, nullable=False, default=0),
    sa.Column("next_try_at", sa.DateTime, nullable=False),
    sa.Column("claimed_until", sa.DateTime, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("last_try_at", sa.DateTime, nullable=True),
    sa.Column("done_at", sa.DateTime, nullable=True),
    sa.Column("result", sa.Text, nullable=True),  # JSON: what the gemeente stored (id, referentie, dates, version)
    sa.Column("last_error", sa.String(200), nullable=True),  # never what the person typed
)


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def default_url() -> str:
    return os.environ.get(DB_ENV) or f"sqlite:///{ROOT / 'var' / 'outbox.db'}"


def retry_max() -> float:
    return float(os.environ.get(RETRY_MAX_ENV, "60"))


def wait_after(tries: int) -> timedelta:
    """5, 10, 20, 40, 60, 60 ... seconds: soon after a short outage, not hammering during a long one."""
    return timedelta(seconds=min(FIRST_WAIT * 2 ** max(tries - 1, 0), retry_max()))


@dataclass(frozen=True)
class Entry:
    id: str
    conversation_id: str
    kind: str
    status: str
    tries: int
    body: Optional[Dict[str, Any]]
    idempotency_key: Optional[str]
    met_plan: bool
    melding_id: Optional[str]
    after_id: Optional[str]
    created_at: datetime
    last_try_at: Optional[datetime]
    result: Optional[Dict[str, Any]]

    @property
    def ontvangen(self) -> Optional[Ontvangen]:
        """A delivered melding: what the gemeente stored."""
        if self.kind != MELDING or self.status != AANGEKOMEN or not self.result:
            return None
        return Ontvangen(id=self.result["id"], referentie=self.result["referentie"],
                         plan_uiterlijk=date.fromisoformat(self.result["plan_uiterlijk"]),
                         onderzoek_uiterlijk=date.fromisoformat(self.result["onderzoek_uiterlijk"]))


def _entry(row: Any) -> Entry:
    return Entry(id=row.id, conversation_id=row.conversation_id, kind=row.kind, status=row.status, tries=row.tries,
                 body=json.loads(row.body) if row.body else None, idempotency_key=row.idempotency_key,
                 met_plan=bool(row.met_plan), melding_id=row.melding_id, after_id=row.after_id,
                 created_at=row.created_at, last_try_at=row.last_try_at,
                 result=json.loads(row.result) if row.result else None)


class Outbox:
    def __init__(self, url: Optional[str] = None):
        self.url = url or default_url()
        kwargs: Dict[str, Any] = {"future": True}
        if self.url.startswith("sqlite"):
            path = sa.engine.make_url(self.url).database
            if path:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": 15}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine = sa.create_engine(self.url, **kwargs)
        for attempt in range(5):
            try:
                metadata.create_all(self.engine)
                break
            except (sa.exc.IntegrityError, sa.exc.ProgrammingError):
                # two action servers starting at once both create the table on PostgreSQL: one of them wins
                if attempt == 4:
                    raise
                time.sleep(0.5)
        self.worker = f"{socket.gethostname()}:{os.getpid()}"

    def add_melding(self, conversation_id: str, body: Dict[str, Any], idempotency_key: str,
                    met_plan: bool) -> Entry:
        """Writes the melding; the same key again returns the entry made first. `try_now()` sends it."""
        return self._add_once(conversation_id, MELDING, body, idempotency_key, met_plan)

    def add_terugbelverzoek(self, conversation_id: str, body: Dict[str, Any], idempotency_key: str) -> Entry:
        """Writes the terugbelverzoek; the same key again returns the entry made first."""
        return self._add_once(conversation_id, TERUGBEL, body, idempotency_key, False)

    def _add_once(self, conversation_id: str, kind: str, body: Dict[str, Any], idempotency_key: str,
                  met_plan: bool) -> Entry:
        now = utcnow()
        values = dict(id=str(uuid.uuid4()), conversation_id=conversation_id, kind=kind, body=json.dumps(body),
                      idempotency_key=idempotency_key, met_plan=met_plan, status=WACHT, tries=0,
                      next_try_at=now + wait_after(1), created_at=now)
        try:
            with self.engine.begin() as db:
                db.execute(verzending.insert().values(**values))
        except sa.exc.IntegrityError:
            with self.engine.connect() as db:
                row = db.execute(sa.select(verzending).where(verzending.c.idempotency_key == idempotency_key)).one()
            return _entry(row)
        return self.get(values["id"])

    def add_plan(self, conversation_id: str, body: Dict[str, Any], melding_id: Optional[str] = None,
                 after_id: Optional[str] = None) -> Entry:
        """Writes a plan for a melding the gemeente has (`melding_id`) or one still in the outbox (`after_id`)."""
        if not (melding_id or after_id):
            raise ValueError("a plan belongs to a melding")
        now = utcnow()
        values = dict(id=str(uuid.uuid4()), conversation_id=conversation_id, kind=PLAN, body=json.dumps(body),
                      melding_id=melding_id, after_id=after_id, met_plan=False, status=WACHT, tries=0,
                      next_try_at=now + wait_after(1), created_at=now)
        with self.engine.begin() as db:
            db.execute(verzending.insert().values(**values))
        return self.get(values["id"])

    def get(self, entry_id: str) -> Entry:
        with self.engine.connect() as db:
            return _entry(db.execute(sa.select(verzending).where(verzending.c.id == entry_id)).one())

    def of_conversation(self, conversation_id: str) -> List[Entry]:
        """Oldest first."""
        with self.engine.connect() as db:
            rows = db.execute(sa.select(verzending).where(verzending.c.conversation_id == conversation_id)
                              .order_by(verzending.c.created_at, verzending.c.id)).all()
        return [_entry(row) for row in rows]

    def claim(self, entry_id: str, now: Optional[datetime] = None) -> bool:
        """Takes the entry for one try; False when it is delivered or another process holds it."""
        now = now or utcnow()
        free = sa.or_(verzending.c.claimed_until.is_(None), verzending.c.claimed_until < now)
        with self.engine.begin() as db:
            claimed = db.execute(verzending.update()
                                 .where(verzending.c.id == entry_id, verzending.c.status == WACHT, free)
                                 .values(claimed_until=now + LEASE)).rowcount
        return claimed == 1

    def due(self, now: Optional[datetime] = None, limit: int = 20) -> List[str]:
        now = now or utcnow()
        free = sa.or_(verzending.c.claimed_until.is_(None), verzending.c.claimed_until < now)
        with self.engine.connect() as db:
            rows = db.execute(sa.select(verzending.c.id)
                              .where(verzending.c.status == WACHT, verzending.c.next_try_at <= now, free)
                              .order_by(verzending.c.created_at).limit(limit)).all()
        return [row.id for row in rows]

    def _finish(self, entry_id: str, **values: Any) -> None:
        with self.engine.begin() as db:
            db.execute(verzending.update().where(verzending.c.id == entry_id).values(**values))

    def delivered(self, entry_id: str, result: Dict[str, Any]) -> None:
        now = utcnow()
        self._finish(entry_id, status=AANGEKOMEN, body=None, result=json.dumps(result), done_at=now,
                     last_try_at=now, claimed_until=None, tries=verzending.c.tries + 1, last_error=None)

    def refused(self, entry_id: str, error: str) -> None:
        now = utcnow()
        self._finish(entry_id, status=GEWEIGERD, body=None, done_at=now, last_try_at=now, claimed_until=None,
                     tries=verzending.c.tries + 1, last_error=error[:200])

    def not_reached(self, entry_id: str, error: str) -> None:
        now = utcnow()
        tries = self.get(entry_id).tries + 1
        self._finish(entry_id, tries=tries, last_try_at=now, next_try_at=now + wait_after(tries),
                     claimed_until=None, last_error=error[:200])

    def later(self, entry_id: str, melding_id: Optional[str] = None) -> None:
        """Released without a try (a plan whose melding is not at the gemeente yet)."""
        values: Dict[str, Any] = {"claimed_until": None, "next_try_at": utcnow() + timedelta(seconds=FIRST_WAIT)}
        if melding_id:
            values["melding_id"] = melding_id
        self._finish(entry_id, **values)

    def forget_done(self, before: datetime, dry_run: bool = False) -> int:
        """Deletes entries the gemeente has (or refused) since before `before`; what still waits is never deleted."""
        done = sa.and_(verzending.c.status != WACHT, verzending.c.done_at < before)
        with self.engine.begin() as db:
            if dry_run:
                return db.execute(sa.select(sa.func.count()).select_from(verzending).where(done)).scalar()
            return db.execute(verzending.delete().where(done)).rowcount

    def dispose(self) -> None:
        self.engine.dispose()


def _melding_result(ontvangen: Ontvangen) -> Dict[str, Any]:
    return {"id": ontvangen.id, "referentie": ontvangen.referentie,
            "plan_uiterlijk": ontvangen.plan_uiterlijk.isoformat(),
            "onderzoek_uiterlijk": ontvangen.onderzoek_uiterlijk.isoformat()}


async def send(outbox: Outbox, entry_id: str, api: GemeenteApi) -> Entry:
    """One try of an entry this process has claimed; returns the entry as it is afterwards."""
    entry = outbox.get(entry_id)
    if entry.status != WACHT:
        return entry
    melding_id = entry.melding_id
    if entry.kind == PLAN and not melding_id:
        melding = outbox.get(entry.after_id)
        if melding.status == GEWEIGERD:
            outbox.refused(entry.id, "the melding of this plan was refused")
            return outbox.get(entry.id)
        if melding.status != AANGEKOMEN:
            outbox.later(entry.id)
            return outbox.get(entry.id)
        melding_id = melding.result["id"]
    try:
        if entry.kind == MELDING:
            result = _melding_result(await api.maak_melding(entry.body, entry.idempotency_key))
        elif entry.kind == TERUGBEL:
            result = {"id": await api.maak_terugbelverzoek(entry.body, entry.idempotency_key)}
        else:
            result = {"melding_id": melding_id, "version": await api.schrijf_plan(melding_id, entry.body)}
    except GemeenteNietBereikbaar as error:
        logger.warning("outbox %s %s not delivered (try %d): %s", entry.kind, entry.id, entry.tries + 1, error)
        outbox.not_reached(entry.id, str(error))
    except GemeenteWeigert as error:
        logger.error("outbox %s %s refused by the gemeente API: %s", entry.kind, entry.id, error)
        outbox.refused(entry.id, str(error))
    else:
        logger.info("outbox %s %s delivered after %d tries", entry.kind, entry.id, entry.tries + 1)
        outbox.delivered(entry.id, result)
    return outbox.get(entry.id)


async def try_now(outbox: Outbox, entry_id: str, api: GemeenteApi) -> Entry:
    """Sends the entry now when no other process is sending it; otherwise returns it as it is."""
    if outbox.claim(entry_id):
        return await send(outbox, entry_id, api)
    return outbox.get(entry_id)


async def deliver_due(outbox: Outbox, api: GemeenteApi) -> int:
    """One round of the background delivery: every entry whose time has come; returns how many arrived."""
    arrived = 0
    for entry_id in outbox.due():
        if outbox.claim(entry_id):
            arrived += (await send(outbox, entry_id, api)).status == AANGEKOMEN
    return arrived


_current: Optional[Outbox] = None


def current() -> Outbox:
    """The outbox of this process (one engine per process)."""
    global _current
    if _current is None or _current.url != default_url():
        _current = Outbox()
    return _current
