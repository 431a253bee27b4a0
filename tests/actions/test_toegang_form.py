"""Toegang: only the questions that still matter, in the law's order; the route with a next step."""

import pytest

from actions import clock
from actions.toegang import (ActionAskToegangWoontHier, ActionToegangUitkomst, ValidateToegangForm, hulp_in,
                             needed_slots)
from action_support import run, slots, tracker
from wmo.toegang import Hulp

FORM = "toegang_form"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv(clock.TODAY_ENV, "2026-11-23")


@pytest.mark.parametrize(
    "answers, questions",
    [
        ({}, ["toegang_hulp"]),
        ({"toegang_hulp": "BESCHERMD_WONEN_OPVANG"}, ["toegang_hulp", "toegang_spoed"]),
        ({"toegang_hulp": "HUISHOUDEN", "toegang_woont_hier": "nee"}, ["toegang_hulp", "toegang_woont_hier"]),
        ({"toegang_hulp": "JEUGDHULP", "toegang_woont_hier": "ja"}, ["toegang_hulp", "toegang_woont_hier"]),
        ({"toegang_hulp": "BEGELEIDING", "toegang_woont_hier": "ja", "toegang_onder_18": "ja"},
         ["toegang_hulp", "toegang_woont_hier", "toegang_onder_18"]),
        ({"toegang_hulp": "WONINGAANPASSING", "toegang_woont_hier": "ja", "toegang_onder_18": "ja",
          "toegang_wlz": "nee"},
         ["toegang_hulp", "toegang_woont_hier", "toegang_onder_18", "toegang_wlz", "toegang_zelf", "toegang_spoed"]),
        ({"toegang_hulp": "HUISHOUDEN", "toegang_woont_hier": "ja", "toegang_onder_18": "nee", "toegang_wlz": "ja"},
         ["toegang_hulp", "toegang_woont_hier", "toegang_onder_18", "toegang_wlz"]),
        ({"toegang_hulp": "HULPMIDDEL", "toegang_woont_hier": "ja", "toegang_onder_18": "nee", "toegang_wlz": "ja",
          "toegang_thuis": "ja"},
         ["toegang_hulp", "toegang_woont_hier", "toegang_onder_18", "toegang_wlz", "toegang_thuis", "toegang_zelf",
          "toegang_spoed"]),
        ({"toegang_hulp": "PERSOONLIJKE_VERZORGING", "toegang_woont_hier": "ja", "toegang_onder_18": "nee",
          "toegang_wlz": "nee"}, ["toegang_hulp", "toegang_woont_hier", "toegang_onder_18", "toegang_wlz"]),
    ],
)
def test_only_the_questions_that_still_matter(answers, questions):
    assert needed_slots(answers) == questions


def test_a_traplift_is_a_woningaanpassing_also_when_the_entity_says_hulpmiddel():
    message = {"text": "kom ik in aanmerking voor een traplift",
               "entities": [{"entity": "voorziening", "value": "hulpmiddel", "text": "traplift"}]}
    assert hulp_in(message, gevraagd=False) is Hulp.WONINGAANPASSING


def test_the_first_message_can_name_the_help():
    t = tracker("kom ik in aanmerking voor huishoudelijke hulp?", intent="toegang_check",
                entities=[{"entity": "voorziening", "value": "huishoudelijke hulp", "text": "huishoudelijke hulp"}],
                active_loop=FORM)
    events, _ = run(ValidateToegangForm(), t)
    assert slots(events)["toegang_hulp"] == "HUISHOUDEN"
    assert slots(events)["requested_slot"] == "toegang_woont_hier"


def test_weet_ik_niet_is_an_answer_only_where_it_may_be():
    t = tracker("weet ik niet", intent="weet_niet", active_loop=FORM,
                slots={"requested_slot": "toegang_woont_hier", "toegang_hulp": "HUISHOUDEN"})
    events, _ = run(ValidateToegangForm(), t)
    assert slots(events)["vraag_opnieuw"] == "Ik begreep uw antwoord niet. Kies Ja of Nee."
    t = tracker("weet ik niet", intent="weet_niet", active_loop=FORM, slots={
        "requested_slot": "toegang_wlz", "toegang_hulp": "HUISHOUDEN", "toegang_woont_hier": "ja",
        "toegang_onder_18": "nee"})
    events, _ = run(ValidateToegangForm(), t)
    assert slots(events)["toegang_wlz"] == "weet_niet"


def test_the_question_names_the_gemeente_and_the_client():
    _, messages = run(ActionAskToegangWoontHier(), tracker("", slots={"namens_rol": "clientondersteuner"}))
    assert messages[0]["text"].startswith("Woont uw cliënt in gemeente Voorbeeldstad?")


def outcome(**answers):
    events, messages = run(ActionToegangUitkomst(), tracker("", slots=answers))
    return messages[0], slots(events)


def test_a_melding_route_offers_the_melding():
    message, cleared = outcome(toegang_hulp="HUISHOUDEN", toegang_woont_hier="ja", toegang_onder_18="nee",
                               toegang_wlz="weet_niet", toegang_zelf="nee", toegang_spoed="ja")
    assert message["text"].startswith("U woont in deze gemeente. U kunt een melding doen bij de gemeente.")
    assert "Is het dringend?" in message["text"]
    assert "U wist niet of u een Wlz-indicatie heeft." in message["text"]
    assert message["text"].endswith("Dit is geen besluit. Alleen de gemeente beslist, na een gesprek met u.")
    assert [b["payload"] for b in message["buttons"]][0] == "/melding_doen"
    assert all(value is None for value in cleared.values()), "the answers are forgotten"


def test_a_child_goes_to_the_jeugdwet_and_no_melding_is_offered():
    message, _ = outcome(toegang_hulp="JEUGDHULP", toegang_woont_hier="ja")
    assert "Jeugdwet" in message["text"]
    assert "/melding_doen" not in [b["payload"] for b in message["buttons"]]


def test_for_someone_else_the_outcome_says_who_u_is():
    message, _ = outcome(namens_rol="mantelzorger", toegang_hulp="WONINGAANPASSING", toegang_woont_hier="ja",
                         toegang_onder_18="nee", toegang_wlz="ja", toegang_thuis="nee")
    assert message["text"].startswith("Waar hieronder 'u' staat, gaat het over de persoon voor wie u zorgt.\n"
                                      "U heeft een Wlz-indicatie.")
