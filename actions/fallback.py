"""When the bot is not sure what was meant: "Bedoelt u ...?" with the two most likely questions as buttons.

The FallbackClassifier predicts `nlu_fallback` when the best intent is below its threshold, or when the two best
are too close (ambiguity_threshold); both were tuned on the held-out set (bench/nlu_fallback.py). The ranking it
leaves in the message still says which intents came close; this action offers the two best that a person can
choose as a question. For the retrieval intent `uitleg` the intent classifier also says which explanation.

Each message says which kind it is (`soort`: bedoelt_u, niet_begrepen, twee_keer). Rasa keeps that in the bot
event's metadata, not sent to the widget; the review pages and the dashboard count them (api/gesprekken.py).
"""

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.buttons import PERSON

# intent (or uitleg/<key>) → (button title, payload). Retrieval buttons send a training sentence, because Rasa 3.6
# does not parse "/uitleg/<key>" payloads.
CHOICES: Dict[Text, Tuple[Text, Text]] = {
    "bezwaartermijn": ("Tot wanneer kan ik bezwaar maken?", "/bezwaartermijn"),
    "plantermijn": ("Tot wanneer kan ik mijn plan sturen?", "/plantermijn"),
    "abonnementstarief": ("Wat moet ik betalen?", "/abonnementstarief"),
    "hulpvraag": ("Ik heb hulp nodig", "/hulpvraag"),
    "contact_person": ("Ik wil iemand spreken", "/contact_person"),
    "help": ("Waarmee kunt u mij helpen?", "/help"),
    "bot_challenge": ("Bent u een mens?", "/bot_challenge"),
    "uitleg/wat_is_wmo": ("Wat is de Wmo?", "Wat is de Wmo?"),
    "uitleg/soorten_voorzieningen": ("Welke hulp is er?", "Welke hulp is er?"),
    "uitleg/algemene_voorzieningen": ("Wat is een algemene voorziening?", "Wat is een algemene voorziening?"),
    "uitleg/maatwerkvoorzieningen": ("Wat is een maatwerkvoorziening?", "Wat is een maatwerkvoorziening?"),
    "uitleg/vervoersvoorzieningen": ("Welke hulp is er voor vervoer?", "Welke vervoersvoorzieningen zijn er?"),
    "uitleg/keukentafelgesprek": ("Wat is een keukentafelgesprek?", "Wat is een keukentafelgesprek?"),
    "uitleg/clientondersteuning": ("Wie helpt mij gratis?", "Wat is cliëntondersteuning?"),
    "uitleg/pgb_natura": ("Pgb of zorg in natura?", "Wat is het verschil tussen pgb en zorg in natura?"),
    "uitleg/zelf_kopen": ("Mag ik zelf al iets kopen?", "Mag ik zelf al iets kopen?"),
    "tarief_berekenen": ("Wat betaal ik zelf?", "/tarief_berekenen"),
    "bezwaarschrift_maken": ("Maak een brief voor mijn bezwaar", "/bezwaarschrift_maken"),
    "uitleg/tarief_waarvoor": ("Waarvoor betaal ik?", "Waarvoor betaal ik het abonnementstarief?"),
    "uitleg/tarief_vrijstelling": ("Wanneer betaal ik niets?", "Wanneer hoef ik niets te betalen?"),
    "uitleg/tarief_cak": ("Wie stuurt de rekening?", "Wie stuurt de rekening van de eigen bijdrage?"),
    "uitleg/bezwaarschrift_inhoud": ("Wat zet ik in mijn bezwaar?", "Wat moet er in een bezwaarschrift staan?"),
    "uitleg/bezwaar_indienen": ("Waar stuur ik mijn bezwaar heen?", "Waar stuur ik mijn bezwaar naartoe?"),
    "uitleg/beslistermijn_bezwaar": ("Hoe lang duurt een bezwaar?", "Hoe lang duurt een bezwaar?"),
    "uitleg/beroep": ("Mijn bezwaar is afgewezen", "Wat kan ik doen als mijn bezwaar is afgewezen?"),
    "uitleg/bezwaar_te_laat": ("Ik ben te laat met bezwaar", "Ik ben te laat met mijn bezwaar, wat nu?"),
    "uitleg/procedure": ("Hoe gaat een aanvraag?", "Hoe gaat een Wmo-aanvraag?"),
    "uitleg/verslag": ("Het verslag van het gesprek", "Wanneer krijg ik het verslag van het gesprek?"),
    "uitleg/medisch_advies": ("Wat is een medisch advies?", "Wat is een medisch advies?"),
    "uitleg/inlichtingenplicht": ("Wat moet ik vertellen?", "Moet ik alles vertellen aan de gemeente?"),
    "uitleg/wlz": ("Wmo of Wlz?", "Wat is het verschil tussen de Wmo en de Wlz?"),
    "uitleg/jeugdwet": ("Hulp voor een kind", "Mijn kind heeft hulp nodig, is dat Wmo?"),
    "uitleg/gemeente_te_laat": ("De gemeente is te laat", "Wat kan ik doen als de gemeente te laat is?"),
    "uitleg/klacht_aanbieder": ("Ik heb een klacht over de hulp", "hoe dien ik een klacht in over mijn zorgverlener"),
    "uitleg/spoed": ("Ik heb dringend hulp nodig", "ik heb dringend hulp nodig"),
    "uitleg/welke_gemeente": ("Bij welke gemeente moet ik zijn?", "bij welke gemeente moet ik de wmo aanvragen"),
    "uitleg/kosten_hulpmiddel": ("Wat kost een hulpmiddel?", "is er een eigen bijdrage voor hulpmiddelen"),
    "uitleg/bijdrage_inkomen": ("Hangt het af van mijn inkomen?", "hangt de eigen bijdrage af van mijn inkomen"),
    "uitleg/pgb_plichten": ("Waar let ik op bij een pgb?", "waar moet ik op letten bij een pgb"),
    "uitleg/eigen_netwerk_eerst": ("Waarom eerst mijn familie?", "waarom vraagt de gemeente naar mijn familie"),
}

