"""The REST channel's part in a chat handed to a person of the loket (issue 27).

- While the handover waits or a person has it, what the inwoner types goes to the livechat (bot/livechat), not to
  the bot: the bot stays silent. The channel answers with one custom message `{"overdracht": {"doorgegeven":
  true}}`, so the widget knows it arrived. This is the equivalent of Rasa's conversation pause, without a second
  path into the tracker: the messages with the person are the gemeente's record of the handover, with the same
  retention (api/chat_retention.py).
- GET /webhooks/rest/overdracht?sender=<id>&na=<cursor> is the widget's long poll: up to WACHT seconds, then the
  new events as widget messages (bot/livechat/teksten.py), the cursor, and whether the handover is still open.
- When the handover expired while the inwoner was away (the tab closed), the next message is answered by the bot
  as usual, followed by the offer of a terugbelverzoek, once.

Only conversations with a handover are looked up at the livechat (one call per message then). Which ones those are
the process learns from action_overdragen's reply and the widget's polls, and, once per conversation after a
restart, from the slot `overdracht_id` in the tracker store.
"""

import asyncio
import logging
from collections import OrderedDict
from typing import Any, Dict, Optional

from rasa.core.channels.channel import UserMessage
from sanic import response
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from bot import livechat
from bot.livechat import teksten
from wmo import gemeente

logger = logging.getLogger(__name__)

WACHT = 25.0  # seconds of a long poll: below the 30 s of a usual proxy
STORING_PAUZE = 3.0  # seconds before answering a poll when the livechat cannot be reached
BEKEND = 50_000  # conversations with a handover this process remembers
NIET_DOORGEGEVEN = ("Het lukt nu niet om uw bericht door te geven aan de medewerker. Probeer het zo nog eens. "
                    "Of bel het {loket}: {telefoon}.")
DOORGEGEVEN = "doorgegeven"
VERLOPEN = "verlopen"


SLOT = "overdracht_id"  # set by action_overdragen: the conversation was handed over at some point


class Handover:
    def __init__(self) -> None:
        self._met_overdracht: "OrderedDict[str, bool]" = OrderedDict()
        self._nagekeken: "OrderedDict[str, bool]" = OrderedDict()  # conversations looked up in the tracker store

    def needs_lookup(self, sender: str) -> bool:
        """True once per conversation and process: whether it was handed over is in the tracker store (slot
        overdracht_id), which a restarted Rasa server must read before it answers a message meant for a person."""
        return sender not in self._met_overdracht and sender not in self._nagekeken

    def learn(self, sender: str, overdracht_id: Optional[str]) -> None:
        self._nagekeken[sender] = True
        while len(self._nagekeken) > BEKEND:
            self._nagekeken.popitem(last=False)
        if overdracht_id:
            self._onthoud(sender)

    def _onthoud(self, sender: str) -> None:
        self._met_overdracht[sender] = True
        self._met_overdracht.move_to_end(sender)
        while len(self._met_overdracht) > BEKEND:
            self._met_overdracht.popitem(last=False)

    def _vergeet(self, sender: str) -> None:
        self._met_overdracht.pop(sender, None)

    async def intercept(self, message: UserMessage) -> Optional[str]:
        """DOORGEGEVEN: the message went to the person (the bot must not answer); VERLOPEN: the bot answers, then
        the channel offers a terugbelverzoek (`offer_after`); None: the bot answers as usual."""
        sender = message.sender_id
        if sender not in self._met_overdracht:
            return None
        connector = livechat.connector()
        try:
            stand = await connector.stand(sender)
        except livechat.LivechatFout as error:
            logger.warning("livechat not reachable for a message: %s", error)
            return None
        if stand is None:
            self._vergeet(sender)
            return None
        if stand.open:
            try:
                await connector.stuur(stand, message.text or "")
            except livechat.Afgelopen:
                return None
            except livechat.LivechatFout as error:
                logger.warning("livechat refused a message: %s", error)
                loket = gemeente.get(stand.gemeente).loket
                await message.output_channel.send_text_message(
                    sender, NIET_DOORGEGEVEN.format(loket=loket.naam, telefoon=loket.telefoon))
                return DOORGEGEVEN
            await message.output_channel.send_custom_json(sender, {"overdracht": {DOORGEGEVEN: True}})
            return DOORGEGEVEN
        self._vergeet(sender)
        if stand.status == livechat.VERLOPEN and not stand.gemeld:
            return VERLOPEN
        return None

    async def offer_after(self, message: UserMessage) -> None:
        """After the bot's answer: the handover expired while the inwoner was away; a terugbelverzoek instead."""
        connector = livechat.connector()
        stand = await connector.stand(message.sender_id)
        if stand is None or stand.gemeld:
            return
        offer = teksten.verlopen(gemeente.get(stand.gemeente))
        await message.output_channel.send_text_with_buttons(message.sender_id, offer["text"], offer["buttons"])
        await connector.gemeld(stand)

    def note_replies(self, message: UserMessage) -> None:
        """The bot handed this conversation over (action_overdragen's custom message): look at its next messages."""
        for sent in getattr(message.output_channel, "messages", []) or []:
            if isinstance(sent.get("custom"), dict) and "overdracht" in sent["custom"]:
                self._onthoud(message.sender_id)

    async def poll(self, request: Request) -> Any:
        sender = request.args.get("sender") or ""
        if not 1 <= len(sender) <= 255 or any(ord(ch) < 32 for ch in sender):
            raise InvalidUsage("'sender' must be the conversation id")
        try:
            na = int(request.args.get("na") or 0)
        except ValueError:
            raise InvalidUsage("'na' must be a whole number: the cursor of the last event") from None
        if na < 0:
            raise InvalidUsage("'na' must be 0 or more")
        self._onthoud(sender)
        connector = livechat.connector()
        try:
            nieuws = await connector.nieuws(sender, na=na, wacht=WACHT)
        except livechat.LivechatFout as error:
            logger.warning("livechat not reachable for a poll: %s", error)
            await asyncio.sleep(STORING_PAUZE)  # a widget that polls again at once must not spin
            return response.json({"actief": True, "berichten": [], "cursor": na, "storing": True})
        stand = nieuws.stand
        if stand is None:
            self._vergeet(sender)
            return response.json({"actief": False, "berichten": [], "cursor": na})
        berichten = teksten.berichten(nieuws.gebeurtenissen, stand, gemeente.get(stand.gemeente))
        if any(g.soort == livechat.VERLOPEN for g in nieuws.gebeurtenissen) and not stand.gemeld:
            await connector.gemeld(stand)
        if not stand.open:
            self._vergeet(sender)
        cursor = nieuws.gebeurtenissen[-1].id if nieuws.gebeurtenissen else na
        body: Dict[str, Any] = {"actief": stand.open, "status": stand.status, "berichten": berichten,
                                "cursor": cursor}
        return response.json(body)
