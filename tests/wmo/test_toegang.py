"""Toegang: which route a request takes, and why."""

import pytest

from wmo.toegang import Antwoorden, Hulp, Route, beoordeel_toegang


@pytest.mark.parametrize(
    "antwoorden, route, says",
    [
        (Antwoorden(True, 78, Hulp.HUISHOUDEN), Route.MELDING, "U kunt een melding doen"),
        (Antwoorden(False, 78, Hulp.HUISHOUDEN), Route.ANDERE_GEMEENTE, "gemeente waar u woont"),
        (Antwoorden(False, 35, Hulp.BESCHERMD_WONEN_OPVANG), Route.MELDING, "bij elke gemeente"),
        (Antwoorden(True, 40, Hulp.BEGELEIDING, rechtmatig_verblijf=False), Route.GEEN_INGEZETENE,
         "geldige verblijfsvergunning"),
        (Antwoorden(True, 12, Hulp.BEGELEIDING), Route.JEUGDWET, "Jeugdwet"),
        (Antwoorden(True, 12, Hulp.WONINGAANPASSING), Route.MELDING, "woningaanpassing voor een kind"),
        (Antwoorden(True, 85, Hulp.HUISHOUDEN, wlz_indicatie=True), Route.WLZ, "zorgkantoor"),
        (Antwoorden(True, 85, Hulp.HULPMIDDEL, wlz_indicatie=True), Route.MELDING, "Wlz-indicatie, maar u woont thuis"),
        (Antwoorden(True, 85, Hulp.WONINGAANPASSING, wlz_indicatie=True), Route.MELDING, "woont thuis"),
        (Antwoorden(True, 85, Hulp.HULPMIDDEL, wlz_indicatie=True, woont_thuis=False), Route.WLZ, "Wet langdurige zorg"),
        (Antwoorden(True, 70, Hulp.PERSOONLIJKE_VERZORGING), Route.ZVW, "wijkverpleging"),
        (Antwoorden(True, 70, Hulp.HUISHOUDEN, zelf_of_netwerk_lost_het_op=True), Route.EERST_ZELF_EN_NETWERK,
         "U mag altijd toch een melding doen"),
        (Antwoorden(True, 70, Hulp.HUISHOUDEN, zelf_of_netwerk_lost_het_op=False), Route.MELDING, "melding"),
    ],
)
def test_routes(antwoorden, route, says):
    uitkomst = beoordeel_toegang(antwoorden)
    assert uitkomst.route is route
    assert says in uitkomst.uitleg
    assert uitkomst.volgende_stap and uitkomst.artikelen


def test_the_order_of_the_law_is_explained_with_a_melding():
    uitkomst = beoordeel_toegang(Antwoorden(True, 78, Hulp.HUISHOUDEN))
    assert "De gemeente kijkt eerst wat u zelf kunt." in uitkomst.uitleg


@pytest.mark.parametrize("hulp", list(Hulp))
def test_urgency_is_always_mentioned_when_urgent(hulp):
    uitkomst = beoordeel_toegang(Antwoorden(True, 50, hulp, spoed=True))
    if uitkomst.route is not Route.GEEN_INGEZETENE:
        assert "tijdelijke hulp" in uitkomst.uitleg
    assert uitkomst.spoed
