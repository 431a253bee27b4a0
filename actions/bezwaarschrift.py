"""A draft bezwaarschrift filled with what the person told, to copy or print (Awb 6:5).

The form asks for naam, adres, the date and kenmerk of the beschikking and the reasons; the letter names the
addressee from the gemeente's file (config/gemeenten/) and the last day to send it from wmo.termijnen. A reason can
follow later (pro forma bezwaar, Awb 6:6). After the letter the answers are cleared: the letter itself is the
person's copy.
"""

import re
from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.bezwaar import noemt_alleen_ontvangst, validate_beschikking_datum
from actions.clock import vandaag
from actions.datum_slot import date_from_slot, extract_date_text, says_weet_niet
from actions.formulier import WEET_NIET_BUTTON, AskAction, WmoFormValidation, form_slots
from actions.gemeente_van import gemeente_van, naam_van
from wmo import gemeente, termijnen
from wmo.adres import vind_postcode
from wmo.datums import vind_datum
from wmo.kalender import datum_kort, datum_voluit

ONBEKEND = "onbekend"
LATER = "later"

_WEET_NIET = re.compile(r"^\W*(nee|weet\s+(ik\s+)?(het\s+)?niet|geen\s+idee|onbekend|geen|niet\s+bekend|staat\s+er\s+"
                        r"niet\s+(op|bij)|heb\s+ik\s+niet)\W*$", re.I)
_REDEN_LATER = re.compile(r"\b(later|nog\s+niet|weet\s+(ik\s+)?(het\s+)?nog\s+niet|pro\s*forma)\b", re.I)
_NAAM_PREFIX = re.compile(r"^\s*(mijn\s+naam\s+is|ik\s+heet|ik\s+ben|naam\s*:)\s*", re.I)
_ADRES_PREFIX = re.compile(r"^\s*(mijn\s+adres\s+is|ik\s+woon\s+(op|aan|in)|adres\s*:)\s*", re.I)
_KENMERK_PREFIX = re.compile(r"^\s*(het\s+)?(kenmerk|zaaknummer|nummer)(\s+is|\s*:)?\s*", re.I)
_GEEN_NAAM = re.compile(r"\b(ik|je|jij|u|mijn|wil|wat|hoe|waarom|is|ben|heb|kan|moet|bezwaar|brief|gemeente|"
                        r"weet|niet|stop|hulp|beschikking|gespeld|haar|zijn|zoon|dochter|moeder|vader|cliënt|client|"
                        r"mantelzorger)\b", re.I)
_CORRECTIE = re.compile(r"^\s*(nee|neen|sorry|oeps|foutje|pardon)\b|\b(verkeerd|bedoel|moet\s+zijn|verbeter|"
                        r"klopt\s+niet|was\s+fout)\b", re.I)
_OVER_BRIEF = re.compile(r"\b(brief|beschikking|datum|gedateerd)\b", re.I)
_CORRECTIE_NAAM = re.compile(r"\b(?:mijn\s+naam\s+is|ik\s+heet)\s+(.+)$", re.I)
_CORRECTIE_ADRES = re.compile(r"\b(?:mijn\s+adres\s+is|ik\s+woon\s+(?:op|aan))\s+(.+)$", re.I)
_CORRECTIE_KENMERK = re.compile(r"\b(?:het\s+)?(?:kenmerk|zaaknummer)\s+(?:is\s+|moet\s+zijn\s+)?(\S.*)$", re.I)

NAAM_OPNIEUW = "Ik kon daar geen naam in lezen. Wat is uw voor- en achternaam? Bijvoorbeeld: Anna de Vries."
ADRES_OPNIEUW = "Ik mis de postcode of het huisnummer. Schrijf uw adres zo: Dorpsstraat 4, 1234 AB {gemeente}."
REDEN_OPNIEUW = ("Kunt u iets meer vertellen? Schrijf in een paar zinnen waarom u het niet eens bent met het "
                 "besluit. Weet u de reden nog niet? Typ dan: later.")


def clean_naam(text: Text) -> Optional[Text]:
    naam = re.sub(r"\s+", " ", _NAAM_PREFIX.sub("", text)).strip(" .,!")
    if not 2 <= len(naam) <= 80 or re.search(r"[\d@?/\\<>{}\[\],;:]", naam) or not re.search(r"[^\W\d_]{2}", naam):
        return None
    if _GEEN_NAAM.search(naam) or len(naam.split()) > 6:
        return None  # "ik wil bezwaar maken" is a sentence, not a name
    return naam


def clean_adres(text: Text) -> Optional[Text]:
    adres = re.sub(r"\s+", " ", _ADRES_PREFIX.sub("", text)).strip(" .")
    postcode = vind_postcode(adres)
    if postcode is None or len(adres) > 150:
        return None
    before = re.split(r"[1-9][0-9]{3}\s?[A-Za-z]{2}\b", adres, maxsplit=1)[0]
    if not re.search(r"[^\W\d_]{2}.*\d", before):  # a street and a house number before the postcode
        return None
    return re.sub(r"([1-9][0-9]{3})\s?([A-Za-z]{2})\b", postcode, adres, count=1)


