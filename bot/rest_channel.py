"""The REST channel the chat widget talks to, with its request checked: a bad request gets a 400, not a crash.

    POST /webhooks/rest/webhook  {"sender": "<conversation id>", "message": "<text>",
                                  "metadata": {"gemeente": "<slug>"}}

credentials.yml names this class instead of Rasa's `rest:`; the URL and the answers are Rasa's RestInput's.
Rasa 3.6's RestInput reads the body with `request.json.get(...)`: an empty body, `null`, a list or a string
crashed the handler (500), and a missing or non-text sender or message went on into the conversation. Here:
- the body must be a JSON object (Sanic already answers 400 to a body that is not JSON);
- `sender`: a text of 1 to 255 characters (the tracker store's limit for a conversation id), without control
  characters or lone surrogates;
- `message`: a text (an empty one is a message too; the bot answers it like any other). Control characters are
  taken out and a lone surrogate (JSON allows "\ud800") becomes U+FFFD: spaCy crashed on it, and PostgreSQL
  cannot store a NUL. Longer than MAX_MESSAGE_LENGTH (the chat widget's limit): the bot is not asked, the
  person reads that the message is too long (DIET ran out of memory on 20,000 characters);
- `metadata`: when present, a JSON object; of it only `gemeente` is kept, the slug of a gemeente this deployment
  serves (config/gemeenten/<slug>.yml; the widget sends its `data-gemeente`). An unknown gemeente is a 400 naming
  the ones served, so a conversation never gets another gemeente's facts. A conversation keeps its gemeente: a
  message for another one is a 409 (start a new conversation). Without a gemeente, a deployment of several asks the
  inwoner (bot/gemeente_policy.py). Anything else a client puts in metadata is not kept: the conversation is no
  place for what a client chooses to store. Neither is `input_channel`: the conversation's channel is this one.

Each answer names the message it answers, and POST /webhooks/rest/feedback takes the inwoner's "Was dit antwoord
nuttig?" for it (issue 28, bot/feedback_channel.py).

While a person of the loket has the conversation (issue 27), what the inwoner types goes to them, not to the bot,
and GET /webhooks/rest/overdracht is the widget's long poll for their answers (bot/handover_channel.py).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage, SanicException
from sanic.request import Request

from bot.feedback_channel import Feedback, mark_answer
from bot.handover_channel import DOORGEGEVEN, SLOT as HANDOVER_SLOT, VERLOPEN, Handover
from wmo import gemeente

MAX_SENDER_LENGTH = 255
MAX_MESSAGE_LENGTH = 2000  # web/wmo-chat.js: input.maxLength
TE_LANG = ("Uw bericht is te lang voor mij: {lengte} tekens. Ik kan berichten tot {max} tekens lezen. "
           "Wilt u het korter schrijven? Of in een paar berichten na elkaar?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
GEMEENTE_SLOT = "gemeente"  # actions/gemeente_van.py
KNOWN_CONVERSATIONS = 50_000  # conversation id -> gemeente, most recent first (about 10 MB at most)


class GemeenteConflict(SanicException):
    status_code = 409


class WmoRestInput(RestInput):
    """Rasa's REST channel, at the same URL, refusing requests it cannot use."""

    def __init__(self) -> None:
        super().__init__()
        self._gemeente_of: "OrderedDict[Text, Text]" = OrderedDict()  # conversations this process has seen
        self.handover = Handover()
        self.feedback = Feedback(self._known_gemeente)
        self._store: Any = None  # the tracker store, learnt from the first request

    @classmethod
    def name(cls) -> Text:
        return "rest"

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        sender = _body(req).get("sender")
        if (not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_LENGTH
                or clean_text(sender) != sender):
            raise InvalidUsage(f"'sender' must be a text of 1 to {MAX_SENDER_LENGTH} characters without control "
                               "characters: the conversation id")
        self._store = self._store or tracker_store(req)
        await self._check_gemeente(req, sender, sent_gemeente(req))
        if self.handover.needs_lookup(sender):
            self.handover.learn(sender, conversation_slot(req, sender, HANDOVER_SLOT))
        return sender

    def _known_gemeente(self, req: Request, sender: Text) -> Optional[Text]:
        """The gemeente of a conversation: as this process saw it, from the tracker store, or the only one served."""
        served = gemeente.alle()
        return (self._gemeente_of.get(sender) or conversation_gemeente(req, sender)
                or (next(iter(served)) if len(served) == 1 else None))

    def _asking(self, sender: Text) -> bool:
        """A form is asking its next question (the store's kept conversation has an active loop)."""
        asking = getattr(self._store, "asking", None)
        return bool(asking and asking(sender))

    async def _check_gemeente(self, req: Request, sender: Text, sent: Optional[Text]) -> None:
        """A conversation keeps the gemeente it started with (or that the inwoner chose): 409 for another one."""
        if sent is None:
            return
        known = self._gemeente_of.get(sender) or conversation_gemeente(req, sender)
        if known is not None and known != sent:
            raise GemeenteConflict(f"this conversation is for gemeente '{known}', not '{sent}': start a new "
                                   "conversation (another sender) for another gemeente")
        self._gemeente_of[sender] = sent
        self._gemeente_of.move_to_end(sender)
        while len(self._gemeente_of) > KNOWN_CONVERSATIONS:
            self._gemeente_of.popitem(last=False)

    def _extract_message(self, req: Request) -> Optional[Text]:
        message = _body(req).get("message")
        if not isinstance(message, str):
            raise InvalidUsage("'message' must be a text")
        return clean_text(message)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def handle_if_not_too_long(message: UserMessage) -> Any:
            length = len(message.text or "")
            if length > MAX_MESSAGE_LENGTH:
                await message.output_channel.send_text_message(
                    message.sender_id, TE_LANG.format(lengte=f"{length:,}".replace(",", "."),
                                                      max=f"{MAX_MESSAGE_LENGTH:,}".replace(",", ".")))
                return None
            handled = await self.handover.intercept(message)
            if handled == DOORGEGEVEN:
                return None  # a person of the loket has the conversation: the bot stays silent
            result = await on_new_message(message)
            mark_answer(getattr(message.output_channel, "messages", []), message.message_id,
                        self._asking(message.sender_id))
            self.handover.note_replies(message)
            if handled == VERLOPEN:
                await self.handover.offer_after(message)
            return result

        blueprint = super().blueprint(handle_if_not_too_long)

        async def overdracht(request: Request) -> Any:  # Sanic needs a function of its own, not a bound method
            return await self.handover.poll(request)

        blueprint.add_route(overdracht, "/overdracht", methods=["GET"])

        async def feedback(request: Request) -> Any:
            return await self.feedback.receive(request, await self._extract_sender(request))

        blueprint.add_route(feedback, "/feedback", methods=["POST"])
        return blueprint

    def _extract_input_channel(self, req: Request) -> Text:
        return self.name()

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        sent = sent_gemeente(request)
        return {"gemeente": sent} if sent else None


