"""Bad input to the Rasa server's REST webhook: a clear 4xx, never a crash, and the server keeps answering."""

import httpx
import pytest


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
    (b'{"sender": "' + b"x" * 256 + b'", "message": "hallo"}', "application/json"),
    (b"\xff\xfe\x00", "application/json"),
    (b"sender=x&message=hallo", "application/x-www-form-urlencoded"),
])
def test_malformed_requests_get_a_4xx_and_the_server_goes_on(stack, conversation, body, content_type):
    response = httpx.post(stack.settings.webhook_url, content=body, headers={"Content-Type": content_type},
                          timeout=30)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    assert conversation.say("hallo")  # still answering
