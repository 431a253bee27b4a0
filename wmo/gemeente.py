"""The facts that differ per gemeente: one file each, config/gemeenten/<slug>.yml.

One deployment serves every gemeente that has a file in the directory (WMO_GEMEENTEN_DIR, default
config/gemeenten). The file's name is the gemeente's slug: what the chat widget's `data-gemeente` says, what a
melding carries, what a consulent's identity names ("voorbeeldstad" for voorbeeldstad.yml).

A missing or misspelled key is an error at load time, naming the file and the key: a chatbot that tells an inwoner
an empty phone number is worse than one that does not start. Check one file, or all of them:

    python -m wmo.gemeente check [config/gemeenten/<slug>.yml ...]      (make gemeente-check)
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import MISSING, dataclass, fields, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Type, TypeVar

import yaml

from wmo.chat_uren import ChatUren
from wmo.tarief import GemeenteKeuzes

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "config" / "gemeenten"
DIR_ENV = "WMO_GEMEENTEN_DIR"
# A slug is a file name, a database value, a URL part and a PostgreSQL sequence name: lower-case letters, digits and
# single hyphens, starting with a letter.
SLUG = re.compile(r"^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){1,39}$")

T = TypeVar("T")


class GemeenteConfigError(ValueError):
    """A gemeente's file is missing a fact or has one the code does not know, or there is no file at all."""


class OnbekendeGemeente(LookupError):
    """This deployment has no gemeente by that slug."""


@dataclass(frozen=True)
class Loket:
    naam: str  # what the gemeente calls its front desk for the Wmo: "Wmo-loket", "Sociaal Wijkteam"
    telefoon: str
    telefoon_bereikbaar: str
    email: str
    bezoekadres: str
    inloop: str


@dataclass(frozen=True)
class Clientondersteuning:
    """Where an inwoner finds free, independent cliëntondersteuning in this gemeente (Wmo 2015 art. 2.2.4)."""

    organisatie: str
    telefoon: str
    website: str


@dataclass(frozen=True)
class Voorziening:
    """One local algemene voorziening: its name, and how to reach it."""

    naam: str
    bereikbaar: str  # "bel 0999 123 456", "kom langs in wijkcentrum De Kade"


@dataclass(frozen=True)
class AlgemeneVoorzieningen:
    boodschappendienst: Voorziening
    maaltijdservice: Voorziening
    ontmoeting: Voorziening
    personenalarmering: Voorziening


@dataclass(frozen=True)
class Regiotaxi:
    naam: str
    telefoon: str


@dataclass(frozen=True)
class EigenBijdrage:
    abonnementstarief: str  # "maximum", "geen", or an amount per month below the maximum ("15,00")
    collectief_vervoer_vrijgesteld: bool

    def __post_init__(self) -> None:
        self.tarief_per_maand()  # reject a value that is neither a choice nor an amount

    def tarief_per_maand(self) -> Optional[Decimal]:
        """None: the legal maximum; Decimal("0"): no bijdrage; else the gemeente's own lower amount."""
        value = self.abonnementstarief.strip().lower()
        if value == "maximum":
            return None
        if value == "geen":
            return Decimal("0")
        try:
            amount = Decimal(value.replace("€", "").strip().replace(",", "."))
        except InvalidOperation:
            raise GemeenteConfigError(
                f"eigen_bijdrage.abonnementstarief: expected maximum, geen or an amount such as 15,00, got {value!r}"
            ) from None
        if amount < 0:
            raise GemeenteConfigError("eigen_bijdrage.abonnementstarief: an amount cannot be negative")
        return amount


@dataclass(frozen=True)
class Bezwaar:
    adviescommissie: bool  # an adviescommissie hears bezwaren: the beslistermijn is 12 weeks instead of 6
    gericht_aan: str  # to whom a bezwaarschrift is addressed (Awb 6:4: the bestuursorgaan that decided)
    postadres: str
    online: str  # the web page where a bezwaar can be made with DigiD


