"""Deadlines and the abonnementstarief over the REST channel, computed by wmo/ in the action server.

The action server's clock is fixed at Monday 23 November 2026 (conftest.TODAY).
"""

import pytest

from tests.e2e.support import CALCULATOR_RULE, after_rule


def test_bezwaartermijn_with_the_date_in_the_question(conversation):
    text = conversation.text("Tot wanneer kan ik bezwaar maken tegen de beschikking van 3 maart 2026?")
    assert after_rule(text).startswith("De laatste dag was dinsdag 14 april 2026. Die dag is voorbij.")
    assert "U kunt toch nog bezwaar maken. Schrijf er dan bij waarom u te laat bent." in text


def test_bezwaartermijn_the_bot_asks_for_the_date_and_explains_why_it_moved(conversation):
    question = conversation.text("Tot wanneer kan ik bezwaar maken?")
    assert question.startswith("Bezwaar maken kan tot zes weken na de datum van de beschikking. Welke datum staat op de brief")
    text = conversation.text("de brief is van 20 november 2026")
    assert after_rule(text).startswith("U kunt bezwaar maken tot en met maandag 4 januari 2027.")
    assert "vrijdag 1 januari 2027. Dat is Nieuwjaarsdag." in text


def test_a_day_of_receipt_gets_the_question_for_the_date_on_the_letter(conversation):
    conversation.say("Tot wanneer kan ik bezwaar maken?")
    question = conversation.text("ik heb de brief op 6 november ontvangen")
    assert question.startswith("U noemt de dag dat u de brief kreeg. Maar de termijn telt vanaf de datum op de brief.")
    assert after_rule(conversation.text("de brief is van 4 november")).startswith(
        "U kunt bezwaar maken tot en met woensdag 16 december 2026.")


def test_an_impossible_date_gets_a_question_never_a_guess(conversation):
    conversation.say("ik wil bezwaar maken tegen de beschikking")
    replies = conversation.say("31 februari")
    assert replies[0]["text"].startswith("Februari heeft nooit 31 dagen.")
    assert [b["title"] for b in replies[0]["buttons"]] == ["Stoppen", "Iemand spreken"]
    assert conversation.text("woensdag 3 maart").startswith("3 maart 2026 is een dinsdag, geen woensdag.")
    assert after_rule(conversation.text("3-3-2026")).startswith("De laatste dag was dinsdag 14 april 2026.")


@pytest.mark.parametrize("answer, question", [
    ("2 en 5 november", "Ik lees twee datums: maandag 2 november 2026 of donderdag 5 november 2026."),
    ("5 november 2025 of 2026", "Welk jaar bedoelt u: 2025 of 2026?"),
    ("1-2-3", "Ik kan '1-2-3' niet lezen als datum."),
])
def test_a_date_the_bot_cannot_use_gets_a_question_not_a_deadline(conversation, answer, question):
    conversation.say("Tot wanneer kan ik bezwaar maken?")
    text = conversation.text(answer)
    assert text.startswith(question)
    assert "bezwaar maken tot en met" not in text and "De laatste dag" not in text


def test_two_years_of_abonnementstarief_are_both_answered(conversation):
    text = conversation.text("Wat was het abonnementstarief in 2024 of 2025?")
    assert "in 2024 hoogstens € 20,60 per maand" in text and "in 2025 hoogstens € 21,00 per maand" in text


def test_stop_ends_the_question(conversation):
    conversation.say("tot wanneer kan ik mijn persoonlijk plan sturen?")
    assert conversation.text("laat maar").startswith("Goed, we stoppen hiermee.")
    assert "Wet maatschappelijke ondersteuning" in conversation.text("Wat is de Wmo?"), "and the chat goes on"


def test_iemand_spreken_during_the_question_then_the_date(conversation):
    conversation.say("wat is de bezwaartermijn")
    replies = conversation.say("/contact_person")
    assert "14 0999" in replies[0]["text"]
    assert "Welke datum staat op de brief" in replies[-1]["text"], "the form asks again"
    assert after_rule(conversation.text("12-10-2026")).startswith("U kunt bezwaar maken tot en met maandag 23 november 2026.")


def test_plantermijn(conversation):
    text = conversation.text("Ik heb op 2 november een melding gedaan, tot wanneer kan ik mijn plan sturen?")
    assert after_rule(text).startswith("De laatste dag was maandag 9 november 2026. Die dag is voorbij.")
    assert "meenemen naar het gesprek" in text


def test_plantermijn_still_open(conversation):
    text = conversation.text("ik heb vorige week vrijdag een melding gedaan, tot wanneer kan ik het plan sturen")
    assert after_rule(text).startswith("U kunt uw persoonlijk plan sturen tot en met vrijdag 27 november 2026.")


