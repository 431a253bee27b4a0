"""bot/tracker_store.py: the store keeps conversations in memory, but what it hands out is what Rasa's own
SQLTrackerStore would read from the same database."""

import asyncio
import sqlite3
import time

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (ActionExecuted, SessionStarted, SlotSet, UserUttered)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import WmoTrackerStore

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [melding_doen, inform]
slots:
  hulpvraag:
    type: text
    mappings: [{type: custom}]
  inwoner_telefoon:
    type: text
    mappings: [{type: custom}]
""")


def run(coroutine):
    return asyncio.run(coroutine)


def store(path, **kwargs):
    return WmoTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(path), **kwargs)


def rasa_reads(path, sender_id):
    """What Rasa's SQLTrackerStore reads from the database: the truth the kept trackers must match."""
    tracker = run(SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(path)).retrieve(sender_id))
    return None if tracker is None else [event.as_dict() for event in tracker.events]


def events_of(tracker):
    return [event.as_dict() for event in tracker.events]


def turn(tracker, text, slot=None):
    tracker.update(UserUttered(text, {"name": "inform", "confidence": 1.0}))
    if slot:
        tracker.update(SlotSet("hulpvraag", slot))
    tracker.update(ActionExecuted("action_listen"))


def new_conversation(sender_id="inwoner-1"):
    tracker = DialogueStateTracker(sender_id, DOMAIN.slots)
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    return tracker


def kept_conversation(trackers, sender_id="inwoner-1", text="hallo"):
    """A conversation saved twice through the store, so the store keeps it in memory (the first save holds the
    action_session_start that Rasa does not read back, so that one is not kept)."""
    run(trackers.save(new_conversation(sender_id)))
    tracker = run(trackers.retrieve(sender_id))
    turn(tracker, text)
    run(trackers.save(tracker))
    assert sender_id in trackers._kept
    return tracker


def stored_rows(path, sender_id="inwoner-1"):
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender_id,)).fetchone()[0]


def test_a_conversation_over_several_messages_is_stored_once_and_read_back_as_rasa_reads_it(tmp_path):
    db = tmp_path / "tracker.db"
    trackers = store(db)
    run(trackers.save(new_conversation()))
    for number in range(5):
        tracker = run(trackers.retrieve("inwoner-1"))
        turn(tracker, f"bericht {number}", slot=f"hulp {number}")
        run(trackers.save(tracker))

    assert stored_rows(db) == 3 + 5 * 3  # no event written twice
    assert "inwoner-1" in trackers._kept
    kept = run(trackers.retrieve("inwoner-1"))
    assert events_of(kept) == rasa_reads(db, "inwoner-1")
    assert kept.get_slot("hulpvraag") == "hulp 4"
    # a restarted Rasa server (an empty store) reads the same conversation
    assert events_of(run(store(db).retrieve("inwoner-1"))) == rasa_reads(db, "inwoner-1")


def test_events_another_rasa_server_saved_are_in_the_next_message(tmp_path):
    db = tmp_path / "tracker.db"
    replica_a, replica_b = store(db), store(db)
    run(replica_a.save(new_conversation()))
    tracker = run(replica_a.retrieve("inwoner-1"))
    turn(tracker, "ik wil een melding doen")
    run(replica_a.save(tracker))

    elsewhere = run(replica_b.retrieve("inwoner-1"))  # the load balancer sent the next message to B
    turn(elsewhere, "mijn hulpvraag is een traplift", slot="traplift")
    run(replica_b.save(elsewhere))

    back_at_a = run(replica_a.retrieve("inwoner-1"))
    assert back_at_a.get_slot("hulpvraag") == "traplift"
    assert events_of(back_at_a) == rasa_reads(db, "inwoner-1")
    turn(back_at_a, "klaar")
    run(replica_a.save(back_at_a))
    assert stored_rows(db) == 3 + 2 + 3 + 2  # the new conversation, then three turns, two of them without a slot


def test_a_deleted_conversation_is_not_brought_back(tmp_path):
    db = tmp_path / "tracker.db"
    trackers = store(db)
    kept_conversation(trackers, text="mijn naam is Jan Voorbeeld")
    with sqlite3.connect(db) as connection:  # what the retention command does
        connection.execute("DELETE FROM events WHERE sender_id = 'inwoner-1'")

    assert run(trackers.retrieve("inwoner-1")) is None
    run(trackers.save(new_conversation()))
    assert stored_rows(db) == 3


def test_a_message_that_failed_before_saving_leaves_no_trace(tmp_path):
    db = tmp_path / "tracker.db"
    trackers = store(db)
    kept_conversation(trackers)
    half_done = run(trackers.retrieve("inwoner-1"))
    turn(half_done, "dit bericht gaat mis", slot="niet bewaard")  # and then the handling raises: no save

    tracker = run(trackers.retrieve("inwoner-1"))
    assert tracker.get_slot("hulpvraag") is None
    assert events_of(tracker) == rasa_reads(db, "inwoner-1")


