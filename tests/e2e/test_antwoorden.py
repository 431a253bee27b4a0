"""Conversations I over the REST channel: the tarief calculator, the draft bezwaarschrift, and explanations whose
facts come from wmo/ and config/gemeente.yml. The action server's clock is Monday 23 November 2026."""

import pytest

from tests.e2e.support import CALCULATOR_RULE
from wmo import gemeente

CONFIG = gemeente.get("voorbeeldstad")  # the gemeente of the conversations here (tests/e2e/conftest.py)


def titles(reply):
    return [b["title"] for b in reply.get("buttons") or []]


def test_the_calculator_asks_only_what_matters_and_gives_the_amount_with_the_reason(conversation):
    replies = conversation.say("Wat betaal ik?")
    # the rule before it is applied: this year's maximum, then the questions
    assert replies[-1]["text"].startswith(CALCULATOR_RULE)
    assert replies[-1]["text"].endswith("Ik reken het voor u uit. Voor welke hulp wilt u het weten?")
    assert "Huishoudelijke hulp" in titles(replies[-1])
    assert conversation.text("een fiets").startswith("Die hulp ken ik niet. Kies een van de knoppen.")
    assert conversation.text("hh").startswith("Is de hulp voor een kind jonger dan 18 jaar?")
    assert conversation.text("nee").startswith("Betaalt u al een eigen bijdrage voor de Wet langdurige zorg")
    assert conversation.text("nee").startswith("Woont u samen met een partner?")
    assert conversation.text("ja").startswith("Is een van u beiden jonger dan de AOW-leeftijd? Die is nu 67 jaar.")
    answer = conversation.text("ja")
    assert answer.startswith("U betaalt niets. U heeft een partner en een van u beiden is jonger dan de AOW-leeftijd.")
    assert "Het CAK rekent het precies uit." in answer


def test_the_calculator_with_the_voorziening_in_the_question_and_a_side_question(conversation):
    first = conversation.text("wat moet ik zelf betalen voor een traplift?")
    assert first.startswith(CALCULATOR_RULE)
    assert first.endswith("Ik reken het voor u uit. Is de hulp voor een kind jonger dan 18 jaar?"), (
        "traplift is already known: the first question is skipped")
    conversation.say("nee")
    replies = conversation.say("Wat is het CAK?")
    assert replies[0]["text"].startswith("Het CAK stuurt de rekening voor de eigen bijdrage, niet de gemeente.")
    assert replies[-1]["text"].startswith("Betaalt u al een eigen bijdrage voor de Wet langdurige zorg"), (
        "after the side question the same question again")
    conversation.say("weet ik niet")
    answer = conversation.text("nee")
    assert answer.startswith("Het abonnementstarief is in 2026 hoogstens € 21,80 per maand.")
    assert "nooit meer dan wat de voorziening kost" in answer
    assert "Betaalt u al een eigen bijdrage voor de Wlz? Dan betaalt u niets voor de Wmo." in answer


def test_after_an_answer_with_the_tarief_the_calculator_asks_at_once(conversation):
    # the CAK's answer says this year's tarief; its button "Wat betaal ik zelf?" then goes straight to the question
    assert "Dit jaar is het" in conversation.text("Wat is het CAK?")
    assert conversation.text("/tarief_berekenen") == "Ik reken het voor u uit. Voor welke hulp wilt u het weten?"


def test_the_calculator_can_be_stopped(conversation):
    conversation.say("bereken mijn eigen bijdrage")
    assert conversation.text("stop").startswith("Goed, we stoppen hiermee. Wat u al had ingevuld, bewaar ik niet.")


