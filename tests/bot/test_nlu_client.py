"""bot/nlu_client.py: the Rasa server asks the NLU server, and understands a message itself when that one fails.

The NLU server here is a small aiohttp server on a real port; tests/e2e/test_nlu_server.py runs the real one."""

import asyncio
import logging
import socket

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from rasa.core.processor import MessageProcessor

from bot import nlu_client
from bot.nlu_client import NluServerClient, parse_difference

PARSE = {"text": "Wat kost het?", "intent": {"name": "abonnementstarief", "confidence": 0.9812345678901234},
         "entities": [], "intent_ranking": [{"name": "abonnementstarief", "confidence": 0.9812345678901234}],
         "response_selector": {"all_retrieval_intents": []}}


def nlu_server(handler):
    """A TestServer with `handler` on POST /model/parse."""
    app = web.Application()
    app.router.add_post("/model/parse", handler)
    return TestServer(app)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_text_goes_to_the_nlu_server_with_the_token_and_its_answer_is_used():
    seen = []

    async def parse(request):
        seen.append((request.headers.get("Authorization"), await request.json()))
        return web.json_response(PARSE)

    async def scenario():
        async with nlu_server(parse) as server:
            client = NluServerClient(str(server.make_url("/")), "geheim-token")
            return [await client.parse("Wat kost het?"), await client.parse("Wat kost het?")]

    assert asyncio.run(scenario()) == [PARSE, PARSE]
    # only the text: no sender id or anything else about the person travels
    assert seen == [("Bearer geheim-token", {"text": "Wat kost het?"})] * 2


@pytest.mark.parametrize("status", [401, 500, 503])
def test_an_error_of_the_nlu_server_gives_none(status):
    async def parse(request):
        return web.json_response({"error": "nee"}, status=status)

    async def scenario():
        async with nlu_server(parse) as server:
            return await NluServerClient(str(server.make_url("/")), "t").parse("hallo")

    assert asyncio.run(scenario()) is None


def test_a_slow_nlu_server_gives_none_after_the_timeout():
    async def parse(request):
        await asyncio.sleep(2)
        return web.json_response(PARSE)

    async def scenario():
        async with nlu_server(parse) as server:
            loop = asyncio.get_running_loop()
            started = loop.time()
            answer = await NluServerClient(str(server.make_url("/")), "t", timeout=0.2).parse("hallo")
            return answer, loop.time() - started

    answer, seconds = asyncio.run(scenario())
    assert answer is None and seconds < 1.5


def test_an_nlu_server_that_is_down_is_reported_once_and_its_return_too(caplog):
    port = free_port()
    client = NluServerClient(f"http://127.0.0.1:{port}", "t")

    async def parse(request):
        return web.json_response(PARSE)

    async def scenario():
        down = [await client.parse("hallo") for _ in range(3)]
        app = web.Application()
        app.router.add_post("/model/parse", parse)
        async with TestServer(app, port=port):
            back = await client.parse("hallo")
        return down, back

    with caplog.at_level(logging.WARNING, logger="bot.nlu_client"):
        down, back = asyncio.run(scenario())
    assert down == [None] * 3 and back == PARSE
    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == 2, warnings
    assert "did not answer" in warnings[0] and "understands messages itself" in warnings[0]
    assert "answers again" in warnings[1]


class Processor:
    """What parse_message uses of Rasa's MessageProcessor; the parse of its own is recorded."""

    http_interpreter = None
    _update_full_retrieval_intent = MessageProcessor._update_full_retrieval_intent

    def __init__(self):
        self.own_parses = 0

    def _check_for_unseen_features(self, parse_data):
        pass


class Message:
    text = "Wat kost het?"


@pytest.fixture
def own_parse(monkeypatch):
    """Rasa's own parse_message, as the processor's graph would give it."""
    async def rasa_parse_message(self, message, tracker=None, only_output_properties=True):
        self.own_parses += 1
        return {**PARSE, "intent": {"name": "eigen", "confidence": 1.0}}

    monkeypatch.setattr(nlu_client, "RASA_PARSE_MESSAGE", rasa_parse_message)
    monkeypatch.setattr(nlu_client, "_CLIENT", {})


def run_parse_message(monkeypatch, handler, only_output_properties=True, check=False):
    if check:
        monkeypatch.setenv("WMO_RASA_SPEEDUPS", "check")
    processor = Processor()

    async def scenario():
        async with nlu_server(handler) as server:
            monkeypatch.setenv(nlu_client.URL_ENV, str(server.make_url("/")))
            return await nlu_client.parse_message(processor, Message(), None, only_output_properties)

    return asyncio.run(scenario()), processor.own_parses


async def answers_parse(request):
    return web.json_response(PARSE)


async def fails(request):
    return web.json_response({}, status=500)


def test_the_rasa_server_goes_on_with_what_the_nlu_server_understood(monkeypatch, own_parse):
    parse_data, own_parses = run_parse_message(monkeypatch, answers_parse)
    assert parse_data == PARSE and own_parses == 0


def test_when_the_nlu_server_fails_the_rasa_server_understands_the_message_itself(monkeypatch, own_parse):
    parse_data, own_parses = run_parse_message(monkeypatch, fails)
    assert parse_data["intent"]["name"] == "eigen" and own_parses == 1


def test_all_properties_are_worked_out_by_the_rasa_server_itself(monkeypatch, own_parse):
    parse_data, own_parses = run_parse_message(monkeypatch, answers_parse, only_output_properties=False)
    assert parse_data["intent"]["name"] == "eigen" and own_parses == 1


def test_without_an_nlu_server_the_rasa_server_understands_the_message_itself(monkeypatch, own_parse):
    monkeypatch.delenv(nlu_client.URL_ENV, raising=False)
    parse_data = asyncio.run(nlu_client.parse_message(Processor(), Message()))
    assert parse_data["intent"]["name"] == "eigen"


def test_with_the_check_on_a_different_understanding_fails_the_message(monkeypatch, own_parse):
    with pytest.raises(AssertionError, match="understood the message otherwise: .intent.name"):
        run_parse_message(monkeypatch, answers_parse, check=True)


@pytest.mark.parametrize("theirs, ours, difference", [
    (PARSE, PARSE, None),
    ({"a": 0.98123456789}, {"a": 0.9812345679}, None),  # within 1e-6: computed elsewhere, sent as JSON
    ({"a": 0.98}, {"a": 0.97}, ".a: 0.98 against 0.97"),
    ({"a": [{"n": "x"}, {"n": "y"}]}, {"a": [{"n": "x"}, {"n": "z"}]}, ".a[1].n: 'y' against 'z'"),
    ({"a": [1]}, {"a": [1, 2]}, ".a: 1 items against 2"),
    ({"a": 1, "b": 2}, {"a": 1}, "parse: keys ['b'] in only one"),
    ({"a": None}, {"a": 0.5}, ".a: None against 0.5"),
])
def test_parse_difference(theirs, ours, difference):
    assert parse_difference(theirs, ours) == difference
