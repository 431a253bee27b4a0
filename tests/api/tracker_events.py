"""Invented conversations written into a tracker store the way Rasa's SQLTrackerStore writes them (table `events`,
each event serialised as JSON in `data`), for the review pages and the dashboard to read (issue 28)."""

from __future__ import annotations

import json
import uuid
from typing import List, Optional

import sqlalchemy as sa

METADATA = sa.MetaData()
EVENTS = sa.Table(  # rasa/core/tracker_store.py: SQLTrackerStore.SQLEvent
    "events", METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("type_name", sa.String(255), nullable=False),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)


class Gesprek:
    """Events of one conversation, built in order; `at` is a Unix time that moves on a few seconds per event."""

    def __init__(self, sender: Optional[str] = None, gemeente: Optional[str] = "voorbeeldstad", at: float = 1.79e9):
        self.sender = sender or f"web-{uuid.uuid4()}"
        self.gemeente = gemeente
        self.at = at
        self.events: List[dict] = []
        self.message_ids: List[str] = []
        self._add({"event": "action", "name": "action_session_start"})
        self._add({"event": "session_started"})
        if gemeente:
            self.slot("gemeente", gemeente)

    def _add(self, event: dict) -> "Gesprek":
        self.at += 2
        self.events.append({**event, "timestamp": self.at})
        return self

    def user(self, text: str, intent: str, confidence: float = 0.9, answer: Optional[str] = None) -> "Gesprek":
        message_id = uuid.uuid4().hex
        self.message_ids.append(message_id)
        parse_data = {"text": text, "intent": {"name": intent, "confidence": confidence},
                      "intent_ranking": [{"name": intent, "confidence": confidence}], "entities": []}
        if answer:
            parse_data["response_selector"] = {"uitleg": {"response": {"intent_response_key": answer}}}
        metadata = {"gemeente": self.gemeente} if self.gemeente else {}
        return self._add({"event": "user", "text": text, "parse_data": parse_data, "message_id": message_id,
                          "input_channel": "rest", "metadata": metadata})

    def bot(self, text: str, soort: Optional[str] = None) -> "Gesprek":
        return self._add({"event": "bot", "text": text, "data": {}, "metadata": {"soort": soort} if soort else {}})

    def action(self, name: str) -> "Gesprek":
        return self._add({"event": "action", "name": name})

    def slot(self, name: str, value) -> "Gesprek":
        return self._add({"event": "slot", "name": name, "value": value})

    def loop(self, name: Optional[str]) -> "Gesprek":
        return self._add({"event": "active_loop", "name": name})


def write(url: str, *conversations: Gesprek) -> None:
    engine = sa.create_engine(url)
    try:
        METADATA.create_all(engine)
        with engine.begin() as connection:
            connection.execute(EVENTS.insert(), [
                {"sender_id": g.sender, "type_name": e["event"], "timestamp": e["timestamp"],
                 "intent_name": (e.get("parse_data") or {}).get("intent", {}).get("name"),
                 "action_name": e.get("name") if e["event"] == "action" else None, "data": json.dumps(e)}
                for g in conversations for e in g.events])
    finally:
        engine.dispose()


def tracker_url(tmp_path, database_url: str) -> str:
    """A tracker store for one test: a SQLite file, as `make run` has it; with a PostgreSQL database_url, table
    `events` in that database (emptied first), as the scale-out profile's PostgreSQL."""
    if not database_url.startswith("postgresql"):
        return f"sqlite:///{tmp_path / 'rasa-tracker.db'}"
    drop(database_url)
    return database_url


def drop(url: str) -> None:
    """Takes table `events` away again, so the API's own database holds only its own tables after a test."""
    engine = sa.create_engine(url)
    try:
        EVENTS.drop(engine, checkfirst=True)
    finally:
        engine.dispose()
