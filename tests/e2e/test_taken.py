"""Tasks that end at the gemeente, through the REST channel, read back from the real gemeente API with the
consulent's token: a melding with a full persoonlijk plan (by a cliëntondersteuner, and by an inwoner while the API
is down for a moment), stopping halfway, and the toegang check."""

import time
import uuid
from datetime import date

import httpx
import pytest

from tests.e2e.support import SECRETS, staff_browser
from wmo.kalender import datum_voluit

CONSULENT = {"Authorization": f"Bearer {SECRETS['WMO_CONSULENT_TOKEN']}"}


def invented_name(first: str) -> str:
    """An invented person, unique per run, so the test can count exactly their meldingen."""
    return f"{first} Vermeulen-{''.join(chr(97 + int(c, 16)) for c in uuid.uuid4().hex[:6]).capitalize()}"


def meldingen_of(stack, naam: str) -> list:
    api = stack.settings.api_url
    found, page = [], 1
    while True:
        listing = httpx.get(f"{api}/api/v1/meldingen", params={"page": page, "page_size": 100},
                            headers=CONSULENT).json()
        found += [m for m in listing["items"] if m["inwoner"]["naam"] == naam]
        if page * 100 >= listing["total"]:
            return [httpx.get(f"{api}/api/v1/meldingen/{m['id']}", headers=CONSULENT).json() for m in found]
        page += 1


