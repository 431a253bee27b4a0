"""An inwoner chats with the running bot over the REST channel and gets Dutch answers."""

import re

import httpx
import pytest
import yaml

from tests.e2e.conftest import Conversation
from tests.e2e.support import CALCULATOR_RULE
from wmo import gemeente

CONFIG = gemeente.get("voorbeeldstad")  # the gemeente of the conversations here (tests/e2e/conftest.py)
# "Iemand spreken" at the stack's moment (tests/e2e/conftest.py NOW), when Voorbeeldstad's employees chat
IN_HOURS = f"Wilt u nu chatten met een medewerker van het {CONFIG.loket.naam}?"
DOMAIN = yaml.safe_load(open(gemeente.DEFAULT_DIR.parent.parent / "domain.yml", encoding="utf-8"))


def first_sentence(response_name: str) -> str:
    """The opening words of a response, up to the first placeholder or line break."""
    text = DOMAIN["responses"][response_name][0]["text"]
    return re.split(r"[{\n]", text)[0].strip()


def test_greeting_in_dutch_names_the_gemeente(conversation):
    replies = conversation.say("Goedemorgen")
    assert len(replies) == 1
    assert replies[0]["text"].startswith("Goedendag!")
    assert f"gemeente {CONFIG.naam}" in replies[0]["text"]
    assert "computerprogramma" in replies[0]["text"], "the bot says it is not a person"
    assert [b["title"] for b in replies[0]["buttons"]] == ["Wat is de Wmo?", "Welke hulp is er?", "Iemand spreken"]


def test_what_is_the_wmo(conversation):
    text = conversation.text("Wat is de Wmo?")
    assert "Wet maatschappelijke ondersteuning" in text
    assert "thuis" in text


def test_talk_to_a_person_in_the_chat_hours_offers_an_employee_and_else_gives_the_loket(stack, conversation):
    replies = conversation.say("Ik wil iemand spreken")
    for fact in (CONFIG.loket.telefoon, CONFIG.loket.email, CONFIG.loket.bezoekadres):
        assert fact in replies[0]["text"], "how to reach the loket, also in the chat hours"
    assert replies[-1]["text"].startswith(IN_HOURS), "and a chat with an employee offered"
    assert conversation.text("nee").startswith("Goed. Stel mij gerust uw vraag."), "nothing handed over"
    text = Conversation(stack.settings.webhook_url, gemeente="oeverdam").text("Ik wil iemand spreken")
    loket = gemeente.get("oeverdam").loket  # Oeverdam's employees chat in the morning only
    for fact in (loket.telefoon, loket.telefoon_bereikbaar, loket.email, loket.bezoekadres, loket.inloop):
        assert fact in text
    assert "Kies dan 'Bel mij terug'" in text and "{" not in text, "a callback offered; no unfilled placeholders"


def test_weather_is_honestly_out_of_scope(conversation):
    text = conversation.text("wat voor weer wordt het")
    assert text.startswith("Sorry, daarmee kan ik u niet helpen.")
    assert "Ik kan u vertellen wat de Wmo is" in text, "says what it can help with"


@pytest.mark.parametrize(
    "message, expected_response",
    [
        ("hoi", "utter_greet"),
        ("bedankt!", "utter_thanks"),
        ("tot ziens", "utter_goodbye"),
        ("bent u een robot?", "utter_bot_challenge"),
        ("wat kun je allemaal", "utter_help"),
        ("welke hulp is er", "utter_uitleg/soorten_voorzieningen"),
        ("wat is tafeltje dekje", "utter_uitleg/algemene_voorzieningen"),
        ("wat is een traplift", "utter_uitleg/maatwerkvoorzieningen"),
        ("wat is de regiotaxi", "utter_uitleg/vervoersvoorzieningen"),
        ("wat is het telefoonnummer van de gemeente", "utter_loket_contact"),
        ("ik red het niet meer alleen thuis", "utter_hulpvraag"),
        ("nee", "utter_anything_else"),
    ],
)
def test_first_conversations(conversation, message, expected_response):
    start = first_sentence(expected_response) if expected_response.startswith("utter_") else expected_response
    assert conversation.text(message).startswith(start)


def all_buttons():
    seen = {}
    for name, variants in DOMAIN["responses"].items():
        for button in (b for v in variants for b in v.get("buttons", [])):
            seen.setdefault(button["payload"], (name, button["title"]))
    return sorted(seen)