def sent_gemeente(req: Request) -> Optional[Text]:
    """The gemeente the client sent in `metadata`, checked against those served; None when it sent none."""
    metadata = _body(req).get("metadata")
    if metadata is None:
        return None
    if not isinstance(metadata, dict):
        raise InvalidUsage("'metadata' must be a JSON object, such as {\"gemeente\": \"<slug>\"}")
    slug = metadata.get("gemeente")
    if slug is None:
        return None
    if not isinstance(slug, str) or slug not in gemeente.alle():
        raise InvalidUsage(f"'metadata.gemeente' must be a gemeente this chat serves: {', '.join(gemeente.alle())}")
    return slug


def conversation_gemeente(req: Request, sender: Text) -> Optional[Text]:
    """The gemeente an existing conversation is for, from the tracker store (bot/tracker_store.py)."""
    return conversation_slot(req, sender, GEMEENTE_SLOT)


def tracker_store(req: Request) -> Any:
    """The configured tracker store (bot/tracker_store.py), or None."""
    agent = getattr(req.app.ctx, "agent", None)
    store = getattr(agent, "tracker_store", None)
    return getattr(store, "_tracker_store", store)  # Rasa wraps the configured store in a FailSafeTrackerStore


def conversation_slot(req: Request, sender: Text, slot: Text) -> Optional[Any]:
    """A slot's last value in an existing conversation, from the tracker store (bot/tracker_store.py); None when
    the store cannot tell."""
    lookup = getattr(tracker_store(req), "last_slot_value", None)
    return lookup(sender, slot) if lookup else None


def _body(req: Request) -> Dict[Text, Any]:
    body = req.json  # Sanic answers 400 itself when the body is not JSON
    if not isinstance(body, dict):
        raise InvalidUsage('the body must be a JSON object: {"sender": "...", "message": "..."}')
    return body


def clean_text(text: Text) -> Text:
    """The message without control characters (tabs and line breaks stay) and with U+FFFD for a lone surrogate."""
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return _CONTROL.sub("", text)