def clean_kenmerk(text: Text) -> Text:
    if _WEET_NIET.match(text):
        return ONBEKEND
    return _KENMERK_PREFIX.sub("", text).strip(" .")[:60] or ONBEKEND


def brief(slots: Dict[Text, Any], today: date, config: gemeente.Gemeente) -> Text:
    """The draft letter, in the words the person gave."""
    verzonden = date_from_slot(slots["beschikking_datum"])
    termijn = termijnen.bezwaartermijn(verzonden, today)
    kenmerk = slots.get("beschikking_kenmerk") or ONBEKEND
    besluit = f"uw beschikking van {datum_kort(verzonden)}" + (
        f", kenmerk {kenmerk}" if kenmerk != ONBEKEND else "")
    reden = slots.get("bezwaar_reden") or LATER
    lines = [
        slots["indiener_naam"],
        slots["indiener_adres"],
        "",
        f"Aan {config.bezwaar.gericht_aan}",
        config.bezwaar.postadres,
        "",
        f"Datum: {datum_kort(today)}",
        f"Betreft: bezwaar tegen {besluit}",
        "",
        "Geachte heer, mevrouw,",
        "",
        f"Ik maak bezwaar tegen {besluit}. Een kopie van de beschikking stuur ik mee.",
    ]
    if reden == LATER:
        lines.append("De redenen van mijn bezwaar stuur ik u later. Ik vraag u mij daarvoor een termijn te geven.")
    else:
        lines += ["Ik ben het niet eens met dit besluit. Dit is de reden:", reden]
    if termijn.verstreken:
        lines += ["", "Ik stuur mijn bezwaar na de termijn. Dat komt doordat: [schrijf hier waarom u te laat bent]"]
    lines += [
        "",
        "Ik vraag u het besluit te veranderen. Ik wil mijn bezwaar graag uitleggen in een gesprek.",
        "",
        "Met vriendelijke groet,",
        "",
        "[uw handtekening]",
        slots["indiener_naam"],
        "",
        "Bijlage: kopie van de beschikking",
    ]
    # Rasa's channels split a text at every blank line into separate messages; the letter stays one message.
    return "\n".join(line for line in lines if line)


def uitleg_na_brief(slots: Dict[Text, Any], today: date, config: gemeente.Gemeente) -> Text:
    """What to do with the letter: check, sign, send where and before when."""
    termijn = termijnen.bezwaartermijn(date_from_slot(slots["beschikking_datum"]), today)
    parts = ["Hierboven staat uw brief. Kopieer of print hem. Lees hem goed na en zet uw handtekening eronder."]
    if (slots.get("beschikking_kenmerk") or ONBEKEND) == ONBEKEND:
        parts.append("Stuur zeker een kopie van de beschikking mee. Dan weet de gemeente over welk besluit het gaat.")
    if (slots.get("bezwaar_reden") or LATER) == LATER:
        parts.append("Stuur de reden later. De gemeente geeft u daar tijd voor.")
    parts.append(f"Stuur de brief naar {config.bezwaar.postadres}. Of maak online bezwaar met DigiD: "
                 f"{config.bezwaar.online}.")
    if termijn.verstreken:
        parts.append(f"De termijn voor bezwaar was tot en met {datum_voluit(termijn.laatste_dag)}. Die is voorbij. "
                     "Schrijf daarom in de brief waarom u te laat bent.")
    else:
        vandaag_al = " Dat is vandaag. Lever de brief vandaag nog in, of maak vandaag online bezwaar." \
            if termijn.laatste_dag == today else ""
        parts.append(f"Uw bezwaar moet uiterlijk op {datum_voluit(termijn.laatste_dag)} binnen zijn.{vandaag_al}")
    return "\n".join(parts)


