"""The calculator "Wat betaal ik?": which questions it asks, and the amount with its reason."""

import pytest

from actions import clock
from actions.abonnementstarief import asked_year, tarief_regel
from actions.tarief_berekening import (ActionAskIemandOnderAow, ActionAskOnder18, ActionAskVoorziening,
                                       ActionTariefBerekening, ValidateTariefForm, berekening, needed_slots)
from action_support import run, slots, tracker
from rasa_sdk import Tracker
from wmo import gemeente
from datetime import date

TODAY = date(2026, 11, 23)
HH = "huishoudelijke hulp"
# the calculator's rule before its first question (actions/abonnementstarief.tarief_regel)
RULE = "Voor de meeste hulp van de Wmo betaalt u een eigen bijdrage: in 2026 hoogstens € 21,80 per maand"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv(clock.TODAY_ENV, TODAY.isoformat())


@pytest.mark.parametrize(
    "answers, asked",
    [
        ({}, ["voorziening"]),
        ({"voorziening": "maaltijdservice"}, ["voorziening"]),  # no abonnementstarief: nothing more to ask
        ({"voorziening": HH}, ["voorziening", "onder_18"]),
        ({"voorziening": HH, "onder_18": "ja"}, ["voorziening", "onder_18"]),  # a child pays nothing
        ({"voorziening": HH, "onder_18": "nee"}, ["voorziening", "onder_18", "wlz_bijdrage"]),
        ({"voorziening": HH, "onder_18": "nee", "wlz_bijdrage": "ja"}, ["voorziening", "onder_18", "wlz_bijdrage"]),
        ({"voorziening": HH, "onder_18": "nee", "wlz_bijdrage": "weet_niet"},
         ["voorziening", "onder_18", "wlz_bijdrage", "partner"]),
        ({"voorziening": HH, "onder_18": "nee", "wlz_bijdrage": "nee", "partner": "nee"},
         ["voorziening", "onder_18", "wlz_bijdrage", "partner"]),
        ({"voorziening": HH, "onder_18": "nee", "wlz_bijdrage": "nee", "partner": "ja"},
         ["voorziening", "onder_18", "wlz_bijdrage", "partner", "iemand_onder_aow"]),
    ],
)
def test_only_the_questions_that_still_matter_are_asked(answers, asked):
    assert needed_slots(answers) == asked


ALONE = {"onder_18": "nee", "wlz_bijdrage": "nee", "partner": "nee"}


@pytest.mark.parametrize(
    "answers, starts, also",
    [
        ({"voorziening": HH, **ALONE}, "Het abonnementstarief is in 2026 hoogstens € 21,80 per maand.",
         "U betaalt dit per huishouden"),
        ({"voorziening": "hulpmiddel", **ALONE}, "Het abonnementstarief is in 2026 hoogstens € 21,80 per maand.",
         "nooit meer dan wat de voorziening kost"),
        ({"voorziening": "pgb", **ALONE, "partner": "ja", "iemand_onder_aow": "ja"}, "U betaalt niets.",
         "jonger dan de AOW-leeftijd"),
        ({"voorziening": HH, "onder_18": "ja"}, "U betaalt niets.", "Kinderen onder de 18 jaar"),
        ({"voorziening": "begeleiding", "onder_18": "nee", "wlz_bijdrage": "ja"}, "U betaalt niets.",
         "eigen bijdrage voor de Wlz"),
        ({"voorziening": "collectief vervoer", **ALONE}, "U betaalt niets.", "U betaalt wel de ritprijs."),
        ({"voorziening": "maaltijdservice"}, "Voor een maaltijdservice", "geldt het abonnementstarief niet"),
        ({"voorziening": HH, "onder_18": "nee", "wlz_bijdrage": "weet_niet", "partner": "ja",
          "iemand_onder_aow": "weet_niet"}, "Het abonnementstarief is in 2026",
         "Is een van u beiden jonger dan 67 jaar? Dan betaalt u niets."),
    ],
)
def test_the_answer_gives_the_amount_and_the_reason(answers, starts, also):
    text = berekening(answers, TODAY, gemeente.get("voorbeeldstad"))
    assert text.startswith(starts)
    assert also in text


