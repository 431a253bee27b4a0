"""The mails of a melding leave through the mail outbox (issue 29): a real SMTP server on 127.0.0.1 (aiosmtpd, the
development catcher's) that demands STARTTLS with a certificate the API checks (trustme) and a login.

A melding with a plan gives exactly one registration mail (Voorbeeldstad registers by e-mail) and one confirmation;
a replay or the same plan again gives none; a new plan version gives a new registration. A temporary refusal (4xx)
is tried again later, a permanent one (5xx) is marked and shown to staff; a mail is never sent twice."""

import io
import time
from email import message_from_bytes, policy
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlmodel import Session, select

from api import mail_outbox
from api.app import create_app
from api.mail_outbox import Beleid
from api.models import MailUitgaand, utcnow
from api.smtp import SmtpServer
from scripts.api_server import free_port
from scripts.mail_catcher import Catcher, Tls, smtp_controller
from tests import pdfa_check
from tests.api.factories import melding_body, plan_body
from tests.api.support import BOT, CONSULENT, settings_for, staff_login
from wmo import gemeente

USER, PASSWORD = "wmo-assistent", "een-wachtwoord-alleen-voor-deze-test"
WMO_MAILBOX = gemeente.get("voorbeeldstad").mail.wmo_mailbox
GEMEENTEN = gemeente.alle()
SCRIPT = "<script>alert('x')</script>"


class Server(Catcher):
    """The catcher, with answers to give first for an address ("451 ...": busy for now)."""

    def __init__(self) -> None:
        super().__init__()
        self.answers = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.answers.get(address):
            return self.answers[address].pop(0)
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)


class Smtp:
    def __init__(self, folder):
        self.catcher, self.tls, self.port = Server(), Tls(), free_port()
        self.ca_file = folder / "ca.pem"
        self.tls.write_ca(self.ca_file)
        self.controller = None
        self.server = SmtpServer("127.0.0.1", self.port, True, str(self.ca_file), USER, PASSWORD, timeout=5)

    def start(self):
        self.controller = smtp_controller(self.catcher, self.port, self.tls, USER, PASSWORD)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    def mails(self, to=None):
        return [m for m in reversed(self.catcher.mails) if to is None or to in m["to"]]


@pytest.fixture
def smtp(tmp_path):
    server = Smtp(tmp_path)
    server.start()
    yield server
    server.stop()


def deliver(engine, smtp, **beleid):
    """One round of the outbox, `later` seconds from now (a retry's time has come)."""
    later = beleid.pop("later", 0)
    return mail_outbox.deliver_due(engine, smtp.server, GEMEENTEN, Beleid(**beleid),
                                   now=utcnow() + timedelta(seconds=later))


def rows(engine):
    with Session(engine) as session:
        return list(session.exec(select(MailUitgaand).order_by(MailUitgaand.id)).all())


def pdf_text(raw_mail: bytes) -> str:
    """The text of the PDF attached to the mail, as pypdf reads it back; the PDF must be PDF/A-2b."""
    [pdf] = list(message_from_bytes(raw_mail, policy=policy.default).iter_attachments())
    assert pdfa_check.problems(pdf.get_content()) == []
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.get_content())).pages)