class ValidateBezwaarschriftForm(WmoFormValidation):
    free_text_slots = frozenset({"indiener_naam", "indiener_adres", "beschikking_kenmerk", "bezwaar_reden"})
    date_slots = frozenset({"beschikking_datum"})

    def name(self) -> Text:
        return "validate_bezwaarschrift_form"

    def correction(self, tracker: Tracker) -> Optional[Dict[Text, Any]]:
        text = tracker.latest_message.get("text") or ""
        requested = tracker.get_slot("requested_slot")
        # A new date counts only with a word of correction and a word about the letter: a reason may hold dates.
        if requested != "beschikking_datum" and tracker.get_slot("beschikking_datum") and _CORRECTIE.search(text):
            found = vind_datum(text, vandaag()) if _OVER_BRIEF.search(text) else None
            if found is not None and found.datum is not None and not noemt_alleen_ontvangst(text):
                return {"beschikking_datum": found.datum.isoformat(),
                        "_wat": f"de datum van de beschikking is {datum_voluit(found.datum)}"}
        checks = (("indiener_naam", _CORRECTIE_NAAM, clean_naam, "uw naam is {}"),
                  ("indiener_adres", _CORRECTIE_ADRES, clean_adres, "uw adres is {}"),
                  ("beschikking_kenmerk", _CORRECTIE_KENMERK, clean_kenmerk, "het kenmerk is {}"))
        # "mijn naam is ...", "mijn adres is ...", "het kenmerk is ...": clear enough on their own in a short
        # message; in a long one (a reason) only after a word of correction.
        if not _CORRECTIE.search(text) and len(text.split()) > 6 and not vind_postcode(text):
            return None
        for slot, pattern, clean, said in checks:
            match = pattern.search(text)
            if requested != slot and tracker.get_slot(slot) and match:
                value = clean(match.group(1))
                if value:
                    return {slot: value, "_wat": said.format(value)}
        return None

    async def extract_indiener_naam(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self.free_text("indiener_naam", tracker)

    async def validate_indiener_naam(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        naam = clean_naam(str(value or ""))
        return {"indiener_naam": naam} if naam else {"indiener_naam": None, "vraag_opnieuw": NAAM_OPNIEUW}

    async def extract_indiener_adres(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self.free_text("indiener_adres", tracker)

    async def validate_indiener_adres(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        adres = clean_adres(str(value or ""))
        if adres:
            return {"indiener_adres": adres}
        return {"indiener_adres": None, "vraag_opnieuw": ADRES_OPNIEUW.format(gemeente=naam_van(tracker))}

    async def extract_beschikking_datum(self, dispatcher, tracker, domain: DomainDict) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != "beschikking_datum":
            return {}  # a date in the first message may be another date; the form asks for this one
        return extract_date_text("beschikking_datum", tracker)

    async def validate_beschikking_datum(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return validate_beschikking_datum(value, tracker)

    async def extract_beschikking_kenmerk(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self.free_text("beschikking_kenmerk", tracker)

    async def validate_beschikking_kenmerk(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if says_weet_niet(tracker):
            return {"beschikking_kenmerk": ONBEKEND}
        return {"beschikking_kenmerk": clean_kenmerk(str(value or ""))}

    async def extract_bezwaar_reden(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self.free_text("bezwaar_reden", tracker)

    async def validate_bezwaar_reden(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        reden = re.sub(r"[ \t]+", " ", str(value or "")).strip()
        if says_weet_niet(tracker) or (_REDEN_LATER.search(reden) and len(reden) < 40):
            return {"bezwaar_reden": LATER}
        if len(re.findall(r"[^\W\d_]+", reden)) < 3:
            return {"bezwaar_reden": None, "vraag_opnieuw": REDEN_OPNIEUW}
        return {"bezwaar_reden": reden[:2000]}


class ActionAskIndienerNaam(AskAction):
    slot = "indiener_naam"

    def question(self, tracker: Tracker) -> Text:
        return ("Ik maak een conceptbrief voor uw bezwaar. Ik stel u vijf korte vragen. Uw antwoorden gebruik ik "
                "alleen voor de brief.\nWat is de naam van degene die bezwaar maakt? Dus de naam die op de "
                "beschikking staat.")


class ActionAskIndienerAdres(AskAction):
    slot = "indiener_adres"

    def question(self, tracker: Tracker) -> Text:
        return f"Wat is het adres? Bijvoorbeeld: Dorpsstraat 4, 1234 AB {naam_van(tracker)}."


class ActionAskBeschikkingKenmerk(AskAction):
    slot = "beschikking_kenmerk"
    buttons = [WEET_NIET_BUTTON]

    def question(self, tracker: Tracker) -> Text:
        return ("Welk kenmerk staat op de beschikking? Soms heet het zaaknummer of ons kenmerk. "
                "Staat het er niet op? Kies dan 'Weet ik niet'.")


class ActionAskBezwaarReden(AskAction):
    slot = "bezwaar_reden"
    buttons = [{"title": "Reden stuur ik later", "payload": "later"}]

    def question(self, tracker: Tracker) -> Text:
        return ("Waarom bent u het niet eens met het besluit? Schrijf het in uw eigen woorden. Bijvoorbeeld: "
                "'Ik kan mijn huis niet meer zelf schoonmaken. Twee uur hulp per week is te weinig.'")


class ActionBezwaarschrift(Action):
    """Sends the draft letter; puts what to do with it in `bezwaarschrift_uitleg`; clears the answers."""

    def name(self) -> Text:
        return "action_bezwaarschrift"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        slots, today, config = tracker.slots, vandaag(), gemeente_van(tracker)
        dispatcher.utter_message(text=brief(slots, today, config))
        return [SlotSet("bezwaarschrift_uitleg", uitleg_na_brief(slots, today, config)),
                *(SlotSet(slot, None) for slot in form_slots(domain, "bezwaarschrift_form"))]
