"""A restart of the Rasa server or the action server in the middle of a form: the conversation goes on where it
was, because the tracker store keeps it on disk (bot/tracker_store.py, SQLite in the var folder)."""

from tests.e2e.test_taken import invented_name, meldingen_of


def test_a_melding_goes_on_after_the_rasa_server_and_then_the_action_server_restart(stack, conversation):
    naam = invented_name("Bram")
    c = conversation
    c.text("/melding_doen")
    c.text("Voor mezelf")
    assert c.text("Ik kan de trap niet meer op en niet meer zelf douchen.").startswith("Ik denk dat het gaat over")
    c.text("Klaar")

    stack.stop_service("rasa")
    stack.start_service("rasa")  # nothing of the conversation is in its memory now
    assert c.text(naam).startswith("Wat is uw adres?")

    stack.stop_service("actions")
    stack.start_service("actions")
    assert c.text("Molenweg 12, 9999 ZZ Voorbeeldstad").startswith("Op welk telefoonnummer")
    c.text("06-12345678")
    summary = c.text("geen e-mail")
    assert f"- Melding voor: {naam}" in summary and "- Adres: Molenweg 12, 9999 ZZ Voorbeeldstad" in summary
    assert c.text("/affirm").startswith("Uw melding is aangekomen")

    [melding] = meldingen_of(stack, naam)  # exactly one, with what was typed before both restarts
    assert melding["hulpvraag"] == "Ik kan de trap niet meer op en niet meer zelf douchen."
    assert melding["inwoner"]["telefoon"] == "+31612345678"
