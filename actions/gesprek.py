"""The chat so far, as an employee of the loket reads it with a terugbelverzoek (and, later, a handover).

Taken from the tracker's events of this session: what the inwoner typed and what the assistent answered, oldest
first, up to the message that asked for a person. A BSN, IBAN or phone number in it is masked (wmo/masking.py), the
same as in the stored conversation. A button the inwoner pressed is shown by its title ("Iemand spreken"), not by
its payload ("/contact_person"). The gemeente API takes at most MAX_REGELS lines of MAX_TEKST characters: the newest
are kept.
"""

from datetime import datetime, timezone
from typing import Any, Dict, Iterable, List, Optional, Text

from actions.formulier import MAX_TEKST
from wmo.masking import mask_personal_numbers

MAX_REGELS = 200
INWONER = "inwoner"
ASSISTENT = "assistent"


def _moment(event: Dict[Text, Any]) -> Text:
    stamp = event.get("timestamp") or datetime.now(timezone.utc).timestamp()
    return datetime.fromtimestamp(float(stamp), timezone.utc).isoformat(timespec="seconds")


def _button_title(payload: Text, last_buttons: List[Dict[Text, Any]]) -> Optional[Text]:
    for button in last_buttons:
        if button.get("payload") == payload:
            return str(button.get("title") or "")
    return None


def _this_session(events: Iterable[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    kept: List[Dict[Text, Any]] = []
    for event in events:
        if event.get("event") == "session_started":
            kept = []
        else:
            kept.append(event)
    return kept


def gesprek_tot_nu(events: Iterable[Dict[Text, Any]], tot_form: Optional[Text] = None) -> List[Dict[Text, Text]]:
    """The lines {van, tekst, moment} of this session; with `tot_form`, only what came before the message that
    started that form (its own questions and answers are in the request itself)."""
    session = _this_session(events)
    if tot_form:
        start = max((i for i, e in enumerate(session)
                     if e.get("event") == "active_loop" and e.get("name") == tot_form), default=None)
        if start is not None:
            asked = max((i for i, e in enumerate(session[:start]) if e.get("event") == "user"), default=start)
            session = session[:asked]
    regels: List[Dict[Text, Text]] = []
    last_buttons: List[Dict[Text, Any]] = []
    for event in session:
        kind = event.get("event")
        text = str(event.get("text") or "").strip()
        if kind == "bot":
            last_buttons = list((event.get("data") or {}).get("buttons") or [])
            if text:
                regels.append({"van": ASSISTENT, "tekst": text, "moment": _moment(event)})
        elif kind == "user" and text:
            if text.startswith("/"):
                text = _button_title(text, last_buttons) or ""
                if not text:
                    continue  # a payload no button of the assistent offered: nothing the inwoner read or typed
                text = f"[knop] {text}"
            regels.append({"van": INWONER, "tekst": text, "moment": _moment(event)})
    return [{**regel, "tekst": mask_personal_numbers(regel["tekst"])[:MAX_TEKST]} for regel in regels[-MAX_REGELS:]]
