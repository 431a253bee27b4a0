"""The mails of a melding (issue 29), composed here, sent by the mail outbox (api/mail_outbox.py):

- the registration mail to the gemeente's Wmo mailbox: the melding's summary, with the persoonlijk plan as the PDF/A
  the consulent pages offer (api/plan_pdf.py); a new version of the plan is a new mail with the new PDF;
- the confirmation to the inwoner (the Wmo asks the college to confirm receipt, art. 2.3.2 lid 1, to tell about
  the persoonlijk plan, lid 2, and about free cliëntondersteuning, lid 3): the referentie, the last day for the
  plan, the six weeks of the onderzoek, the cliëntondersteuner and how to reach the loket. B1 Dutch, "u". No
  health details: the hulpvraag and the plan stay out of it.

Both have a plain-text and an HTML part (what an inwoner typed is escaped in the HTML), and a Message-ID made of the
melding and the version, so a retry is recognisable as the same mail. A header never carries a line break: a name
like "Jan\\r\\nBcc: x@example.org" becomes "Jan Bcc: x@example.org" in the display name, and no header is added.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import List, Optional

from api import labels
from wmo.gemeente import Gemeente
from wmo.kalender import datum_voluit

REGISTRATIE, BEVESTIGING, BEVESTIGING_NAMENS = "registratie", "bevestiging", "bevestiging-namens"

_BREAKS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
HEADER_MAX = 200


def header_text(text: Optional[str]) -> str:
    """Text fit for a header: no line breaks or other control characters, at most HEADER_MAX characters."""
    return " ".join(_BREAKS.sub(" ", text or "").split())[:HEADER_MAX]


def domain_of(address: str) -> str:
    return address.rpartition("@")[2] or "wmo-assistent.invalid"


def message_id(melding_id: str, soort: str, versie: int, afzender: str) -> str:
    """The same for every try of the same mail: `<registratie-<melding>-v2@<domain>>`."""
    return f"<{soort}-{melding_id}-v{versie}@{domain_of(afzender)}>"


def _message(afzender_naam: str, afzender: str, naam: Optional[str], aan: str, onderwerp: str, tekst: str,
             html_body: str, mid: str, moment: datetime) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = Address(display_name=header_text(afzender_naam), addr_spec=afzender)
    mail["To"] = Address(display_name=header_text(naam), addr_spec=aan)
    mail["Subject"] = header_text(onderwerp)
    mail["Date"] = format_datetime(moment)
    mail["Message-ID"] = mid
    mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office answers to this
    mail.set_content(tekst)
    mail.add_alternative(html_body, subtype="html")
    return mail


def _html(title: str, paragraphs: List[str]) -> str:
    """A small HTML document of paragraphs of text (escaped; line breaks kept)."""
    body = "\n".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return (f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"</head><body>{body}</body></html>")


def registratie(melding, gemeente: Gemeente, afzender: str, aan: str, moment: datetime,
                pdf: Optional[bytes] = None, pdf_naam: Optional[str] = None) -> EmailMessage:
    """The mail to the Wmo team: the melding (api/schemas.py's Melding), and its plan as PDF/A when there is one."""
    plan = melding.plan
    versie = plan.version if plan else 0
    onderwerp = f"Wmo-melding {melding.referentie}" + (f", persoonlijk plan versie {versie}" if plan else "")
    inwoner = melding.inwoner
    regels = [
        f"Nieuwe Wmo-melding via de chat (Wmo-assistent): {melding.referentie}.",
        f"Ingediend op: {labels.moment(melding.ingediend_op)}",
        f"Inwoner: {inwoner.naam}\n{inwoner.adres}\n{inwoner.postcode} {inwoner.woonplaats}\n"
        f"Telefoon: {labels.telefoon(inwoner.telefoon) or 'niet gegeven'}\nE-mail: {inwoner.email or 'niet gegeven'}",
    ]
    if melding.namens:
        organisatie = f" ({melding.namens.organisatie})" if melding.namens.organisatie else ""
        email = f", e-mail {melding.namens.email}" if melding.namens.email else ""
        regels.append(f"Gemeld namens de inwoner door: {melding.namens.naam}{organisatie}, "
                      f"{labels.NAMENS_ROL.get(melding.namens.rol.value, melding.namens.rol.value)}{email}")
    regels.append(f"Hulpvraag, in de woorden van de inwoner:\n{melding.hulpvraag}")
    if melding.levensgebieden:
        regels.append("Levensgebieden: " + ", ".join(labels.LEVENSGEBIED[g.value] for g in melding.levensgebieden))
    regels.append(f"Persoonlijk plan uiterlijk: {datum_voluit(melding.termijnen.plan_uiterlijk)}\n"
                  f"Onderzoek klaar uiterlijk: {datum_voluit(melding.termijnen.onderzoek_uiterlijk)}")
    regels.append(f"Het persoonlijk plan, versie {versie}, staat in de bijlage (PDF/A)." if plan and pdf else
                  "Er is nog geen persoonlijk plan.")
    mail = _message(f"Wmo-assistent gemeente {gemeente.naam}", afzender, f"{gemeente.loket.naam}", aan, onderwerp,
                    "\n\n".join(regels) + "\n", _html(onderwerp, regels),
                    message_id(melding.id, REGISTRATIE, versie, afzender), moment)
    if plan and pdf:
        mail.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_naam or "persoonlijk-plan.pdf")
    return mail


