"""The melding form: what it accepts, questions back (loket after two tries), corrections, the summary, consent."""

import asyncio

import pytest

from actions import clock
from actions.melding import (ActionAskLevensgebieden, ActionAskMeldingAkkoord, ValidateMeldingForm, adres_delen,
                             melding_body, samenvatting)
from action_support import run, slots, tracker

FORM = "melding_form"
FILLED = {"namens_rol": "zelf", "hulpvraag_tekst": "Ik kan niet meer zelf stofzuigen en de trap is moeilijk.",
          "levensgebieden": ["huishouden", "wonen"], "inwoner_naam": "Anna de Vries",
          "inwoner_adres": "Dorpsstraat 4", "inwoner_postcode": "9999 ZZ", "inwoner_woonplaats": "Voorbeeldstad",
          "inwoner_telefoon": "+31612345678", "inwoner_email": "geen"}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv(clock.TODAY_ENV, "2026-11-23")


def validate(text, requested, intent="out_of_scope", **filled):
    t = tracker(text, intent=intent, slots={"requested_slot": requested, **filled}, active_loop=FORM)
    return run(ValidateMeldingForm(), t)


@pytest.mark.parametrize(
    "text, delen",
    [
        ("Dorpsstraat 4, 1234ab Voorbeeldstad",
         {"inwoner_adres": "Dorpsstraat 4", "inwoner_postcode": "1234 AB", "inwoner_woonplaats": "Voorbeeldstad"}),
        ("ik woon op Kerkweg 12a", {"inwoner_adres": "Kerkweg 12a"}),
        ("Lange Nieuwstraat 101 9999ZZ", {"inwoner_adres": "Lange Nieuwstraat 101", "inwoner_postcode": "9999 ZZ"}),
        ("Dorpsstraat", {}),  # no house number
        ("1234 AB", {"inwoner_postcode": "1234 AB"}),
    ],
)
def test_an_address_in_one_line_fills_what_it_holds(text, delen):
    assert adres_delen(text) == delen


def test_a_full_address_answers_three_questions_at_once():
    events, _ = validate("Dorpsstraat 4, 1234 AB Voorbeeldstad", "inwoner_adres", **{
        k: FILLED[k] for k in ("namens_rol", "hulpvraag_tekst", "levensgebieden", "inwoner_naam")})
    assert {k: slots(events)[k] for k in ("inwoner_adres", "inwoner_postcode", "inwoner_woonplaats")} == {
        "inwoner_adres": "Dorpsstraat 4", "inwoner_postcode": "1234 AB", "inwoner_woonplaats": "Voorbeeldstad"}
    assert slots(events)["requested_slot"] == "inwoner_telefoon"


def test_a_wrong_phone_number_gets_a_question_back_and_the_second_time_the_loket():
    done = {k: FILLED[k] for k in FILLED if k not in ("inwoner_telefoon", "inwoner_email")}
    events, _ = validate("06 1234", "inwoner_telefoon", **done)
    first = slots(events)
    assert first["inwoner_telefoon"] is None
    assert first["vraag_opnieuw"].startswith("Dat telefoonnummer kan ik niet gebruiken.")
    assert "14 0999" not in first["vraag_opnieuw"]
    events, _ = validate("0900 1234567", "inwoner_telefoon", pogingen=first["pogingen"], **done)
    second = slots(events)
    assert second["inwoner_telefoon"] is None
    assert "Bel het Wmo-loket: 14 0999" in second["vraag_opnieuw"], "after two tries: the loket"


def test_the_tries_start_again_at_a_new_question():
    done = {k: FILLED[k] for k in FILLED if k not in ("inwoner_telefoon", "inwoner_email")}
    events, _ = validate("geen idee", "inwoner_telefoon", pogingen="inwoner_postcode:1", **done)
    assert "14 0999" not in slots(events)["vraag_opnieuw"]


@pytest.mark.parametrize("text, value", [("geen telefoon", "geen"), ("06-12345678", "+31612345678"),
                                         ("mijn nummer is 010 1234567", "+31101234567")])
def test_phone_answers(text, value):
    done = {k: FILLED[k] for k in FILLED if k not in ("inwoner_telefoon", "inwoner_email")}
    events, _ = validate(text, "inwoner_telefoon", **done)
    assert slots(events)["inwoner_telefoon"] == value


def test_without_phone_an_email_address_is_needed():
    done = {**{k: FILLED[k] for k in FILLED if k != "inwoner_email"}, "inwoner_telefoon": "geen"}
    events, _ = validate("geen e-mail", "inwoner_email", **done)
    assert slots(events)["inwoner_email"] is None
    assert slots(events)["vraag_opnieuw"].startswith("De gemeente moet u kunnen bereiken.")
    events, _ = validate("anna@voorbeeld.example", "inwoner_email", **done)
    assert slots(events)["inwoner_email"] == "anna@voorbeeld.example"


