"""scripts/review_stories.py: a conversation saved on the review page becomes a test story Rasa reads, with the
beheerder's intent for a marked message; a story already in the file is not written twice (issue 28)."""

import json

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

from scripts.review_stories import write

DOMAIN = Domain.load("domain.yml")


def event(kind, at, **fields):
    return {"event": kind, "timestamp": at, **fields}


def saved_conversation():
    """As api/review_import.py writes it: the marked message as uitleg/bezwaar_indienen (review_export.story_events)."""
    return {"gesprek_id": "web-invented-1", "gemeente": "Voorbeeldstad", "events": [
        event("action", 1, name="action_session_start"), event("session_started", 2),
        event("slot", 3, name="gemeente", value="voorbeeldstad"), event("action", 4, name="action_listen"),
        event("user", 5, text="waar moet mijn bezwaarbrief naartoe", message_id="m1", parse_data={
            "text": "waar moet mijn bezwaarbrief naartoe", "entities": [],
            "intent": {"name": "uitleg", "confidence": 1.0, "full_retrieval_intent_name": "uitleg/bezwaar_indienen"}}),
        event("action", 6, name="utter_uitleg"), event("bot", 7, text="Stuur uw bezwaar naar de gemeente."),
        event("action", 8, name="action_listen"),
        event("user", 9, text="dank u", message_id="m2", parse_data={
            "text": "dank u", "entities": [], "intent": {"name": "thanks", "confidence": 0.97}}),
        event("action", 10, name="utter_thanks"), event("action", 11, name="action_listen")]}


def test_a_saved_conversation_is_a_test_story_rasa_reads_and_is_written_once(tmp_path):
    target = tmp_path / "review.yml"
    assert write([saved_conversation()], target) == 1
    assert write([saved_conversation()], target) == 0, "already there: left as it is"
    steps = YAMLStoryReader(DOMAIN).read_from_file(str(target))
    assert [step.block_name for step in steps] == ["review web-invented-1 (Voorbeeldstad)"]
    events = [e for e in steps[0].events if isinstance(e, (UserUttered, ActionExecuted))]
    said = [(e.text, e.intent_name, e.full_retrieval_intent_name) for e in events if isinstance(e, UserUttered)]
    assert said == [("waar moet mijn bezwaarbrief naartoe", "uitleg", "uitleg/bezwaar_indienen"),
                    ("dank u", "thanks", None)]
    assert [e.action_name for e in events if isinstance(e, ActionExecuted)] == ["utter_uitleg", "utter_thanks"]
    assert json.dumps("review web-invented-1 (Voorbeeldstad)") in target.read_text()
