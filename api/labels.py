"""Dutch labels the consulent pages show for the API's codes, and date formatting in Dutch time."""

from datetime import date, datetime
from typing import Optional, Union

from api.dutch_fields import telefoon_leesbaar
from api.meldingen import NL
from wmo import terugbellen
from wmo.kalender import datum_voluit

STATUS = {
    "nieuw": "Nieuw",
    "in_behandeling": "In behandeling",
    "gesprek_gepland": "Gesprek gepland",
    "afgerond": "Afgerond",
}

LEVENSGEBIED = {
    "wonen": "Wonen",
    "persoonlijke_verzorging": "Persoonlijke verzorging",
    "huishouden": "Huishouden",
    "dagbesteding": "Dagbesteding",
    "financien": "Financiën en schulden",
    "administratie": "Administratie",
    "vervoer": "Vervoer",
    "sociale_contacten": "Sociale contacten",
    "vrije_tijd": "Vrije tijd",
}

# The mails of a melding (api/mail_outbox.py), as the melding's page names them.
MAIL_SOORT = {
    "registratie": "Registratie bij het Wmo-team",
    "bevestiging": "Bevestiging aan de inwoner",
    "bevestiging-namens": "Bevestiging aan wie de melding deed",
}

NAMENS_ROL = {
    "clientondersteuner": "cliëntondersteuner",
    "mantelzorger": "mantelzorger",
    "familie": "familielid",
}

VORM = {
    "natura": "Zorg in natura (de gemeente regelt de ondersteuning)",
    "pgb": "Persoonsgebonden budget (pgb: zelf de ondersteuning inkopen)",
    "weet_niet": "Weet ik nog niet",
}

OPGESTELD_DOOR = {"inwoner": "de inwoner zelf", "clientondersteuner": "een cliëntondersteuner"}

TERUGBEL_STATUS = {"open": "Open", "gebeld": "Gebeld", "afgehandeld": "Afgehandeld"}
WANNEER = terugbellen.WANNEER  # the bot offers the same choices
SPREKER = {"inwoner": "Inwoner", "assistent": "Wmo-assistent"}


def moment(value: Union[datetime, str]) -> str:
    """'maandag 23 november 2026 om 11:15' in Dutch time; also for a moment as stored in a JSON column."""
    local = (datetime.fromisoformat(value) if isinstance(value, str) else value).astimezone(NL)
    return f"{datum_voluit(local.date())} om {local:%H:%M}"


def dag(value: date) -> str:
    return datum_voluit(value)


def telefoon(value: Optional[str]) -> str:
    return telefoon_leesbaar(value) if value else ""


def termijn_signaal(uiterlijk: date, vandaag: date) -> str:
    """'verlopen', 'vandaag', 'nog 3 dagen' — for deadlines the consulent has to watch."""
    days = (uiterlijk - vandaag).days
    if days < 0:
        return "verlopen"
    if days == 0:
        return "vandaag"
    return "nog 1 dag" if days == 1 else f"nog {days} dagen"
