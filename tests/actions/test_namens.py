"""Who the chat is for: read from what the writer says, and every question then speaks about that person."""

import asyncio

import pytest

from actions.namens import ActionVoorWie, NamensSlots, rol_in, vraag
from action_support import run, slots, tracker


@pytest.mark.parametrize("text, rol", [
    ("Ik ben cliëntondersteuner", "clientondersteuner"),
    ("ik ben clientondersteuner bij MEE", "clientondersteuner"),
    ("namens mijn cliënt", "clientondersteuner"),
    ("Ik ben mantelzorger", "mantelzorger"),
    ("ik zorg voor mijn vader", "mantelzorger"),
    ("Voor een familielid", "familie"),
    ("het is voor mijn moeder", "familie"),
    ("Voor mezelf", "zelf"),
    ("het is voor mij", "zelf"),
    ("weet ik niet", None),
])
def test_the_role_in_words(text, rol):
    assert rol_in(text) == rol


def test_questions_speak_about_the_person_the_help_is_for():
    assert vraag(tracker(slots={"namens_rol": "zelf"}), "Waar woont u?", "Waar woont {wie}?") == "Waar woont u?"
    assert vraag(tracker(slots={"namens_rol": "familie"}), "Waar woont u?", "Waar woont {wie}?") \
        == "Waar woont uw familielid?"
    assert vraag(tracker(), "Waar woont u?", "Waar woont {wie}?") == "Waar woont u?"


def extract(text, requested=None):
    t = tracker(text, intent="melding_doen", slots={"requested_slot": requested})
    return asyncio.run(NamensSlots().extract_namens_rol(None, t, {}))


def test_the_first_message_may_say_who_writes_but_family_only_with_voor_mijn():
    assert extract("ik ben cliëntondersteuner en wil een melding doen") == {"namens_rol": "clientondersteuner"}
    assert extract("ik wil een melding doen voor mijn moeder") == {"namens_rol": "familie"}
    assert extract("mijn man is overleden en nu lukt het huishouden niet") == {}, "says nothing about who writes"
    assert extract("mijn man", requested="namens_rol") == {"namens_rol": "familie"}


def test_saying_the_role_first_is_remembered_and_offers_the_tasks():
    events, messages = run(ActionVoorWie(), tracker("ik ben cliëntondersteuner", intent="voor_wie"))
    assert slots(events) == {"namens_rol": "clientondersteuner"}
    assert messages[0]["text"].startswith("Fijn dat u helpt. Ik stel mijn vragen dan over uw cliënt.")
    assert [b["payload"] for b in messages[0]["buttons"]][:3] == ["/toegang_check", "/melding_doen",
                                                                  "/persoonlijk_plan_maken"]
