"""The persoonlijk plan as a PDF/A-2b document for the dossier (issue 29): the same article the consulent page shows
(templates/consulent/plan_artikel.html) with the page's print style, made by WeasyPrint. What the inwoner typed
is text in the document, never markup (Jinja escapes it). The consulent pages offer it as a download; the
registration mail of issue 29 is to attach the same document."""

from __future__ import annotations

from pathlib import Path

from weasyprint import CSS, HTML

from api.staff_pages import templates

HERE = Path(__file__).resolve().parent
STYLE = HERE / "static" / "consulent.css"
VARIANT = "pdf/a-2b"  # archival: fonts embedded, no transparency, XMP metadata


def filename(melding, plan) -> str:
    return f"persoonlijk-plan-{melding.referentie}-versie-{plan.version}.pdf"


def render(melding, plan, gemeente_naam: str) -> bytes:
    """The PDF of this version of the plan of this melding (api/schemas.py's Melding and PersoonlijkPlan)."""
    html = templates.env.get_template("pdf/plan.html").render(melding=melding, plan=plan,
                                                              gemeente_van_melding=gemeente_naam)
    return HTML(string=html, base_url=str(HERE)).write_pdf(stylesheets=[CSS(filename=str(STYLE))],
                                                           pdf_variant=VARIANT)