BUTTON_ANSWERS = {
    "/contact_person": "utter_loket_contact",
    "/help": "utter_help",
    "Wat is de Wmo?": "utter_uitleg/wat_is_wmo",
    "Welke hulp is er?": "utter_uitleg/soorten_voorzieningen",
    "Wat is een algemene voorziening?": "utter_uitleg/algemene_voorzieningen",
    "Wat is een maatwerkvoorziening?": "utter_uitleg/maatwerkvoorzieningen",
    "Welke vervoersvoorzieningen zijn er?": "utter_uitleg/vervoersvoorzieningen",
    "Wat is een keukentafelgesprek?": "utter_uitleg/keukentafelgesprek",
    "Waar stuur ik mijn bezwaar naartoe?": "utter_uitleg/bezwaar_indienen",
    "Wanneer hoef ik niets te betalen?": "utter_uitleg/tarief_vrijstelling",
    "Wat kan ik doen als de gemeente te laat is?": "utter_uitleg/gemeente_te_laat",
    "Wat kan ik doen als mijn bezwaar is afgewezen?": "utter_uitleg/beroep",
    "Wat is het verschil tussen pgb en zorg in natura?": "utter_uitleg/pgb_natura",
    # buttons that start a form: the form's first question (actions/)
    "/bezwaartermijn": "Bezwaar maken kan tot zes weken na de datum van de beschikking. Welke datum",
    "/tarief_berekenen": CALCULATOR_RULE,  # the rule, then the question
    "/bezwaarschrift_maken": "Ik maak een conceptbrief voor uw bezwaar.",
    "/plantermijn": "Uw persoonlijk plan kunt u sturen tot zeven dagen na uw melding. Op welke datum",
    # buttons that start a task: its introduction (actions/intro.py)
    "/toegang_check": "Ik stel u een paar korte vragen.",
    "/melding_doen": "Ik help u een melding te doen bij gemeente",
    "/persoonlijk_plan_maken": "Ik help u een persoonlijk plan te maken.",
}


def test_every_button_is_covered_here():
    assert all_buttons() == sorted(BUTTON_ANSWERS), "a new button needs its expected answer in BUTTON_ANSWERS"


@pytest.mark.parametrize("payload", sorted(BUTTON_ANSWERS))
def test_pressing_a_button_gives_its_answer(conversation, payload):
    conversation.say("hallo")
    expected = BUTTON_ANSWERS[payload]
    start = first_sentence(expected) if expected.startswith("utter_") else expected
    assert conversation.text(payload).startswith(start)


def test_when_the_nlu_is_unsure_the_bot_asks_again_with_topics(conversation):
    # "/nlu_fallback" is what the FallbackClassifier makes of a message it is unsure about
    # (confidence below the threshold in config.yml).
    replies = conversation.say("/nlu_fallback")
    assert replies[0]["text"].startswith("Ik begreep u niet helemaal.")
    assert [b["title"] for b in replies[0]["buttons"]] == ["Wat is de Wmo?", "Welke hulp is er?", "Iemand spreken"]


def test_nonsense_gets_an_answer_with_topics_never_silence(conversation):
    for message in ("asdfgh", "???", "12345"):
        replies = conversation.say(message)
        assert replies and replies[0]["text"], f"no answer to {message!r}"
        assert "/contact_person" in [b["payload"] for b in replies[0]["buttons"]]


def test_cors_allows_only_the_chat_page_origin(stack):
    url = stack.settings.webhook_url
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    page = stack.settings.chat_origin  # the demo page's origin
    allowed = httpx.options(url, headers={"Origin": page, **preflight})
    assert allowed.headers.get("access-control-allow-origin") == page
    other = httpx.options(url, headers={"Origin": "https://elders.example", **preflight})
    assert "access-control-allow-origin" not in other.headers


def test_gemeente_api_and_action_server_are_healthy(stack):
    health = httpx.get(f"{stack.settings.api_url}/healthz").json()
    assert health["status"] == "ok" and health["database"] == "ok"
    assert httpx.get(f"{stack.settings.action_url}/health").status_code == 200


def test_services_listen_only_on_this_machine(stack):
    for service in stack.services:
        assert "127.0.0.1" in " ".join(service.command) or service.env.get("SANIC_HOST") == "127.0.0.1"


def test_a_bsn_typed_in_the_chat_gets_the_advice_not_to_share_it(conversation):
    conversation.say("hallo")
    replies = conversation.say("mijn burgerservicenummer is 1234.56.782")
    assert replies[0]["text"].startswith("U hoeft hier geen burgerservicenummer (BSN) te geven.")
    assert "/contact_person" in [b["payload"] for b in replies[0]["buttons"]]


def test_personal_numbers_typed_in_the_chat_are_not_kept_in_the_conversation_or_the_logs(stack, conversation):
    import sqlite3

    conversation.say("hallo")
    conversation.say("mijn bsn is 111222333, mijn rekening NL91 ABNA 0417 1643 00 en bel mij op 06-19283746")
    conversation.say("wat is een persoonlijk plan")  # the message above is saved by now

    with sqlite3.connect(stack.settings.var_dir / "rasa-tracker.db") as connection:
        stored = [data for (data,) in connection.execute("SELECT data FROM events WHERE sender_id = ?",
                                                          (conversation.sender,))]
    assert any("mijn bsn is [BSN], mijn rekening [IBAN] en bel mij op [telefoonnummer]" in data for data in stored)
    logs = " ".join(path.read_text(encoding="utf-8", errors="replace")
                    for path in (stack.settings.var_dir / "log").glob("*.log"))
    for number in ("111222333", "NL91 ABNA 0417 1643 00", "06-19283746"):
        assert not any(number in data for data in stored)
        assert number not in logs
