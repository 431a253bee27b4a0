"""A kind of help named on its own, out of the blue ("traplift", "een rolstoel"): what does the inwoner want to know?

Right after a tarief answer the same message goes to the calculator instead (data/rules/termijnen.yml): "en voor een
traplift?" asks what that help costs. Here, without such a question before it, the bot does not guess: it names the
help back and offers the questions people ask about it, the costs with the help already filled in.
"""

import json
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.buttons import PERSON
from actions.tarief_berekening import voorziening_in

NIET_HERKEND = "Over welke hulp wilt u iets weten? En wat wilt u weten: of u het kunt krijgen, of wat het kost?"


def typed_name(message: Dict[Text, Any]) -> Optional[Text]:
    """The help as the inwoner typed it ("traplift"), not the name it is filed under ("hulpmiddel")."""
    text = message.get("text") or ""
    for entity in message.get("entities") or []:
        if entity.get("entity") == "voorziening":
            start, end = entity.get("start"), entity.get("end")
            typed = text[start:end] if isinstance(start, int) and isinstance(end, int) else ""
            return (typed or str(entity.get("value") or "")).strip() or None
    return None


def buttons(voorziening: Optional[Text]) -> List[Dict[Text, Text]]:
    kosten = "/tarief_berekenen" + (json.dumps({"voorziening": voorziening}) if voorziening else "")
    return [
        {"title": "Kan ik het krijgen?", "payload": "/toegang_check"},
        {"title": "Wat kost het?", "payload": kosten},
        {"title": "Hoe vraag ik het aan?", "payload": "/melding_doen"},
        PERSON,
    ]


class ActionOverVoorziening(Action):
    def name(self) -> Text:
        return "action_over_voorziening"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        message = tracker.latest_message
        name = typed_name(message)
        text = f"U noemt: {name}. Wat wilt u daarover weten?" if name else NIET_HERKEND
        dispatcher.utter_message(text=text, buttons=buttons(voorziening_in(message)))
        return []
