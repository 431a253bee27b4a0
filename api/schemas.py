"""What goes in and out of the gemeente API (v1). Unknown fields are refused; every error names its field."""

from datetime import date, datetime, timedelta, timezone
from enum import Enum
from typing import Annotated, Dict, List, Literal, Optional

from pydantic import (AfterValidator, AwareDatetime, BaseModel, ConfigDict, EmailStr, Field, StringConstraints,
                      field_validator, model_validator)

from api.dutch_fields import normalise_postcode, normalise_telefoon


class Status(str, Enum):
    nieuw = "nieuw"
    in_behandeling = "in_behandeling"
    gesprek_gepland = "gesprek_gepland"
    afgerond = "afgerond"


class Levensgebied(str, Enum):
    wonen = "wonen"
    persoonlijke_verzorging = "persoonlijke_verzorging"
    huishouden = "huishouden"
    dagbesteding = "dagbesteding"
    financien = "financien"
    administratie = "administratie"
    vervoer = "vervoer"
    sociale_contacten = "sociale_contacten"
    vrije_tijd = "vrije_tijd"


class NamensRol(str, Enum):
    clientondersteuner = "clientondersteuner"
    mantelzorger = "mantelzorger"
    familie = "familie"


class Vorm(str, Enum):
    natura = "natura"
    pgb = "pgb"
    weet_niet = "weet_niet"


class OpgesteldDoor(str, Enum):
    inwoner = "inwoner"
    clientondersteuner = "clientondersteuner"


def _no_control_characters(value: str) -> str:
    """Refuses NUL and other control characters (PostgreSQL cannot store NUL); tabs and newlines are fine."""
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value) or "\x7f" in value:
        raise ValueError("must not contain control characters")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or only spaces")
    return value


def Text(max_length: int, required: bool = True):
    """Free text, stored exactly as given (never trimmed or rewritten), with a length limit."""
    checks = [AfterValidator(_no_control_characters)] + ([AfterValidator(_not_blank)] if required else [])
    return Annotated[str, StringConstraints(min_length=1 if required else 0, max_length=max_length), *checks]


Naam = Text(200)
LangeTekst = Text(5000)
OptioneleTekst = Text(5000, required=False)