def test_a_bad_postcode_is_asked_again():
    events, _ = validate("0123 AB", "inwoner_postcode", **{k: FILLED[k] for k in (
        "namens_rol", "hulpvraag_tekst", "levensgebieden", "inwoner_naam", "inwoner_adres")})
    assert slots(events)["inwoner_postcode"] is None
    assert slots(events)["vraag_opnieuw"].startswith("Die postcode ken ik niet.")


def test_a_correction_of_the_phone_number_in_the_summary_is_taken_and_said():
    events, messages = validate("nee, mijn telefoonnummer is 06 87654321", "melding_akkoord", intent="deny",
                                **FILLED)
    assert slots(events)["inwoner_telefoon"] == "+31687654321"
    assert slots(events)["requested_slot"] == "melding_akkoord"
    assert messages[0]["text"] == "Dank u. Ik heb het aangepast: het telefoonnummer is 06 87654321."


def test_consent_gives_a_moment_and_an_idempotency_key():
    events, _ = validate("Ja", "melding_akkoord", intent="affirm", **FILLED)
    filled = slots(events)
    assert filled["melding_akkoord"] == "ja"
    assert filled["toestemming_moment"].endswith("+00:00")
    assert len(filled["verzend_sleutel"]) == 36


def test_iets_aanpassen_then_a_part_asks_that_part_again():
    events, _ = validate("Iets aanpassen", "melding_akkoord", **FILLED)
    assert slots(events)["aanpassen"] == "melding_akkoord" and slots(events)["melding_akkoord"] is None
    events, _ = validate("Adres", "melding_akkoord", aanpassen="melding_akkoord", **FILLED)
    assert slots(events)["inwoner_adres"] is None and slots(events)["inwoner_postcode"] is None
    assert slots(events)["requested_slot"] == "inwoner_adres"


def test_a_long_hulpvraag_that_reads_like_iemand_spreken_is_the_hulpvraag():
    text = "Ik wil graag iemand die mij helpt met schoonmaken want ik kan niet meer bukken"
    events, messages = validate(text, "hulpvraag_tekst", intent="contact_person", namens_rol="zelf")
    assert slots(events)["hulpvraag_tekst"] == text and not messages


def test_the_levensgebieden_that_the_hulpvraag_names_are_chosen_already():
    t = tracker("", slots={"requested_slot": "levensgebieden", **{k: FILLED[k] for k in (
        "namens_rol", "hulpvraag_tekst")}}, active_loop=FORM)
    events, messages = run(ActionAskLevensgebieden(), t)
    assert messages[0]["text"].startswith("Ik denk dat het gaat over: wonen en huishouden.")
    assert slots(events)["levensgebieden_keuze"] == ["wonen", "huishouden"]
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert "Klaar" in titles and "Huishouden" not in titles


def test_buttons_add_levensgebieden_and_klaar_ends_the_choice():
    base = {k: FILLED[k] for k in ("namens_rol", "hulpvraag_tekst")}
    events, _ = validate("Vervoer", "levensgebieden", levensgebieden_keuze=["huishouden"], **base)
    assert slots(events)["levensgebieden_keuze"] == ["huishouden", "vervoer"]
    assert slots(events)["levensgebieden"] is None
    events, _ = validate("Klaar", "levensgebieden", intent="affirm",
                         levensgebieden_keuze=["huishouden", "vervoer"], **base)
    assert slots(events)["levensgebieden"] == ["huishouden", "vervoer"]


def test_a_client_ondersteuner_is_asked_about_the_client():
    t = tracker("", slots={"requested_slot": "melding_akkoord", **FILLED, "namens_rol": "clientondersteuner",
                           "namens_naam": "Piet Jansen", "namens_organisatie": "MEE"}, active_loop=FORM)
    _, messages = run(ActionAskMeldingAkkoord(), t)
    text = messages[0]["text"]
    assert "- Gedaan door: Piet Jansen, cliëntondersteuner bij MEE" in text
    assert "Weet uw cliënt van deze melding?" in text


def test_the_summary_and_the_body_say_the_same():
    summary = samenvatting(FILLED, "Oeverdam")
    assert summary.startswith("Dit stuur ik naar gemeente Oeverdam:")
    assert "- Telefoon: 06 12345678" in summary and "- E-mail: geen" in summary
    body = melding_body({**FILLED, "toestemming_moment": "2026-11-23T10:00:00+00:00"}, "oeverdam")
    assert body["gemeente"] == "oeverdam", "the melding goes to the conversation's gemeente"
    assert body["inwoner"]["telefoon"] == "+31612345678" and body["inwoner"]["email"] is None
    assert body["levensgebieden"] == ["huishouden", "wonen"] and "namens" not in body


@pytest.mark.parametrize("intent", ["deelt_bsn", "contact_person"])
def test_after_a_bsn_or_iemand_spreken_the_same_question_comes_back(intent):
    """Rasa asks the domain's next empty slot after a rule unless the form names one: for a familielid that was
    namens_organisatie, a question only for cliëntondersteuners."""
    done = {"namens_rol": "familie", "namens_naam": "Karin Smit"}
    events, messages = validate("Mijn bsn is 123456782", "hulpvraag_tekst", intent=intent, **done)
    assert slots(events) == {"requested_slot": "hulpvraag_tekst"} and not messages


