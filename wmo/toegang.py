"""Toegang: from a few answers to the route a person's request takes, with the reasons in B1 Dutch.

This does not decide eligibility: only the gemeente does, after its onderzoek. It tells a person where to go and
what the gemeente will look at first.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Optional, Tuple


class Hulp(enum.Enum):
    HUISHOUDEN = "hulp in het huishouden"
    PERSOONLIJKE_VERZORGING = "hulp bij wassen en aankleden"
    BEGELEIDING = "begeleiding"
    DAGBESTEDING = "dagbesteding"
    HULPMIDDEL = "een hulpmiddel"
    WONINGAANPASSING = "een woningaanpassing"
    VERVOER = "vervoer"
    RESPIJTZORG = "rust voor de mantelzorger"
    BESCHERMD_WONEN_OPVANG = "beschermd wonen of opvang"
    JEUGDHULP = "hulp voor een kind of jongere"
    ANDERS = "andere hulp"


class Route(enum.Enum):
    MELDING = "melding bij de gemeente"
    EERST_ZELF_EN_NETWERK = "eerst eigen kracht, netwerk en algemene voorzieningen"
    ANDERE_GEMEENTE = "melding bij de gemeente waar u woont"
    JEUGDWET = "jeugdhulp via de Jeugdwet"
    WLZ = "zorg via de Wlz"
    ZVW = "zorg via de zorgverzekering"
    GEEN_INGEZETENE = "geen Wmo: geen ingezetene"


@dataclass(frozen=True)
class Antwoorden:
    woont_in_gemeente: bool
    leeftijd: int
    hulp: Hulp
    rechtmatig_verblijf: bool = True  # Dutch national, or a foreign national with lawful residence
    wlz_indicatie: bool = False
    woont_thuis: bool = True  # not in a Wlz-instelling
    zelf_of_netwerk_lost_het_op: Optional[bool] = None  # can the person, housemates, network, algemene voorz.?
    spoed: bool = False


@dataclass(frozen=True)
class Uitkomst:
    route: Route
    redenen: Tuple[str, ...]  # B1 Dutch, most important first
    artikelen: str
    volgende_stap: str  # B1 Dutch
    spoed: bool

    @property
    def uitleg(self) -> str:
        return " ".join(self.redenen + (self.volgende_stap,))


SPOED = ("Is het dringend? Zeg dat dan meteen. De gemeente moet dan snel beslissen over tijdelijke hulp, nog "
         "voor het onderzoek klaar is.")
VOLGORDE = ("De gemeente kijkt eerst wat u zelf kunt. Dan wat uw huisgenoten, familie, vrienden of buren kunnen "
            "doen. Dan naar hulp die er voor iedereen is, zoals een boodschappendienst. Pas daarna naar hulp die "
            "speciaal voor u is.")


def beoordeel_toegang(a: Antwoorden) -> Uitkomst:
    """The route for these answers. The order of the checks is the order of the law."""
    spoed = (SPOED,) if a.spoed else ()

    if a.hulp is Hulp.BESCHERMD_WONEN_OPVANG:
        return Uitkomst(
            Route.MELDING,
            ("Voor beschermd wonen en opvang kunt u zich melden bij elke gemeente, ook als u daar niet woont.",)
            + spoed,
            "Wmo 2015 art. 1.2.1 en 2.3.1",
            "Meld u bij de gemeente waar u nu bent.", a.spoed)
    if not a.woont_in_gemeente:
        return Uitkomst(
            Route.ANDERE_GEMEENTE,
            ("De Wmo regelt de gemeente waar u woont. Een melding doet u daarom bij uw eigen gemeente.",) + spoed,
            "Wmo 2015 art. 1.2.1 en 2.3.2",
            "Neem contact op met de gemeente waar u ingeschreven staat.", a.spoed)
    if not a.rechtmatig_verblijf:
        return Uitkomst(
            Route.GEEN_INGEZETENE,
            ("De Wmo is voor inwoners met de Nederlandse nationaliteit of met een geldige verblijfsvergunning.",),
            "Wmo 2015 art. 1.2.1; Vreemdelingenwet 2000 art. 8",
            "Vraag de gemeente welke hulp er voor u wel is.", a.spoed)
    if a.leeftijd < 18 and a.hulp is not Hulp.WONINGAANPASSING:
        return Uitkomst(
            Route.JEUGDWET,
            ("Hulp voor kinderen en jongeren onder de 18 jaar regelt de gemeente via de Jeugdwet, niet via de Wmo.",
             "Een woningaanpassing voor een kind valt wel onder de Wmo.") + spoed,
            "Jeugdwet; Wmo 2015 art. 2.1.5",
            "Neem contact op met het jeugdteam of het Centrum voor Jeugd en Gezin van uw gemeente.", a.spoed)
    if a.wlz_indicatie:
        thuis_uitzondering = a.woont_thuis and a.hulp in (Hulp.HULPMIDDEL, Hulp.WONINGAANPASSING)
        if not thuis_uitzondering:
            return Uitkomst(
                Route.WLZ,
                ("U heeft een Wlz-indicatie. Uw zorg komt dan uit de Wet langdurige zorg, via het zorgkantoor. De "
                 "gemeente mag een Wmo-voorziening dan weigeren.",
                 "Woont u thuis? Dan kunt u hulpmiddelen en een woningaanpassing wel bij de gemeente vragen.",
                 "Past de Wlz-zorg niet bij wat u nodig heeft? Vertel dat de gemeente: die moet naar uw situatie "
                 "kijken.") + spoed,
                "Wmo 2015 art. 2.3.5 lid 6 en art. 8.6a; CRvB 2018:1525",
                "Neem contact op met uw zorgkantoor.", a.spoed)
    if a.hulp is Hulp.PERSOONLIJKE_VERZORGING:
        return Uitkomst(
            Route.ZVW,
            ("Hulp bij wassen en aankleden krijgt u meestal via de wijkverpleging. Die betaalt uw zorgverzekeraar. "
             "De gemeente kijkt eerst naar zorg uit de zorgverzekering.",
             "Heeft u daarnaast andere hulp nodig, bijvoorbeeld in het huishouden? Dan kunt u wel een melding doen "
             "bij de gemeente.") + spoed,
            "Wmo 2015 art. 2.3.5 lid 5; Zorgverzekeringswet",
            "Vraag uw huisarts of een wijkverpleegkundige om hulp bij wassen en aankleden.", a.spoed)
    if a.zelf_of_netwerk_lost_het_op:
        return Uitkomst(
            Route.EERST_ZELF_EN_NETWERK,
            ("Het lijkt erop dat u dit zelf kunt regelen. Of met hulp van mensen om u heen, of van een algemene "
             "voorziening.", VOLGORDE, "U mag altijd toch een melding doen.") + spoed,
            "Wmo 2015 art. 2.3.2 lid 4 en 2.3.5 lid 3",
            "Vraag de gemeente welke algemene voorzieningen er bij u in de buurt zijn.", a.spoed)
    redenen = ["U woont in deze gemeente. U kunt een melding doen bij de gemeente.", VOLGORDE]
    if a.wlz_indicatie:
        redenen.insert(1, "U heeft een Wlz-indicatie, maar u woont thuis. Voor hulpmiddelen en woningaanpassingen "
                          "kunt u wel bij de gemeente terecht.")
    if a.leeftijd < 18:
        redenen.insert(1, "Een woningaanpassing voor een kind valt onder de Wmo. De gemeente kan de ouders om een "
                          "bijdrage vragen.")
    return Uitkomst(
        Route.MELDING, tuple(redenen) + spoed,
        "Wmo 2015 art. 2.3.2, 2.3.3 en 2.3.5",
        "Doe een melding. Dan volgt een gesprek met de gemeente over wat u nodig heeft.", a.spoed)
