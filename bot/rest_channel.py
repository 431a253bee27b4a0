"""The REST channel the chat widget talks to, with its request checked: a bad request gets a 400, not a crash.

    POST /webhooks/rest/webhook  {"sender": "<conversation id>", "message": "<text>"}

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
- `metadata` from the client is not kept: the widget sends none, and the conversation is no place for what a
  client chooses to store. Neither is `input_channel`: the conversation's channel is this one.
"""

from __future__ import annotations

import re
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage
from sanic.request import Request

MAX_SENDER_LENGTH = 255
MAX_MESSAGE_LENGTH = 2000  # web/wmo-chat.js: input.maxLength
TE_LANG = ("Uw bericht is te lang voor mij: {lengte} tekens. Ik kan berichten tot {max} tekens lezen. "
           "Wilt u het korter schrijven? Of in een paar berichten na elkaar?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class WmoRestInput(RestInput):
    """Rasa's REST channel, at the same URL, refusing requests it cannot use."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        sender = _body(req).get("sender")
        if (not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_LENGTH
                or clean_text(sender) != sender):
            raise InvalidUsage(f"'sender' must be a text of 1 to {MAX_SENDER_LENGTH} characters without control "
                               "characters: the conversation id")
        return sender

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
            return await on_new_message(message)

        return super().blueprint(handle_if_not_too_long)

    def _extract_input_channel(self, req: Request) -> Text:
        return self.name()

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        return None


def _body(req: Request) -> Dict[Text, Any]:
    body = req.json  # Sanic answers 400 itself when the body is not JSON
    if not isinstance(body, dict):
        raise InvalidUsage('the body must be a JSON object: {"sender": "...", "message": "..."}')
    return body


def clean_text(text: Text) -> Text:
    """The message without control characters (tabs and line breaks stay) and with U+FFFD for a lone surrogate."""
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return _CONTROL.sub("", text)