Postcode = Annotated[str, AfterValidator(normalise_postcode)]
Telefoon = Annotated[str, AfterValidator(normalise_telefoon)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Inwoner(Strict):
    naam: Naam
    adres: Text(200) = Field(description="Straat en huisnummer")
    postcode: Postcode = Field(description="Dutch postcode; stored as 1234 AB", examples=["9999 ZZ"])
    woonplaats: Text(100)
    telefoon: Optional[Telefoon] = Field(
        default=None, description="Dutch number; stored in E.164 (+31612345678)", examples=["06 12345678"])
    email: Optional[EmailStr] = Field(default=None, max_length=320)

    @model_validator(mode="after")
    def reachable(self) -> "Inwoner":
        if self.telefoon is None and self.email is None:
            raise ValueError("give telefoon or email (or both): the consulent must be able to reach the inwoner")
        return self


class Namens(Strict):
    """Who makes the melding for the inwoner, when it is not the inwoner."""

    naam: Naam
    organisatie: Optional[Text(200)] = None
    rol: NamensRol
    email: Optional[EmailStr] = Field(default=None, max_length=320,
                                      description="Their own address, for a confirmation of the melding to them")


class Toestemming(Strict):
    gegeven: Literal[True] = Field(description="The inwoner agreed that the gemeente receives this melding")
    moment: AwareDatetime = Field(description="When the inwoner agreed, with time zone")

    @field_validator("moment")
    @classmethod
    def not_in_the_future(cls, value: datetime) -> datetime:
        if value > datetime.now(timezone.utc) + timedelta(minutes=5):
            raise ValueError("must not be in the future")
        return value


class GewensteVorm(Strict):
    vorm: Vorm
    toelichting: OptioneleTekst = ""


class PersoonlijkPlanIn(Strict):
    """The persoonlijk plan (Wmo 2015 art. 2.3.2 lid 2), in the sections of the standard templates."""

    wie_ben_ik: LangeTekst
    knelpunten: Dict[Levensgebied, LangeTekst] = Field(
        default_factory=dict, description="Waar loop ik tegenaan, per levensgebied")
    wat_kan_ik_zelf: OptioneleTekst = ""
    wat_doet_mijn_netwerk: OptioneleTekst = ""
    algemene_voorzieningen: OptioneleTekst = ""
    ondersteuningsvraag: LangeTekst = Field(description="Waarvoor heb ik hulp of ondersteuning nodig")
    gewenste_vorm: GewensteVorm
    opgesteld_door: OpgesteldDoor


class PersoonlijkPlan(PersoonlijkPlanIn):
    version: int
    updated_at: datetime


GemeenteSlug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{1,39}$")]


class MeldingIn(Strict):
    gemeente: Optional[GemeenteSlug] = Field(
        default=None, examples=["voorbeeldstad"],
        description="The gemeente the melding is for (its slug, config/gemeenten/<slug>.yml). May be left out when "
                    "the client writes for one gemeente only.")
    kanaal: Literal["chat"] = "chat"
    inwoner: Inwoner
    namens: Optional[Namens] = None
    hulpvraag: LangeTekst
    levensgebieden: List[Levensgebied] = Field(default_factory=list, max_length=len(Levensgebied))
    toestemming: Toestemming
    plan: Optional[PersoonlijkPlanIn] = Field(default=None, description="Optional: the plan, as its first version")

    @field_validator("levensgebieden")
    @classmethod
    def unique(cls, value: List[Levensgebied]) -> List[Levensgebied]:
        if len(set(value)) != len(value):
            raise ValueError("must not name a levensgebied twice")
        return value


class Termijnen(BaseModel):
    plan_uiterlijk: date = Field(description="Last day to hand in a persoonlijk plan (Wmo 2015 art. 2.3.2 lid 2)")
    onderzoek_uiterlijk: date = Field(description="Last day of the onderzoek (Wmo 2015 art. 2.3.2 lid 1)")


class InwonerUit(BaseModel):
    naam: str
    adres: str
    postcode: str
    woonplaats: str
    telefoon: Optional[str]
    email: Optional[str]


class NamensUit(BaseModel):
    naam: str
    organisatie: Optional[str]
    rol: NamensRol
    email: Optional[str] = None


class ToestemmingUit(BaseModel):
    gegeven: bool
    moment: datetime


class MeldingOverzicht(BaseModel):
    """A melding as listed in the inbox: everything but the plan's text."""

    id: str
    gemeente: str = Field(examples=["voorbeeldstad"], description="The gemeente the melding is for (its slug)")
    referentie: str = Field(examples=["WMO-2026-000123"], description="Unique per gemeente")
    status: Status
    ingediend_op: datetime
    bijgewerkt_op: datetime
    kanaal: str
    inwoner: InwonerUit
    namens: Optional[NamensUit]
    hulpvraag: str
    levensgebieden: List[Levensgebied]
    toestemming: ToestemmingUit
    termijnen: Termijnen
    toegewezen_aan: Optional[str]
    plan_versie: Optional[int] = Field(description="The newest plan version, or null when there is no plan")


class Melding(MeldingOverzicht):
    plan: Optional[PersoonlijkPlan]


class MeldingenPagina(BaseModel):
    items: List[MeldingOverzicht]
    page: int
    page_size: int
    total: int


class MeldingUpdate(Strict):
    status: Optional[Status] = None
    toegewezen_aan: Optional[Text(100, required=False)] = Field(
        default=None, description="Name of the consulent; an empty string clears it")

    @model_validator(mode="after")
    def something(self) -> "MeldingUpdate":
        if not self.model_fields_set:
            raise ValueError("give status or toegewezen_aan")
        if "status" in self.model_fields_set and self.status is None:
            raise ValueError("status must be one of " + ", ".join(s.value for s in Status))
        return self


class PlanVersies(BaseModel):
    items: List[PersoonlijkPlan] = Field(description="Every version, oldest first")


# --- terugbelverzoeken: an inwoner asks to be called back by the loket (issue 27) -------------------------------

class TerugbelStatus(str, Enum):
    open = "open"
    gebeld = "gebeld"
    afgehandeld = "afgehandeld"


class Wanneer(str, Enum):
    zo_snel_mogelijk = "zo_snel_mogelijk"
    ochtend = "ochtend"
    middag = "middag"


class Spreker(str, Enum):
    inwoner = "inwoner"
    assistent = "assistent"


class GesprekRegel(Strict):
    """One message of the chat so far, as the chat stored it (BSN, IBAN and phone numbers masked)."""

    van: Spreker
    tekst: Text(5000)
    moment: AwareDatetime


class TerugbelverzoekIn(Strict):
    gemeente: Optional[GemeenteSlug] = Field(
        default=None, examples=["voorbeeldstad"],
        description="The gemeente the request is for; may be left out by a client of one gemeente.")
    naam: Naam
    telefoon: Telefoon = Field(description="Dutch number; stored in E.164 (+31612345678)", examples=["06 12345678"])
    wanneer: Wanneer = Field(description="When the inwoner prefers to be called")
    vraag: LangeTekst = Field(description="The question, in the inwoner's own words")
    toestemming: Toestemming
    gesprek: List[GesprekRegel] = Field(default_factory=list, max_length=200,
                                        description="The chat so far, oldest first, for the loket to read")


class Terugbelverzoek(BaseModel):
    id: str
    gemeente: str
    status: TerugbelStatus
    ingediend_op: datetime
    bijgewerkt_op: datetime
    naam: str
    telefoon: str
    wanneer: Wanneer
    vraag: str
    toestemming: ToestemmingUit
    gesprek: List[GesprekRegel] = Field(description="Empty once the retention term of conversations has passed")
    gesprek_gewist_op: Optional[datetime]
    behandeld_door: Optional[str]


class TerugbelverzoekenPagina(BaseModel):
    items: List[Terugbelverzoek]
    page: int
    page_size: int
    total: int


class TerugbelverzoekUpdate(Strict):
    status: Optional[TerugbelStatus] = None
    behandeld_door: Optional[Text(100, required=False)] = Field(
        default=None, description="Who calls back; an empty string clears it")

    @model_validator(mode="after")
    def something(self) -> "TerugbelverzoekUpdate":
        if not self.model_fields_set:
            raise ValueError("give status or behandeld_door")
        if "status" in self.model_fields_set and self.status is None:
            raise ValueError("status must be one of " + ", ".join(s.value for s in TerugbelStatus))
        return self


class OverdrachtIn(Strict):
    """The bot hands a chat to a person of the loket, with the inwoner's consent (issue 27)."""

    gemeente: Optional[GemeenteSlug] = Field(default=None, examples=["voorbeeldstad"])
    gesprek_id: Text(255) = Field(description="The conversation's sender id at the chat channel")
    onderwerp: Text(200) = Field(description="What the chat was about, as the bot understood it")
    gesprek: List[GesprekRegel] = Field(default_factory=list, max_length=200,
                                        description="The chat so far, oldest first, masked as stored")


class OverdrachtStand(BaseModel):
    id: str
    gemeente: str
    status: str = Field(description="wachtend, actief, beeindigd or verlopen")
    medewerker: Optional[str] = Field(description="The first name of the employee who took it")
    vervolg: Optional[str] = Field(description="After the end: melding (the employee asks the bot to start one)")
    gemeld: bool = Field(description="The inwoner has been told it expired")


class OverdrachtGebeurtenis(BaseModel):
    id: int = Field(description="The cursor: ask for what came after it")
    soort: str = Field(description="bericht, genomen, terug, beeindigd or verlopen")
    van: str = Field(description="inwoner, medewerker or systeem")
    naam: Optional[str]
    tekst: str
    moment: datetime


class OverdrachtNieuws(BaseModel):
    overdracht: Optional[OverdrachtStand]
    gebeurtenissen: List[OverdrachtGebeurtenis]


class InwonerBericht(Strict):
    tekst: Text(2000)


Reden = Literal["geen_antwoord", "onduidelijk", "klopt_niet", "anders"]  # api/feedback.py: REDENEN


class FeedbackIn(Strict):
    """"Was dit antwoord nuttig?" under one answer of the bot (issue 28)."""

    gemeente: GemeenteSlug = Field(examples=["voorbeeldstad"])
    gesprek_id: Annotated[str, StringConstraints(min_length=1, max_length=255)] = Field(
        description="The conversation (the sender id at the REST channel)")
    bericht_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")] = Field(
        description="The id of the inwoner's message the answer belongs to (Rasa's message_id)")
    nuttig: bool
    reden: Optional[Reden] = Field(default=None, description="After 'nee': why, from a short list")


class BevestigingStatus(BaseModel):
    soort: Literal["bevestiging", "bevestiging-namens"] = Field(
        description="To the inwoner, or to who made the melding for them")
    aan: str
    status: Literal["wacht", "verstuurd", "geweigerd"] = Field(
        description="wacht: not sent yet (it is tried again); geweigerd: the mail server refused it")


class Bevestigingen(BaseModel):
    items: List[BevestigingStatus]
