"""The REST channel while a person of the loket has the conversation (bot/handover_channel.py): what the inwoner
types goes to the livechat and the bot stays silent; after an expiry the bot answers and then offers a callback,
once; a restarted process learns a handover from the tracker store. The real queue: tests/e2e/test_overdracht.py."""

import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot import handover_channel, livechat
from bot.handover_channel import DOORGEGEVEN, VERLOPEN, Handover


class Livechat(livechat.Livechat):
    def __init__(self, stand):
        self.current, self.sent, self.told = stand, [], 0

    async def overdragen(self, gemeente, gesprek_id, onderwerp, gesprek):
        raise AssertionError("not here")

    async def nieuws(self, gesprek_id, na=0, wacht=0):
        return livechat.Nieuws(stand=self.current)

    async def stuur(self, stand, tekst):
        if not stand.open:
            raise livechat.Afgelopen(stand.id)
        self.sent.append(tekst)

    async def gemeld(self, stand):
        self.told += 1
        self.current = livechat.Stand(**{**stand.__dict__, "gemeld": True})


def stand(status, gemeld=False):
    return livechat.Stand(id="o-1", gemeente="voorbeeldstad", status=status, gemeld=gemeld)


@pytest.fixture
def chat(monkeypatch):
    def use(current):
        fake = Livechat(current)
        monkeypatch.setattr(handover_channel.livechat, "connector", lambda name=None: fake)
        return fake
    return use


def message(text="Is er iemand?"):
    return UserMessage(text, CollectingOutputChannel(), sender_id="inwoner-1")


def test_a_conversation_without_a_handover_goes_to_the_bot_without_asking_the_livechat(chat):
    chat(None)
    assert asyncio.run(Handover().intercept(message())) is None


def test_while_the_chat_waits_or_is_taken_the_message_goes_to_the_person_and_the_bot_is_silent(chat):
    for status in ("wachtend", "actief"):
        fake = chat(stand(status))
        handover, sent = Handover(), message()
        handover.learn("inwoner-1", "o-1")
        assert asyncio.run(handover.intercept(sent)) == DOORGEGEVEN
        assert fake.sent == ["Is er iemand?"]
        assert sent.output_channel.messages == [{"recipient_id": "inwoner-1",
                                                 "custom": {"overdracht": {"doorgegeven": True}}}]


def test_after_an_expiry_the_bot_answers_then_offers_a_callback_once(chat):
    fake = chat(stand("verlopen"))
    handover, sent = Handover(), message("hallo")
    handover.learn("inwoner-1", "o-1")
    assert asyncio.run(handover.intercept(sent)) == VERLOPEN
    asyncio.run(handover.offer_after(sent))
    [offer] = sent.output_channel.messages
    assert offer["text"].startswith("Het is nu niet gelukt om een medewerker voor u te vinden.")
    assert offer["buttons"][0]["payload"] == "/terugbelverzoek" and fake.told == 1
    assert asyncio.run(handover.intercept(message("nog een vraag"))) is None, "said once"


def test_an_ended_chat_goes_back_to_the_bot_and_a_restart_looks_the_handover_up_once(chat):
    chat(stand("beeindigd"))
    handover = Handover()
    assert handover.needs_lookup("inwoner-1")
    handover.learn("inwoner-1", "o-1")
    assert not handover.needs_lookup("inwoner-1")
    assert asyncio.run(handover.intercept(message())) is None
    handover.learn("inwoner-2", None)
    assert not handover.needs_lookup("inwoner-2")
