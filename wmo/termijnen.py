"""Deadlines (termijnen) of the Wmo 2015 and the Awb, moved by the Algemene termijnenwet (Atw).

Every function takes the reference date (the day a letter was sent, the day of the melding) and `vandaag`, and
returns a `Termijn`: the last day, the rule and its articles, whether and why the day moved, and a B1 explanation
in Dutch with the dates written out.

How a term is counted (Awb 6:8, and the same for the Wmo's terms): it starts the day after the event, so a term
of six weeks ends on the same weekday six weeks after the event. When that day is a Saturday, Sunday or Atw
feestdag, the term ends on the next day that is none of these (Atw art. 1); a term of three days or more always
holds at least two such days (Atw art. 2). The Atw does not apply to terms over twelve weeks (Atw art. 4).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import List, Tuple

from wmo.feestdagen import GELIJKGESTELD, besluit_voor, waarom_geen_termijndag
from wmo.kalender import bedrag, datum_kort, datum_voluit

ATW_MAX_DAGEN = 12 * 7  # Atw art. 4: not for terms over twelve weeks

# Awb 4:17: a dwangsom per day when a beschikking is late: 14 days of € 23, 14 of € 35, 14 of € 45 (42 days).
DWANGSOM_TRAPPEN: Tuple[Tuple[int, Decimal], ...] = ((14, Decimal("23")), (14, Decimal("35")), (14, Decimal("45")))
DWANGSOM_MAXIMUM = sum(days * amount for days, amount in DWANGSOM_TRAPPEN)
DWANGSOM_MAX_DAGEN = sum(days for days, _ in DWANGSOM_TRAPPEN)


# The lengths of the terms, each in one place: the functions below count with them, and the bot says them.
PLANTERMIJN = timedelta(days=7)  # Wmo 2015 art. 2.3.2 lid 2
ONDERZOEKSTERMIJN = timedelta(weeks=6)  # Wmo 2015 art. 2.3.2 lid 1
BESCHIKKINGSTERMIJN = timedelta(weeks=2)  # Wmo 2015 art. 2.3.5 lid 2
BEZWAARTERMIJN = timedelta(weeks=6)  # Awb 6:7
BEROEPSTERMIJN = timedelta(weeks=6)  # Awb 6:7 (beroep and hoger beroep)
VERDAGING = timedelta(weeks=6)  # Awb 7:10 lid 3
INGEBREKESTELLING_WACHTTIJD = timedelta(weeks=2)  # Awb 4:17 lid 3, 6:12 lid 2
# Not law but common practice: the verslag of the onderzoek arrives within this many werkdagen (facts sheet).
VERSLAG_WERKDAGEN_PRAKTIJK = 10

_GETALLEN = {1: "een", 2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 7: "zeven", 8: "acht", 9: "negen",
             10: "tien", 12: "twaalf", 18: "achttien"}


def getal(n: int) -> str:
    """'zes' for 6; digits for numbers without a common word."""
    return _GETALLEN.get(n, str(n))


def duur(term: timedelta) -> str:
    """'zes weken', 'zeven dagen': how the bot says the length of a term."""
    if term.days % 7 == 0 and term.days >= 14:
        return f"{getal(term.days // 7)} weken"
    return f"{getal(term.days)} {'dag' if term.days == 1 else 'dagen'}"


def beslistermijn_bezwaar_duur(adviescommissie: bool) -> timedelta:
    """Awb 7:10 lid 1: 6 weeks, or 12 when an adviescommissie hears the bezwaar (Awb 7:13)."""
    return timedelta(weeks=12 if adviescommissie else 6)


ART2 = "art. 2"  # reason: the term would hold fewer than two working days


@dataclass(frozen=True)
class Verschuiving:
    """A day on which the term could not end, and why."""

    dag: date
    reden: str  # "zaterdag", "zondag", an Atw feestdag ("Hemelvaartsdag"), GELIJKGESTELD or ART2

    @property
    def zin(self) -> str:
        """'Dat is Hemelvaartsdag. Dan eindigt een termijn niet.' — about the day the term would have ended."""
        if self.reden in ("zaterdag", "zondag"):
            return f"Op een {self.reden} eindigt een termijn niet."
        if self.reden == GELIJKGESTELD:
            return "Die dag telt voor termijnen als een feestdag. Dan eindigt een termijn niet."
        if self.reden == ART2:
            return "Dan zitten er te weinig werkdagen in de termijn."
        return f"Dat is {self.reden}. Dan eindigt een termijn niet."

    @property
    def kort(self) -> str:
        """'vrijdag 15 mei 2026 (telt als feestdag)' — for the days after it."""
        if self.reden in ("zaterdag", "zondag"):
            return datum_voluit(self.dag)
        label = {GELIJKGESTELD: "telt als feestdag", ART2: "te weinig werkdagen"}.get(self.reden, self.reden)
        return f"{datum_voluit(self.dag)} ({label})"


@dataclass(frozen=True)
class Termijn:
    soort: str  # "bezwaartermijn", "plantermijn", ...
    regel: str  # the rule in words
    artikelen: str  # where the rule stands
    begin: date  # the event the term counts from
    zonder_verschuiving: date  # the last day before the Atw moved it
    laatste_dag: date
    verschuivingen: Tuple[Verschuiving, ...]
    zeker: bool  # False: no Koninklijk Besluit covers the year yet, so the day may still move (later, never earlier)
    vandaag: date
    uitleg: str  # B1 Dutch, with the dates written out

    @property
    def verschoven(self) -> bool:
        return self.laatste_dag != self.zonder_verschuiving

    @property
    def verstreken(self) -> bool:
        return self.vandaag > self.laatste_dag

    @property
    def dagen_over(self) -> int:
        """Days left including today; 0 when the term has passed."""
        return max(0, (self.laatste_dag - self.vandaag).days + 1)


def atw_laatste_dag(begin: date, einde: date) -> Tuple[date, Tuple[Verschuiving, ...], bool]:
    """The last day of a term from `begin` (exclusive) to `einde` under the Atw: (day, moves, certain)."""
    if (einde - begin).days > ATW_MAX_DAGEN:
        return einde, (), True
    moves: List[Verschuiving] = []
    day = einde
    while True:
        reden = waarom_geen_termijndag(day)
        if reden is None and (einde - begin).days >= 3 and _werkdagen(begin, day) < 2:
            reden = ART2
        if reden is None:
            break
        moves.append(Verschuiving(day, reden))
        day += timedelta(days=1)
    certain = all(besluit_voor(year) is not None for year in {einde.year, day.year})
    return day, tuple(moves), certain


def _werkdagen(begin: date, einde: date) -> int:
    """Days after `begin` up to and including `einde` that are not Saturday, Sunday or Atw feestdag."""
    return sum(
        1 for n in range(1, (einde - begin).days + 1) if waarom_geen_termijndag(begin + timedelta(days=n)) is None
    )


def _termijn(soort: str, regel: str, artikelen: str, begin: date, duur: timedelta, vandaag: date,
             uitleg_open: str, uitleg_voorbij: str, regel_zin: str) -> Termijn:
    """`regel_zin`: the rule in a sentence, with "{regel}" where the rule goes; the answer starts with it, so the
    person hears the rule before the day it gives."""
    einde = begin + duur
    laatste, moves, certain = atw_laatste_dag(begin, einde)
    if (einde - begin).days <= ATW_MAX_DAGEN:
        artikelen += "; Algemene termijnenwet art. 1 en 3"
    termijn = Termijn(soort, regel, artikelen, begin, einde, laatste, moves, certain, vandaag, "")
    return _met_uitleg(termijn, uitleg_open, uitleg_voorbij, regel_zin.format(regel=regel))


def _met_uitleg(termijn: Termijn, open_text: str, passed_text: str, rule_sentence: str) -> Termijn:
    t = termijn
    parts: List[str] = []
    if t.verschoven:
        first, *rest = t.verschuivingen
        text = f"{t.regel[0].upper()}{t.regel[1:]} is {datum_voluit(t.zonder_verschuiving)}. {first.zin}"
        if rest:
            days = [m.kort for m in rest]
            listed = days[0] if len(days) == 1 else ", ".join(days[:-1]) + " en " + days[-1]
            text += f" Ook {listed} {'telt' if len(days) == 1 else 'tellen'} niet mee."
        parts.append(f"{text} Daarom is de laatste dag {datum_voluit(t.laatste_dag)}.")
    if t.verstreken:
        parts.insert(0, f"De laatste dag was {datum_voluit(t.laatste_dag)}. Die dag is voorbij.")
        parts.append(passed_text)
    else:
        when = "Dat is vandaag." if t.laatste_dag == t.vandaag else ""
        parts.insert(0, open_text.format(laatste_dag=datum_voluit(t.laatste_dag)) + (f" {when}" if when else ""))
        if not t.zeker:
            parts.append(
                f"Let op: voor {t.laatste_dag.year} is nog niet bekend of er extra vrije dagen bijkomen. "
                "De laatste dag kan dan nog iets later worden, nooit eerder."
            )
    return replace(t, uitleg="\n".join(p for p in [rule_sentence, *parts] if p))


# --- Bezwaar en beroep (Awb) -----------------------------------------------------------------------------

BEZWAAR_OP_TIJD = (
    "Uw bezwaar moet uiterlijk op die dag binnen zijn bij de gemeente. Stuurt u het met de post? Dan is het ook op "
    "tijd als u het uiterlijk die dag verstuurt. De gemeente moet het dan wel binnen een week krijgen."
)
TE_LAAT_MAAR = (
    "U kunt toch nog {wat}. Schrijf er dan bij waarom u te laat bent. Had u een goede reden, bijvoorbeeld omdat u "
    "in het ziekenhuis lag? Dan kan {wie} uw {wat_kort} toch behandelen."
)


def bezwaartermijn(verzonden: date, vandaag: date) -> Termijn:
    """Six weeks to object to a beschikking, from the day after it was sent (the date on the letter)."""
    return _termijn(
        "bezwaartermijn",
        f"{duur(BEZWAARTERMIJN)} na de datum van de beschikking ({datum_kort(verzonden)})",
        "Awb art. 6:7, 6:8, 6:9 en 6:11",
        verzonden, BEZWAARTERMIJN, vandaag,
        "U kunt bezwaar maken tot en met {laatste_dag}. " + BEZWAAR_OP_TIJD,
        TE_LAAT_MAAR.format(wat="bezwaar maken", wie="de gemeente", wat_kort="bezwaar"),
        regel_zin="Bezwaar maken kan tot {regel}.",
    )


def beslistermijn_bezwaar(beschikking_verzonden: date, vandaag: date, adviescommissie: bool,
                          verdaagd: bool = False) -> Termijn:
    """When the gemeente must decide on a bezwaar: 6 weeks, or 12 with an adviescommissie, after the bezwaartermijn.

    Verdaging (Awb 7:10 lid 3) adds at most 6 weeks, told in writing; more only with consent (lid 4). The term
    stands still while the gemeente waits for missing information (lid 2).
    """
    einde_bezwaar = bezwaartermijn(beschikking_verzonden, vandaag).laatste_dag
    term = beslistermijn_bezwaar_duur(adviescommissie) + (VERDAGING if verdaagd else timedelta(0))
    uitstel = (
        f"De gemeente heeft de beslissing met {duur(VERDAGING)} uitgesteld."
        if verdaagd else
        f"De gemeente mag de beslissing één keer met {duur(VERDAGING)} uitstellen. Dat moet de gemeente u dan "
        "schriftelijk laten weten. Langer uitstellen mag alleen als u het daarmee eens bent."
    )
    return _termijn(
        "beslistermijn bezwaar",
        f"{duur(term)} na het einde van de bezwaartermijn ({datum_kort(einde_bezwaar)})",
        "Awb art. 7:10 en 6:12",
        einde_bezwaar, term, vandaag,
        "De gemeente moet uiterlijk op {laatste_dag} beslissen op uw bezwaar. " + uitstel,
        "Heeft u nog geen beslissing? Stuur de gemeente dan een brief dat zij te laat is (een ingebrekestelling). "
        f"Beslist de gemeente daarna binnen {duur(INGEBREKESTELLING_WACHTTIJD)} nog steeds niet? Dan kunt u beroep "
        "instellen bij de rechtbank.",
        regel_zin="De gemeente moet beslissen binnen {regel}.",
    )


def beroepstermijn(beslissing_op_bezwaar_verzonden: date, vandaag: date) -> Termijn:
    """Six weeks for beroep at the rechtbank after the beslissing op bezwaar was sent."""
    return _termijn(
        "beroepstermijn",
        f"{duur(BEROEPSTERMIJN)} na de datum van de beslissing op uw bezwaar "
        f"({datum_kort(beslissing_op_bezwaar_verzonden)})",
        "Awb art. 6:7, 6:8, 6:11 en 8:1",
        beslissing_op_bezwaar_verzonden, BEROEPSTERMIJN, vandaag,
        "U kunt tot en met {laatste_dag} beroep instellen bij de rechtbank.",
        TE_LAAT_MAAR.format(wat="beroep instellen", wie="de rechtbank", wat_kort="beroep"),
        regel_zin="Beroep instellen kan tot {regel}.",
    )


def hoger_beroep_termijn(uitspraak_verzonden: date, vandaag: date) -> Termijn:
    """Six weeks for hoger beroep at the Centrale Raad van Beroep after the rechtbank's uitspraak was sent."""
    return _termijn(
        "termijn hoger beroep",
        f"{duur(BEROEPSTERMIJN)} na de datum van de uitspraak van de rechtbank ({datum_kort(uitspraak_verzonden)})",
        "Awb art. 6:7, 6:8, 6:11 en 6:24; Bevoegdheidsregeling bestuursrechtspraak art. 10",
        uitspraak_verzonden, BEROEPSTERMIJN, vandaag,
        "U kunt tot en met {laatste_dag} hoger beroep instellen bij de Centrale Raad van Beroep.",
        TE_LAAT_MAAR.format(wat="hoger beroep instellen", wie="de Centrale Raad van Beroep", wat_kort="hoger beroep"),
        regel_zin="Hoger beroep instellen kan tot {regel}.",
    )


