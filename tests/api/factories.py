"""Invented inwoners and plans for the API tests (no real personal data)."""

import copy
from datetime import datetime, timezone


def melding_body(**overrides) -> dict:
    body = {
        "gemeente": "voorbeeldstad",
        "inwoner": {
            "naam": "Truus Jansen-Bakker",
            "adres": "Lindelaan 12",
            "postcode": "9999 ZZ",
            "woonplaats": "Voorbeeldstad",
            "telefoon": "06 12345678",
            "email": "truus.jansen@voorbeeld.example",
        },
        "hulpvraag": "Sinds mijn val kan ik niet meer zelf douchen.\nDe trap naar boven lukt niet meer.",
        "levensgebieden": ["wonen", "persoonlijke_verzorging"],
        "toestemming": {"gegeven": True, "moment": datetime.now(timezone.utc).isoformat()},
    }
    body.update(copy.deepcopy(overrides))
    return body


def plan_body(**overrides) -> dict:
    body = {
        "wie_ben_ik": "Ik ben Truus, 81 jaar. Ik woon alleen sinds mijn man is overleden.",
        "knelpunten": {
            "wonen": "De trap naar de badkamer is te zwaar.",
            "persoonlijke_verzorging": "Douchen lukt niet meer zonder hulp.",
            "sociale_contacten": "Ik kom weinig buiten.",
        },
        "wat_kan_ik_zelf": "Ik kan zelf koken en de krant lezen.",
        "wat_doet_mijn_netwerk": "Mijn dochter doet de boodschappen op zaterdag.",
        "algemene_voorzieningen": "Ik eet op dinsdag mee in het wijkcentrum.",
        "ondersteuningsvraag": "Hulp bij het douchen en een oplossing voor de trap.",
        "gewenste_vorm": {"vorm": "natura", "toelichting": "Ik wil niet zelf zorgverleners zoeken."},
        "opgesteld_door": "inwoner",
    }
    body.update(copy.deepcopy(overrides))
    return body
