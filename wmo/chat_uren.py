"""When a person of the loket answers the chat: the gemeente's hours per weekday (config/gemeenten/<slug>.yml,
`chat_met_medewerker`), never on a public holiday (wmo/feestdagen.py). Pure functions on a moment in Dutch time."""

import re
from dataclasses import dataclass
from datetime import datetime, time
from typing import Optional, Tuple
from zoneinfo import ZoneInfo

from wmo.feestdagen import feestdagen

NL = ZoneInfo("Europe/Amsterdam")
DAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
GESLOTEN = "gesloten"
_UREN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")


def uren(value: str) -> Optional[Tuple[time, time]]:
    """'09:00-16:30' → (9:00, 16:30); 'gesloten' → None. Raises ValueError for anything else."""
    tekst = value.strip().lower().replace(" ", "")
    if tekst == GESLOTEN:
        return None
    found = _UREN.match(tekst)
    if not found:
        raise ValueError(f"expected hours such as 09:00-16:30, or {GESLOTEN}, got {value!r}")
    begin, einde = time(int(found.group(1)), int(found.group(2))), time(int(found.group(3)), int(found.group(4)))
    if einde <= begin:
        raise ValueError(f"the end of {value!r} is not after its start")
    return begin, einde


@dataclass(frozen=True)
class ChatUren:
    """Per weekday "09:00-16:30" or "gesloten"; `wachttijd_minuten`: how long an inwoner waits for a person
    before the bot offers a terugbelverzoek instead."""

    maandag: str
    dinsdag: str
    woensdag: str
    donderdag: str
    vrijdag: str
    zaterdag: str
    zondag: str
    wachttijd_minuten: int

    def __post_init__(self) -> None:
        for dag in DAGEN:
            uren(getattr(self, dag))
        if not 1 <= self.wachttijd_minuten <= 60:
            raise ValueError(f"wachttijd_minuten must be 1 to 60, got {self.wachttijd_minuten}")

    def open_op(self, moment: datetime) -> bool:
        """True when a person answers the chat at this moment (a time-zone aware moment)."""
        lokaal = moment.astimezone(NL)
        if lokaal.date() in feestdagen(lokaal.year):
            return False
        vandaag = uren(getattr(self, DAGEN[lokaal.weekday()]))
        return vandaag is not None and vandaag[0] <= lokaal.time() < vandaag[1]
