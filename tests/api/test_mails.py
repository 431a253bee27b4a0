"""api/mails.py (issue 29): the registration mail to the Wmo team and the confirmation to the inwoner, as they
would leave: headers without injected lines, the hulpvraag whole for the team and absent for the inwoner, every
fact the Wmo asks for in the confirmation, a Message-ID that stays the same for a retry."""

from datetime import datetime, timezone
from email import message_from_bytes, policy

from api import mails, plan_pdf, schemas
from tests.api.factories import melding_body, plan_body
from tests.api.support import BOT, CONSULENT
from wmo import gemeente
from wmo.kalender import datum_voluit

VOORBEELDSTAD = gemeente.get("voorbeeldstad")
MOMENT = datetime(2026, 11, 23, 13, 0, tzinfo=timezone.utc)
AFZENDER = "wmo@voorbeeldstad.example"
LONG = ("Ik kan niet meer goed lopen en de trap is te steil. <script>alert(1)</script> " * 70)[:5000]


def made(client, **changes):
    body = melding_body(hulpvraag=LONG, **changes)
    melding = client.post("/api/v1/meldingen", json=body, headers=BOT).json()
    client.put(f"/api/v1/meldingen/{melding['id']}/plan", headers=BOT,
               json=plan_body(wie_ben_ik="Ik ben Truus <b>vet</b>."))
    return schemas.Melding.model_validate(
        client.get(f"/api/v1/meldingen/{melding['id']}", headers=CONSULENT).json())


def sent(mail):
    """The mail as the receiving server reads it."""
    return message_from_bytes(mail.as_bytes(), policy=policy.default)


def test_the_registration_mail_has_the_whole_melding_and_the_plan_as_pdf(client):
    melding = made(client)
    pdf = plan_pdf.render(melding, melding.plan, VOORBEELDSTAD.naam)
    mail = sent(mails.registratie(melding, VOORBEELDSTAD, AFZENDER, "wmo-team@voorbeeldstad.example", MOMENT, pdf,
                                  plan_pdf.filename(melding, melding.plan)))
    assert mail["Subject"] == f"Wmo-melding {melding.referentie}, persoonlijk plan versie 1"
    assert mail["Message-ID"].strip() == f"<registratie-{melding.id}-v1@voorbeeldstad.example>"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert LONG in text, "the hulpvraag whole, for the Wmo team"
    assert "<script>" not in mail.get_body(preferencelist=("html",)).get_content()
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_content_type() == "application/pdf" and attachment.get_content() == pdf
    assert attachment.get_filename() == f"persoonlijk-plan-{melding.referentie}-versie-1.pdf"


def test_the_confirmation_says_what_the_wmo_asks_and_nothing_about_health(client):
    melding = made(client)
    mail = sent(mails.bevestiging(melding, VOORBEELDSTAD, AFZENDER, "truus@example.org",
                                  "Truus\r\nBcc: x@example.org", MOMENT))
    assert mail["Bcc"] is None and "Bcc:" not in mail.as_string().split("\n\n", 1)[0].replace("Truus Bcc:", "")
    assert mail["To"].addresses[0].display_name == "Truus Bcc: x@example.org"
    assert mail["Subject"] == f"Uw Wmo-melding {melding.referentie} is ontvangen"
    assert mail["Message-ID"].strip() == f"<bevestiging-{melding.id}-v1@voorbeeldstad.example>"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    for fact in (melding.referentie, "zes weken", VOORBEELDSTAD.clientondersteuning.organisatie,
                 VOORBEELDSTAD.clientondersteuning.telefoon, VOORBEELDSTAD.loket.telefoon,
                 VOORBEELDSTAD.loket.email, "Uw persoonlijk plan hebben wij ook ontvangen.",
                 f"Een nieuwe versie sturen kan tot en met {datum_voluit(melding.termijnen.plan_uiterlijk)}."):
        assert fact in text, fact
    assert "trap" not in text and "Truus <b>" not in text, "no hulpvraag, no plan in the inwoner's mail"
    assert "&lt;" not in text and mail.get_body(preferencelist=("html",)) is not None


def test_without_a_plan_the_confirmation_gives_its_last_day(client):
    melding = schemas.Melding.model_validate(client.get(
        f"/api/v1/meldingen/{client.post('/api/v1/meldingen', json=melding_body(), headers=BOT).json()['id']}",
        headers=CONSULENT).json())
    text = sent(mails.bevestiging(melding, VOORBEELDSTAD, AFZENDER, "a@example.org", "A", MOMENT)).get_body(
        preferencelist=("plain",)).get_content()
    from wmo.kalender import datum_voluit
    assert f"Dat kan tot en met {datum_voluit(melding.termijnen.plan_uiterlijk)}." in text
    assert f"op uiterlijk {datum_voluit(melding.termijnen.onderzoek_uiterlijk)}" in text
