"""The draft bezwaarschrift: what the form accepts, corrections, and the letter the person copies."""


import pytest

from actions import clock
from actions.bezwaarschrift import (ActionBezwaarschrift, ValidateBezwaarschriftForm, brief, clean_adres,
                                    clean_kenmerk, clean_naam)
from action_support import run, slots, tracker
from wmo import gemeente

FORM = "bezwaarschrift_form"
FILLED = {"indiener_naam": "Anna de Vries", "indiener_adres": "Dorpsstraat 4, 1234 AB Voorbeeldstad",
          "beschikking_datum": "2026-11-02", "beschikking_kenmerk": "Z-2026-0815",
          "bezwaar_reden": "Ik kan mijn huis niet meer zelf schoonmaken. Twee uur hulp is te weinig."}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv(clock.TODAY_ENV, "2026-11-23")


@pytest.mark.parametrize(
    "text, naam",
    [
        ("Anna de Vries", "Anna de Vries"),
        ("mijn naam is Jan Jansen.", "Jan Jansen"),
        ("ik heet  Fatima   El Amrani", "Fatima El Amrani"),
        ("A", None),
        ("06 12345678", None),
        ("anna@example.org", None),
        ("<script>alert(1)</script>", None),
        ("Ik ben haar zoon, Henk", None),  # who the writer is, not a name
        ("mijn moeder", None),
    ],
)
def test_names(text, naam):
    assert clean_naam(text) == naam


@pytest.mark.parametrize(
    "text, adres",
    [
        ("Dorpsstraat 4, 1234ab Voorbeeldstad", "Dorpsstraat 4, 1234 AB Voorbeeldstad"),
        ("mijn adres is Kerkweg 12a 9999 zz Ergens", "Kerkweg 12a 9999 ZZ Ergens"),
        ("Dorpsstraat 4, Voorbeeldstad", None),  # no postcode
        ("1234 AB Voorbeeldstad", None),  # no street and house number
        ("Dorpsstraat 4, 0123 AB Voorbeeldstad", None),  # not a Dutch postcode
        ("Dorpsstraat 4, 1234 SS Voorbeeldstad", None),  # letters never issued
    ],
)
def test_addresses_need_a_street_number_and_postcode(text, adres):
    assert clean_adres(text) == adres


@pytest.mark.parametrize("text, kenmerk", [("Z-2026-0815", "Z-2026-0815"), ("Weet ik niet", "onbekend"),
                                           ("nee", "onbekend"), ("het kenmerk is AB12", "AB12")])
def test_kenmerk(text, kenmerk):
    assert clean_kenmerk(text) == kenmerk


def validate(text, requested, intent="geef_datum", confidence=0.99, response_key=None, **filled):
    t = tracker(text, intent=intent, confidence=confidence, slots={"requested_slot": requested, **filled},
                active_loop=FORM, response_key=response_key)
    return run(ValidateBezwaarschriftForm(), t)


def test_a_correction_of_the_date_is_taken_while_the_form_asks_something_else():
    done = {k: FILLED[k] for k in ("indiener_naam", "indiener_adres", "beschikking_datum")}
    events, messages = validate("nee, de brief is van 4 november", "beschikking_kenmerk", **done)
    assert slots(events) == {"beschikking_datum": "2026-11-04", "requested_slot": "beschikking_kenmerk"}
    assert messages[0]["text"] == ("Dank u. Ik heb het aangepast: de datum van de beschikking is woensdag "
                                   "4 november 2026.")


def test_a_correction_of_the_name():
    events, messages = validate("sorry, mijn naam is Anna de Vries-Bakker", "indiener_adres",
                                indiener_naam="Anna de Vries")
    assert slots(events)["indiener_naam"] == "Anna de Vries-Bakker"
    assert "uw naam is Anna de Vries-Bakker" in messages[0]["text"]


def test_a_reason_that_mentions_a_date_is_a_reason_not_a_correction():
    done = {k: FILLED[k] for k in ("indiener_naam", "indiener_adres", "beschikking_datum", "beschikking_kenmerk")}
    text = "Nee, ik ben het niet eens. Sinds 1 maart kan ik niet meer traplopen."
    events, messages = validate(text, "bezwaar_reden", intent="deny", **done)
    assert slots(events)["bezwaar_reden"] == text
    assert slots(events).get("beschikking_datum", "2026-11-02") == "2026-11-02"
    assert not messages


def test_a_side_question_is_answered_and_the_form_asks_again():
    events, messages = validate("Wat moet er in een bezwaarschrift staan?", "bezwaar_reden", intent="uitleg",
                                response_key="uitleg/bezwaarschrift_inhoud")
    assert slots(events) == {"bezwaar_reden": None, "requested_slot": "bezwaar_reden"}
    assert messages[0]["text"].startswith("In uw bezwaar schrijft u:")
    assert messages[0]["text"].endswith("Dan gaan we nu verder.")
    assert not messages[0]["buttons"], "only the form's question that follows has buttons"


def test_a_reason_that_reads_like_a_hulpvraag_is_still_the_reason():
    text = "Ik heb hulp nodig in huis want ik kan niet meer zelf stofzuigen"
    events, messages = validate(text, "bezwaar_reden", intent="hulpvraag")
    assert slots(events)["bezwaar_reden"] == text
    assert not messages