def test_a_melding_with_plan_gives_one_registration_and_one_confirmation_and_a_new_version_one_more(
        engine, database_url, idp, smtp, tmp_path):
    """The API's own background worker sends, woken by the request; the bot asks whether the confirmation went."""
    settings = settings_for(database_url, idp.issuer, wmo_smtp_host="127.0.0.1", wmo_smtp_port=smtp.port,
                            wmo_smtp_ca_file=str(smtp.ca_file), wmo_smtp_user=USER, wmo_smtp_password=PASSWORD)
    with TestClient(create_app(settings)) as client:
        plan = {key: (SCRIPT if isinstance(value, str) else value) for key, value in plan_body().items()}
        plan["knelpunten"] = {"wonen": SCRIPT}
        plan["gewenste_vorm"] = {"vorm": "natura", "toelichting": SCRIPT}
        plan["opgesteld_door"] = "inwoner"
        body = melding_body(plan=plan, hulpvraag=("Ik val vaak. " * 400)[:5000])
        body["inwoner"]["naam"] = "Jan\r\nBcc: x@example.org"
        key = {"Idempotency-Key": "mail-1"}
        melding = client.post("/api/v1/meldingen", json=body, headers={**BOT, **key}).json()
        status = client.get(f"/api/v1/meldingen/{melding['id']}/bevestiging?wacht=10", headers=BOT).json()
        assert status["items"] == [{"soort": "bevestiging", "aan": "truus.jansen@voorbeeld.example",
                                    "status": "verstuurd"}]
        deadline = time.monotonic() + 15
        while len(smtp.mails()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        [registratie] = smtp.mails(WMO_MAILBOX)
        [bevestiging] = smtp.mails("truus.jansen@voorbeeld.example")
        assert registratie["subject"] == f"Wmo-melding {melding['referentie']}, persoonlijk plan versie 1"
        assert body["hulpvraag"] in registratie["text"], "the 5,000 characters whole, for the Wmo team"
        [attachment] = registratie["attachments"]
        assert attachment["content_type"] == "application/pdf"
        assert SCRIPT in pdf_text(smtp.catcher.raw[registratie["message_id"]]), "markup typed is text in the PDF"
        assert bevestiging["subject"] == f"Uw Wmo-melding {melding['referentie']} is ontvangen"
        assert "Ik val vaak" not in bevestiging["text"] and SCRIPT not in bevestiging["text"], "no health details"
        assert "Beste Jan Bcc: x@example.org," in bevestiging["text"]
        assert bevestiging["to"] == ["truus.jansen@voorbeeld.example"], "no Bcc header added by a typed name"

        # a retry of the same melding, the same plan again: nothing more
        assert client.post("/api/v1/meldingen", json=body, headers={**BOT, **key}).status_code == 200
        assert client.put(f"/api/v1/meldingen/{melding['id']}/plan", json=plan, headers=BOT).json()["version"] == 1
        # a new version: a new registration, with the new PDF
        nieuw = plan_body(wie_ben_ik="Ik ben Truus. Nu met een rollator.")
        assert client.put(f"/api/v1/meldingen/{melding['id']}/plan", json=nieuw, headers=BOT).json()["version"] == 2
        deadline = time.monotonic() + 15
        while len(smtp.mails()) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(2.5)  # a round of the worker after the last mail: still nothing more
    assert len(smtp.mails()) == 3
    tweede = smtp.mails(WMO_MAILBOX)[1]
    assert tweede["subject"].endswith("persoonlijk plan versie 2")
    assert "Nu met een rollator." in pdf_text(smtp.catcher.raw[tweede["message_id"]])
    assert [row.status for row in rows(engine)] == ["verstuurd"] * 3


def test_a_temporary_refusal_is_tried_again_later_and_the_mail_goes_once(client, engine, smtp):
    smtp.catcher.answers["truus.jansen@voorbeeld.example"] = ["451 4.3.0 Probeer het later"] * 2
    client.post("/api/v1/meldingen", json=melding_body(gemeente="oeverdam"), headers=BOT)
    assert deliver(engine, smtp) == 0
    [row] = rows(engine)  # Oeverdam registers in the API's inbox: only the confirmation
    assert (row.status, row.pogingen, row.fout) == ("wacht", 1, "451 4.3.0 Probeer het later")
    assert deliver(engine, smtp) == 0, "not before its time: 30 seconds later"
    assert deliver(engine, smtp, later=31) == 0
    assert rows(engine)[0].pogingen == 2
    assert deliver(engine, smtp, later=31) == 0, "the second wait is a minute"
    assert deliver(engine, smtp, later=61) == 1
    assert deliver(engine, smtp, later=3600) == 0
    assert len(smtp.mails()) == 1 and rows(engine)[0].status == "verstuurd"


def test_a_server_that_is_down_keeps_the_mails_and_after_the_hours_they_are_given_up(client, engine, smtp):
    smtp.stop()
    client.post("/api/v1/meldingen", json=melding_body(), headers=BOT)
    assert deliver(engine, smtp) == 0
    assert {row.status for row in rows(engine)} == {"wacht"}
    assert "niet bereikbaar" in rows(engine)[0].fout
    assert deliver(engine, smtp, give_up=timedelta(0), later=60) == 0
    assert {row.status for row in rows(engine)} == {"geweigerd"}
    assert rows(engine)[0].fout.startswith("niet verstuurd binnen 0 uur")


def test_a_refused_address_is_marked_for_staff_and_the_bot_hears_it(client, engine, smtp):
    body = melding_body()
    body["inwoner"]["email"] = "truus@bestaat-niet.example"
    melding = client.post("/api/v1/meldingen", json=body, headers=BOT).json()
    assert deliver(engine, smtp) == 1, "the registration goes; the confirmation is refused"
    refused = [row for row in rows(engine) if row.status == "geweigerd"]
    assert [(row.soort, row.pogingen) for row in refused] == [("bevestiging", 1)]
    assert refused[0].fout.startswith("550 5.1.1")
    assert deliver(engine, smtp, later=3600) == 0, "never tried again"
    status = client.get(f"/api/v1/meldingen/{melding['id']}/bevestiging", headers=BOT).json()
    assert status["items"][0]["status"] == "geweigerd"
    assert client.get(f"/api/v1/meldingen/{melding['id']}/bevestiging", headers=CONSULENT).status_code == 403
    assert client.get("/api/v1/meldingen/bestaat-niet/bevestiging", headers=BOT).status_code == 404

    staff_login(client, "anne.devries")
    page = client.get(f"/consulent/meldingen/{melding['id']}").text
    assert "De mailserver weigerde deze mail" in page and "truus@bestaat-niet.example" in page
    inbox = client.get("/consulent").text
    assert "Mail geweigerd" in inbox


def test_a_mail_is_claimed_by_one_process_at_a_time(client, engine, smtp):
    client.post("/api/v1/meldingen", json=melding_body(gemeente="oeverdam"), headers=BOT)
    [row] = rows(engine)
    assert mail_outbox.claim(engine, row.id) is True
    assert mail_outbox.claim(engine, row.id) is False, "the other process waits for the lease"
    assert mail_outbox.due(engine) == []
    later = utcnow() + mail_outbox.LEASE + timedelta(seconds=1)
    assert mail_outbox.due(engine, later) == [row.id], "a process that died mid-send does not hold it for ever"


def test_who_made_the_melding_for_the_inwoner_gets_their_own_confirmation(client, engine, smtp):
    body = melding_body(gemeente="oeverdam", namens={"naam": "Sanne de Wit", "organisatie": "MEE",
                                                       "rol": "clientondersteuner", "email": "sanne@mee.example"})
    melding = client.post("/api/v1/meldingen", json=body, headers=BOT).json()
    assert deliver(engine, smtp) == 2
    [aan_sanne] = smtp.mails("sanne@mee.example")
    assert aan_sanne["subject"] == f"De Wmo-melding {melding['referentie']} is ontvangen"
    assert aan_sanne["text"].startswith("Beste Sanne de Wit,")
    assert "de melding ontvangen die u deed voor Truus Jansen-Bakker" in aan_sanne["text"]
    assert "U of Truus Jansen-Bakker mag ons een persoonlijk plan sturen." in aan_sanne["text"]
    assert "cliëntondersteuner" not in aan_sanne["text"], "she is that free help: not offered to her"
    [aan_truus] = smtp.mails("truus.jansen@voorbeeld.example")
    assert "U kunt gratis hulp krijgen van een cliëntondersteuner." in aan_truus["text"]
    assert aan_sanne["message_id"] != smtp.mails("truus.jansen@voorbeeld.example")[0]["message_id"]
