"""The Rasa server's tracker store: Rasa's SQLTrackerStore, without reading the whole conversation per message.

endpoints.yml names it (`type: bot.tracker_store.WmoTrackerStore`); it takes the same settings as `type: SQL`.

Rasa's SQLTrackerStore reads every event of a conversation from the database for each message, turns each into
an Event and replays them all; on saving it counts the stored events again to know which are new. A melding with
a persoonlijk plan has a few hundred events, so the cost of a message grew with the conversation (py-spy, issue
8). This store keeps the conversations it saved, a bounded number, most recent first:
- Reading a kept conversation asks the database only for the events from the last one it knows. Events another
  Rasa server added meanwhile (scale-out) are replayed on top; when the last known event is gone (deleted by the
  retention command), the whole conversation is read again, as Rasa does.
- A conversation is handed out once: reading it removes it from the store's memory until it is saved. When the
  handling of a message fails before the save, the next message reads the database, as Rasa does.
- Saving writes the events after the ones it knows are stored, without counting.
The database stays the truth: a restart loses nothing but the memory.

What it writes has personal numbers masked (`masked()`, wmo/masking.py): a BSN, IBAN or phone number in what the
person typed, and a BSN or IBAN in a slot value, are stored as [BSN], [IBAN], [telefoonnummer]. Only the
conversations kept in memory hold what was typed; after a restart the masked text is read.

On SQLite (the embedded default) the database runs in write-ahead-log mode with `synchronous=NORMAL`: a commit no
longer waits for the disk three times. A commit survives a crash or restart of the Rasa server; only a power loss
of the machine can undo the last commits (https://www.sqlite.org/wal.html).
"""

from __future__ import annotations

import itertools
import json
import logging
from collections import OrderedDict
from typing import Any, Dict, Optional, Text, Tuple

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SessionStarted, SlotSet, UserUttered, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker

from wmo.masking import mask_personal_numbers

logger = logging.getLogger(__name__)

DEFAULT_KEPT_CONVERSATIONS = 500  # a melding with a plan is about 0.5 MB in memory

# Set on a tracker this store read or saved: (number of its events that are in the database, id of the last one).
_STORED = "_wmo_stored"


class WmoTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that keeps the conversations it saved and reads only what it does not know yet."""

    def __init__(
        self,
        domain: Optional[Domain] = None,
        dialect: Text = "sqlite",
        host: Optional[Text] = None,
        port: Optional[int] = None,
        db: Text = "rasa.db",
        username: Optional[Text] = None,
        password: Optional[Text] = None,
        event_broker: Optional[EventBroker] = None,
        login_db: Optional[Text] = None,
        query: Optional[Dict] = None,
        kept_conversations: int = DEFAULT_KEPT_CONVERSATIONS,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain, dialect, host, port, db, username, password, event_broker, login_db, query,
                         **kwargs)
        self.kept_conversations = int(kept_conversations)
        self._kept: "OrderedDict[Text, DialogueStateTracker]" = OrderedDict()
        if self.engine.dialect.name == "sqlite":
            # SQLAlchemy 1.4 opens a new connection to a SQLite file for every query (NullPool); keep them open
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(url, poolclass=sa.pool.QueuePool, pool_size=2, max_overflow=8,
                                           connect_args={"check_same_thread": False})
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
            sa.event.listen(self.engine, "connect", _sqlite_write_ahead_log)
            with self.engine.connect() as connection:  # journal_mode=WAL is kept in the file itself
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")
        events = self.SQLEvent.__table__
        self._insert = events.insert()
        self._since = (sa.select(events.c.id, events.c.data)
                       .where(events.c.sender_id == sa.bindparam("sender_id"), events.c.id >= sa.bindparam("last_id"))
                       .order_by(events.c.id))
        self._last_id = sa.select(sa.func.max(events.c.id)).where(events.c.sender_id == sa.bindparam("sender_id"))
        self._last_slot = (sa.select(events.c.data)
                           .where(events.c.sender_id == sa.bindparam("sender_id"),
                                  events.c.type_name == SlotSet.type_name, events.c.action_name == sa.bindparam("slot"))
                           .order_by(events.c.id.desc()).limit(1))

    def last_slot_value(self, sender_id: Text, slot: Text) -> Any:
        """The value a slot was last set to in the conversation, in any session, or None: without handing out the
        conversation (retrieve would take it out of the store's memory). The REST channel asks it which gemeente a
        conversation is for."""
        kept = self._kept.get(sender_id)
        if kept is not None and kept.get_slot(slot) is not None:
            return kept.get_slot(slot)
        with self.engine.connect() as connection:
            data = connection.execute(self._last_slot, {"sender_id": sender_id, "slot": slot}).scalar()
        return json.loads(data).get("value") if data else None

    def asking(self, sender_id: Text) -> bool:
        """A form of the conversation is active, as far as this process knows (only conversations kept in memory:
        for feedback under an answer, issue 28, a guess suffices)."""
        kept = self._kept.get(sender_id)
        return kept is not None and kept.active_loop_name is not None

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """The conversation's latest session, as SQLTrackerStore.retrieve gives it."""
        kept = self._kept.pop(sender_id, None)
        if kept is not None:
            tracker = self._bring_up_to_date(kept)
            if tracker is not None:
                return tracker
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).all()
            if not rows or not self.domain:
                return None
            tracker = DialogueStateTracker.from_dict(sender_id, [json.loads(row.data) for row in rows],
                                                     self.domain.slots)
        setattr(tracker, _STORED, (len(tracker.events), rows[-1].id))
        return tracker

    def _bring_up_to_date(self, tracker: DialogueStateTracker) -> Optional[DialogueStateTracker]:
        """The kept tracker with the events saved after it appended, or None when the database no longer holds
        the last event it knows (then the caller reads the conversation as Rasa does)."""
        stored, last_id = getattr(tracker, _STORED)
        with self.engine.connect() as connection:
            rows = connection.execute(self._since, {"sender_id": tracker.sender_id, "last_id": last_id}).all()
        if not rows or rows[0].id != last_id:
            return None
        newer = [json.loads(row.data) for row in rows[1:]]
        if any(data.get("event") == SessionStarted.type_name for data in newer):
            return None  # a new session began elsewhere: Rasa reads only that session
        if newer:
            logger.debug(f"Conversation '{tracker.sender_id}': {len(newer)} events saved elsewhere")
            for event in deserialise_events(newer):
                tracker.update(event)
            setattr(tracker, _STORED, (len(tracker.events), rows[-1].id))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Stores the events of the tracker that are not in the database yet, and keeps the tracker."""
        await self.stream_events(tracker)
        stored: Optional[Tuple[int, int]] = getattr(tracker, _STORED, None)
        if stored is None:
            with self.session_scope() as session:
                new_events = list(self._additional_events(session, tracker))
        else:
            new_events = list(itertools.islice(tracker.events, stored[0], None))
        with self.engine.begin() as connection:
            if new_events:
                connection.execute(self._insert, [self._row(tracker.sender_id, event) for event in new_events])
            if new_events or stored is None:
                last_id = connection.execute(self._last_id, {"sender_id": tracker.sender_id}).scalar()
            else:
                last_id = stored[1]
        if last_id is None:  # a conversation without events is not worth keeping
            return
        if not _as_rasa_reads_it(tracker):
            self._kept.pop(tracker.sender_id, None)
            return
        setattr(tracker, _STORED, (len(tracker.events), last_id))
        self._kept[tracker.sender_id] = tracker
        self._kept.move_to_end(tracker.sender_id)
        while len(self._kept) > self.kept_conversations:
            self._kept.popitem(last=False)

    @staticmethod
    def _row(sender_id: Text, event: Event) -> Dict[Text, Any]:
        """The database row of an event, as SQLTrackerStore.save writes it, with personal numbers masked."""
        data = masked(event.as_dict())
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get("name"),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }


def is_kept_conversation(tracker: DialogueStateTracker) -> bool:
    """Whether this tracker came from this store, which then hands the same tracker object to each next message
    (while it keeps it), with events only appended: bot/dialogue_states.py builds on that."""
    return _STORED in tracker.__dict__


def masked(data: Dict[Text, Any]) -> Dict[Text, Any]:
    """An event as it is stored: BSNs, IBANs and phone numbers in what the person typed replaced by a mark
    (wmo/masking.py), and BSNs and IBANs in slot values too. A slot keeps its phone number: the melding needs
    inwoner_telefoon, and a phone number in a hulpvraag was given for the gemeente to use."""
    kind = data.get("event")
    if kind == UserUttered.type_name:
        data = dict(data)
        if isinstance(data.get("text"), str):
            data["text"] = mask_personal_numbers(data["text"])
        if isinstance(data.get("parse_data"), dict):
            parse_data = data["parse_data"] = dict(data["parse_data"])
            if isinstance(parse_data.get("text"), str):
                parse_data["text"] = mask_personal_numbers(parse_data["text"])
            if parse_data.get("entities"):
                parse_data["entities"] = [_masked_entity(entity) for entity in parse_data["entities"]]
        return data
    if kind == SlotSet.type_name and isinstance(data.get("value"), str):
        return {**data, "value": mask_personal_numbers(data["value"], phone_numbers=False)}
    return data


def _masked_entity(entity: Dict[Text, Any]) -> Dict[Text, Any]:
    value = entity.get("value")
    return {**entity, "value": mask_personal_numbers(value)} if isinstance(value, str) else entity


def _as_rasa_reads_it(tracker: DialogueStateTracker) -> bool:
    """Whether SQLTrackerStore would read back the same events: it reads those from the latest SessionStarted on,
    by timestamp, so a tracker that holds an earlier session (or the `action_session_start` before its
    SessionStarted) is not kept, and the next message reads the database."""
    starts = [event.timestamp for event in tracker.events if isinstance(event, SessionStarted)]
    return not starts or all(event.timestamp >= max(starts) for event in tracker.events)


def _sqlite_write_ahead_log(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
