"""scripts/mail_catcher.py, make run's development mail catcher (issue 29): it behaves as the gemeente's mail server
should (STARTTLS first, with a certificate the client checks; the login it was given), and a mail it took shows on
its page and in /messages.json, as text."""

import smtplib
import ssl
from email.message import EmailMessage

import pytest
from starlette.testclient import TestClient

from scripts.api_server import free_port


def test_a_mail_sent_over_starttls_with_the_login_is_on_the_page_and_in_the_json(monkeypatch, tmp_path):
    port, ca_file = free_port(), tmp_path / "ca.pem"
    monkeypatch.setenv("MAIL_CATCHER_SMTP_PORT", str(port))
    monkeypatch.setenv("MAIL_CATCHER_CA_FILE", str(ca_file))
    monkeypatch.setenv("MAIL_CATCHER_USER", "wmo")
    monkeypatch.setenv("MAIL_CATCHER_PASSWORD", "geheim")
    from scripts.mail_catcher import create_app

    with TestClient(create_app()) as client:
        assert client.get("/messages.json").json() == []
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = "wmo@voorbeeldstad.example", "team@voorbeeldstad.example", \
            "Melding WMO-2026-000001 <b>"
        mail["Date"] = "Fri, 04 Dec 2026 15:30:00 +0100"
        mail["Message-ID"] = "<registratie-1-v1@voorbeeldstad.example>"
        mail.set_content("Een nieuwe melding.\n<script>x</script>")
        mail.add_attachment(b"%PDF-1.7 test", maintype="application", subtype="pdf", filename="plan.pdf")

        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            with pytest.raises(smtplib.SMTPException):  # nothing before STARTTLS
                smtp.login("wmo", "geheim")
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            with pytest.raises(ssl.SSLCertVerificationError):  # a certificate of its own CA, not the system's
                smtp.starttls(context=ssl.create_default_context())
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            smtp.starttls(context=ssl.create_default_context(cafile=str(ca_file)))
            with pytest.raises(smtplib.SMTPAuthenticationError):
                smtp.login("wmo", "fout")
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            smtp.starttls(context=ssl.create_default_context(cafile=str(ca_file)))
            smtp.login("wmo", "geheim")
            with pytest.raises(smtplib.SMTPRecipientsRefused):
                smtp.send_message(mail, to_addrs=["iemand@bestaat-niet.example"])
            smtp.send_message(mail)

        [found] = client.get("/messages.json").json()
        assert (found["from"], found["to"], found["subject"]) == (
            "wmo@voorbeeldstad.example", ["team@voorbeeldstad.example"], "Melding WMO-2026-000001 <b>")
        assert found["date"] == "2026-12-04T15:30:00+01:00" and found["text"].startswith("Een nieuwe melding.")
        assert found["attachments"] == [{"filename": "plan.pdf", "content_type": "application/pdf", "size": 13}]
        raw = client.get("/raw", params={"message_id": found["message_id"]})
        assert raw.headers["content-type"] == "message/rfc822" and b"%PDF-1.7 test" not in raw.content
        assert b"JVBERi0xLjcgdGVzdA==" in raw.content, "the attachment as it came (base64)"
        assert client.get("/raw", params={"message_id": "<andere>"}).status_code == 404
        page = client.get("/")
        assert "&lt;script&gt;x&lt;/script&gt;" in page.text and "<script>" not in page.text
        assert "default-src 'none'" in page.headers["content-security-policy"]
