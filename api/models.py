"""The gemeente API's tables (SQLModel). Schema changes go through Alembic migrations in api/migrations/."""

from datetime import date, datetime, timezone
from typing import Any, List, Optional

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator):
    """A moment stored in UTC and always read back time-zone aware (SQLite forgets the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Optional[datetime], dialect: Any) -> Optional[datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: the API stores moments with a time zone only")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: Optional[datetime], dialect: Any) -> Optional[datetime]:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


# Named constraints, so later migrations (batch mode on SQLite) can refer to them on both databases.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Melding(SQLModel, table=True):
    __tablename__ = "melding"
    # A referentie is unique per gemeente (and, by its form WMO-2026-000123, per year)
    __table_args__ = (sa.UniqueConstraint("gemeente", "referentie", name="uq_melding_gemeente_referentie"),)

    id: str = Field(primary_key=True, max_length=36)  # a UUID: not guessable, unlike a counter
    gemeente: str = Field(max_length=40, index=True)  # the slug of the gemeente it was made for (config/gemeenten)
    referentie: str = Field(max_length=20)
    status: str = Field(max_length=20, index=True)
    ingediend_op: datetime = Field(sa_type=UTCDateTime, index=True)
    bijgewerkt_op: datetime = Field(sa_type=UTCDateTime)
    kanaal: str = Field(max_length=20)

    inwoner_naam: str = Field(max_length=200)
    inwoner_adres: str = Field(max_length=200)
    inwoner_postcode: str = Field(max_length=7)
    inwoner_woonplaats: str = Field(max_length=100)
    inwoner_telefoon: Optional[str] = Field(default=None, max_length=20)
    inwoner_email: Optional[str] = Field(default=None, max_length=320)

    namens_naam: Optional[str] = Field(default=None, max_length=200)
    namens_organisatie: Optional[str] = Field(default=None, max_length=200)
    namens_rol: Optional[str] = Field(default=None, max_length=30)
    namens_email: Optional[str] = Field(default=None, max_length=320)  # for their own confirmation (issue 29)

    hulpvraag: str = Field(sa_type=sa.Text)
    levensgebieden: List[str] = Field(sa_type=sa.JSON)
    toestemming_gegeven: bool
    toestemming_moment: datetime = Field(sa_type=UTCDateTime)

    plan_uiterlijk: date
    onderzoek_uiterlijk: date
    toegewezen_aan: Optional[str] = Field(default=None, max_length=100)

    # POST /meldingen with an Idempotency-Key: the key and a hash of the body it came with.
    idempotency_key: Optional[str] = Field(default=None, max_length=255, sa_column_kwargs={"unique": True})
    request_hash: Optional[str] = Field(default=None, max_length=64)


class PlanVersie(SQLModel, table=True):
    """One version of a persoonlijk plan. A PUT adds a version; earlier ones stay."""

    __tablename__ = "plan_versie"
    __table_args__ = (sa.UniqueConstraint("melding_id", "versie", name="uq_plan_versie_melding_versie"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    melding_id: str = Field(foreign_key="melding.id", max_length=36, index=True)
    versie: int
    inhoud: dict = Field(sa_type=sa.JSON)  # the plan's sections, as validated by schemas.PersoonlijkPlanIn
    opgesteld_door: str = Field(max_length=30)
    bijgewerkt_op: datetime = Field(sa_type=UTCDateTime)


class ReferentieTeller(SQLModel, table=True):
    """The last referentie number handed out per gemeente and year (WMO-2026-000123). Bumped in the melding's
    transaction (SQLite; PostgreSQL uses a sequence per gemeente and year, api/referenties.py)."""

    __tablename__ = "referentie_teller"

    gemeente: str = Field(primary_key=True, max_length=40)
    jaar: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    laatste: int


class AuditRow(SQLModel, table=True):
    """One event of the audit trail (api/audit.py): who did what with which object, when, from where.

    Append-only: a trigger refuses UPDATE, and DELETE except by the retention command (AuditRetentionPermit).
    `hash` is SHA-256 over the row and the previous row's hash, so an edited or removed row breaks the chain.
    No free text and no tokens: only the fields below.
    """

    __tablename__ = "audit_trail"
    # "who saw melding X" and "what did user Y see"
    __table_args__ = (sa.Index("ix_audit_trail_object", "object_type", "object_id"),
                      sa.Index("ix_audit_trail_actor", "actor_issuer", "actor_subject"))

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})  # 1, 2, 3 ... without gaps
    moment: datetime = Field(sa_type=UTCDateTime, index=True)
    actor_issuer: Optional[str] = Field(default=None, max_length=300)
    actor_subject: Optional[str] = Field(default=None, max_length=255)
    actor_name: Optional[str] = Field(default=None, max_length=200)
    actor_role: Optional[str] = Field(default=None, max_length=30)
    action: str = Field(max_length=40)
    object_type: Optional[str] = Field(default=None, max_length=30)
    object_id: Optional[str] = Field(default=None, max_length=64)
    result: str = Field(max_length=20)
    client_address: Optional[str] = Field(default=None, max_length=45)
    request_id: Optional[str] = Field(default=None, max_length=64)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    # The gemeente(n) the row is about, slugs separated by spaces: a melding's gemeente, or the gemeenten of the member
    # of staff who logged in. Empty for rows about no gemeente (an unknown visitor refused). Rows from before
    # migration 0005 have none; the hash covers it only when it is there, so they still verify.
    gemeente: Optional[str] = Field(default=None, max_length=200)


class AuditRetentionPermit(SQLModel, table=True):
    """While the retention command runs, the id up to which it may delete audit rows; empty at all other times."""

    __tablename__ = "audit_retention_permit"

    until_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})


class StaffLogin(SQLModel, table=True):
    """A login under way at the identity provider (api/staff_sessions.py): used once, within minutes."""

    __tablename__ = "staff_login"

    state_hash: str = Field(primary_key=True, max_length=64)  # SHA-256 of the `state` sent to the provider
    browser_hash: str = Field(max_length=64)  # SHA-256 of the login cookie: the state works in this browser only
    nonce: str = Field(max_length=128)
    code_verifier: str = Field(max_length=128)
    next_path: str = Field(max_length=500)
    created_at: datetime = Field(sa_type=UTCDateTime)


class StaffSession(SQLModel, table=True):
    """A logged-in member of staff. The browser holds only a random session id; this row holds the rest."""

    __tablename__ = "staff_session"

    id_hash: str = Field(primary_key=True, max_length=64)  # SHA-256 of the cookie's session id
    issuer: str = Field(max_length=300)
    subject: str = Field(max_length=255)
    name: Optional[str] = Field(default=None, max_length=200)
    roles: str = Field(max_length=60)  # every role the person holds here, separated by spaces ("consulent beheerder")
    # the gemeenten whose meldingen the person works on (slugs separated by spaces), from the provider's claim
    gemeenten: str = Field(max_length=200)
    csrf: str = Field(max_length=64)
    created_at: datetime = Field(sa_type=UTCDateTime)
    last_seen_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)


class Terugbelverzoek(SQLModel, table=True):
    """An inwoner asks to be called back by the loket (issue 27): their name, number, when, their question in their
    own words, and the chat so far (masked as stored). Staff mark it called, then done."""

    __tablename__ = "terugbelverzoek"

    id: str = Field(primary_key=True, max_length=36)
    gemeente: str = Field(max_length=40, index=True)
    status: str = Field(max_length=20, index=True)  # open, gebeld, afgehandeld
    ingediend_op: datetime = Field(sa_type=UTCDateTime, index=True)
    bijgewerkt_op: datetime = Field(sa_type=UTCDateTime)
    naam: str = Field(max_length=200)
    telefoon: str = Field(max_length=20)  # E.164
    wanneer: str = Field(max_length=20)  # zo_snel_mogelijk, ochtend, middag
    vraag: str = Field(sa_type=sa.Text)
    toestemming_moment: datetime = Field(sa_type=UTCDateTime)
    # [{"van": "inwoner" | "assistent", "tekst": ..., "moment": ...}]: emptied by the retention (api/chat_retention.py)
    gesprek: List[Any] = Field(sa_type=sa.JSON)
    gesprek_gewist_op: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    behandeld_door: Optional[str] = Field(default=None, max_length=100)
    idempotency_key: Optional[str] = Field(default=None, max_length=255, sa_column_kwargs={"unique": True})
    request_hash: Optional[str] = Field(default=None, max_length=64)


class Overdracht(SQLModel, table=True):
    """A chat handed from the bot to a person of the loket (issue 27): waiting in the queue, taken by one employee,
    then ended, or expired when nobody took it in time or the inwoner left. The chat before the handover (masked as
    stored) goes with it; what is said after it is in OverdrachtBericht."""

    __tablename__ = "overdracht"

    id: str = Field(primary_key=True, max_length=36)
    gemeente: str = Field(max_length=40, index=True)
    gesprek_id: str = Field(max_length=255, index=True)  # the conversation's sender id at the REST channel
    status: str = Field(max_length=20, index=True)  # wachtend, actief, beeindigd, verlopen
    onderwerp: str = Field(max_length=200)
    gesprek: List[Any] = Field(sa_type=sa.JSON)  # [{"van", "tekst", "moment"}]: emptied by the retention
    gesprek_gewist_op: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    aangemaakt_op: datetime = Field(sa_type=UTCDateTime, index=True)
    wacht_sinds: datetime = Field(sa_type=UTCDateTime)  # in the queue since (again, after an employee left)
    medewerker: Optional[str] = Field(default=None, max_length=255)  # the employee's subject at the provider
    medewerker_naam: Optional[str] = Field(default=None, max_length=200)
    genomen_op: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    beeindigd_op: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    vervolg: Optional[str] = Field(default=None, max_length=20)  # after the end: melding, terugbellen
    inwoner_gezien_op: datetime = Field(sa_type=UTCDateTime)
    medewerker_gezien_op: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    gemeld: bool = Field(default=False)  # an expiry the inwoner has been told about


class OverdrachtBericht(SQLModel, table=True):
    """One thing that happened in a handover, in order: a message of the inwoner or the employee, or a change
    (genomen, terug in de wachtrij, beeindigd, verlopen). Its id is the cursor the widget and the staff page poll
    with."""

    __tablename__ = "overdracht_bericht"

    id: Optional[int] = Field(default=None, primary_key=True)
    overdracht_id: str = Field(max_length=36, index=True, foreign_key="overdracht.id")
    soort: str = Field(max_length=20)  # bericht, genomen, terug, beeindigd, verlopen
    van: str = Field(max_length=20)  # inwoner, medewerker, systeem
    naam: Optional[str] = Field(default=None, max_length=200)  # the employee's first name
    tekst: str = Field(sa_type=sa.Text, default="")  # emptied by the retention
    moment: datetime = Field(sa_type=UTCDateTime)


class AntwoordFeedback(SQLModel, table=True):
    """"Was dit antwoord nuttig?" under an answer of the bot in the widget (issue 28): yes or no, and after no an
    optional reason from a short list (no free text). It belongs to the answer to one message of the inwoner: the
    conversation and that message's id (Rasa's message_id, which the REST channel returns with the answer). A second
    press on the same answer replaces the first."""

    __tablename__ = "antwoord_feedback"
    __table_args__ = (sa.UniqueConstraint("gesprek_id", "bericht_id", name="uq_antwoord_feedback_gesprek_bericht"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    gemeente: str = Field(max_length=40, index=True)
    gesprek_id: str = Field(max_length=255, index=True)  # the conversation's sender id at the REST channel
    bericht_id: str = Field(max_length=64)
    nuttig: bool
    reden: Optional[str] = Field(default=None, max_length=30)  # api/feedback.py: REDENEN
    gegeven_op: datetime = Field(sa_type=UTCDateTime)


class Gesprek(SQLModel, table=True):
    """What the review page and the dashboard need of one conversation in the Rasa tracker store, worked out from
    its events (api/gesprekken.py) and worked out again when they change (api/gesprekken_sync.py). It holds no text
    of the inwoner but the messages the bot did not understand, masked as the tracker store keeps them; it goes
    when the conversation leaves the tracker store."""

    __tablename__ = "gesprek"

    id: str = Field(primary_key=True, max_length=255)  # the conversation's sender id
    gemeente: Optional[str] = Field(default=None, max_length=40, index=True)
    begonnen_op: datetime = Field(sa_type=UTCDateTime, index=True)
    laatste_op: datetime = Field(sa_type=UTCDateTime)
    events: int  # how many events it had, and the id of the newest, when this was worked out
    laatste_event: int
    berichten: int  # messages of the inwoner (typed or a button)
    bedoelt_u: int  # "Bedoelt u ...?" shown
    niet_begrepen: int  # the bot said it did not understand (the fallback)
    overdracht_gevraagd: bool  # asked for a person or to be called back
    overgedragen: bool  # the chat went to the queue of the loket
    terugbelverzoek: bool  # a terugbelverzoek was sent
    formulier_gestopt: bool  # a form stopped with "stop", or left while it asked
    melding: bool  # a melding was sent (to the gemeente, or into the outbox)
    plan: bool  # a persoonlijk plan was sent
    onderwerpen: List[Any] = Field(sa_type=sa.JSON)  # intents (uitleg/<answer>) of the questions, outside forms
    niet_begrepen_teksten: List[Any] = Field(sa_type=sa.JSON)


class GesprekReview(SQLModel, table=True):
    """A beheerder marked the conversation reviewed, or saved it as a test story (issue 28)."""

    __tablename__ = "gesprek_review"

    gesprek_id: str = Field(primary_key=True, max_length=255)
    gemeente: Optional[str] = Field(default=None, max_length=40, index=True)
    nagekeken_door: Optional[str] = Field(default=None, max_length=200)
    nagekeken_op: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    testverhaal_door: Optional[str] = Field(default=None, max_length=200)
    testverhaal_op: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)


class ReviewMarkering(SQLModel, table=True):
    """A beheerder's judgement of one message: the intent (or answer, "uitleg/<key>") it should have had;
    `out_of_scope` for a question outside the Wmo. The text is kept as the tracker store had it (masked); the
    export to training data (api/review_export.py) refuses a text with a personal number in it."""

    __tablename__ = "review_markering"
    __table_args__ = (sa.UniqueConstraint("gesprek_id", "bericht_id", name="uq_review_markering_gesprek_bericht"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    gemeente: Optional[str] = Field(default=None, max_length=40, index=True)
    gesprek_id: str = Field(max_length=255, index=True)
    bericht_id: str = Field(max_length=64)
    tekst: str = Field(sa_type=sa.Text)
    bericht_op: datetime = Field(sa_type=UTCDateTime)
    intent: str = Field(max_length=100)
    was_intent: Optional[str] = Field(default=None, max_length=100)  # what the bot understood
    door: str = Field(max_length=200)
    op: datetime = Field(sa_type=UTCDateTime)


class MailUitgaand(SQLModel, table=True):
    """One mail of a melding in the mail outbox (issue 29, api/mail_outbox.py): written in the transaction that
    stores the melding or its plan version, sent afterwards, tried again after a temporary refusal. The mail itself is
    composed at each try from the melding (the same Message-ID and date each time); only its address is
    kept here, for staff to see where it went."""

    __tablename__ = "mail_uitgaand"

    id: Optional[int] = Field(default=None, primary_key=True)
    message_id: str = Field(max_length=255, sa_column_kwargs={"unique": True})  # <soort-melding-vN@domain>
    gemeente: str = Field(max_length=40, index=True)
    melding_id: str = Field(foreign_key="melding.id", max_length=36, index=True)
    soort: str = Field(max_length=30)  # api/mail_outbox.py: REGISTRATIE, BEVESTIGING, BEVESTIGING_NAMENS
    versie: int  # registratie: the plan version attached (0: none yet); bevestiging: 1
    aan: str = Field(max_length=320)
    status: str = Field(max_length=12, index=True)  # wacht, verstuurd, geweigerd
    pogingen: int = 0
    volgende_poging: datetime = Field(sa_type=UTCDateTime, index=True)
    bezig_tot: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)  # claimed by one API process
    aangemaakt_op: datetime = Field(sa_type=UTCDateTime)
    verstuurd_op: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    fout: Optional[str] = Field(default=None, max_length=300)  # the mail server's last answer, never the mail's text