def test_a_new_session_is_read_as_rasa_reads_it(tmp_path):
    db = tmp_path / "tracker.db"
    trackers = store(db)
    tracker = new_conversation()
    turn(tracker, "eerste sessie")
    run(trackers.save(tracker))
    tracker = run(trackers.retrieve("inwoner-1"))
    time.sleep(0.01)  # Rasa finds the session start by its timestamp
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    turn(tracker, "tweede sessie")
    run(trackers.save(tracker))

    again = run(trackers.retrieve("inwoner-1"))
    assert events_of(again) == rasa_reads(db, "inwoner-1")
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == ["tweede sessie"]


@pytest.mark.parametrize("kept_conversations", [1, 3])
def test_only_the_most_recent_conversations_are_kept_in_memory(tmp_path, kept_conversations):
    trackers = store(tmp_path / "tracker.db", kept_conversations=kept_conversations)
    for number in range(5):
        kept_conversation(trackers, f"inwoner-{number}")
    assert list(trackers._kept) == [f"inwoner-{number}" for number in range(5 - kept_conversations, 5)]
    assert run(trackers.retrieve("inwoner-0")).sender_id == "inwoner-0"  # read from the database


def test_sqlite_commits_go_through_the_write_ahead_log(tmp_path):
    db = tmp_path / "tracker.db"
    run(store(db).save(new_conversation()))
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_rasa_server_uses_this_store_from_endpoints_yml(tmp_path, monkeypatch):
    """Rasa falls back to an in-memory store, with only a warning, when it cannot load the class named there."""
    from rasa.core.tracker_store import TrackerStore, create_tracker_store
    from rasa.utils.endpoints import read_endpoint_config

    monkeypatch.setenv("ACTION_SERVER_URL", "http://127.0.0.1:5055/webhook")
    monkeypatch.setenv("RASA_TRACKER_DB", str(tmp_path / "tracker.db"))
    config = read_endpoint_config("endpoints.yml", "tracker_store")
    created = create_tracker_store(config, DOMAIN)
    inner = getattr(created, "_tracker_store", created)
    assert isinstance(created, TrackerStore)
    assert isinstance(inner, WmoTrackerStore), type(inner)
    assert inner.engine.url.database == str(tmp_path / "tracker.db")


def test_personal_numbers_are_masked_in_what_is_stored(tmp_path):
    db = tmp_path / "tracker.db"
    trackers = store(db)
    tracker = new_conversation()
    tracker.update(UserUttered("mijn bsn is 123456782 en mijn iban NL91ABNA0417164300, bel 06-12345678",
                               {"name": "inform", "confidence": 1.0},
                               [{"entity": "nummer", "value": "NL91ABNA0417164300", "start": 35, "end": 53}]))
    tracker.update(SlotSet("hulpvraag", "hulp bij mijn geld, rekening NL91 ABNA 0417 1643 00, bel mij: 0612345678"))
    tracker.update(SlotSet("inwoner_telefoon", "+31612345678"))
    run(trackers.save(tracker))

    with sqlite3.connect(db) as connection:
        stored = " ".join(data for (data,) in connection.execute("SELECT data FROM events"))
    for number in ("123456782", "NL91ABNA0417164300", "NL91 ABNA 0417 1643 00", "06-12345678"):
        assert number not in stored
    after_restart = run(store(db).retrieve("inwoner-1"))
    said = after_restart.latest_message
    assert said.text == "mijn bsn is [BSN] en mijn iban [IBAN], bel [telefoonnummer]"
    assert said.parse_data["text"] == said.text
    assert said.entities[0]["value"] == "[IBAN]"
    # a slot keeps its phone number (the melding needs it), never a BSN or IBAN
    assert after_restart.get_slot("hulpvraag") == "hulp bij mijn geld, rekening [IBAN], bel mij: 0612345678"
    assert after_restart.get_slot("inwoner_telefoon") == "+31612345678"


def test_the_value_a_slot_was_last_set_to_is_read_without_handing_out_the_conversation(tmp_path):
    """The REST channel asks which gemeente a conversation is for (bot/rest_channel.py): also after a restart, also
    from an earlier session, and without taking the kept conversation out of the store's memory."""
    kept = store(tmp_path / "rasa.db")
    tracker = kept_conversation(kept)
    turn(tracker, "Wat kost het?", slot="eerste")
    turn(tracker, "En nu?", slot="tweede")
    run(kept.save(tracker))
    assert kept.last_slot_value("inwoner-1", "hulpvraag") == "tweede"
    assert kept.last_slot_value("inwoner-2", "hulpvraag") is None
    assert "inwoner-1" in kept._kept, "still kept: the next message reads no database"
    restarted = store(tmp_path / "rasa.db")
    assert restarted.last_slot_value("inwoner-1", "hulpvraag") == "tweede", "after a restart"
    later = run(restarted.retrieve("inwoner-1"))
    later.update(ActionExecuted("action_session_start"))
    later.update(SessionStarted())
    later.update(ActionExecuted("action_listen"))
    run(restarted.save(later))
    assert store(tmp_path / "rasa.db").last_slot_value("inwoner-1", "hulpvraag") == "tweede", "an earlier session"
