"""The gemeente API is down when a melding is sent: the melding waits in the outbox on disk (actions/outbox.py),
survives a restart of the action server, and arrives exactly once when the API is back, without the person."""

from tests.e2e.test_taken import invented_name, meldingen_of, wait_for_meldingen_of


def test_a_melding_kept_during_an_outage_survives_an_action_server_restart_and_arrives_once(stack, conversation):
    naam = invented_name("Wim")
    c = conversation
    c.text("/melding_doen")
    c.text("Voor mezelf")
    c.text("Ik kan mijn boodschappen niet meer zelf doen.")
    c.text("Klaar")
    c.text(naam)
    c.text("Stationsweg 8, 9999 ZZ Voorbeeldstad")
    c.text("geen telefoon")
    assert f"- Melding voor: {naam}" in c.text("wim@voorbeeld.example")

    stack.stop_service("api")
    try:
        assert "Ik heb uw melding bewaard." in c.text("/affirm")
        stack.stop_service("actions")  # what waits is on disk, not in the memory of this process
        stack.start_service("actions")
        assert c.text("Is mijn melding al aangekomen?").startswith("Uw melding is nog niet bij de gemeente.")
    finally:
        stack.start_service("api")

    [melding] = wait_for_meldingen_of(stack, naam)
    assert melding["hulpvraag"] == "Ik kan mijn boodschappen niet meer zelf doen."
    assert melding["inwoner"]["adres"].startswith("Stationsweg 8")
    answer = c.text("Is mijn melding al aangekomen?")
    assert answer.startswith(f"Uw melding is aangekomen bij gemeente Voorbeeldstad. Het nummer van de melding is "
                             f"{melding['referentie']}.")
    c.text("/opnieuw_versturen")
    assert len(meldingen_of(stack, naam)) == 1, "exactly once"
