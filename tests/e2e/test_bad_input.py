"""Bad input to the Rasa server's REST webhook: a clear 4xx, never a crash, and the server keeps answering."""

import os
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.e2e.odd_messages import KINDS, as_body, odd_messages


@pytest.mark.parametrize("body,content_type", [
    (b"", "application/json"),
    (b"{", "application/json"),
    (b"not json", "application/json"),
    (b"[1, 2, 3]", "application/json"),
    (b"null", "application/json"),
    (b'"een tekst"', "application/json"),
    (b'{"sender": "x"}', "application/json"),
    (b'{"message": "hallo"}', "application/json"),
    (b'{"sender": 12, "message": "hallo"}', "application/json"),
    (b'{"sender": "x", "message": 12}', "application/json"),
    (b'{"sender": "x", "message": null}', "application/json"),
    (b'{"sender": "x", "message": ["hallo"]}', "application/json"),
    (b'{"sender": "x", "message": {"text": "hallo"}}', "application/json"),
    (b'{"sender": "", "message": "hallo"}', "application/json"),
    (b'{"sender": "a\\u0000b", "message": "hallo"}', "application/json"),
    (b'{"sender": "\\ud800", "message": "hallo"}', "application/json"),
    (b'{"sender": "' + b"x" * 256 + b'", "message": "hallo"}', "application/json"),
    (b'{"sender": "x", "message": "hallo", "metadata": {"gemeente": "atlantis"}}', "application/json"),
    (b'{"sender": "x", "message": "hallo", "metadata": {"gemeente": 12}}', "application/json"),
    (b'{"sender": "x", "message": "hallo", "metadata": ["voorbeeldstad"]}', "application/json"),
    (b"\xff\xfe\x00", "application/json"),
    (b"sender=x&message=hallo", "application/x-www-form-urlencoded"),
])
def test_malformed_requests_get_a_4xx_and_the_server_goes_on(stack, conversation, body, content_type):
    response = httpx.post(stack.settings.webhook_url, content=body, headers={"Content-Type": content_type},
                          timeout=30)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    assert conversation.say("hallo")  # still answering


def test_a_message_longer_than_the_widget_allows_gets_told_so(conversation):
    assert conversation.text("a" * 2000)  # the widget's limit: read as any message
    replies = conversation.say("a" * 20000)
    assert [reply["text"] for reply in replies] == [
        "Uw bericht is te lang voor mij: 20.000 tekens. Ik kan berichten tot 2.000 tekens lezen. Wilt u het korter "
        "schrijven? Of in een paar berichten na elkaar?"]
    assert "melding" in conversation.text("ik wil een melding doen").lower()


def test_control_characters_and_lone_surrogates_are_understood_around(stack, conversation):
    def say(message):
        response = httpx.post(stack.settings.webhook_url, content=as_body(conversation.sender, message),
                              headers={"Content-Type": "application/json"}, timeout=60)
        assert response.status_code == 200
        return "\n".join(reply.get("text", "") for reply in response.json())

    assert say("hallo\x00\x07 \ud800")
    assert "persoonlijk plan" in say("wat is een persoonlijk\x00 plan\udfff").lower()


# `make test` sends a sample in which every kind of odd message comes 60 times; `make fuzz` sends 10,000.
FUZZ_MESSAGES = int(os.environ.get("WMO_FUZZ_MESSAGES", str(60 * len(KINDS))))


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_odd_messages_get_no_server_error_and_memory_stays_level(stack, conversation):
    """Empty, whitespace, 20,000 characters, emoji, right-to-left text, control characters, lone surrogates, HTML,
    SQL, JSON, slash commands, other languages, impossible dates: 4 clients, 200 conversations. Every kind comes
    equally often (odd_messages takes them in turn), in the sample of `make test` as in the 10,000 of `make fuzz`."""
    assert FUZZ_MESSAGES >= len(KINDS), "every kind of odd message at least once"
    rasa = next(service for service in stack.services if service.name == "rasa")
    statuses: Counter = Counter()
    kinds_sent: Counter = Counter()
    server_errors: list = []
    memory: list = []

    queue = list(enumerate(odd_messages(FUZZ_MESSAGES)))
    lock = threading.Lock()

    def worker():  # threads, not asyncio: the browser tests leave an event loop running in this thread
        with httpx.Client(timeout=120) as client:
            while True:
                with lock:
                    if not queue:
                        return
                    number, (kind, message) = queue.pop(0)
                response = client.post(stack.settings.webhook_url, content=as_body(f"fuzz-{number % 200}", message),
                                       headers={"Content-Type": "application/json"})
                with lock:
                    statuses[response.status_code] += 1
                    kinds_sent[kind] += 1
                    if response.status_code >= 500:
                        server_errors.append((kind, message[:80], response.status_code, response.text[:200]))
                    if number == FUZZ_MESSAGES // 5:
                        memory.append(rss_mb(rasa.process.pid))

    started = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        for done in [pool.submit(worker) for _ in range(4)]:
            done.result()
    memory.append(rss_mb(rasa.process.pid))
    print(f"{FUZZ_MESSAGES} odd messages in {time.monotonic() - started:.0f} s: {dict(statuses)}; "
          f"Rasa server memory {memory[0]:.0f} MB after a fifth, {memory[-1]:.0f} MB at the end")
    assert not server_errors, server_errors[:10]
    assert sum(statuses.values()) == FUZZ_MESSAGES and set(statuses) <= {200, 400}
    assert set(kinds_sent) == set(KINDS) and min(kinds_sent.values()) >= FUZZ_MESSAGES // len(KINDS)
    assert memory[-1] - memory[0] < 150, memory  # level, not growing with every message
    assert conversation.text("hallo")  # still answering