def wait_for_meldingen_of(stack, naam: str, seconds: float = 60) -> list:
    """The meldingen of `naam` once there is one (the outbox delivers in the background)."""
    deadline = time.monotonic() + seconds
    while not (found := meldingen_of(stack, naam)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return found


def buttons(replies) -> list:
    return [b["payload"] for r in replies for b in r.get("buttons", [])]


def test_a_clientondersteuner_makes_a_melding_and_then_the_plan_and_the_consulent_reads_both(stack, conversation):
    naam = invented_name("Jet")
    c = conversation
    assert "Ik help u een melding te doen" in c.text(
        "Ik ben cliëntondersteuner en wil een melding doen voor mijn cliënt")
    assert "Voor wie werkt u?" in c.text("Piet Jansen")
    assert c.text("MEE Voorbeeldstad").startswith("Vertel in uw eigen woorden: wat lukt uw cliënt niet meer")
    assert c.text("Mevrouw kan niet meer zelf stofzuigen en komt de trap niet meer op.").startswith(
        "Ik denk dat het gaat over: wonen en huishouden.")
    assert c.text("Klaar") == "Wat is de voor- en achternaam van uw cliënt?"
    assert c.text(naam).startswith("Wat is het adres van uw cliënt?")
    assert c.text("Dorpsstraat 4, 9999 zz Voorbeeldstad").startswith("Op welk telefoonnummer")
    assert c.text("06 1234").startswith("Dat telefoonnummer kan ik niet gebruiken.")
    assert c.text("06-12345678").startswith("Wat is het e-mailadres van uw cliënt?")
    assert c.text("geen e-mail").startswith("Wilt u zelf ook een bevestiging van de melding per e-mail?")
    summary = c.text("piet.jansen@mee-voorbeeldstad.example")
    for line in (f"- Melding voor: {naam}", "- Adres: Dorpsstraat 4, 9999 ZZ Voorbeeldstad",
                 "- Telefoon: 06 12345678", "- Gedaan door: Piet Jansen, cliëntondersteuner bij MEE Voorbeeldstad",
                 "- Uw e-mail, voor uw eigen bevestiging: piet.jansen@mee-voorbeeldstad.example",
                 "Weet uw cliënt van deze melding?"):
        assert line in summary
    corrected = c.text("nee, het telefoonnummer is 06 87654321")
    assert corrected.startswith("Dank u. Ik heb het aangepast: het telefoonnummer is 06 87654321.")
    assert "- Telefoon: 06 87654321" in corrected

    replies = c.say("/affirm")
    confirmation = replies[0]["text"]
    assert confirmation.startswith("Uw melding is aangekomen bij gemeente Voorbeeldstad.")
    assert "/persoonlijk_plan_maken" in buttons(replies)
    [melding] = meldingen_of(stack, naam)
    assert melding["referentie"] in confirmation
    assert datum_voluit(date.fromisoformat(melding["termijnen"]["plan_uiterlijk"])) in confirmation
    assert datum_voluit(date.fromisoformat(melding["termijnen"]["onderzoek_uiterlijk"])) in confirmation
    assert melding["inwoner"]["telefoon"] == "+31687654321" and melding["inwoner"]["email"] is None
    assert melding["namens"] == {"naam": "Piet Jansen", "organisatie": "MEE Voorbeeldstad",
                                 "rol": "clientondersteuner", "email": "piet.jansen@mee-voorbeeldstad.example"}
    assert "Er is een bevestiging per e-mail gestuurd naar piet.jansen@mee-voorbeeldstad.example." in confirmation
    assert melding["levensgebieden"] == ["wonen", "huishouden"] and melding["plan"] is None

    assert c.text("/persoonlijk_plan_maken").endswith(
        "1. Wie is uw cliënt? Vertel kort iets over uw cliënt. Bijvoorbeeld: de leeftijd en met wie uw cliënt woont. "
        "Wat doet uw cliënt graag? En hoe is de gezondheid?")
    assert c.text("Mevrouw is 81 jaar, weduwe en woont alleen in een huis met een trap.").startswith(
        "In de melding ging het over: wonen en huishouden.")
    assert c.text("Klaar").startswith("Onderwerp: Wonen.")
    assert c.text("Ze komt de trap niet meer op en slaapt nu beneden.").startswith("Onderwerp: Huishouden.")
    assert c.text("Stofzuigen en de badkamer schoonmaken lukken niet meer.").startswith("3. Wat kan uw cliënt")
    assert c.text("Koken en afwassen lukt nog.").startswith("Wat doen de partner, familie")
    assert "hulp die er voor iedereen is" in c.text("Haar dochter doet de boodschappen, maar woont ver weg.")
    assert c.text("Nee").startswith("4. Waarvoor wil uw cliënt hulp")
    assert c.text("Drie uur per week hulp bij het schoonmaken en een traplift.").startswith("5. Hoe moet")
    preview = c.text("pgb")
    assert "- Wonen: Ze komt de trap niet meer op" in preview and "Opgesteld door: de cliëntondersteuner." in preview
    assert "Heeft uw cliënt het plan gezien?" in preview and "nog geen melding" not in preview
    sent = c.text("/affirm")
    assert sent.startswith(f"Uw persoonlijk plan is aangekomen bij de gemeente. Het hoort bij melding "
                           f"{melding['referentie']}.")

    [melding] = meldingen_of(stack, naam)
    plan = melding["plan"]
    assert plan["version"] == 1 and plan["opgesteld_door"] == "clientondersteuner"
    assert plan["knelpunten"] == {"wonen": "Ze komt de trap niet meer op en slaapt nu beneden.",
                                  "huishouden": "Stofzuigen en de badkamer schoonmaken lukken niet meer."}
    assert plan["gewenste_vorm"] == {"vorm": "pgb", "toelichting": ""}
    assert plan["wat_doet_mijn_netwerk"] == "Haar dochter doet de boodschappen, maar woont ver weg."

    with staff_browser(stack.settings.api_url) as browser:
        page = browser.get(f"{stack.settings.api_url}/consulent/meldingen/{melding['id']}").text
        assert naam in page and "Drie uur per week hulp bij het schoonmaken" in page


def test_an_inwoner_makes_the_plan_first_and_the_melding_survives_an_api_outage(stack, conversation):
    naam = invented_name("Kees")
    c = conversation
    assert c.text("/persoonlijk_plan_maken").endswith("Voor wie is de hulp? Voor uzelf, of doet u dit voor "
                                                      "iemand anders?")
    assert c.text("Voor mezelf").startswith("1. Wie bent u?")
    assert c.text("Ik ben 72 en heb sinds mijn beroerte moeite met lopen.").startswith("2. Waar loopt u tegenaan?")
    assert c.text("Vervoer").startswith("Gekozen: vervoer.")
    assert c.text("Klaar").startswith("Onderwerp: Vervoer.")
    assert c.text("Ik kan niet meer fietsen en de bushalte is te ver.").startswith("3. Wat kunt u nog wel zelf?")
    c.text("Korte stukjes lopen met de rollator.")
    c.text("Niemand")
    assert c.text("Weet ik niet").startswith("4. Waarvoor wilt u hulp")
    assert c.text("Vervoer naar de dagbesteding en de supermarkt.").startswith("5. Hoe moet")
    assert "U heeft in dit gesprek nog geen melding gedaan." in c.text("natura")
    assert c.text("/affirm").startswith("Nu de melding.")
    c.text("Ik kan niet meer zelf naar de winkel of de dagbesteding.")
    c.text("Klaar")
    c.text(naam)
    c.text("Kerkpad 3, 9999 ZZ Voorbeeldstad")
    c.text("geen telefoon")
    assert "- E-mail: kees@voorbeeld.example" in c.text("kees@voorbeeld.example")

    stack.stop_service("api")
    try:
        failed = c.say("/affirm")
        assert "Uw melding is dus nog niet bij de gemeente." in failed[0]["text"]
        assert "Ik stuur uw melding vanzelf naar de gemeente zodra dat weer lukt." in failed[0]["text"]
        assert buttons(failed) == ["/verzendstatus", "/contact_person"]
        status = c.text("Is mijn melding al aangekomen?")
        assert status.startswith("Uw melding is nog niet bij de gemeente. Uw melding is wel bewaard.")
    finally:
        stack.start_service("api")

    # the action server sends it by itself once the API answers (the e2e stack tries every second; it may have
    # arrived already, so the API is not asked whether it is still missing)
    [melding] = wait_for_meldingen_of(stack, naam)
    confirmation = c.text("Is mijn melding al aangekomen?")
    assert confirmation.startswith("Uw melding is aangekomen")
    assert "Het persoonlijk plan is meegestuurd." in confirmation
    assert melding["referentie"] in confirmation
    assert "Uw melding is aangekomen" in c.text("/opnieuw_versturen"), "trying again sends nothing twice"
    assert len(meldingen_of(stack, naam)) == 1
    assert melding["inwoner"]["email"] == "kees@voorbeeld.example" and melding["inwoner"]["telefoon"] is None
    assert melding["plan"]["version"] == 1 and melding["plan"]["opgesteld_door"] == "inwoner"
    assert melding["plan"]["gewenste_vorm"]["vorm"] == "natura"
    assert melding["namens"] is None


def test_stop_halfway_sends_nothing_and_says_so(stack, conversation):
    naam = invented_name("Fenna")
    conversation.text("/melding_doen")
    conversation.text("Voor mezelf")
    conversation.text("Ik kan mijn administratie niet meer bijhouden.")
    conversation.text("Klaar")
    conversation.text(naam)
    stopped = conversation.text("stop")
    assert stopped.startswith("Goed, we stoppen hiermee. Er is niets naar de gemeente gestuurd.")
    assert meldingen_of(stack, naam) == []


def test_a_bsn_or_iemand_spreken_in_the_middle_brings_back_the_same_question(conversation):
    """For a familielid, Rasa's own choice after a rule was the cliëntondersteuner's organisation question."""
    first = conversation.text("ik wil een melding doen voor mijn vader")
    assert first.endswith("Wat is uw eigen voor- en achternaam?")
    question = conversation.text("Karin Smit")
    assert question.startswith("Vertel in uw eigen woorden: wat lukt uw familielid niet meer goed?")
    warned = conversation.text("Hij kan niet meer koken. Zijn bsn is 123456782")
    assert warned.startswith("U hoeft hier geen burgerservicenummer (BSN) te geven.") and warned.endswith(question)
    loket = conversation.text("ik wil iemand spreken")
    assert "14 0999" in loket and loket.endswith(question)


@pytest.mark.parametrize("answers, route_start, first_button", [
    (["/affirm", "/deny", "Weet ik niet", "/deny", "/deny"],
     "U woont in deze gemeente. U kunt een melding doen bij de gemeente.", "/melding_doen"),
    (["/deny"], "De Wmo regelt de gemeente waar u woont.", "/contact_person"),
])
def test_toegang_asks_only_what_matters_and_gives_a_next_step(conversation, answers, route_start, first_button):
    first = conversation.text("Kom ik in aanmerking voor huishoudelijke hulp?")
    assert first.startswith("Ik stel u een paar korte vragen.")
    assert "Woont u in gemeente Voorbeeldstad?" in first, "the help was named: that question is skipped"
    for answer in answers[:-1]:
        conversation.say(answer)
    replies = conversation.say(answers[-1])
    assert replies[0]["text"].startswith(route_start)
    assert replies[0]["text"].endswith("Dit is geen besluit. Alleen de gemeente beslist, na een gesprek met u.")
    assert buttons(replies)[0] == first_button
