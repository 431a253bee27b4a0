"""The conversations of the Rasa tracker store, as the review page and the dashboard read them (issue 28).

The tracker store (bot/tracker_store.py: Rasa's SQL store, table `events`) is the truth about what was said; this
API reads it and never writes it. `WMO_TRACKER_URL` says where it is: the SQLite file of `make run`
(var/rasa-tracker.db, the default) or the PostgreSQL database of the scale-out profile.

Reading every event for every page would cost seconds with thousands of conversations, so table `gesprek` keeps a
summary per conversation (api/gesprekken.py) with the number of its events and the id of its newest one. `sync()`
asks the store for those two figures per conversation (one grouped query), works out again only the conversations
whose figures changed, and drops the summaries of conversations the store no longer has (the retention command
deleted them). A page calls it at most once every SYNC_INTERVAL seconds per process. When the store is not there
(the Rasa server has not run yet, or WMO_TRACKER_URL names nothing) nothing is dropped; when it cannot be read
(the database is down) the pages show the summaries as they were and say so.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, delete, select

from api import gesprekken
from api.models import Gesprek

log = logging.getLogger("api")
CHUNK = 500  # conversations per query: SQLite allows a limited number of parameters
SYNC_INTERVAL = 5.0  # seconds

Stand = Dict[str, Tuple[int, int]]  # conversation id -> (number of events, id of the newest)


class TrackerStore:
    """Read access to the `events` table of Rasa's SQL tracker store."""

    def __init__(self, url: Optional[str]):
        self.url = url
        self._engine: Optional[sa.engine.Engine] = None
        self._events: Optional[sa.Table] = None

    def _table(self) -> Optional[sa.Table]:
        if self._events is not None:
            return self._events
        if not self.url:
            return None
        parsed = sa.engine.make_url(self.url)
        if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).is_file():
            return None  # the Rasa server has not run yet: no conversations (and no empty file made here)
        if self._engine is None:
            self._engine = sa.create_engine(self.url, pool_pre_ping=True)
        if not sa.inspect(self._engine).has_table("events"):
            return None
        self._events = sa.Table("events", sa.MetaData(), autoload_with=self._engine)
        return self._events

    def stand(self) -> Optional[Stand]:
        """None when there is no tracker store (yet)."""
        events = self._table()
        if events is None:
            return None
        query = sa.select(events.c.sender_id, sa.func.count(events.c.id), sa.func.max(events.c.id)).group_by(
            events.c.sender_id)
        with self._engine.connect() as connection:
            return {sender: (count, newest) for sender, count, newest in connection.execute(query)}

    def events(self, senders: Iterable[str]) -> Dict[str, List[dict]]:
        """The events of these conversations, each as Rasa serialised it, in order."""
        events = self._table()
        found: Dict[str, List[dict]] = {}
        if events is None:
            return found
        senders = list(senders)
        with self._engine.connect() as connection:
            for start in range(0, len(senders), CHUNK):
                query = (sa.select(events.c.sender_id, events.c.data)
                         .where(events.c.sender_id.in_(senders[start:start + CHUNK])).order_by(events.c.id))
                for sender, data in connection.execute(query):
                    found.setdefault(sender, []).append(json.loads(data))
        return found

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def _row(sender: str, figures: Tuple[int, int], events: List[dict]) -> Optional[Gesprek]:
    summary = gesprekken.samenvatting(events)
    if summary.begonnen_op is None:
        return None
    return Gesprek(id=sender, events=figures[0], laatste_event=figures[1], **asdict(summary))


class Sync:
    """Brings table `gesprek` in step with the tracker store; one at a time per process, at most every interval."""

    def __init__(self, store: TrackerStore, interval: float = SYNC_INTERVAL):
        self.store = store
        self.interval = interval
        self._lock = threading.Lock()
        self._last = 0.0
        self.unreadable = False  # the last try could not read the tracker store

    def __call__(self, engine: sa.engine.Engine, force: bool = False) -> int:
        """Works out the changed conversations again; returns how many."""
        with self._lock:
            if not force and time.monotonic() - self._last < self.interval:
                return 0
            try:
                changed = sync(engine, self.store)
            except sa.exc.OperationalError as error:  # the tracker store's database does not answer
                log.warning("the tracker store cannot be read: %s", type(error).__name__)
                self.unreadable = True
                return 0
            self.unreadable = False
            self._last = time.monotonic()
            return changed


def sync(engine: sa.engine.Engine, store: TrackerStore) -> int:
    stand = store.stand()
    if stand is None:
        return 0
    with Session(engine) as session:
        known = {row[0]: (row[1], row[2]) for row in
                 session.exec(select(Gesprek.id, Gesprek.events, Gesprek.laatste_event)).all()}
        gone = [sender for sender in known if sender not in stand]
        for start in range(0, len(gone), CHUNK):
            session.exec(delete(Gesprek).where(Gesprek.id.in_(gone[start:start + CHUNK])))
        session.commit()
    changed = [sender for sender, figures in stand.items() if known.get(sender) != figures]
    for start in range(0, len(changed), CHUNK):
        chunk = changed[start:start + CHUNK]
        read = store.events(chunk)
        with Session(engine) as session:
            for sender in chunk:
                row = _row(sender, stand[sender], read.get(sender, []))
                if row is not None:
                    session.merge(row)
            try:
                session.commit()
            except IntegrityError:  # another API process wrote the same conversation meanwhile: it is there
                session.rollback()
    return len(changed)