def bevestiging(melding, gemeente: Gemeente, afzender: str, aan: str, naam: str, moment: datetime,
                namens: bool = False) -> EmailMessage:
    """The confirmation of receipt to the inwoner, or (`namens`) to who made the melding for them."""
    loket, hulp = gemeente.loket, gemeente.clientondersteuning
    inwoner = header_text(melding.inwoner.naam)
    onderwerp = (f"De Wmo-melding {melding.referentie} is ontvangen" if namens else
                 f"Uw Wmo-melding {melding.referentie} is ontvangen")
    if melding.plan:
        plan = (f"{'Het' if namens else 'Uw'} persoonlijk plan hebben wij ook ontvangen. Een nieuwe versie sturen "
                f"kan tot en met {datum_voluit(melding.termijnen.plan_uiterlijk)}.")
    else:
        plan = (f"{f'U of {inwoner}' if namens else 'U'} mag ons een persoonlijk plan sturen. Dat kan tot en met "
                f"{datum_voluit(melding.termijnen.plan_uiterlijk)}. Dat hoeft niet. Het helpt wel bij het gesprek.")
    ontvangen = (f"Gemeente {gemeente.naam} heeft de melding ontvangen die u deed voor {inwoner}. Het nummer van de "
                 f"melding is {melding.referentie}. Bewaar dit nummer." if namens else
                 f"Gemeente {gemeente.naam} heeft uw melding ontvangen. Het nummer van uw melding is "
                 f"{melding.referentie}. Bewaar dit nummer.")
    met_wie = inwoner if namens else "u"
    hulp_zin = (f"{inwoner} kan gratis hulp krijgen van een cliëntondersteuner. Die staat naast de inwoner, niet "
                f"naast de gemeente." if namens else
                "U kunt gratis hulp krijgen van een cliëntondersteuner. Die helpt u en staat naast u, niet naast de "
                "gemeente.")
    # a cliëntondersteuner who made the melding is that free help: their mail does not offer it to them
    is_clientondersteuner = namens and melding.namens is not None and melding.namens.rol.value == "clientondersteuner"
    alineas = [
        f"Beste {header_text(naam)},",
        ontvangen,
        f"Wat gebeurt er nu?\n- {plan}\n- De gemeente praat met {met_wie} over wat nodig is. Dat onderzoek is klaar "
        f"op uiterlijk {datum_voluit(melding.termijnen.onderzoek_uiterlijk)}. De wet geeft de gemeente daarvoor "
        "zes weken.",
        *([] if is_clientondersteuner else
          [f"{hulp_zin} In {gemeente.naam} is dat {hulp.organisatie}: {hulp.telefoon}, {hulp.website}."]),
        f"Heeft u vragen? Bel het {loket.naam}: {loket.telefoon}. Dat kan {loket.telefoon_bereikbaar}. "
        f"Of mail naar {loket.email}. Noem dan het nummer {melding.referentie}.",
        f"Met vriendelijke groet,\n{loket.naam}, gemeente {gemeente.naam}",
        "Dit is een automatisch bericht. U hoeft niet te antwoorden.",
    ]
    return _message(f"{loket.naam} gemeente {gemeente.naam}", afzender, naam, aan, onderwerp,
                    "\n\n".join(alineas) + "\n", _html(onderwerp, alineas),
                    message_id(melding.id, BEVESTIGING_NAMENS if namens else BEVESTIGING, 1, afzender), moment)
