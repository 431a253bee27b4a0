"""What every staff page shares: the templates (Jinja2, autoescaped: whatever an inwoner typed is shown as text),
the page layout's context (the gemeente, the logged-in person, the form token) and the Dutch error page."""

from pathlib import Path
from typing import Optional

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api import labels

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters.update(moment=labels.moment, dag=labels.dag, telefoon=labels.telefoon)
templates.env.globals.update(labels=labels)


def gemeente_kop(staff, served) -> str:
    """Whose pages these are, for the header: the logged-in person's gemeenten ("Gemeente Voorbeeldstad",
    "Gemeenten Oeverdam en Voorbeeldstad"), else the only one served, else none (the login page of a deployment of
    several gemeenten)."""
    slugs = sorted(staff.gemeenten.split()) if staff else (list(served) if len(served) == 1 else [])
    names = [served[slug].naam for slug in slugs if slug in served]
    if not names:
        return ""
    return f"Gemeente {names[0]}" if len(names) == 1 else f"Gemeenten {', '.join(names[:-1])} en {names[-1]}"


def render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    staff = getattr(request.state, "staff", None)  # set by api.staff_login for a logged-in person
    served = request.app.state.gemeenten
    context.setdefault("gemeente_kop", gemeente_kop(staff, served))
    context.setdefault("gemeente_namen", {slug: config.naam for slug, config in served.items()})
    context.setdefault("csrf", staff.csrf if staff else "")
    context.setdefault("ingelogd", staff is not None)
    context.setdefault("ingelogd_als", staff)
    sync = getattr(request.app.state, "gesprekken", None)  # api/gesprekken_sync.py, for the beheerder's pages
    context.setdefault("gesprekken_onleesbaar", bool(sync and sync.unreadable))
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def fout(request: Request, status_code: int, titel: str, bericht: str, link: Optional[str] = None,
         link_tekst: Optional[str] = None) -> HTMLResponse:
    return render(request, "consulent/fout.html", status_code=status_code, titel=titel, bericht=bericht,
                  link=link or "/consulent", link_tekst=link_tekst or "Terug naar de inbox")