def test_a_melding_may_leave_the_levensgebieden_open_but_a_plan_may_not():
    from actions.persoonlijk_plan import ValidatePlanForm

    events, _ = validate("Weet ik niet", "levensgebieden", intent="weet_niet", namens_rol="zelf",
                         hulpvraag_tekst="Het gaat gewoon niet meer.")
    assert slots(events)["levensgebieden"] == []
    t = tracker("Weet ik niet", intent="weet_niet", active_loop="plan_form",
                slots={"requested_slot": "plan_levensgebieden", "namens_rol": "zelf", "plan_wie_ben_ik": "Ik ben Jan."})
    events, _ = run(ValidatePlanForm(), t)
    assert slots(events)["plan_levensgebieden"] is None
    assert slots(events)["vraag_opnieuw"].startswith("Ik kon daar geen onderwerp in vinden.")


@pytest.mark.parametrize("text, intent", [("ja", "affirm"), ("Ja hoor", "affirm"), ("klopt", "out_of_scope"),
                                          ("prima", "out_of_scope"), ("nee hoor", "deny"), ("klaar", "out_of_scope")])
def test_klopt_het_zo_answered_in_words_ends_the_choice(text, intent):
    base = {k: FILLED[k] for k in ("namens_rol", "hulpvraag_tekst")}
    events, _ = validate(text, "levensgebieden", intent=intent, levensgebieden_keuze=["wonen", "huishouden"], **base)
    assert slots(events)["levensgebieden"] == ["wonen", "huishouden"]


def test_an_unusable_choice_offers_the_loket_from_the_second_try_on():
    base = {k: FILLED[k] for k in ("namens_rol", "hulpvraag_tekst")}
    events, _ = validate("tja", "levensgebieden", levensgebieden_keuze=["wonen"], **base)
    first = slots(events)
    assert first["vraag_opnieuw"].startswith("Ik kon daar geen onderwerp in vinden.") and "Bel" not in first["vraag_opnieuw"]
    assert first["levensgebieden_keuze"] == ["wonen"], "the choice so far is kept"
    events, _ = validate("hmm", "levensgebieden", levensgebieden_keuze=["wonen"], pogingen=first["pogingen"], **base)
    assert "Bel het Wmo-loket" in slots(events)["vraag_opnieuw"]


CLIENTONDERSTEUNER = {**FILLED, "namens_rol": "clientondersteuner", "namens_naam": "Piet Jansen",
                      "namens_organisatie": "MEE"}


@pytest.mark.parametrize("text, kept", [("piet@mee.example", "piet@mee.example"),
                                        ("Mijn mail is Piet@MEE.example.", "Piet@mee.example"),
                                        ("niet nodig", "geen"), ("Nee, hoeft niet", "geen"), ("geen", "geen")])
def test_a_clientondersteuner_is_asked_for_their_own_address_for_their_own_confirmation(text, kept):
    required = asyncio.run(ValidateMeldingForm().required_slots([], None, tracker(slots=CLIENTONDERSTEUNER), {}))
    assert required[-3:] == ["inwoner_email", "namens_email", "melding_akkoord"], "after the client's address"
    events, _ = validate(text, "namens_email", **CLIENTONDERSTEUNER)
    assert slots(events)["namens_email"] == kept and "inwoner_email" not in slots(events), "not the client's"


def test_an_unusable_own_address_is_asked_again_and_a_mantelzorger_is_not_asked():
    events, _ = validate("piet bij mee", "namens_email", **CLIENTONDERSTEUNER)
    assert slots(events)["namens_email"] is None
    assert slots(events)["vraag_opnieuw"].startswith("Dat e-mailadres kan ik niet gebruiken.")
    familie = {**FILLED, "namens_rol": "familie", "namens_naam": "Karin Smit"}
    events, _ = validate("geen e-mail", "inwoner_email", **{k: v for k, v in familie.items() if k != "inwoner_email"})
    assert slots(events)["requested_slot"] == "melding_akkoord"


def test_the_own_address_is_in_the_summary_and_goes_with_the_melding():
    filled = {**CLIENTONDERSTEUNER, "namens_email": "piet@mee.example", "toestemming_moment": "2026-11-23T10:00:00Z"}
    assert "- Uw e-mail, voor uw eigen bevestiging: piet@mee.example" in samenvatting(filled, "Voorbeeldstad")
    assert melding_body(filled, "voorbeeldstad")["namens"] == {
        "naam": "Piet Jansen", "rol": "clientondersteuner", "organisatie": "MEE", "email": "piet@mee.example"}
    zonder = melding_body({**filled, "namens_email": "geen"}, "voorbeeldstad")["namens"]
    assert "email" not in zonder, "a melding without it hashes as before (an outbox retry across the upgrade)"
