"""The facts that explanations say, as slot values: lengths of terms and amounts from wmo/, addresses from config.

action_session_start puts them in slots, so an explanation (utter_uitleg/...) can say "binnen {plantermijn_duur}"
while the number itself lives in wmo/ (one fact, one home). They depend on the day (the AOW-leeftijd, the tarief
of this year), and a session lasts an hour at most, so they are set again at the start of every session.
"""

from datetime import date
from typing import Dict, Text

from wmo import gemeente, tarief, termijnen
from wmo.kalender import bedrag


def aow_leeftijd_tekst(year: int) -> Text:
    row = tarief.aow_leeftijd(year)
    return str(row) if row is not None else "de AOW-leeftijd"


def tarief_tekst(config: gemeente.Gemeente, vandaag: date) -> Text:
    """What a household pays at most per month this year: the legal maximum, or the gemeente's lower amount."""
    t = tarief.abonnementstarief(vandaag)
    if t.bedrag is None:
        return "het bedrag dat het CAK bekendmaakt"
    eigen = gemeente.tarief_keuzes(config).abonnementstarief
    amount = t.bedrag if eigen is None or eigen >= t.bedrag else eigen
    return f"hoogstens {bedrag(amount)} per {t.per}"


def feiten_slots(config: gemeente.Gemeente, vandaag: date) -> Dict[Text, Text]:
    return {
        "plantermijn_duur": termijnen.duur(termijnen.PLANTERMIJN),
        "onderzoekstermijn_duur": termijnen.duur(termijnen.ONDERZOEKSTERMIJN),
        "beschikkingstermijn_duur": termijnen.duur(termijnen.BESCHIKKINGSTERMIJN),
        "bezwaartermijn_duur": termijnen.duur(termijnen.BEZWAARTERMIJN),
        "beroepstermijn_duur": termijnen.duur(termijnen.BEROEPSTERMIJN),
        "beslistermijn_bezwaar_duur": termijnen.duur(
            termijnen.beslistermijn_bezwaar_duur(config.bezwaar.adviescommissie)),
        "verdaging_duur": termijnen.duur(termijnen.VERDAGING),
        "verslag_praktijk": f"{termijnen.getal(termijnen.VERSLAG_WERKDAGEN_PRAKTIJK)} werkdagen",
        "dwangsom_uitleg": termijnen.te_laat_beschikking(),
        "aow_leeftijd": aow_leeftijd_tekst(vandaag.year),
        "tarief_dit_jaar": tarief_tekst(config, vandaag),
        "bijdrage_inkomen": tarief.inkomen_uitleg(vandaag),
        "bezwaar_gericht_aan": config.bezwaar.gericht_aan,
        "bezwaar_postadres": config.bezwaar.postadres,
        "bezwaar_online": config.bezwaar.online,
    }
