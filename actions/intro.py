"""What a task in the chat will be like, said once before its first question: how many questions, that nothing is
sent without the person's "ja", and how to stop."""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.gemeente_van import naam_van

INTRO = {
    "toegang_check": "Ik stel u een paar korte vragen. Dan vertel ik waar u terecht kunt. Het is geen besluit: dat "
                     "neemt alleen de gemeente.",
    "melding_doen": "Ik help u een melding te doen bij gemeente {gemeente}. Ik stel u een paar vragen. Aan het "
                    "eind ziet u alles nog een keer. Pas als u 'ja' zegt, stuur ik het naar de gemeente. Wilt u "
                    "stoppen? Typ dan 'stop'.",
    "persoonlijk_plan_maken": "Ik help u een persoonlijk plan te maken. Het plan heeft vijf delen. U schrijft "
                              "alles in uw eigen woorden. Aan het eind ziet u het hele plan. Pas als u 'ja' zegt, "
                              "stuur ik het naar de gemeente. Wilt u stoppen? Typ dan 'stop'.",
    "terugbelverzoek": "Ik vraag vier dingen: uw naam, uw telefoonnummer, wanneer het u uitkomt en waarover u wilt "
                       "praten. Daarna ziet u alles nog een keer. Pas als u 'ja' zegt, stuur ik het naar de gemeente. "
                       "Wilt u stoppen? Typ dan 'stop'.",
}


class ActionIntro(Action):
    def name(self) -> Text:
        return "action_intro"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent in INTRO:
            dispatcher.utter_message(text=INTRO[intent].format(gemeente=naam_van(tracker)))
        return []