@pytest.mark.parametrize("intent", ["stop", "contact_person", "deelt_bsn"])
def test_stop_iemand_spreken_and_a_bsn_are_left_to_their_rules(intent):
    events, messages = validate("laat maar", "indiener_adres", intent=intent)
    # nothing extracted, so Rasa rejects the form and the intent's rule runs; the requested slot is named, so that
    # when the rule returns to the form, the same question is asked again
    assert events == [{"event": "slot", "name": "requested_slot", "value": "indiener_adres", "timestamp": None}]
    assert messages == []


def test_an_address_without_postcode_gets_one_question_back():
    events, _ = validate("Dorpsstraat 4", "indiener_adres", intent="out_of_scope")
    assert slots(events)["indiener_adres"] is None
    assert slots(events)["vraag_opnieuw"].startswith("Ik mis de postcode of het huisnummer.")


def test_the_reason_can_follow_later():
    events, _ = validate("later", "bezwaar_reden", intent="out_of_scope")
    assert slots(events)["bezwaar_reden"] == "later"


def test_the_letter_holds_what_the_person_told_and_the_gemeentes_address():
    letter = brief(FILLED, clock.vandaag(), gemeente.get("voorbeeldstad"))
    for part in ("Anna de Vries\nDorpsstraat 4, 1234 AB Voorbeeldstad",
                 "Aan het college van burgemeester en wethouders van Voorbeeldstad\n"
                 "Postbus 99999, 9999 ZZ Voorbeeldstad",
                 "Datum: 23 november 2026",
                 "Betreft: bezwaar tegen uw beschikking van 2 november 2026, kenmerk Z-2026-0815",
                 "Dit is de reden:\nIk kan mijn huis niet meer zelf schoonmaken.",
                 "[uw handtekening]\nAnna de Vries"):
        assert part in letter
    assert "te laat" not in letter


def test_a_late_letter_asks_why_and_a_pro_forma_letter_says_the_reasons_follow():
    late = {**FILLED, "beschikking_datum": "2026-09-01", "bezwaar_reden": "later", "beschikking_kenmerk": "onbekend"}
    letter = brief(late, clock.vandaag(), gemeente.get("voorbeeldstad"))
    assert "Betreft: bezwaar tegen uw beschikking van 1 september 2026\n" in letter
    assert "De redenen van mijn bezwaar stuur ik u later." in letter
    assert "Dat komt doordat: [schrijf hier waarom u te laat bent]" in letter


def test_the_action_sends_the_letter_says_where_and_until_when_and_forgets_the_answers():
    events, messages = run(ActionBezwaarschrift(), tracker(slots=FILLED))
    assert messages[0]["text"].startswith("Anna de Vries\n")
    uitleg = slots(events)["bezwaarschrift_uitleg"]
    assert "Stuur de brief naar Postbus 99999, 9999 ZZ Voorbeeldstad." in uitleg
    assert "Uw bezwaar moet uiterlijk op maandag 14 december 2026 binnen zijn." in uitleg
    assert all(slots(events)[slot] is None for slot in FILLED)


def test_stop_forgets_what_the_forms_collected():
    from actions.formulier import ActionVergeetFormulier
    events, messages = run(ActionVergeetFormulier(), tracker(slots={**FILLED, "voorziening": "pgb",
                                                                     "gemeente_naam": "Voorbeeldstad"}))
    assert slots(events) == {**{slot: None for slot in FILLED}, "voorziening": None}, "the gemeente's facts stay"
    assert messages == []


def test_the_letter_is_one_message_without_blank_lines():
    assert "\n\n" not in brief(FILLED, clock.vandaag(), gemeente.get("voorbeeldstad"))


@pytest.mark.parametrize("text", ["ik wil bezwaar maken", "wat moet ik hier invullen", "stop maar"])
def test_a_sentence_is_not_a_name(text):
    assert clean_naam(text) is None


def test_mijn_naam_is_corrects_the_name_without_a_word_of_correction():
    events, messages = validate("mijn naam is Jan de Boer", "indiener_adres", intent="out_of_scope",
                                indiener_naam="Jan")
    assert slots(events)["indiener_naam"] == "Jan de Boer"
    assert messages[0]["text"] == "Dank u. Ik heb het aangepast: uw naam is Jan de Boer."


def test_a_reason_about_the_name_is_a_reason():
    text = "mijn naam is verkeerd gespeld in de beschikking en de uren kloppen niet"
    events, messages = validate(text, "bezwaar_reden", intent="out_of_scope", **{
        k: FILLED[k] for k in ("indiener_naam", "indiener_adres", "beschikking_datum", "beschikking_kenmerk")})
    assert slots(events)["bezwaar_reden"] == text and not messages


def test_on_the_last_day_the_bot_says_it_is_today():
    uitleg = bezwaarschrift_uitleg({**FILLED, "beschikking_datum": "2026-10-12"})
    assert "Uw bezwaar moet uiterlijk op maandag 23 november 2026 binnen zijn. Dat is vandaag." in uitleg


def bezwaarschrift_uitleg(filled):
    from actions.bezwaarschrift import uitleg_na_brief
    return uitleg_na_brief(filled, clock.vandaag(), gemeente.get("voorbeeldstad"))
