"""The facts that differ per gemeente, read from config/gemeente.yml.

A missing or misspelled key is an error at load time, naming the key: a chatbot that tells an inwoner an empty
phone number is worse than one that does not start.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from decimal import Decimal, InvalidOperation
from typing import Any, Dict, Mapping, Optional, Type, TypeVar

import yaml

from wmo.tarief import GemeenteKeuzes

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "config" / "gemeente.yml"
PATH_ENV = "WMO_GEMEENTE_CONFIG"

T = TypeVar("T")


class GemeenteConfigError(ValueError):
    """config/gemeente.yml is missing a fact or has one the code does not know."""


@dataclass(frozen=True)
class Loket:
    naam: str
    telefoon: str
    telefoon_bereikbaar: str
    email: str
    bezoekadres: str
    inloop: str


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


@dataclass(frozen=True)
class Gemeente:
    naam: str
    website: str
    loket: Loket
    eigen_bijdrage: EigenBijdrage
    bezwaar: Bezwaar


def _build(cls: Type[T], raw: Any, where: str) -> T:
    if not isinstance(raw, Mapping):
        raise GemeenteConfigError(f"{where or 'top level'}: expected a mapping, got {type(raw).__name__}")
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise GemeenteConfigError(f"{where or 'top level'}: unknown key(s) {', '.join(unknown)}")
    values: Dict[str, Any] = {}
    for name, field in known.items():
        key = f"{where}.{name}" if where else name
        if name not in raw or raw[name] is None or raw[name] == "":
            raise GemeenteConfigError(f"missing {key}")
        if field.type in ("str", str):
            if not isinstance(raw[name], (str, int, float)) or isinstance(raw[name], bool):
                raise GemeenteConfigError(f"{key}: expected text")
            values[name] = str(raw[name]).strip()
        elif field.type in ("bool", bool):
            if not isinstance(raw[name], bool):
                raise GemeenteConfigError(f"{key}: expected true or false")
            values[name] = raw[name]
        else:
            values[name] = _build(globals()[field.type], raw[name], key)
    return cls(**values)


def load(path: Path = None) -> Gemeente:
    """Read and check config/gemeente.yml (or the file named by $WMO_GEMEENTE_CONFIG)."""
    path = Path(path or os.environ.get(PATH_ENV) or DEFAULT_PATH)
    with path.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    try:
        return _build(Gemeente, raw, "")
    except GemeenteConfigError as error:
        raise GemeenteConfigError(f"{path}: {error}") from None


@lru_cache(maxsize=1)
def current() -> Gemeente:
    """The gemeente of this deployment, read once per process."""
    return load()


def tarief_keuzes(config: Gemeente) -> GemeenteKeuzes:
    """The gemeente's choices for the eigen bijdrage, as wmo.tarief needs them."""
    return GemeenteKeuzes(config.eigen_bijdrage.tarief_per_maand(),
                          config.eigen_bijdrage.collectief_vervoer_vrijgesteld)
