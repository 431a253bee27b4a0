"""bot/retention.py: conversations with nothing new for the configured number of days are deleted whole."""

import asyncio
import sqlite3

from datetime import timedelta

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions import outbox
from bot import retention
from bot.tracker_store import WmoTrackerStore

DAY = 24 * 3600
NOW = 1_700_000_000.0  # November 2023
DOMAIN = Domain.from_yaml('version: "3.1"\nintents: [inform]')


def conversation(store, sender_id, *days_ago):
    """A conversation with one message per entry of `days_ago`, saved message by message."""
    tracker = DialogueStateTracker(sender_id, DOMAIN.slots)
    tracker.update(ActionExecuted("action_session_start", timestamp=NOW - days_ago[0] * DAY - 2))
    tracker.update(SessionStarted(timestamp=NOW - days_ago[0] * DAY - 1))
    for ago in days_ago:
        tracker.update(UserUttered("hallo", {"name": "inform", "confidence": 1.0}, timestamp=NOW - ago * DAY))
        tracker.update(ActionExecuted("action_listen", timestamp=NOW - ago * DAY + 1))
        asyncio.run(store.save(tracker))


def senders(db):
    with sqlite3.connect(db) as connection:
        return {sender: count for sender, count in
                connection.execute("SELECT sender_id, count(*) FROM events GROUP BY sender_id")}


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "tracker.db"
    store = WmoTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(path))
    conversation(store, "stil-sinds-40-dagen", 45, 40)
    conversation(store, "net-over-de-grens", 30.5)
    conversation(store, "oud-maar-gisteren-verder", 60, 1)  # started long ago, still going on: kept whole
    conversation(store, "vandaag", 0)
    return path


@pytest.mark.parametrize("days,left", [
    (30, {"oud-maar-gisteren-verder", "vandaag"}),
    (35, {"net-over-de-grens", "oud-maar-gisteren-verder", "vandaag"}),
    (0.5, {"vandaag"}),
    (365, {"stil-sinds-40-dagen", "net-over-de-grens", "oud-maar-gisteren-verder", "vandaag"}),
])
def test_conversations_without_anything_new_for_the_days_are_deleted_whole(db, days, left):
    before = senders(db)
    deleted = retention.delete_older_than(WmoTrackerStore(dialect="sqlite", db=str(db)).engine, days, now=NOW)
    after = senders(db)
    assert set(after) == left
    assert after == {sender: before[sender] for sender in left}  # what is kept is kept whole
    assert deleted.conversations == len(before) - len(left)
    assert deleted.events == sum(before.values()) - sum(after.values())


def test_a_dry_run_counts_and_deletes_nothing(db):
    before = senders(db)
    deleted = retention.delete_older_than(WmoTrackerStore(dialect="sqlite", db=str(db)).engine, 30, now=NOW,
                                          dry_run=True)
    assert (deleted.conversations, deleted.events) == (2, before["stil-sinds-40-dagen"] + before["net-over-de-grens"])
    assert senders(db) == before


@pytest.mark.parametrize("days", [0, -1])
def test_keeping_nothing_is_refused(db, days):
    with pytest.raises(ValueError):
        retention.delete_older_than(WmoTrackerStore(dialect="sqlite", db=str(db)).engine, days)


def test_the_command_reads_the_tracker_store_of_endpoints_yml(db, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("RASA_TRACKER_DB", str(db))
    monkeypatch.setenv("WMO_RETENTION_DAYS", "42")
    monkeypatch.setenv("WMO_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("WMO_OUTBOX_DB", raising=False)
    box = outbox.Outbox(f"sqlite:///{tmp_path / 'outbox.db'}")
    sent = box.add_melding("inwoner-1", {"hulpvraag": "x"}, "k-1", met_plan=False)
    box.delivered(sent.id, {"id": "m-1"})
    waits = box.add_melding("inwoner-2", {"hulpvraag": "y"}, "k-2", met_plan=False)
    with box.engine.begin() as connection:  # delivered 43 days ago
        connection.execute(outbox.verzending.update().where(outbox.verzending.c.id == sent.id)
                           .values(done_at=outbox.utcnow() - timedelta(days=43)))
    assert retention.main([]) == 0  # the conversations are years old by today's clock: all go
    assert senders(db) == {}
    out = capsys.readouterr().out
    assert "deleted 4 conversations" in out and "42 days" in out and str(db) in out
    assert "deleted 1 sent meldingen and plans from the outbox" in out
    assert [e.id for e in box.of_conversation("inwoner-1") + box.of_conversation("inwoner-2")] == [waits.id], \
        "what still waits for the gemeente is never deleted"
    box.dispose()
