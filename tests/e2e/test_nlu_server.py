"""The NLU server (bot/nlu_server.py) understands the messages of the Rasa server, and only for it; while it is
down the Rasa server understands them itself and the inwoner gets the same answers (bot/nlu_client.py).

With WMO_RASA_SPEEDUPS=check (conftest) the Rasa server also understands every message itself and fails on any
difference with what the NLU server said, so every other end-to-end test checks that the two agree."""

import httpx

from tests.e2e.test_termijnen import test_bezwaartermijn_the_bot_asks_for_the_date_and_explains_why_it_moved
from tests.e2e.support import after_rule


def parsed(stack) -> int:
    """How many messages the NLU server understood since it started."""
    response = httpx.get(f"{stack.settings.nlu_url}/health", timeout=10)
    response.raise_for_status()
    return response.json()["parsed"]


def test_every_message_is_understood_by_the_nlu_server(stack, conversation):
    before = parsed(stack)
    text = conversation.text("Tot wanneer kan ik bezwaar maken tegen de beschikking van 3 maart 2026?")
    assert after_rule(text).startswith("De laatste dag was dinsdag 14 april 2026.")
    assert conversation.text("/melding_doen")  # a button's payload goes the same way
    assert parsed(stack) == before + 2


def test_the_nlu_server_answers_only_with_its_token(stack):
    url = f"{stack.settings.nlu_url}/model/parse"
    body = {"text": "Wat is het abonnementstarief?"}
    assert httpx.post(url, json=body, timeout=10).status_code == 401
    assert httpx.post(url, json=body, headers={"Authorization": "Bearer fout"}, timeout=10).status_code == 401
    answer = httpx.post(url, json=body, headers={"Authorization": f"Bearer {stack.nlu_token}"}, timeout=10)
    assert answer.status_code == 200
    assert answer.json()["intent"]["name"] == "abonnementstarief"
    assert httpx.post(url, json={"tekst": "x"}, headers={"Authorization": f"Bearer {stack.nlu_token}"},
                      timeout=10).status_code == 400


def test_while_the_nlu_server_is_down_the_bot_gives_the_same_answers(stack, conversation):
    question = conversation.text("Tot wanneer kan ik bezwaar maken?")
    assert question.startswith("Bezwaar maken kan tot zes weken na de datum van de beschikking. Welke datum staat op de brief")
    stack.stop_service("nlu")
    try:
        text = conversation.text("de brief is van 20 november 2026")
        assert after_rule(text).startswith("U kunt bezwaar maken tot en met maandag 4 januari 2027.")
        test_bezwaartermijn_the_bot_asks_for_the_date_and_explains_why_it_moved(conversation)
    finally:
        stack.start_service("nlu")
    before = parsed(stack)
    assert conversation.text("Wat is het abonnementstarief?")
    assert parsed(stack) == before + 1, "the Rasa server asks the NLU server again once it is back"
    log = stack.service("rasa").log.read_text(encoding="utf-8")
    assert "did not answer" in log and "answers again" in log
