"""The mails of a melding made in the chat (issue 29), through the real stack: the gemeente API sends them over SMTP
with STARTTLS and a login to the development mail catcher of `make run`, read back from its /messages.json.

A melding with a plan: exactly one registration mail (Voorbeeldstad registers by e-mail) with the plan as a PDF/A,
and one confirmation with the referentie and both terms; the chat says the confirmation went. With the mail server
down during the chat (and the API restarted meanwhile), the chat says so, and the mails arrive once it is up, never
twice. An address the mail server
refuses: the chat says so."""

import io
import re
import time
from datetime import date
from email import message_from_bytes, policy

import httpx
from pypdf import PdfReader

from tests import pdfa_check
from tests.e2e.test_taken import invented_name, wait_for_meldingen_of
from wmo import gemeente
from wmo.kalender import datum_voluit

WMO_MAILBOX = gemeente.load_all()["voorbeeldstad"].mail.wmo_mailbox


def mails_of(stack, referentie: str) -> list:
    mails = httpx.get(f"{stack.settings.mail_url}/messages.json", timeout=10).json()
    return [mail for mail in mails if referentie in mail["subject"]]


def wait_for_mails(stack, referentie: str, count: int, seconds: float = 30) -> list:
    deadline = time.monotonic() + seconds
    while len(found := mails_of(stack, referentie)) < count and time.monotonic() < deadline:
        time.sleep(0.5)
    return found


def attached_pdf(stack, message_id: str) -> bytes:
    raw = httpx.get(f"{stack.settings.mail_url}/raw", params={"message_id": message_id}, timeout=10).content
    [pdf] = list(message_from_bytes(raw, policy=policy.default).iter_attachments())
    return pdf.get_content()


def make_melding(c, naam: str, email: str) -> str:
    c.text("/melding_doen")
    c.text("Voor mezelf")
    c.text("Ik kan mijn huis niet meer zelf schoonmaken.")
    c.text("Klaar")
    c.text(naam)
    c.text("Molenweg 5, 9999 ZZ Voorbeeldstad")
    c.text("geen telefoon")
    assert f"- E-mail: {email}" in c.text(email)
    return c.text("/affirm")


def test_a_melding_with_plan_made_in_the_chat_gives_one_registration_with_pdf_a_and_one_confirmation(
        stack, conversation):
    naam = invented_name("Mien")
    c = conversation
    c.text("/persoonlijk_plan_maken")
    c.text("Voor mezelf")
    c.text("Ik ben 79 en woon alleen.")
    c.text("Vervoer")
    c.text("Klaar")
    c.text("Ik kan niet meer fietsen naar de markt.")
    c.text("Koffie zetten en de krant lezen.")
    c.text("Niemand")
    c.text("Weet ik niet")
    assert c.text("Vervoer naar de markt en de huisarts.").startswith("5. Hoe moet")
    c.text("natura")
    assert c.text("/affirm").startswith("Nu de melding.")
    c.text("Ik kan niet meer zelf naar de markt of de huisarts.")
    c.text("Klaar")
    c.text(naam)
    c.text("Kerkpad 7, 9999 ZZ Voorbeeldstad")
    c.text("geen telefoon")
    c.text("mien@voorbeeld.example")
    confirmation = c.text("/affirm")
    [melding] = wait_for_meldingen_of(stack, naam)
    referentie = melding["referentie"]
    assert f"Het nummer van de melding is {referentie}." in confirmation
    assert "Er is een bevestiging per e-mail gestuurd naar mien@voorbeeld.example." in confirmation

    wait_for_mails(stack, referentie, 2)
    time.sleep(2.5)  # another round of the mail outbox (every 2 s): nothing more comes
    found = mails_of(stack, referentie)
    [registratie] = [mail for mail in found if mail["to"] == [WMO_MAILBOX]]
    [bevestiging] = [mail for mail in found if mail["to"] == ["mien@voorbeeld.example"]]
    assert len(found) == 2, "exactly one of each"

    assert registratie["subject"] == f"Wmo-melding {referentie}, persoonlijk plan versie 1"
    assert "Ik kan niet meer zelf naar de markt of de huisarts." in registratie["text"]
    pdf = attached_pdf(stack, registratie["message_id"])
    assert pdfa_check.problems(pdf) == []
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert "Vervoer naar de markt en de huisarts." in text and referentie in text

    assert bevestiging["subject"] == f"Uw Wmo-melding {referentie} is ontvangen"
    plan_dag, onderzoek_dag = (datum_voluit(date.fromisoformat(melding["termijnen"][key]))
                               for key in ("plan_uiterlijk", "onderzoek_uiterlijk"))
    for fact in (referentie, "Uw persoonlijk plan hebben wij ook ontvangen.",
                 f"Een nieuwe versie sturen kan tot en met {plan_dag}.", f"klaar op uiterlijk {onderzoek_dag}",
                 "zes weken", "Stichting Naast U"):
        assert fact in bevestiging["text"], fact
    assert "markt" not in bevestiging["text"], "no hulpvraag, no plan in the inwoner's mail"
    assert bevestiging["attachments"] == []


def test_with_the_mail_server_down_the_mails_come_once_it_is_up_and_never_twice(stack, conversation):
    naam = invented_name("Bert")
    stack.stop_service("mail")
    try:
        confirmation = make_melding(conversation, naam, "bert@voorbeeld.example")
        assert ("De bevestiging per e-mail naar bert@voorbeeld.example is nog niet verstuurd. Dat gebeurt vanzelf "
                "zodra het lukt.") in confirmation
        [melding] = wait_for_meldingen_of(stack, naam)  # "not sent yet": the first try got no answer
        stack.stop_service("api")  # a restart loses nothing: the mails wait in the API's database
        stack.start_service("api")
    finally:
        stack.start_service("mail")
    referentie = melding["referentie"]
    wait_for_mails(stack, referentie, 2)
    time.sleep(3)  # more rounds of the outbox, at most 2 s apart here: nothing more comes
    found = mails_of(stack, referentie)
    assert sorted(mail["to"][0] for mail in found) == ["bert@voorbeeld.example", WMO_MAILBOX], "each exactly once"
    [registratie] = [mail for mail in found if mail["to"] == [WMO_MAILBOX]]
    assert registratie["subject"] == f"Wmo-melding {referentie}" and registratie["attachments"] == [], "no plan yet"


def test_an_address_the_mail_server_refuses_is_told_in_the_chat(stack, conversation):
    confirmation = make_melding(conversation, invented_name("Door"), "door@bestaat-niet.example")
    assert "Het nummer van de melding is WMO-" in confirmation
    assert ("De bevestiging per e-mail naar door@bestaat-niet.example kon niet worden verstuurd. Misschien klopt "
            "het e-mailadres niet.") in confirmation
