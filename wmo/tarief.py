"""Abonnementstarief (eigen bijdrage Wmo), its exemptions, and the AOW-leeftijd it depends on.

Set and collected by the CAK (Wmo 2015 art. 2.1.4 lid 6), per household, billed monthly in arrears. Each amount
and age lives in one table row with its period and source, so a new year or a change of law is one edit.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Optional, Tuple

from dateutil.relativedelta import relativedelta

from wmo.kalender import bedrag


@dataclass(frozen=True)
class TariefPeriode:
    van: date
    tot: Optional[date]  # inclusive; None: open-ended
    bedrag: Optional[Decimal]  # None: no amount in force (a proposal only)
    per: str  # "maand" or "4 weken"
    bron: str
    is_wet: bool = True


# The bill that would replace the abonnementstarief by an income-dependent bijdrage (not law; facts sheet)
WETSVOORSTEL = "wetsvoorstel 36713"

ABONNEMENTSTARIEF: Tuple[TariefPeriode, ...] = (
    TariefPeriode(date(2019, 1, 1), date(2019, 12, 31), Decimal("17.50"), "4 weken", "CAK; Uitvoeringsbesluit Wmo 2015"),
    TariefPeriode(date(2020, 1, 1), date(2023, 12, 31), Decimal("19.00"), "maand", "CAK; Uitvoeringsbesluit Wmo 2015"),
    TariefPeriode(date(2024, 1, 1), date(2024, 12, 31), Decimal("20.60"), "maand", "CAK"),
    TariefPeriode(date(2025, 1, 1), date(2025, 12, 31), Decimal("21.00"), "maand", "CAK"),
    TariefPeriode(date(2026, 1, 1), date(2026, 12, 31), Decimal("21.80"), "maand",
                  'CAK, "Verandering in de eigen bijdrage Wmo 2026"'),
    TariefPeriode(date(2027, 1, 1), None, None, "maand",
                  f'{WETSVOORSTEL} "Wet vervanging abonnementstarief Wmo 2015" (maart 2025), in juni 2025 '
                  "controversieel verklaard; geen wet", is_wet=False),
)

VOORSTEL_2027 = (
    "Voor {jaar} is nog geen bedrag vastgesteld. De regering wil het abonnementstarief vervangen door een "
    f"eigen bijdrage die afhangt van inkomen en vermogen ({WETSVOORSTEL}). Dat voorstel is nog geen wet. "
    "Het CAK en de gemeente maken bekend wat u gaat betalen."
)


@dataclass(frozen=True)
class Tarief:
    datum: date
    bedrag: Optional[Decimal]
    per: str
    bron: str
    uitleg: str


def tariefperiode(op: date) -> Optional[TariefPeriode]:
    for period in ABONNEMENTSTARIEF:
        if period.van <= op and (period.tot is None or op <= period.tot):
            return period
    return None


def abonnementstarief(op: date) -> Tarief:
    """The maximum abonnementstarief on a date, with a B1 explanation."""
    period = tariefperiode(op)
    if period is None:
        return Tarief(op, None, "maand", "", f"Voor {op.year} heb ik geen bedrag van het abonnementstarief.")
    if not period.is_wet or period.bedrag is None:
        return Tarief(op, None, period.per, period.bron, VOORSTEL_2027.format(jaar=op.year))
    return Tarief(
        op, period.bedrag, period.per, period.bron,
        f"Het abonnementstarief is in {op.year} hoogstens {bedrag(period.bedrag)} per {period.per}. "
        "U betaalt dit per huishouden: gebruiken twee mensen in uw huis Wmo-hulp, dan betaalt u één keer. "
        "Het CAK stuurt de rekening, steeds achteraf over de maand ervoor.",
    )


def inkomen_uitleg(vandaag: date) -> str:
    """Whether the eigen bijdrage depends on income this year, and the proposal that would change it, in B1."""
    period = tariefperiode(vandaag)
    later = [p for p in ABONNEMENTSTARIEF if p.van > vandaag and not p.is_wet]
    if period is None or not period.is_wet or period.bedrag is None:
        text = "Voor dit jaar is nog niet vastgesteld wat u betaalt. Het CAK en de gemeente maken het bekend."
    else:
        text = (f"Nee. In {vandaag.year} betaalt iedereen hetzelfde voor de meeste Wmo-hulp, wat u ook verdient. "
                f"Dat is het abonnementstarief: hoogstens {bedrag(period.bedrag)} per {period.per}.")
    if later:
        text += (f" De regering wil dat de eigen bijdrage vanaf {later[0].van.year} afhangt van uw inkomen en "
                 f"vermogen ({WETSVOORSTEL}). Dat voorstel is nog geen wet.")
    return text


# --- AOW-leeftijd (SVB) ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AowLeeftijd:
    jaar: int
    jaren: int
    maanden: int
    zeker: bool = True

    def __str__(self) -> str:
        return f"{self.jaren} jaar" + (f" en {self.maanden} maanden" if self.maanden else "")


AOW_LEEFTIJD: Tuple[AowLeeftijd, ...] = (
    AowLeeftijd(2020, 66, 4), AowLeeftijd(2021, 66, 4), AowLeeftijd(2022, 66, 7), AowLeeftijd(2023, 66, 10),
    AowLeeftijd(2024, 67, 0), AowLeeftijd(2025, 67, 0), AowLeeftijd(2026, 67, 0), AowLeeftijd(2027, 67, 0),
    AowLeeftijd(2028, 67, 3, zeker=False),  # SVB: confirm before relying on it
)


def aow_leeftijd(jaar: int) -> Optional[AowLeeftijd]:
    return next((row for row in AOW_LEEFTIJD if row.jaar == jaar), None)


def aow_datum(geboortedatum: date) -> Optional[date]:
    """The day someone born on geboortedatum reaches the AOW-leeftijd; None outside the table."""
    for row in AOW_LEEFTIJD:
        reached = geboortedatum + relativedelta(years=row.jaren, months=row.maanden)
        if reached.year == row.jaar:
            return reached
    return None


def heeft_aow_leeftijd(geboortedatum: date, op: date) -> Optional[bool]:
    """Whether someone has reached the AOW-leeftijd on `op`; None when the table cannot tell."""
    reached = aow_datum(geboortedatum)
    if reached is not None:
        return op >= reached
    first, last = AOW_LEEFTIJD[0], AOW_LEEFTIJD[-1]
    if geboortedatum + relativedelta(years=first.jaren, months=first.maanden) < date(first.jaar, 1, 1):
        return True  # reached it before the table starts
    if op < geboortedatum + relativedelta(years=last.jaren, months=last.maanden):
        return False  # younger than any AOW-leeftijd in the table on that day
    return None


# --- Eigen bijdrage: who pays what -------------------------------------------------------------------------

MEERDERJARIG = 18  # Wmo 2015 art. 2.1.4: no bijdrage for someone younger


class Voorziening(enum.Enum):
    MAATWERK = "maatwerkvoorziening"
    PGB = "persoonsgebonden budget"
    ALGEMEEN_DUURZAAM = "algemene voorziening met een vaste hulp"  # duurzame hulpverleningsrelatie
    ALGEMEEN_OVERIG = "algemene voorziening zonder vaste hulp"  # e.g. maaltijdservice
    HULPMIDDEL_WONINGAANPASSING = "hulpmiddel of woningaanpassing"
    COLLECTIEF_VERVOER = "collectief vervoer"
    BESCHERMD_WONEN_NATURA = "beschermd wonen in natura"
    MAATSCHAPPELIJKE_OPVANG = "maatschappelijke opvang"


# How the bot names the voorzieningen without the abonnementstarief, in a sentence.
IN_ZIN = {
    Voorziening.ALGEMEEN_OVERIG: "een maaltijdservice of andere algemene hulp zonder vaste hulp",
    Voorziening.BESCHERMD_WONEN_NATURA: "beschermd wonen in natura",
    Voorziening.MAATSCHAPPELIJKE_OPVANG: "de maatschappelijke opvang",
}
NIET_ONDER_TARIEF = {Voorziening.ALGEMEEN_OVERIG, Voorziening.BESCHERMD_WONEN_NATURA,
                     Voorziening.MAATSCHAPPELIJKE_OPVANG}


@dataclass(frozen=True)
class GemeenteKeuzes:
    """What the gemeente decided (config/gemeente.yml): it may ask less than the maximum, or nothing."""

    abonnementstarief: Optional[Decimal] = None  # None: the maximum; Decimal("0"): no bijdrage
    collectief_vervoer_vrijgesteld: bool = False

    def hoogstens(self, maximum: Decimal) -> Decimal:
        """What this gemeente asks at most, given the legal maximum: its own amount when that is lower."""
        if self.abonnementstarief is not None and self.abonnementstarief < maximum:
            return self.abonnementstarief
        return maximum


@dataclass(frozen=True)
class Situatie:
    op: date
    voorziening: Voorziening
    leeftijd: int
    wlz_eigen_bijdrage: bool = False  # already pays an eigen bijdrage for the Wlz
    partner: bool = False  # married, registered, or a joint household (not parent and child)
    iemand_onder_aow_leeftijd: bool = False  # the client or the partner has not reached the AOW-leeftijd
    kostprijs: Optional[Decimal] = None  # hulpmiddel or woningaanpassing
    al_betaald: Decimal = Decimal("0")  # bijdragen paid so far for that hulpmiddel or woningaanpassing


@dataclass(frozen=True)
class Bijdrage:
    bedrag: Optional[Decimal]  # per period; None when the abonnementstarief does not apply or is not known
    per: str
    reden: str  # B1 Dutch: why this amount
    artikelen: str
    extra: Tuple[str, ...] = field(default_factory=tuple)  # more B1 sentences worth saying

    @property
    def uitleg(self) -> str:
        return " ".join((self.reden, *self.extra))


def eigen_bijdrage(situatie: Situatie, keuzes: GemeenteKeuzes = GemeenteKeuzes()) -> Bijdrage:
    """What the household pays for this voorziening, and why."""
    s = situatie
    nul = Decimal("0")
    if s.voorziening in NIET_ONDER_TARIEF:
        return Bijdrage(None, "maand", f"Voor {IN_ZIN[s.voorziening]} geldt het abonnementstarief niet. Wat u "
                        "eventueel wel betaalt, hoort u van de gemeente of de aanbieder.",
                        "Wmo 2015 art. 2.1.4; Uitvoeringsbesluit Wmo 2015")
    if s.leeftijd < MEERDERJARIG:
        return Bijdrage(nul, "maand", f"Kinderen onder de {MEERDERJARIG} jaar betalen geen eigen bijdrage.",
                        "Wmo 2015 art. 2.1.4",
                        ("Voor een woningaanpassing voor een kind kan de gemeente wel een bijdrage van de ouders "
                         "vragen.",) if s.voorziening is Voorziening.HULPMIDDEL_WONINGAANPASSING else ())
    if s.wlz_eigen_bijdrage:
        return Bijdrage(nul, "maand", "U betaalt al een eigen bijdrage voor de Wlz. Dan betaalt u geen eigen "
                        "bijdrage voor de Wmo.", "Uitvoeringsbesluit Wmo 2015")
    if s.partner and s.iemand_onder_aow_leeftijd:
        return Bijdrage(nul, "maand", "U heeft een partner en een van u beiden is jonger dan de AOW-leeftijd. Dan "
                        "betaalt u geen eigen bijdrage, hoe hoog uw inkomen ook is.",
                        "Uitvoeringsbesluit Wmo 2015; Wmo 2015 art. 1.1.2 lid 2",
                        ("Het CAK kijkt in de gemeentelijke registratie (BRP) of u samen een huishouden heeft.",))
    if s.voorziening is Voorziening.COLLECTIEF_VERVOER and keuzes.collectief_vervoer_vrijgesteld:
        return Bijdrage(nul, "maand", "Uw gemeente vraagt geen abonnementstarief voor collectief vervoer, zoals de "
                        "regiotaxi. U betaalt wel de ritprijs.", "Wmo 2015 art. 2.1.4")
    tarief = abonnementstarief(s.op)
    if tarief.bedrag is None:
        return Bijdrage(None, tarief.per, tarief.uitleg, tarief.bron)
    amount, reden = tarief.bedrag, (f"Het abonnementstarief is in {s.op.year} hoogstens {bedrag(tarief.bedrag)} "
                                    f"per {tarief.per}.")
    gevraagd = keuzes.hoogstens(amount)
    if gevraagd < amount:
        amount = gevraagd
        reden = ("Uw gemeente vraagt geen eigen bijdrage." if amount == nul else
                 f"Uw gemeente vraagt minder dan het maximum: {bedrag(amount)} per {tarief.per}.")
    extra = ["U betaalt dit per huishouden, ook als meer mensen in uw huis Wmo-hulp krijgen.",
             "Het CAK stuurt de rekening, steeds achteraf over de maand ervoor."]
    if s.voorziening is Voorziening.HULPMIDDEL_WONINGAANPASSING and s.kostprijs is not None:
        rest = max(nul, s.kostprijs - s.al_betaald)
        if rest < amount:
            amount = rest
            reden = (f"U betaalt nooit meer dan wat de voorziening kost ({bedrag(s.kostprijs)}). U heeft al "
                     f"{bedrag(s.al_betaald)} betaald, dus nu nog {bedrag(rest)}.")
        else:
            extra.append(f"U betaalt samen nooit meer dan wat de voorziening kost ({bedrag(s.kostprijs)}).")
    elif s.voorziening is Voorziening.HULPMIDDEL_WONINGAANPASSING:
        extra.append("Voor een hulpmiddel of aanpassing in huis betaalt u samen nooit meer dan wat de voorziening "
                     "kost.")
    return Bijdrage(amount, tarief.per, reden, "Wmo 2015 art. 2.1.4; Uitvoeringsbesluit Wmo 2015", tuple(extra))
