"""bot/feedback_channel.py: each answer names the message it answers, and the inwoner's "nuttig?" goes on to the
gemeente API with the conversation's gemeente (the whole way through the running stack: tests/e2e/test_review.py)."""

import asyncio
import json

import httpx
import pytest
from sanic.exceptions import InvalidUsage

from bot.feedback_channel import Feedback, mark_answer


def test_the_answer_names_the_message_and_only_its_last_part_asks_for_feedback_unless_a_form_asks():
    messages = [{"text": "Bezwaar kan tot zes weken na de datum."}, {"text": "Welke datum?", "buttons": []}]
    mark_answer(messages, "abc123", asking=False)
    assert [m.get("antwoord_op") for m in messages] == ["abc123", "abc123"]
    assert [m.get("feedback") for m in messages] == [None, True]
    in_form = [{"text": "Wat is uw naam?"}]
    mark_answer(in_form, "def456", asking=True)
    assert in_form == [{"text": "Wat is uw naam?", "antwoord_op": "def456"}]


class Request:
    def __init__(self, body):
        self.json = body


def passed_on(body, status=204, gemeente="oeverdam", fails=False):
    seen = []

    def answer(request):
        if fails:
            raise httpx.ConnectError("down")
        seen.append((request.url.path, request.headers["authorization"], json.loads(request.content)))
        return httpx.Response(status)

    feedback = Feedback(lambda request, sender: gemeente, url="http://api", token="t0ken",
                        transport=httpx.MockTransport(answer))
    result = asyncio.run(feedback.receive(Request(body), "web-1"))
    return result, seen


def test_a_press_goes_to_the_api_with_the_conversation_and_its_gemeente():
    result, seen = passed_on({"sender": "web-1", "antwoord_op": "abc123", "nuttig": False, "reden": "klopt_niet"})
    assert result.status == 204
    assert seen == [("/api/v1/feedback", "Bearer t0ken", {"gemeente": "oeverdam", "gesprek_id": "web-1",
                                                          "bericht_id": "abc123", "nuttig": False,
                                                          "reden": "klopt_niet"})]


@pytest.mark.parametrize("body, problem", [
    ({"antwoord_op": "abc", "nuttig": "nee"}, "'nuttig' must be true or false"),
    ({"nuttig": True}, "'antwoord_op' must be"),
])
def test_a_request_without_a_yes_or_no_or_an_answer_is_a_400(body, problem):
    with pytest.raises(InvalidUsage, match=problem):
        passed_on(body)


def test_what_the_api_refuses_is_a_400_and_an_api_that_is_down_a_503():
    with pytest.raises(InvalidUsage, match="refused"):
        passed_on({"antwoord_op": "abc", "nuttig": False, "reden": "iets"}, status=422)
    assert passed_on({"antwoord_op": "abc", "nuttig": True}, fails=True)[0].status == 503
    with pytest.raises(InvalidUsage, match="no gemeente"):
        passed_on({"antwoord_op": "abc", "nuttig": True}, gemeente=None)
