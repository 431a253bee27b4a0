"""The dashboard of the beheerder (issue 28): how the assistent does for their gemeente(n) in a period, in charts
with a table beside each (a screen reader reads the table), server-rendered (api/charts.py) under the staff pages'
strict Content-Security-Policy. Each view is in the audit trail."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Optional


from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.engine import Engine
from sqlmodel import select

from api import audit, charts, dashboard, review
from api.audit_pages import ROLE, beheerder
from api.deps import get_engine, session_for
from api.models import AntwoordFeedback, Gesprek, StaffSession
from api.request_origin import origin
from api.review_pages import form_day, served_gemeenten, sync_gesprekken
from api.staff_login import actor_of
from api.staff_pages import render
from api.staff_sessions import gemeenten_of

router = APIRouter(prefix="/beheer", include_in_schema=False)
DEFAULT_DAYS = 30
MOST_DAYS = 366


def today() -> date:
    return datetime.now(dashboard.NL).date()


def period(van: Optional[date], tot: Optional[date]):
    """The period asked for, within a year; by default the last 30 days. A reversed one is turned round."""
    tot = tot or today()
    van = van or tot - timedelta(days=DEFAULT_DAYS - 1)
    if van > tot:
        van, tot = tot, van
    if (tot - van).days >= MOST_DAYS:
        van = tot - timedelta(days=MOST_DAYS - 1)
    return van, tot


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request, gemeente: str = Query(default="", max_length=40),
                   van_: str = Query("", alias="van", max_length=10), tot_: str = Query("", alias="tot", max_length=10),
                   staff: StaffSession = Depends(beheerder), engine: Engine = Depends(get_engine)):
    sync_gesprekken(request, engine)
    gemeenten = gemeenten_of(staff)
    gekozen = gemeente if gemeente in gemeenten else ""
    van, tot = period(form_day(van_), form_day(tot_))
    where = [review.scope([gekozen] if gekozen else gemeenten, served_gemeenten(request)), *review.period(van, tot)]
    with session_for(engine) as session:
        rows = session.exec(select(Gesprek).where(*where)).all()
        negatief = set(session.exec(select(AntwoordFeedback.gesprek_id).join(
            Gesprek, Gesprek.id == AntwoordFeedback.gesprek_id).where(
            AntwoordFeedback.nuttig.is_(False), *where).distinct()).all())
        cijfers = dashboard.cijfers(rows, negatief, van, tot)
        session.expunge_all()
        audit.record_in(session, actor_of(staff, ROLE), "dashboard.read", "ok", "dashboard",
                        [f"{gekozen or 'alle'} {van.isoformat()}/{tot.isoformat()}"], origin(request),
                        gekozen or " ".join(sorted(gemeenten)))
    return render(request, "beheer/dashboard.html", c=cijfers, gekozen_gemeente=gekozen,
                  mijn_gemeenten=sorted(gemeenten),
                  per_dag=charts.kolommen([(d.isoformat(), n) for d, n in cijfers.per_dag]),
                  soorten=charts.balken([("Doorgegeven aan een medewerker", cijfers.overdrachten),
                                         ("Terugbelverzoeken", cijfers.terugbelverzoeken),
                                         ("Meldingen verstuurd", cijfers.meldingen),
                                         ("Persoonlijke plannen verstuurd", cijfers.plannen)]),
                  onderwerpen=charts.balken(cijfers.onderwerpen),
                  niet_begrepen=charts.balken(cijfers.niet_begrepen_teksten))