@pytest.mark.parametrize(
    "question, says",
    [
        ("Wat is het abonnementstarief?", "Het abonnementstarief is in 2026 hoogstens € 21,80 per maand."),
        ("wat was de eigen bijdrage in 2024", "Het abonnementstarief is in 2024 hoogstens € 20,60 per maand."),
    ],
)
def test_abonnementstarief(conversation, question, says):
    replies = conversation.say(question)
    assert replies[0]["text"].startswith(says)
    assert "per huishouden" in replies[0]["text"]
    assert "/contact_person" in [b["payload"] for b in replies[0]["buttons"]]


def test_next_years_tarief_is_told_as_a_proposal(conversation):
    text = conversation.text("wat wordt het abonnementstarief volgend jaar?")
    assert text.startswith("Voor 2027 is nog geen bedrag vastgesteld.")
    assert "Dat voorstel is nog geen wet." in text


def test_a_corrected_date_after_the_answer_gives_the_new_answer(conversation):
    assert after_rule(conversation.text("tot wanneer kan ik bezwaar maken tegen de beschikking van 2 november 2026?")).startswith(
        "U kunt bezwaar maken tot en met maandag 14 december 2026.")
    assert after_rule(conversation.text("nee, de brief is van 4 november")).startswith(
        "U kunt bezwaar maken tot en met woensdag 16 december 2026.")


def test_a_side_question_while_the_bot_asks_for_the_date(conversation):
    conversation.say("ik wil bezwaar maken")
    replies = conversation.say("Wat is een beschikking?")
    assert "Dat besluit heet de beschikking." in replies[0]["text"]
    assert replies[0]["text"].endswith("Dan gaan we nu verder.")
    assert replies[-1]["text"].startswith("Bezwaar maken kan tot zes weken na de datum van de beschikking. Welke datum staat op de brief"), "the form goes on"
    assert after_rule(conversation.text("2 november 2026")).startswith("U kunt bezwaar maken tot en met maandag 14 december 2026.")


def test_a_date_on_its_own_right_after_a_bezwaar_answer_is_taken_for_the_bezwaar(conversation):
    conversation.text("Tot wanneer kan ik bezwaar maken tegen de beschikking van 2 november 2026?")
    text = conversation.text("13 november 2026")
    # six weeks is Friday 25 December; Christmas, Boxing Day and a Sunday move it to Monday 28 December
    assert after_rule(text).startswith("U kunt bezwaar maken tot en met maandag 28 december 2026.")


def test_a_voorziening_on_its_own_right_after_a_tarief_answer_asks_what_that_help_costs(conversation):
    conversation.text("Wat is het abonnementstarief?")
    # the calculator, with the help taken from the message: its next question, not "Voor welke hulp ...?"
    assert conversation.text("en voor een traplift?") == "Ik reken het voor u uit. Is de hulp voor een kind jonger dan 18 jaar?"
    for answer in ("nee", "nee", "nee"):
        text = conversation.text(answer)
    assert "hulpmiddel" in text.lower() and "Het CAK rekent het precies uit." in text
    # and again right after that answer: the calculator for the new help (its questions are asked anew)
    assert conversation.text("en begeleiding?") == "Ik reken het voor u uit. Is de hulp voor een kind jonger dan 18 jaar?"


def test_a_voorziening_out_of_the_blue_gets_the_questions_about_it(conversation):
    [reply] = conversation.say("scootmobiel")
    assert reply["text"] == "U noemt: scootmobiel. Wat wilt u daarover weten?"
    costs = next(b["payload"] for b in reply["buttons"] if b["title"] == "Wat kost het?")
    # the rule first (nothing about the tarief was said yet), then the calculator's next question
    text = conversation.text(costs)
    assert text.startswith(CALCULATOR_RULE)
    assert text.endswith("Is de hulp voor een kind jonger dan 18 jaar?")


def test_the_date_of_the_first_message_is_used_whether_the_bot_answers_or_asks_bedoelt_u(conversation):
    # The mechanism itself is tested in tests/actions (a "Bedoelt u ...?" button re-reads the message before it);
    # here, through the real bot: the answer at once, or after the button, never the date asked again.
    first = conversation.say("mijn beschikking over de traplift is van 2 november 2026, bezwaar uiterlijk?")
    text = "\n".join(reply.get("text", "") for reply in first)
    if text.startswith("Ik weet niet zeker wat u bedoelt."):
        assert "/bezwaartermijn" in [b["payload"] for reply in first for b in reply.get("buttons", [])]
        text = conversation.text("/bezwaartermijn")
    assert "tot en met maandag 14 december 2026" in text, "the date of the first message is used, not asked again"
