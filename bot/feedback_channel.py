"""The REST channel's part in "Was dit antwoord nuttig?" (issue 28).

- Each answer of the bot carries `antwoord_op`: the id of the inwoner's message it answers (Rasa's message_id, kept
  in the tracker store with that message). The last message of the answer also carries `feedback: true`, unless a
  form is asking its next question: a question of a form is no answer to judge.
- POST /webhooks/rest/feedback {"sender", "antwoord_op", "nuttig": true|false, "reden": optional} passes the
  inwoner's press on to the gemeente API (/api/v1/feedback, with the bot's token), which stores it with the
  conversation. 204 when stored; 400 for a request the API refuses; 503 when it cannot be reached (the widget then
  says so; the conversation goes on).
"""

import logging
from typing import Any, Callable, Dict, List, Optional

import httpx
from sanic import response
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from actions.gemeente_api import KeptClient

logger = logging.getLogger(__name__)
TIMEOUT = httpx.Timeout(5.0, connect=3.0)


def mark_answer(messages: List[Dict[str, Any]], message_id: Optional[str], asking: bool) -> None:
    """Labels the bot's messages of one turn with the message they answer, and the last one as open to feedback."""
    if not message_id:
        return
    for message in messages:
        message["antwoord_op"] = message_id
    if messages and not asking:
        messages[-1]["feedback"] = True


class Feedback:
    def __init__(self, gemeente_of: Callable[[Request, str], Optional[str]], url: Optional[str] = None,
                 token: Optional[str] = None, transport: Optional[httpx.AsyncBaseTransport] = None):
        self.gemeente_of = gemeente_of
        self.client = KeptClient(url, token, transport, TIMEOUT)

    async def receive(self, request: Request, sender: str) -> Any:
        body = request.json
        nuttig, antwoord_op = body.get("nuttig"), body.get("antwoord_op")
        if not isinstance(nuttig, bool):
            raise InvalidUsage("'nuttig' must be true or false")
        if not isinstance(antwoord_op, str):
            raise InvalidUsage("'antwoord_op' must be the text of an answer's antwoord_op")
        gemeente = self.gemeente_of(request, sender)
        if gemeente is None:
            raise InvalidUsage("this conversation has no gemeente yet")
        sent = {"gemeente": gemeente, "gesprek_id": sender, "bericht_id": antwoord_op, "nuttig": nuttig}
        if body.get("reden") is not None:
            sent["reden"] = body["reden"]
        try:
            answer = await self.client().post("/api/v1/feedback", json=sent)
        except httpx.TransportError as error:
            logger.warning("feedback not passed on: %s", type(error).__name__)
            return response.json({"detail": "the gemeente API cannot be reached"}, status=503)
        if answer.status_code == 422:
            raise InvalidUsage("the gemeente API refused this feedback: 'antwoord_op' or 'reden' is not valid")
        if answer.status_code >= 300:
            logger.warning("feedback not passed on: status %s", answer.status_code)
            return response.json({"detail": "the gemeente API did not store it"}, status=503)
        return response.empty()