def config_with_tarief(tmp_path, choice: str) -> gemeente.Gemeente:
    """Voorbeeldstad's config with another eigen_bijdrage.abonnementstarief ("maximum", "geen" or an amount)."""
    import yaml
    data = yaml.safe_load(open(gemeente.DEFAULT_DIR / "voorbeeldstad.yml", encoding="utf-8"))
    data["eigen_bijdrage"]["abonnementstarief"] = choice
    path = tmp_path / "gemeente.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return gemeente.load(path)


def test_the_gemeentes_lower_amount_is_what_the_household_pays(tmp_path, monkeypatch):
    text = berekening({"voorziening": HH, **ALONE}, TODAY, config_with_tarief(tmp_path, "15,00"))
    assert text.startswith("Uw gemeente vraagt minder dan het maximum: € 15,00 per maand.")


@pytest.mark.parametrize(
    "choice, rule",
    [("maximum", RULE + ", per huishouden. Soms betaalt u niets."),
     ("15,00", "Voor de meeste hulp van de Wmo betaalt u een eigen bijdrage: in 2026 hoogstens € 15,00 per maand"),
     ("geen", "Gemeente Voorbeeldstad vraagt geen eigen bijdrage voor hulp van de Wmo.")],
)
def test_the_rule_before_the_questions_is_what_this_gemeente_asks(tmp_path, choice, rule):
    assert tarief_regel(TODAY, config_with_tarief(tmp_path, choice)).startswith(rule)


def test_the_rule_for_a_year_without_an_amount_says_so():
    assert "nog geen bedrag vastgesteld" in tarief_regel(date(2027, 3, 1), gemeente.get("voorbeeldstad"))


def answer(text, intent="affirm", requested=None, entities=None, **filled):
    """The slots the whole validation action sets, as the action server returns them to Rasa."""
    t = tracker(text, intent=intent, entities=entities,
                slots={"requested_slot": requested, **filled}, active_loop="tarief_form")
    events, _ = run(ValidateTariefForm(), t)
    return slots(events)


def test_the_voorziening_comes_from_the_entity_after_its_synonym():
    hh = [{"entity": "voorziening", "value": HH}]
    assert answer("wat betaal ik voor de hh", "tarief_berekenen", None, hh) == {
        "voorziening": HH, "requested_slot": "onder_18"}
    assert answer("wat betaal ik?", "tarief_berekenen") == {"requested_slot": "voorziening"}  # the form asks


def test_an_unknown_voorziening_gets_the_question_back():
    unknown = answer("een fiets", "out_of_scope", "voorziening")
    assert unknown["voorziening"] is None
    assert unknown["vraag_opnieuw"].startswith("Die hulp ken ik niet."), "the specific question reaches Rasa"


ASKED = {"voorziening": HH, "onder_18": "nee"}


@pytest.mark.parametrize(
    "text, intent, slot, value",
    [
        ("ja", "affirm", "partner", "ja"),
        ("Ja hoor, mijn man", "greet", "partner", "ja"),
        ("nee", "deny", "partner", "nee"),
        ("Weet ik niet", "deny", "wlz_bijdrage", "weet_niet"),
        ("geen idee eigenlijk", "out_of_scope", "iemand_onder_aow", "weet_niet"),
        ("dat weet mijn dochter", "weet_niet", "wlz_bijdrage", "weet_niet"),
        ("weet ik niet", "deny", "partner", "nee"),  # partner: no "weet ik niet" button, read as what it says
        ("zeker niet", "affirm", "partner", "nee"),
        ("nee hoor", "affirm", "partner", "nee"),
    ],
)
def test_yes_no_and_dont_know(text, intent, slot, value):
    filled = {**ASKED, "wlz_bijdrage": "nee", "partner": "ja"}
    filled.pop(slot, None)
    assert answer(text, intent, slot, **filled)[slot] == value


def test_an_answer_that_is_no_yes_or_no_gets_the_choice_again():
    result = answer("mijn kat", "out_of_scope", "partner", **ASKED, wlz_bijdrage="nee")
    assert result["partner"] is None
    assert result["vraag_opnieuw"] == "Ik begreep uw antwoord niet. Kies Ja of Nee."
    assert result["requested_slot"] == "partner"


