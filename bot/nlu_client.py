"""The Rasa server's side of the NLU server (bot/nlu_server.py): messages are understood there, on another core.

When WMO_NLU_URL is set (scripts/stack.py sets it for the NLU server it starts, with a fresh WMO_NLU_TOKEN), the
Rasa server sends the text of each message to that server and goes on with the parse data it answers, as it goes
on with its own. Meanwhile its one event loop handles the dialogue of other conversations.

When the NLU server does not answer in time, answers with an error, or is not running, the Rasa server
understands the message itself, with the same model, as it does without an NLU server: the inwoner gets the same
answer, a little later. A warning is logged when that starts and when the NLU server answers again.

Rasa 3.6 has its own client for an NLU server (`nlu:` in endpoints.yml, `RasaNLUHttpInterpreter`), but when that
server does not answer it goes on with an empty intent, so the bot would answer something else than what was
asked; and it sends the token in the JSON body, where Rasa's own server does not look for it.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any, Dict, Optional, Text

import aiohttp
from rasa.core.processor import MessageProcessor
from rasa.utils.endpoints import EndpointConfig

from bot.speedups.switch import checking

URL_ENV = "WMO_NLU_URL"
TOKEN_ENV = "WMO_NLU_TOKEN"
TIMEOUT_SECONDS = 5.0  # the NLU server answers in milliseconds; after this the Rasa server understands it itself

logger = logging.getLogger(__name__)


class NluServerClient:
    """Sends a message's text to the NLU server; None when that does not work."""

    def __init__(self, url: Text, token: Text, timeout: float = TIMEOUT_SECONDS) -> None:
        # an EndpointConfig, so the Rasa server keeps one session and its connections (bot/speedups/action_calls.py)
        self.endpoint = EndpointConfig(url.rstrip("/") + "/model/parse", headers={"Authorization": f"Bearer {token}"})
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self.failing = False

    async def parse(self, text: Text) -> Optional[Dict[Text, Any]]:
        failure = None
        try:
            async with self.endpoint.session() as session:
                async with session.post(self.endpoint.url, json={"text": text},
                                        timeout=self.timeout) as response:
                    if response.status == 200:
                        parse_data = await response.json()
                        if self.failing:
                            self.failing = False
                            logger.warning("The NLU server answers again; messages are understood there.")
                        return parse_data
                    failure = f"HTTP {response.status}"
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            failure = f"{type(error).__name__}: {error}"
        if not self.failing:
            self.failing = True
            logger.warning(f"The NLU server at {self.endpoint.url} did not answer ({failure}); the Rasa server "
                           f"understands messages itself until it does.")
        return None


_CLIENT: Dict[str, Optional[NluServerClient]] = {}


def client_from_env() -> Optional[NluServerClient]:
    """The client for WMO_NLU_URL, made once; None when it is not set (then Rasa understands messages itself)."""
    url = os.environ.get(URL_ENV, "")
    if url not in _CLIENT:
        _CLIENT[url] = NluServerClient(url, os.environ.get(TOKEN_ENV, "")) if url else None
        if url:
            logger.info(f"Messages are understood by the NLU server at {url}.")
    return _CLIENT[url]


RASA_PARSE_MESSAGE = MessageProcessor.parse_message


async def parse_message(self: Any, message: Any, tracker: Any = None,
                        only_output_properties: bool = True) -> Dict[Text, Any]:
    """MessageProcessor.parse_message of Rasa 3.6, asking the NLU server first when there is one. Only the output
    properties come from the NLU server; a call that wants all of them (Rasa's tests) is understood here."""
    client = client_from_env()
    if client is not None and only_output_properties and self.http_interpreter is None:
        parse_data = await client.parse(message.text)
        if parse_data is not None:
            # what Rasa's parse_message does after its own parse (the NLU server did it too; both are idempotent)
            self._update_full_retrieval_intent(parse_data)
            self._check_for_unseen_features(parse_data)
            if checking():
                own = await RASA_PARSE_MESSAGE(self, message, tracker, only_output_properties)
                difference = parse_difference(parse_data, own)
                if difference:
                    raise AssertionError(f"the NLU server understood the message otherwise: {difference}")
            return parse_data
    return await RASA_PARSE_MESSAGE(self, message, tracker, only_output_properties)


def parse_difference(theirs: Any, ours: Any, where: str = "", tolerance: float = 1e-6) -> Optional[str]:
    """Where two parses differ (None when they do not), with confidences compared to `tolerance`: the NLU server
    computes them in another process, and they travel as JSON."""
    if isinstance(theirs, float) or isinstance(ours, float):
        if isinstance(theirs, (int, float)) and isinstance(ours, (int, float)) and abs(theirs - ours) <= tolerance:
            return None
        return f"{where or 'value'}: {theirs!r} against {ours!r}"
    if isinstance(theirs, dict) and isinstance(ours, dict):
        if set(theirs) != set(ours):
            return f"{where or 'parse'}: keys {sorted(set(theirs) ^ set(ours))} in only one"
        for key in theirs:
            difference = parse_difference(theirs[key], ours[key], f"{where}.{key}", tolerance)
            if difference:
                return difference
        return None
    if isinstance(theirs, (list, tuple)) and isinstance(ours, (list, tuple)):
        if len(theirs) != len(ours):
            return f"{where}: {len(theirs)} items against {len(ours)}"
        for index, (a, b) in enumerate(zip(theirs, ours)):
            difference = parse_difference(a, b, f"{where}[{index}]", tolerance)
            if difference:
                return difference
        return None
    return None if theirs == ours else f"{where or 'value'}: {theirs!r} against {ours!r}"


def install() -> None:
    MessageProcessor.parse_message = parse_message
