"""Issue 29, point 4: the persoonlijk plan as PDF/A for the dossier, from the consulent pages: what the inwoner
wrote comes back as text (pypdf reads it), markup stays text, each version on its own, only for the consulent's
own gemeente, each download on record."""

import io
import re
import time

import pypdf
from sqlmodel import Session, select

from api.models import AuditRow
from tests import pdfa_check
from tests.api.factories import melding_body, plan_body
from tests.api.support import BOT, staff_login

SCRIPT = "<script>alert('x')</script>"


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_the_plan_downloads_as_pdf_a_with_its_text_and_each_version_on_its_own(client, engine):
    made = client.post("/api/v1/meldingen", json=melding_body(), headers=BOT).json()
    first = plan_body(wie_ben_ik=f"Ik ben Truus {SCRIPT}, 81 jaar.", ondersteuningsvraag="A" * 4000)
    assert client.put(f"/api/v1/meldingen/{made['id']}/plan", json=first, headers=BOT).status_code in (200, 201)
    assert client.put(f"/api/v1/meldingen/{made['id']}/plan", headers=BOT,
                      json=plan_body(wie_ben_ik="Versie twee van Truus.")).status_code in (200, 201)
    assert staff_login(client, "anne.devries").status_code == 303

    page = client.get(f"/consulent/meldingen/{made['id']}")
    assert f'/consulent/meldingen/{made["id"]}/plan.pdf?versie=2' in page.text
    started = time.perf_counter()
    answer = client.get(f"/consulent/meldingen/{made['id']}/plan.pdf", params={"versie": 1})
    seconds = time.perf_counter() - started
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    assert f'filename="persoonlijk-plan-{made["referentie"]}-versie-1.pdf"' in answer.headers["content-disposition"]
    reader = pypdf.PdfReader(io.BytesIO(answer.content))
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="2"' in metadata and 'pdfaid:conformance="B"' in metadata, "PDF/A-2b"
    assert pdfa_check.problems(answer.content) == []
    text = re.sub(r"\s+", " ", text_of(answer.content))
    assert "Persoonlijk plan van" in text and made["referentie"] in text
    assert SCRIPT in text, "markup the inwoner typed is text in the document"
    assert "De trap naar de badkamer is te zwaar." in text and "Douchen lukt niet meer zonder hulp." in text
    assert text.replace(" ", "").count("A" * 100) >= 30, "the long answer is there whole, over pages"
    assert len(reader.pages) >= 2 and seconds < 10
    assert "Versie twee van Truus." in text_of(client.get(f"/consulent/meldingen/{made['id']}/plan.pdf").content)

    assert client.get(f"/consulent/meldingen/{made['id']}/plan.pdf", params={"versie": 3}).status_code == 404
    with Session(engine) as session:
        reads = [(row.action, row.result) for row in session.exec(
            select(AuditRow).where(AuditRow.actor_subject == "anne.devries", AuditRow.action == "plan.read"))]
    assert reads.count(("plan.read", "ok")) == 2


def test_another_gemeentes_plan_is_not_found_and_on_record(client, engine):
    made = client.post("/api/v1/meldingen", json=melding_body(gemeente="oeverdam"), headers=BOT).json()
    client.put(f"/api/v1/meldingen/{made['id']}/plan", json=plan_body(), headers=BOT)
    assert staff_login(client, "anne.devries").status_code == 303  # Voorbeeldstad's consulent
    assert client.get(f"/consulent/meldingen/{made['id']}/plan.pdf").status_code == 404
    with Session(engine) as session:
        assert session.exec(select(AuditRow.result).where(AuditRow.action == "plan.read")).all() == [
            "wrong_gemeente"]


def test_the_pdf_a_check_tells_an_ordinary_pdf_from_the_plans():
    """tests/pdfa_check.py, which the plan's PDF passes, is no check that cannot fail."""
    from weasyprint import HTML

    assert pdfa_check.problems(HTML(string="<p>Gewoon</p>").write_pdf()) == [
        "no document ID in the trailer", "no PDF/A-2b identification in the XMP metadata",
        "no GTS_PDFA1 output intent with an ICC profile"]
