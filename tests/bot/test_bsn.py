"""A BSN typed in the chat is recognised by the elfproef, so the bot can say not to share it here."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from wmo.bsn import bsn_candidates, contains_bsn, elfproef
from bot.bsn_detector import INTENT_NAME, BsnDetector


@pytest.mark.parametrize("digits,valid", [
    ("123456782", True), ("111222333", True),
    ("123456789", False),  # fails the elfproef
    ("000000000", False), ("12345678", False), ("1234567890", False), ("12345678a", False),
])
def test_the_elfproef(digits, valid):
    assert elfproef(digits) is valid


@pytest.mark.parametrize("text,found", [
    ("mijn bsn is 123456782", ["123456782"]),
    ("BSN: 1234.56.782", ["123456782"]),
    ("mijn nummer is 123 456 782", ["123456782"]),
    ("123-456-782 is het", ["123456782"]),
    ("mijn bsn is 123456782, klopt dat?", ["123456782"]),  # before a comma in a sentence
    ("mijn bsn is 123456782.", ["123456782"]),
    ("bel me op 0612345678", []),  # a phone number: ten digits
    ("een bedrag van 123.456.782,00 euro", []),
    ("kenmerk 2026-123456782", []),
    ("IBAN NL91ABNA0417164300", []),
    ("mijn bsn is 123456789", []),  # nine digits, no BSN
    ("de beschikking van 3-3-2026", []),
])
def test_bsn_numbers_in_what_people_type(text, found):
    assert bsn_candidates(text) == found
    assert contains_bsn(text) is bool(found)


def test_the_component_sets_the_intent_and_keeps_the_rest_of_the_ranking():
    message = Message(data={"text": "ik wil bezwaar maken, mijn bsn is 123456782",
                            "intent": {"name": "bezwaartermijn", "confidence": 0.9},
                            "intent_ranking": [{"name": "bezwaartermijn", "confidence": 0.9}]})
    other = Message(data={"text": "ik wil bezwaar maken", "intent": {"name": "bezwaartermijn", "confidence": 0.9}})
    BsnDetector().process([message, other])
    assert message.get("intent") == {"name": INTENT_NAME, "confidence": 1.0}
    assert [r["name"] for r in message.get("intent_ranking")] == [INTENT_NAME, "bezwaartermijn"]
    assert other.get("intent")["name"] == "bezwaartermijn"


@pytest.mark.parametrize("text, kept", [("0612345678", False), ("06 1234 5678", False),
                                        ("mijn bsn is 111222334", True), ("mijn burgerservicenummer", True)])
def test_deelt_bsn_needs_a_bsn_or_the_word_for_it(text, kept):
    message = Message(data={"text": text, "intent": {"name": INTENT_NAME, "confidence": 0.89},
                            "intent_ranking": [{"name": INTENT_NAME, "confidence": 0.89},
                                               {"name": "out_of_scope", "confidence": 0.03}]})
    BsnDetector().process([message])
    assert (message.get("intent")["name"] == INTENT_NAME) is kept
    assert (INTENT_NAME in [r["name"] for r in message.get("intent_ranking")]) is kept