# --- Wmo procedure (Wmo 2015 art. 2.3.2 and 2.3.5) ----------------------------------------------------------

def plantermijn(melding: date, vandaag: date) -> Termijn:
    """Seven days after the melding to hand in a persoonlijk plan."""
    return _termijn(
        "plantermijn",
        f"{duur(PLANTERMIJN)} na uw melding ({datum_kort(melding)})",
        "Wmo 2015 art. 2.3.2 lid 2",
        melding, PLANTERMIJN, vandaag,
        "U kunt uw persoonlijk plan sturen tot en met {laatste_dag}. De gemeente gebruikt uw plan dan bij het "
        "onderzoek naar wat u nodig heeft.",
        "Na die dag hoeft de gemeente niet meer op uw plan te wachten. U kunt uw plan wel nog sturen of meenemen "
        "naar het gesprek met de gemeente.",
        regel_zin="Uw persoonlijk plan kunt u sturen tot {regel}.",
    )


def onderzoekstermijn(melding: date, vandaag: date) -> Termijn:
    """Six weeks after the melding for the gemeente's onderzoek (the keukentafelgesprek)."""
    return _termijn(
        "onderzoekstermijn",
        f"{duur(ONDERZOEKSTERMIJN)} na uw melding ({datum_kort(melding)})",
        "Wmo 2015 art. 2.3.2 lid 1 en lid 9",
        melding, ONDERZOEKSTERMIJN, vandaag,
        "De gemeente moet het onderzoek uiterlijk op {laatste_dag} klaar hebben.",
        "Is het onderzoek nog niet klaar? Dan mag u nu zelf een aanvraag doen. De gemeente moet daarna binnen "
        f"{duur(BESCHIKKINGSTERMIJN)} beslissen. Voor een te laat onderzoek krijgt u geen dwangsom: een melding is "
        "nog geen aanvraag.",
        regel_zin="De gemeente moet het onderzoek doen binnen {regel}.",
    )


