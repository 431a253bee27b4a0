"""One conversation of the Rasa tracker store read for the review page and the dashboard (issue 28): what happened
in it (`samenvatting`) and its turns, each message of the inwoner with what the bot understood and answered
(`beurten`). Pure functions over Rasa's serialised events, in order; no database, no HTTP.

What counts:
- a message of the inwoner: a `user` event, typed or a button, except the "/greet" the widget sends itself when
  it opens;
- "Bedoelt u ...?" and "not understood": the messages of actions/fallback.py, which it marks in the bot event's
  metadata (`soort`: bedoelt_u, niet_begrepen, twee_keer), and Rasa's own action_default_fallback;
- a form stopped halfway: ended by "stop" (action_deactivate_loop), or still asking at the conversation's last event;
- a topic: the intent of a question asked outside a form (`uitleg/<answer>` for an explanation), not the small
  talk of BASIS;
- a melding, plan or terugbelverzoek sent: the inwoner agreed to send it (slot melding_akkoord, plan_akkoord,
  terugbel_akkoord "ja"); from then on the outbox delivers it (actions/outbox.py); a handover: slot overdracht_id
  (actions/overdragen.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Dict, Iterable, List, Optional

from wmo.masking import mask_personal_numbers

FALLBACK_INTENT = "nlu_fallback"
WIDGET_OPENS = "/greet"
# conversation, not a question: never a topic of the dashboard
BASIS = frozenset({"greet", "goodbye", "thanks", "affirm", "deny", "weet_niet", "geef_datum", "stop", "deelt_bsn",
                   "voor_wie", "noemt_voorziening", FALLBACK_INTENT})
NAAR_EEN_MENS = frozenset({"contact_person", "terugbelverzoek"})
BEDOELT_U = "bedoelt_u"
NIET_BEGREPEN = frozenset({"niet_begrepen", "twee_keer"})
AGREED = "ja"  # actions/melding.py: JA
SENT = {"melding_akkoord": "melding", "plan_akkoord": "plan", "terugbel_akkoord": "terugbelverzoek"}


def moment(timestamp: Optional[float]) -> datetime:
    return datetime.fromtimestamp(timestamp or 0, tz=timezone.utc)


def answer_key(parse_data: Dict[str, Any]) -> Optional[str]:
    """The intent as the bot used it: "uitleg/procedure" for an explanation (the answer the classifier chose, filed
    where Rasa's ResponseSelector files it), else the intent's name."""
    intent = (parse_data.get("intent") or {}).get("name")
    if intent == "uitleg":
        selectors = parse_data.get("response_selector") or {}
        selector = selectors.get(intent) or selectors.get("default") or {}
        key = (selector.get("response") or {}).get("intent_response_key")
        return key or intent
    return intent


@dataclass
class Beurt:
    """A message of the inwoner and the bot's answer to it."""

    bericht_id: str
    moment: datetime
    tekst: str  # masked
    intent: Optional[str]  # as the bot used it: uitleg/<answer> for an explanation
    zekerheid: Optional[float]
    in_formulier: Optional[str]  # the form that was asking, if any
    antwoorden: List[str] = field(default_factory=list)  # masked
    soort: Optional[str] = None  # bedoelt_u, niet_begrepen, twee_keer


@dataclass
class Samenvatting:
    gemeente: Optional[str] = None
    begonnen_op: Optional[datetime] = None
    laatste_op: Optional[datetime] = None
    berichten: int = 0
    bedoelt_u: int = 0
    niet_begrepen: int = 0
    overdracht_gevraagd: bool = False
    overgedragen: bool = False
    terugbelverzoek: bool = False
    formulier_gestopt: bool = False
    melding: bool = False
    plan: bool = False
    onderwerpen: List[str] = field(default_factory=list)
    niet_begrepen_teksten: List[str] = field(default_factory=list)


def _is_inwoner(event: Dict[str, Any]) -> bool:
    return event.get("event") == "user" and (event.get("text") or "").strip() != WIDGET_OPENS


def beurten(events: Iterable[Dict[str, Any]]) -> List[Beurt]:
    """The conversation as turns; bot messages before the first message of the inwoner (the welcome) are left out."""
    found: List[Beurt] = []
    form: Optional[str] = None
    for event in events:
        kind = event.get("event")
        if kind == "active_loop":
            form = event.get("name")
        elif _is_inwoner(event):
            parse_data = event.get("parse_data") or {}
            found.append(Beurt(
                bericht_id=event.get("message_id") or "", moment=moment(event.get("timestamp")),
                tekst=mask_personal_numbers(event.get("text") or ""), intent=answer_key(parse_data),
                zekerheid=(parse_data.get("intent") or {}).get("confidence"), in_formulier=form))
        elif kind == "bot" and found:
            if event.get("text"):
                found[-1].antwoorden.append(mask_personal_numbers(event["text"]))
            soort = (event.get("metadata") or {}).get("soort")
            if soort:
                found[-1].soort = soort
        elif kind == "action" and event.get("name") == "action_default_fallback" and found:
            found[-1].soort = found[-1].soort or "niet_begrepen"
    return found


def samenvatting(events: List[Dict[str, Any]]) -> Samenvatting:
    s = Samenvatting()
    form: Optional[str] = None
    stopping = False
    last_text = ""
    for event in events:
        kind = event.get("event")
        when = event.get("timestamp")
        if when is not None:
            s.begonnen_op = s.begonnen_op or moment(when)
            s.laatste_op = moment(when)
        if _is_inwoner(event):
            s.berichten += 1
            parse_data = event.get("parse_data") or {}
            intent = (parse_data.get("intent") or {}).get("name")
            last_text = mask_personal_numbers(event.get("text") or "")
            s.gemeente = s.gemeente or (event.get("metadata") or {}).get("gemeente")
            if intent in NAAR_EEN_MENS:
                s.overdracht_gevraagd = True
            if form is None and intent and intent not in BASIS:
                s.onderwerpen.append(answer_key(parse_data))
        elif kind == "bot":
            soort = (event.get("metadata") or {}).get("soort")
            if soort == BEDOELT_U:
                s.bedoelt_u += 1
            elif soort in NIET_BEGREPEN:
                s.niet_begrepen += 1
                s.niet_begrepen_teksten.append(last_text)
        elif kind == "action":
            name = event.get("name")
            if name == "action_default_fallback":
                s.niet_begrepen += 1
                s.niet_begrepen_teksten.append(last_text)
            stopping = name == "action_deactivate_loop"
        elif kind == "active_loop":
            if event.get("name"):
                form = event["name"]
            else:
                s.formulier_gestopt = s.formulier_gestopt or (form is not None and stopping)
                form = None
        elif kind == "slot":
            name, value = event.get("name"), event.get("value")
            if value in (None, ""):
                continue
            if name == "gemeente":
                s.gemeente = value if isinstance(value, str) else s.gemeente
            elif name == "overdracht_id":
                s.overgedragen = True
            elif name in SENT and value == AGREED:
                setattr(s, SENT[name], True)
    if form is not None:
        s.formulier_gestopt = True  # left while the form was asking
    return s
