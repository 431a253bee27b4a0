"""bot/rest_channel.py: what the REST channel passes on to the bot, and the gemeente it checks (the requests
themselves: tests/e2e)."""

import asyncio

import pytest
from sanic.exceptions import InvalidUsage

from bot.rest_channel import GemeenteConflict, WmoRestInput, clean_text


@pytest.mark.parametrize("typed,passed_on", [
    ("Ik heb hulp nodig", "Ik heb hulp nodig"),
    ("regel 1\nregel 2\tmet tab\r\n", "regel 1\nregel 2\tmet tab\r\n"),
    ("hallo\x00 daar\x07\x1b[31m\x7f", "hallo daar[31m"),
    ("hallo \ud800 traplift \udfff", "hallo \ufffd traplift \ufffd"),
    ("😀 مرحبا \u200b", "😀 مرحبا \u200b"),
    ("", ""),
])
def test_control_characters_and_lone_surrogates_are_not_passed_on(typed, passed_on):
    assert clean_text(typed) == passed_on


class Request:
    """What the channel reads of a Sanic request: the JSON body and the app's agent (its tracker store)."""

    def __init__(self, body, stored=None):
        self.json = body
        store = type("Store", (), {"last_slot_value": lambda self, sender, slot: (stored or {}).get(sender)})()
        agent = type("Agent", (), {"tracker_store": store})()
        self.app = type("App", (), {"ctx": type("Ctx", (), {"agent": agent})()})()


def sender_of(body, stored=None):
    channel = WmoRestInput()
    request = Request(body, stored)
    return asyncio.run(channel._extract_sender(request)), channel.get_metadata(request), channel


def test_the_gemeente_the_widget_sends_goes_with_the_message_and_nothing_else_of_its_metadata():
    sender, metadata, _ = sender_of({"sender": "web-1", "message": "hallo",
                                     "metadata": {"gemeente": "oeverdam", "ander": "x"}})
    assert (sender, metadata) == ("web-1", {"gemeente": "oeverdam"})
    assert sender_of({"sender": "web-1", "message": "hallo"})[1] is None, "no gemeente: the bot asks"


@pytest.mark.parametrize("metadata, problem", [
    ({"gemeente": "atlantis"}, "must be a gemeente this chat serves: oeverdam, voorbeeldstad"),
    ({"gemeente": ["oeverdam"]}, "must be a gemeente this chat serves"),
    ("oeverdam", "'metadata' must be a JSON object"),
])
def test_an_unknown_gemeente_or_other_metadata_is_a_400(metadata, problem):
    with pytest.raises(InvalidUsage, match=problem):
        sender_of({"sender": "web-1", "message": "hallo", "metadata": metadata})


def test_a_conversation_keeps_its_gemeente():
    with pytest.raises(GemeenteConflict, match="this conversation is for gemeente 'oeverdam'") as refused:
        sender_of({"sender": "web-1", "message": "hallo", "metadata": {"gemeente": "voorbeeldstad"}},
                  stored={"web-1": "oeverdam"})
    assert refused.value.status_code == 409
    assert sender_of({"sender": "web-1", "message": "hallo", "metadata": {"gemeente": "oeverdam"}},
                     stored={"web-1": "oeverdam"})[0] == "web-1"
    _, _, channel = sender_of({"sender": "web-2", "message": "hallo", "metadata": {"gemeente": "oeverdam"}})
    with pytest.raises(GemeenteConflict):  # remembered without asking the tracker store again
        asyncio.run(channel._extract_sender(Request({"sender": "web-2", "message": "x",
                                                     "metadata": {"gemeente": "voorbeeldstad"}})))
