"""What the inwoner reads in the chat widget while a person of the loket has the conversation (issue 27): each
event of the handover (bot/livechat) as a message of the widget. Dutch, B1, "u"; the loket's name from the
gemeente's file."""

from typing import Any, Dict, List, Optional

from bot.livechat import Gebeurtenis, Stand
from wmo.gemeente import Gemeente

BEL_MIJ_TERUG = {"title": "Bel mij terug", "payload": "/terugbelverzoek"}
VERDER = [{"title": "Wat is de Wmo?", "payload": "Wat is de Wmo?"},
          {"title": "Welke hulp is er?", "payload": "Welke hulp is er?"},
          {"title": "Iemand spreken", "payload": "/contact_person"}]
VERVOLG_KNOPPEN = {
    "melding": [{"title": "Melding doen", "payload": "/melding_doen"}, *VERDER[:2]],
    "terugbellen": [BEL_MIJ_TERUG, *VERDER[:2]],
}
VERVOLG_ZIN = {
    "melding": "{naam} vraagt u een melding te doen. Kies 'Melding doen'. Dan help ik u daarbij.",
    "terugbellen": "{naam} vraagt of het {loket} u mag terugbellen. Kies 'Bel mij terug'. Dan vraag ik uw nummer.",
}


def verlopen(config: Gemeente) -> Dict[str, Any]:
    return {"text": "Het is nu niet gelukt om een medewerker voor u te vinden. Sorry dat u moest wachten.\n"
                    f"Wilt u dat het {config.loket.naam} u terugbelt? Kies dan 'Bel mij terug'. Bellen kan ook: "
                    f"{config.loket.telefoon}.",
            "buttons": [BEL_MIJ_TERUG, *VERDER[:2]]}


def bericht(gebeurtenis: Gebeurtenis, stand: Stand, config: Gemeente) -> Optional[Dict[str, Any]]:
    """The widget's message for one event; None for what the inwoner typed (the widget shows it already)."""
    naam = gebeurtenis.naam or stand.medewerker or "De medewerker"
    if gebeurtenis.soort == "bericht":
        if gebeurtenis.van == "inwoner":
            return None
        return {"text": gebeurtenis.tekst, "afzender": f"{naam}, {config.loket.naam}"}
    if gebeurtenis.soort == "genomen":
        return {"text": f"U praat nu met {naam} van het {config.loket.naam}. {naam} leest mee wat u mij schreef. "
                        "U kunt nu uw vraag stellen."}
    if gebeurtenis.soort == "terug":
        return {"text": "De medewerker geeft uw gesprek door aan een collega. U wacht weer even. Blijf in dit "
                        "venster."}
    if gebeurtenis.soort == "beeindigd":
        tekst = f"{naam} heeft het gesprek beëindigd. U praat nu weer met de digitale assistent."
        zin = VERVOLG_ZIN.get(stand.vervolg or "")
        if zin:
            return {"text": f"{tekst}\n{zin.format(naam=naam, loket=config.loket.naam)}",
                    "buttons": VERVOLG_KNOPPEN[stand.vervolg]}
        return {"text": f"{tekst} Waar kan ik u nog mee helpen?", "buttons": VERDER}
    if gebeurtenis.soort == "verlopen":
        return verlopen(config)
    return None


def berichten(gebeurtenissen: List[Gebeurtenis], stand: Stand, config: Gemeente) -> List[Dict[str, Any]]:
    return [found for found in (bericht(g, stand, config) for g in gebeurtenissen) if found]