BEDOELT_U = "Ik weet niet zeker wat u bedoelt. Bedoelt u een van deze vragen? Of zeg het met andere woorden."
NIET_BEGREPEN = ("Ik begreep u niet helemaal. Wilt u het nog eens zeggen, met andere woorden? "
                 "U kunt ook een onderwerp kiezen.")
TOPIC_BUTTONS = [{"title": "Wat is de Wmo?", "payload": "Wat is de Wmo?"},
                 {"title": "Welke hulp is er?", "payload": "Welke hulp is er?"}, PERSON]


def retrieval_key(message: Dict[Text, Any], intent: Text = "uitleg") -> Optional[Text]:
    """"uitleg/procedure": the answer the NLU chose. bot/linear_intent_classifier.py files it under the intent's name;
    Rasa's own ResponseSelector, without a retrieval_intent setting, under "default"."""
    selectors = message.get("response_selector") or {}
    selector = selectors.get(intent) or selectors.get("default") or {}
    response = selector.get("response") or {}
    return response.get("intent_response_key")


def likely_choices(message: Dict[Text, Any], most: int = 2) -> List[Text]:
    """The keys of CHOICES for the best intents of the message, best first, without nlu_fallback."""
    found: List[Text] = []
    for ranked in message.get("intent_ranking") or []:
        name = ranked.get("name")
        key = retrieval_key(message, name) if name == "uitleg" else name
        if key in CHOICES and key not in found:
            found.append(key)
        if len(found) == most:
            break
    return found


TWEE_KEER = ("Het lukt mij niet goed om u te begrijpen. Dat spijt me. Een medewerker van de gemeente kan u "
             "beter helpen. Kies 'Iemand spreken'. Of zeg het nog eens met andere woorden.")


def twice_in_a_row(events: List[Dict[Text, Any]]) -> bool:
    """True when the message before the latest one was not understood either (issue 27: then a person)."""
    users = [e for e in events if e.get("event") == "user"]
    if len(users) < 2:
        return False
    before = (users[-2].get("parse_data") or {}).get("intent") or {}
    return before.get("name") == "nlu_fallback"


class ActionBedoeltU(Action):
    def name(self) -> Text:
        return "action_bedoelt_u"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        if twice_in_a_row(list(tracker.events)):
            # a person first: in the chat hours "Iemand spreken" offers a chat with an employee (actions/overdragen.py)
            choices = [key for key in likely_choices(tracker.latest_message or {}) if key != "contact_person"]
            dispatcher.utter_message(text=TWEE_KEER, buttons=[
                PERSON, *({"title": CHOICES[key][0], "payload": CHOICES[key][1]} for key in choices)],
                soort="twee_keer")
            return []
        choices = likely_choices(tracker.latest_message or {})
        if not choices:
            dispatcher.utter_message(text=NIET_BEGREPEN, buttons=TOPIC_BUTTONS, soort="niet_begrepen")
            return []
        buttons = [{"title": CHOICES[key][0], "payload": CHOICES[key][1]} for key in choices]
        if "contact_person" not in choices:
            buttons.append(PERSON)
        dispatcher.utter_message(text=BEDOELT_U, buttons=buttons, soort="bedoelt_u")
        return []