ADRES = re.compile(r"^[^@\s<>,;\"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
API, EMAIL = "api", "email"
REGISTRATIE_BACKENDS = (API, EMAIL)


@dataclass(frozen=True)
class Mail:
    """The mails of a melding (issue 29): from which address, and where the gemeente registers a melding."""

    afzender: str  # the From of every mail of this gemeente; the mail server must be allowed to send for it
    registratie: str  # api: in this API's inbox only (the consulent pages); email: also a mail to wmo_mailbox
    wmo_mailbox: str = ""  # the Wmo team's mailbox that receives each melding and plan version (registratie: email)

    def __post_init__(self) -> None:
        if self.registratie not in REGISTRATIE_BACKENDS:
            raise GemeenteConfigError(f"mail.registratie: expected one of {', '.join(REGISTRATIE_BACKENDS)}, "
                                      f"got {self.registratie!r}")
        if self.registratie == EMAIL and not self.wmo_mailbox:
            raise GemeenteConfigError("missing mail.wmo_mailbox (mail.registratie is email)")
        for key in ("afzender", "wmo_mailbox"):
            value = getattr(self, key)
            if value and not ADRES.match(value):
                raise GemeenteConfigError(f"mail.{key}: expected an e-mail address, got {value!r}")


@dataclass(frozen=True)
class Gemeente:
    naam: str
    website: str
    loket: Loket
    clientondersteuning: Clientondersteuning
    algemene_voorzieningen: AlgemeneVoorzieningen
    regiotaxi: Regiotaxi
    eigen_bijdrage: EigenBijdrage
    bezwaar: Bezwaar
    chat_met_medewerker: ChatUren
    mail: Mail
    slug: str = ""  # the file's name; not a key in the file


def _build(cls: Type[T], raw: Any, where: str) -> T:
    if not isinstance(raw, Mapping):
        raise GemeenteConfigError(f"{where or 'top level'}: expected a mapping, got {type(raw).__name__}")
    known = {f.name: f for f in fields(cls) if f.name != "slug"}
    unknown = sorted(str(key) for key in set(raw) - set(known))
    if unknown:
        raise GemeenteConfigError(f"{where or 'top level'}: unknown key(s) {', '.join(unknown)}")
    values: Dict[str, Any] = {}
    for name, field in known.items():
        key = f"{where}.{name}" if where else name
        if name not in raw or raw[name] is None or raw[name] == "":
            if field.default is not MISSING:
                continue
            raise GemeenteConfigError(f"missing {key}")
        if field.type in ("str", str):
            if not isinstance(raw[name], (str, int, float)) or isinstance(raw[name], bool):
                raise GemeenteConfigError(f"{key}: expected text")
            values[name] = str(raw[name]).strip()
        elif field.type in ("bool", bool):
            if not isinstance(raw[name], bool):
                raise GemeenteConfigError(f"{key}: expected true or false")
            values[name] = raw[name]
        elif field.type in ("int", int):
            if not isinstance(raw[name], int) or isinstance(raw[name], bool):
                raise GemeenteConfigError(f"{key}: expected a whole number")
            values[name] = raw[name]
        else:
            values[name] = _build(globals()[field.type], raw[name], key)
    try:
        return cls(**values)
    except ValueError as error:  # a check of the dataclass itself (hours, an amount)
        if isinstance(error, GemeenteConfigError):
            raise
        raise GemeenteConfigError(f"{where or 'top level'}: {error}") from None


def slug_of(path: Path) -> str:
    slug = path.stem
    if path.suffix != ".yml" or not SLUG.match(slug):
        raise GemeenteConfigError(f"{path}: the file name is the gemeente's slug: lower-case letters, digits and "
                                  "single hyphens, starting with a letter, 2 to 40 long, ending in .yml "
                                  "(config/gemeenten/voorbeeldstad.yml)")
    return slug


def load(path: Path) -> Gemeente:
    """Read and check one gemeente's file; its slug is the file name."""
    path = Path(path)
    slug = slug_of(path)
    try:
        with path.open(encoding="utf-8") as handle:
            raw = yaml.safe_load(handle)
    except yaml.YAMLError as error:
        raise GemeenteConfigError(f"{path}: not valid YAML ({error})") from None
    try:
        config = _build(Gemeente, raw, "")
    except GemeenteConfigError as error:
        raise GemeenteConfigError(f"{path}: {error}") from None
    return replace(config, slug=slug)


def directory() -> Path:
    return Path(os.environ.get(DIR_ENV) or DEFAULT_DIR)


def load_all(folder: Optional[Path] = None) -> Dict[str, Gemeente]:
    """Every gemeente of the directory, by slug, sorted by name. No file, or two gemeenten of one name: an error."""
    folder = Path(folder or directory())
    if not folder.is_dir():
        raise GemeenteConfigError(f"{folder}: no such directory; it holds one file per gemeente ({DIR_ENV})")
    found = [load(path) for path in sorted(folder.iterdir()) if path.suffix in (".yml", ".yaml")]
    if not found:
        raise GemeenteConfigError(f"{folder}: no gemeente; add a file per gemeente, such as voorbeeldstad.yml")
    names: Dict[str, str] = {}
    for config in found:
        other = names.setdefault(config.naam.casefold(), config.slug)
        if other != config.slug:
            raise GemeenteConfigError(f"{folder}: {other}.yml and {config.slug}.yml both have the naam {config.naam!r}")
    return {config.slug: config for config in sorted(found, key=lambda config: config.naam.casefold())}


@lru_cache(maxsize=1)
def alle() -> Dict[str, Gemeente]:
    """The gemeenten this deployment serves, read once per process."""
    return load_all()


def get(slug: Optional[str]) -> Gemeente:
    """The gemeente of this slug; OnbekendeGemeente when this deployment does not serve it."""
    found = alle().get(slug) if isinstance(slug, str) else None
    if found is None:
        raise OnbekendeGemeente(slug)
    return found


def enige() -> Optional[Gemeente]:
    """The gemeente, when this deployment serves exactly one; else None."""
    served = alle()
    return next(iter(served.values())) if len(served) == 1 else None


def bij_naam(text: Optional[str]) -> Optional[Gemeente]:
    """The gemeente whose name or slug the text is ("Oeverdam", "gemeente oeverdam", "oeverdam"); else None."""
    words = re.sub(r"[^\w\s-]", " ", (text or "").casefold()).split()
    if words[:1] == ["gemeente"]:
        words = words[1:]
    said = " ".join(words)
    for config in alle().values():
        if said in (config.naam.casefold(), config.slug):
            return config
    return None


def tarief_keuzes(config: Gemeente) -> GemeenteKeuzes:
    """The gemeente's choices for the eigen bijdrage, as wmo.tarief needs them."""
    return GemeenteKeuzes(config.eigen_bijdrage.tarief_per_maand(),
                          config.eigen_bijdrage.collectief_vervoer_vrijgesteld)


def check(paths: List[str]) -> int:
    """`python -m wmo.gemeente check [files]`: each file read and checked; without files, the whole directory."""
    try:
        checked = [load(Path(path)) for path in paths] if paths else list(load_all().values())
    except GemeenteConfigError as error:
        print(f"gemeente-check: {error}", file=sys.stderr)
        return 1
    for config in checked:
        print(f"{config.slug}: gemeente {config.naam}, {config.loket.naam} {config.loket.telefoon}: complete")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] != ["check"]:
        sys.exit("usage: python -m wmo.gemeente check [config/gemeenten/<slug>.yml ...]")
    sys.exit(check(sys.argv[2:]))
