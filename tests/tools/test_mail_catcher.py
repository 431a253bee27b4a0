"""scripts/mail_catcher.py, make run's development mail catcher (issue 29): a mail sent over SMTP with a login
shows on its page and in /messages.json, as text."""

import smtplib
from email.message import EmailMessage

from starlette.testclient import TestClient

from scripts.api_server import free_port


def test_a_mail_sent_with_a_login_is_on_the_page_and_in_the_json(monkeypatch):
    port = free_port()
    monkeypatch.setenv("MAIL_CATCHER_SMTP_PORT", str(port))
    from scripts.mail_catcher import create_app

    with TestClient(create_app()) as client:
        assert client.get("/messages.json").json() == []
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = "wmo@voorbeeldstad.example", "team@voorbeeldstad.example", \
            "Melding WMO-2026-000001 <b>"
        mail["Date"] = "Fri, 04 Dec 2026 15:30:00 +0100"
        mail.set_content("Een nieuwe melding.\n<script>x</script>")
        mail.add_attachment(b"%PDF-1.7 test", maintype="application", subtype="pdf", filename="plan.pdf")
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            smtp.login("wmo", "geheim")
            smtp.send_message(mail)
        [found] = client.get("/messages.json").json()
        assert (found["from"], found["to"], found["subject"]) == (
            "wmo@voorbeeldstad.example", ["team@voorbeeldstad.example"], "Melding WMO-2026-000001 <b>")
        assert found["date"] == "2026-12-04T15:30:00+01:00" and found["text"].startswith("Een nieuwe melding.")
        assert found["attachments"] == [{"filename": "plan.pdf", "content_type": "application/pdf", "size": 13}]
        page = client.get("/")
        assert "&lt;script&gt;x&lt;/script&gt;" in page.text and "<script>" not in page.text
        assert "default-src 'none'" in page.headers["content-security-policy"]
