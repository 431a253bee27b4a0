"""The persoonlijk plan form: its five sections, one text per chosen levensgebied, the cliëntondersteuner's
third person, the preview, and corrections."""

import pytest

from actions import clock
from actions.persoonlijk_plan import (ActionAskPlanAkkoord, ActionAskPlanKnelpuntenKlaar, ActionAskPlanWieBenIk,
                                      ValidatePlanForm, plan_body)
from action_support import run, slots, tracker

FORM = "plan_form"
FILLED = {"namens_rol": "zelf", "plan_wie_ben_ik": "Ik ben Anna, 78 jaar, en woon alleen.",
          "plan_levensgebieden": ["huishouden", "vervoer"],
          "plan_knelpunten": {"huishouden": "Stofzuigen lukt niet meer.", "vervoer": "Ik kom niet bij de winkel."},
          "plan_knelpunten_klaar": "ja", "plan_zelf": "Koken lukt nog.", "plan_netwerk": "Mijn zoon doet de was.",
          "plan_algemene_voorzieningen": "Nee", "plan_ondersteuningsvraag": "Hulp bij het schoonmaken, elke week.",
          "plan_vorm": "natura", "plan_vorm_toelichting": ""}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv(clock.TODAY_ENV, "2026-11-23")


def validate(text, requested, intent="out_of_scope", **filled):
    t = tracker(text, intent=intent, slots={"requested_slot": requested, **filled}, active_loop=FORM)
    return run(ValidatePlanForm(), t)


def ask(action, **filled):
    return run(action, tracker("", slots=filled, active_loop=FORM))[1][0]["text"]


def test_each_chosen_levensgebied_gets_its_own_question_and_text():
    base = {k: FILLED[k] for k in ("namens_rol", "plan_wie_ben_ik", "plan_levensgebieden")}
    assert ask(ActionAskPlanKnelpuntenKlaar(), **base).startswith("Onderwerp: Huishouden. Wat lukt hier niet goed?")
    events, _ = validate("Stofzuigen lukt niet meer.", "plan_knelpunten_klaar", **base)
    assert slots(events)["plan_knelpunten"] == {"huishouden": "Stofzuigen lukt niet meer."}
    assert slots(events)["plan_knelpunten_klaar"] is None, "vervoer is still to come"
    base["plan_knelpunten"] = slots(events)["plan_knelpunten"]
    assert ask(ActionAskPlanKnelpuntenKlaar(), **base).startswith("Onderwerp: Vervoer.")
    events, _ = validate("Ik kom niet bij de winkel.", "plan_knelpunten_klaar", **base)
    assert slots(events)["plan_knelpunten_klaar"] == "ja"
    assert list(slots(events)["plan_knelpunten"]) == ["huishouden", "vervoer"]


@pytest.mark.parametrize("text, vorm, toelichting", [
    ("pgb", "pgb", ""),
    ("natura", "natura", ""),
    ("weet ik nog niet", "weet_niet", ""),
    ("Een pgb, want mijn buurvrouw helpt al en die wil ik houden", "pgb",
     "Een pgb, want mijn buurvrouw helpt al en die wil ik houden"),
])
def test_the_wished_form(text, vorm, toelichting):
    events, _ = validate(text, "plan_vorm", **{k: v for k, v in FILLED.items() if not k.startswith("plan_vorm")})
    assert slots(events)["plan_vorm"] == vorm and slots(events)["plan_vorm_toelichting"] == toelichting


def test_an_unknown_form_is_asked_again():
    events, _ = validate("een fiets", "plan_vorm", **{k: v for k, v in FILLED.items() if k != "plan_vorm"})
    assert slots(events)["plan_vorm"] is None
    assert slots(events)["vraag_opnieuw"].startswith("Kies een van de knoppen")


def test_nee_toch_liever_een_pgb_corrects_the_form_in_the_preview():
    events, messages = validate("nee, toch liever een pgb", "plan_akkoord", intent="deny", **FILLED)
    assert slots(events)["plan_vorm"] == "pgb"
    assert messages[0]["text"].startswith("Dank u. Ik heb het aangepast: de vorm is een persoonsgebonden budget")


def test_the_clientondersteuner_writes_about_the_client_and_the_plan_says_so():
    assert ask(ActionAskPlanWieBenIk(), namens_rol="clientondersteuner").startswith(
        "1. Wie is uw cliënt? Vertel kort iets over uw cliënt.")
    body = plan_body({**FILLED, "namens_rol": "clientondersteuner"})
    assert body["opgesteld_door"] == "clientondersteuner"
    assert plan_body(FILLED)["opgesteld_door"] == "inwoner"


def test_the_preview_shows_every_section_and_asks_consent():
    text = ask(ActionAskPlanAkkoord(), **FILLED, melding_id="m-1")
    for part in ("1. Wie ben ik? Ik ben Anna", "- Huishouden: Stofzuigen lukt niet meer.", "- Vervoer: Ik kom niet",
                 "3. Wat kan ik zelf? Koken lukt nog.", "Wat doen mensen om mij heen? Mijn zoon doet de was.",
                 "4. Waarvoor heb ik hulp nodig?", "5. Hoe moet de hulp eruitzien? Zorg in natura",
                 "Mag ik het plan naar de gemeente sturen?"):
        assert part in text
    assert "nog geen melding" not in text


def test_without_a_melding_the_preview_says_a_melding_follows():
    assert "U heeft in dit gesprek nog geen melding gedaan." in ask(ActionAskPlanAkkoord(), **FILLED)


def test_a_melding_waiting_in_the_outbox_is_a_melding_made():
    assert "nog geen melding" not in ask(ActionAskPlanAkkoord(), **FILLED, melding_wacht="outbox-1")


def test_the_body_is_what_the_api_takes():
    body = plan_body(FILLED)
    assert body["knelpunten"] == FILLED["plan_knelpunten"]
    assert body["gewenste_vorm"] == {"vorm": "natura", "toelichting": ""}
    assert set(body) == {"wie_ben_ik", "knelpunten", "wat_kan_ik_zelf", "wat_doet_mijn_netwerk",
                         "algemene_voorzieningen", "ondersteuningsvraag", "gewenste_vorm", "opgesteld_door"}


@pytest.mark.parametrize("text", ["ja", "Ja.", "nee", "ok", "klopt", "ja hoor"])
def test_a_yes_or_no_is_no_description_of_a_knelpunt(text):
    base = {k: FILLED[k] for k in ("namens_rol", "plan_wie_ben_ik", "plan_levensgebieden")}
    events, _ = validate(text, "plan_knelpunten_klaar", **base)
    found = slots(events)
    assert found["plan_knelpunten_klaar"] is None and "plan_knelpunten" not in found
    assert found["vraag_opnieuw"].startswith("Hier vraag ik om een beschrijving in uw eigen woorden")


def test_nee_answers_the_questions_where_it_fits():
    rest = {k: v for k, v in FILLED.items() if k not in ("plan_algemene_voorzieningen", "plan_ondersteuningsvraag",
                                                          "plan_vorm", "plan_vorm_toelichting")}
    events, _ = validate("nee", "plan_algemene_voorzieningen", **rest)
    assert slots(events)["plan_algemene_voorzieningen"] == "nee"