def test_a_draft_bezwaarschrift_with_a_correction(conversation):
    replies = conversation.say("Kunt u een bezwaarschrift voor mij maken?")
    assert replies[-1]["text"].startswith("Ik maak een conceptbrief voor uw bezwaar.")
    assert conversation.text("Anna de Vries").startswith("Wat is het adres?")
    assert conversation.text("Dorpsstraat 4").startswith("Ik mis de postcode of het huisnummer.")
    assert conversation.text("Dorpsstraat 4, 1234ab Voorbeeldstad").startswith("Welke datum staat op de brief")
    assert conversation.text("de brief is van 2 november").startswith("Welk kenmerk staat op de beschikking?")
    replies = conversation.say("nee, de brief is van 4 november")
    assert replies[0]["text"] == ("Dank u. Ik heb het aangepast: de datum van de beschikking is woensdag "
                                  "4 november 2026.")
    assert replies[-1]["text"].startswith("Welk kenmerk staat op de beschikking?")
    assert conversation.text("Z-2026-0815").startswith("Waarom bent u het niet eens met het besluit?")
    replies = conversation.say("Ik kan mijn huis niet meer zelf schoonmaken. Twee uur hulp per week is te weinig.")
    letter, uitleg = replies[0]["text"], replies[-1]["text"]
    assert letter.startswith("Anna de Vries\nDorpsstraat 4, 1234 AB Voorbeeldstad\n")
    assert f"Aan {CONFIG.bezwaar.gericht_aan}\n{CONFIG.bezwaar.postadres}" in letter
    assert "Betreft: bezwaar tegen uw beschikking van 4 november 2026, kenmerk Z-2026-0815" in letter
    assert "Twee uur hulp per week is te weinig." in letter
    assert "Uw bezwaar moet uiterlijk op woensdag 16 december 2026 binnen zijn." in uitleg
    assert "Iemand spreken" in titles(replies[-1])


def test_a_bsn_in_the_bezwaarschrift_form_is_refused_and_the_form_goes_on(conversation):
    conversation.say("help mij een bezwaarbrief te schrijven")
    replies = conversation.say("123456782")
    assert replies[0]["text"].startswith("U hoeft hier geen burgerservicenummer (BSN) te geven.")
    assert replies[-1]["text"].startswith("Ik maak een conceptbrief voor uw bezwaar.")


@pytest.mark.parametrize(
    "question, says",
    [
        ("Waar stuur ik mijn bezwaar naartoe?", [CONFIG.bezwaar.postadres, CONFIG.bezwaar.online,
                                                 "binnen zes weken na de datum op de beschikking"]),
        ("Hoe lang duurt een bezwaar?", ["binnen twaalf weken na het einde van de termijn voor bezwaar",
                                         "één keer met zes weken uitstellen"]),
        ("Mijn bezwaar is afgewezen, wat kan ik nog doen?", ["rechtbank", "Centrale Raad van Beroep",
                                                              "binnen zes weken"]),
        ("Wat moet er in een bezwaarschrift staan?", ["uw handtekening", "De reden mag u later sturen."]),
        ("Ik ben te laat met mijn bezwaar, wat nu?", ["Schrijf erbij waarom u te laat bent."]),
        ("Hoe gaat een Wmo-aanvraag?", ["Binnen zeven dagen na uw melding", "binnen zes weken na uw melding",
                                        "Binnen twee weken na uw aanvraag"]),
        ("De gemeente is te laat met mijn beschikking, wat kan ik doen?", ["€ 23,00 per dag", "€ 1.442,00"]),
        ("Wanneer hoef ik niets te betalen?", ["jonger dan de AOW-leeftijd, 67 jaar"]),
        ("Waarvoor betaal ik het abonnementstarief?", ["niet voor een maaltijdservice"]),
        ("Wat is het CAK?", ["In januari betaalt u dus voor december."]),
        ("Wanneer krijg ik het verslag van het gesprek?", ["Vaak is het binnen tien werkdagen."]),
        ("Wat is een medisch advies?", ["Alleen een arts mag informatie vragen aan uw huisarts"]),
        ("Moet ik alles vertellen aan de gemeente?", ["meewerken aan het onderzoek"]),
        ("Wat is het verschil tussen de Wmo en de Wlz?", ["Het CIZ beslist"]),
        ("Mijn kind heeft hulp nodig, is dat Wmo?", ["Jeugdwet", "jeugdteam"]),
    ],
)
def test_explanations_say_the_facts_from_wmo_and_the_config(conversation, question, says):
    replies = conversation.say(question)
    text = "\n".join(r.get("text", "") for r in replies)
    for part in says:
        assert part in text, f"{question!r}: {part!r} not in {text!r}"
    assert "Iemand spreken" in titles(replies[-1])