def test_the_aow_question_says_this_years_age():
    _, messages = run(ActionAskIemandOnderAow(), tracker())
    assert messages[0]["text"] == "Is een van u beiden jonger dan de AOW-leeftijd? Die is nu 67 jaar."
    assert [b["title"] for b in messages[0]["buttons"]] == ["Ja", "Nee", "Weet ik niet", "Stoppen",
                                                            "Iemand spreken"]


def test_the_answer_is_put_in_a_slot_and_the_answers_are_cleared():
    answers = {"voorziening": HH, **ALONE}
    events, _ = run(ActionTariefBerekening(), tracker(slots=answers))
    result = slots(events)
    assert result["tarief_uitleg"].startswith("Het abonnementstarief is in 2026 hoogstens € 21,80 per maand.")
    assert all(result[slot] is None for slot in answers)


@pytest.mark.parametrize(
    "text, year",
    [("wat betaal ik volgend jaar", 2027), ("en vorig jaar?", 2025), ("in 2024", 2024), ("volgend jaar of 2024", None)],
)
def test_volgend_and_vorig_jaar_are_years_too(text, year):
    assert asked_year(text, 2026) == year


def form_events(*asked: str) -> list:
    """A conversation where the calculator has just started, and then asked these questions."""
    return [{"event": "user", "text": "wat betaal ik zelf"}, {"event": "action", "name": "tarief_form"},
            {"event": "active_loop", "name": "tarief_form"},
            *({"event": "bot", "text": f"(the question for {slot})"} for slot in asked)]


def asking(action, events) -> str:
    t = tracker("wat betaal ik zelf", "tarief_berekenen", active_loop="tarief_form")
    t = Tracker(t.sender_id, t.slots, t.latest_message, events, False, None, t.active_loop, "tarief_form")
    return run(action, t)[1][0]["text"]


def test_the_first_question_states_the_rule_before_it_is_applied():
    # "wat betaal ik zelf": the maximum of this year and that some pay nothing, then the question
    first = asking(ActionAskVoorziening(), form_events())
    assert first.startswith(RULE)
    assert "Soms betaalt u niets" in first
    assert first.endswith("Ik reken het voor u uit. Voor welke hulp wilt u het weten?")
    # "wat moet ik zelf betalen voor een traplift": the voorziening is known, so the rule comes with the next question
    assert asking(ActionAskOnder18(), form_events()).startswith(RULE)


def test_later_questions_and_a_second_run_are_plain_then_the_rule_again():
    assert asking(ActionAskOnder18(), form_events("voorziening")) == "Is de hulp voor een kind jonger dan 18 jaar?"
    again = [*form_events("voorziening", "onder_18"), {"event": "active_loop", "name": None}, *form_events()]
    assert asking(ActionAskVoorziening(), again).startswith(RULE)


def test_no_rule_again_right_after_a_tarief_answer():
    # "Wat is het abonnementstarief?" answered, then "en voor een traplift?": the next question at once
    before = [{"event": "user", "text": "Wat is het abonnementstarief?"},
              {"event": "action", "name": "action_abonnementstarief"},
              {"event": "slot", "name": "tarief_uitleg", "value": "Het abonnementstarief is ..."},
              {"event": "action", "name": "utter_abonnementstarief"},
              {"event": "bot", "text": "Het abonnementstarief is ...",
               "metadata": {"utter_action": "utter_abonnementstarief"}},
              {"event": "action", "name": "action_listen"}]
    events = [*before, *form_events()]
    events[len(before)] = {"event": "user", "text": "en voor een traplift?"}
    assert asking(ActionAskOnder18(), events) == "Ik reken het voor u uit. Is de hulp voor een kind jonger dan 18 jaar?"
    # two turns later it is said again
    later = [*before, {"event": "user", "text": "dank u"}, {"event": "bot", "text": "Graag gedaan."}, *form_events()]
    assert asking(ActionAskOnder18(), later).startswith(RULE)


def test_the_answers_that_give_the_tarief_are_found_in_the_domain():
    from actions.tarief_berekening import TARIEF_ANSWERS
    assert {"utter_abonnementstarief", "utter_tarief_berekening", "utter_uitleg/kosten_hulpmiddel",
            "utter_uitleg/tarief_cak"} <= TARIEF_ANSWERS
    assert "utter_uitleg/procedure" not in TARIEF_ANSWERS