def beschikkingstermijn(aanvraag: date, vandaag: date) -> Termijn:
    """Two weeks after the aanvraag for the beschikking (unless the gemeente announced a later date, Awb 4:14)."""
    return _termijn(
        "beslistermijn aanvraag",
        f"{duur(BESCHIKKINGSTERMIJN)} na uw aanvraag ({datum_kort(aanvraag)})",
        "Wmo 2015 art. 2.3.5 lid 2; Awb art. 4:14, 4:17 en 6:12",
        aanvraag, BESCHIKKINGSTERMIJN, vandaag,
        "De gemeente moet uiterlijk op {laatste_dag} beslissen op uw aanvraag. Heeft de gemeente u geschreven "
        "dat het later wordt? Dan geldt die latere datum.",
        te_laat_beschikking(),
        regel_zin="De gemeente moet beslissen binnen {regel}.",
    )


def te_laat_beschikking() -> str:
    """What a person can do when the gemeente decides too late on an aanvraag (Awb 4:17, 6:12)."""
    first_days, first_amount = DWANGSOM_TRAPPEN[0]
    return (
        "Heeft u nog geen beslissing? Stuur de gemeente dan een brief dat zij te laat is (een ingebrekestelling). "
        f"Beslist de gemeente daarna binnen {duur(INGEBREKESTELLING_WACHTTIJD)} nog steeds niet? Dan moet de "
        "gemeente u een dwangsom "
        f"betalen: de eerste {first_days} dagen {bedrag(first_amount)} per dag, daarna meer, samen hoogstens "
        f"{bedrag(DWANGSOM_MAXIMUM)} over {DWANGSOM_MAX_DAGEN} dagen. U kunt dan ook beroep instellen bij de "
        "rechtbank."
    )
