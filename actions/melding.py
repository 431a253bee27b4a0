"""The melding (Wmo 2015 art. 2.3.2): the hulpvraag in the person's own words, the levensgebieden, contact
details and optionally who makes it on the person's behalf; then a summary and explicit consent.

Sending is actions/versturen.py's job; this module collects, checks and summarises. Postcode, telefoon and e-mail
are checked with the rules the gemeente API uses (wmo/adres.py, wmo/contact.py), so what the person agrees to is
what the gemeente accepts.
"""

import re
import uuid
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import levensgebieden, namens
from actions.bezwaarschrift import NAAM_OPNIEUW, clean_naam
from actions.formulier import FORM_BUTTONS, AskAction, WmoFormValidation, eigen_woorden, ja_nee, opnieuw
from actions.gemeente_van import naam_van
from wmo.adres import postcode_in, vind_postcode
from wmo.contact import telefoon_leesbaar, vind_email, vind_telefoon

GEEN = "geen"
JA = "ja"

MELDING_SLOTS = ["hulpvraag_tekst", "levensgebieden", "inwoner_naam", "inwoner_adres", "inwoner_postcode",
                 "inwoner_woonplaats", "inwoner_telefoon", "inwoner_email", "melding_akkoord"]

_GEEN = re.compile(r"^\W*(nee,?\s+)?(geen(\s+(telefoon|telefoonnummer|nummer|e-?mail|e-?mailadres|mail))?|nee|"
                   r"heb\s+ik\s+niet|ik\s+heb\s+(er\s+)?geen(\s+\S+)?|liever\s+niet|-|n\.?v\.?t\.?)\W*$", re.I)
_NIET_NODIG = re.compile(r"^\W*(nee,?\s*)?(niet\s+nodig|hoeft\s+niet|dat\s+hoeft\s+niet)\W*$", re.I)
_HUISNUMMER = re.compile(r"[^\W\d_]{2}.*?\s\d+", re.I)
_ADRES_PREFIX = re.compile(r"^\s*((mijn|zijn|haar|het)\s+adres\s+is|(ik\s+)?woon\s+(op|aan|in)|hij\s+woont\s+(op|aan)|"
                           r"zij\s+woont\s+(op|aan)|adres\s*:)\s*", re.I)
_PLAATS = re.compile(r"^[^\W\d_][^\W\d_' .\-]{1,78}$")
_CORRECTIE = re.compile(r"^\s*(nee|neen|sorry|oeps|foutje|pardon)\b|\b(verkeerd|bedoel|moet\s+zijn|verbeter|"
                        r"klopt\s+niet|was\s+fout|aanpassen|veranderen|wijzig)\b", re.I)

HULPVRAAG_OPNIEUW = ("Kunt u iets meer vertellen? Schrijf in een paar zinnen wat niet meer lukt. Bijvoorbeeld: "
                     "'Ik kan niet meer zelf stofzuigen. De trap is ook moeilijk.'")
ADRES_OPNIEUW = "Ik mis de straat of het huisnummer. Schrijf het adres zo: Dorpsstraat 4."
POSTCODE_OPNIEUW = "Die postcode ken ik niet. Een postcode heeft vier cijfers en twee letters. Bijvoorbeeld: 1234 AB."
PLAATS_OPNIEUW = "Ik begreep de woonplaats niet. Schrijf alleen de naam van de plaats. Bijvoorbeeld: {gemeente}."
TELEFOON_OPNIEUW = ("Dat telefoonnummer kan ik niet gebruiken. Een Nederlands nummer heeft 10 cijfers en begint met "
                    "0. Bijvoorbeeld: 06 12345678. Geen telefoon? Kies dan 'Geen telefoon'.")
EMAIL_OPNIEUW = ("Dat e-mailadres kan ik niet gebruiken. Een e-mailadres ziet er zo uit: naam@voorbeeld.nl. "
                 "Geen e-mail? Kies dan 'Geen e-mail'.")
AKKOORD_OPNIEUW = "Kies 'Ja, versturen' als alles klopt. Kies 'Iets aanpassen' als er iets anders moet."
AANPASSEN_VRAAG = ("Wat wilt u aanpassen? Kies een knop. U kunt het ook typen, bijvoorbeeld: 'mijn telefoonnummer "
                   "is 06 12345678'.")

# "Iets aanpassen" in the summary: the part to change, and the slots asked again for it.
AANPASSEN = {
    "Voor wie": ["namens_rol", "namens_naam", "namens_organisatie"],
    "Hulpvraag": ["hulpvraag_tekst"],
    "Onderwerpen": ["levensgebieden"],
    "Naam": ["inwoner_naam"],
    "Adres": ["inwoner_adres", "inwoner_postcode", "inwoner_woonplaats"],
    "Telefoon": ["inwoner_telefoon"],
    "E-mail": ["inwoner_email", "namens_email"],
}
AANPASSEN_BUTTONS = [{"title": label, "payload": label} for label in AANPASSEN]
AKKOORD_BUTTONS = [{"title": "Ja, versturen", "payload": "/affirm"},
                   {"title": "Iets aanpassen", "payload": "Iets aanpassen"}]


def adres_delen(text: Text) -> Dict[Text, Text]:
    """'Dorpsstraat 4, 1234 ab Voorbeeldstad' → adres, postcode, woonplaats; the parts that are there."""
    text = re.sub(r"\s+", " ", _ADRES_PREFIX.sub("", text)).strip(" .,")
    delen: Dict[Text, Text] = {}
    found = postcode_in(text)
    straat = text
    if found:
        postcode, start, end = found
        delen["inwoner_postcode"] = postcode
        straat = text[:start].strip(" ,")
        plaats = text[end:].strip(" ,.")
        if plaats and _PLAATS.match(plaats):
            delen["inwoner_woonplaats"] = plaats
    if _HUISNUMMER.search(straat) and len(straat) <= 150:
        delen["inwoner_adres"] = straat
    return delen


def contact_leesbaar(value: Optional[Text], telefoon: bool) -> Text:
    if not value or value == GEEN:
        return "geen"
    return telefoon_leesbaar(value) if telefoon else value


def samenvatting(slots: Dict[Text, Any], gemeente_naam: Text) -> Text:
    """What the gemeente will receive, in the person's own words, one line per item."""
    rol = slots.get("namens_rol") or namens.ZELF
    lines = [f"Dit stuur ik naar gemeente {gemeente_naam}:",
             f"- Melding voor: {slots.get('inwoner_naam')}",
             f"- Adres: {slots.get('inwoner_adres')}, {slots.get('inwoner_postcode')} "
             f"{slots.get('inwoner_woonplaats')}",
             f"- Telefoon: {contact_leesbaar(slots.get('inwoner_telefoon'), True)}",
             f"- E-mail: {contact_leesbaar(slots.get('inwoner_email'), False)}"]
    if rol != namens.ZELF:
        organisatie = slots.get("namens_organisatie")
        bij = f" bij {organisatie}" if organisatie and organisatie != namens.GEEN_ORGANISATIE else ""
        lines.append(f"- Gedaan door: {slots.get('namens_naam')}, {namens.ROL_NAAM[rol]}{bij}")
        if slots.get("namens_email") and slots.get("namens_email") != GEEN:
            lines.append(f"- Uw e-mail, voor uw eigen bevestiging: {slots.get('namens_email')}")
    lines.append(f"- Gaat over: {levensgebieden.opsomming(slots.get('levensgebieden') or [])}")
    lines.append(f"- Hulpvraag: {slots.get('hulpvraag_tekst')}")
    return "\n".join(lines)


def toestemming_vraag(tracker: Tracker) -> Text:
    return namens.vraag(
        tracker,
        "Klopt alles? En mag ik dit naar de gemeente sturen? De gemeente gebruikt uw gegevens alleen voor uw "
        "hulpvraag.",
        "Klopt alles? Weet {wie} van deze melding? En vindt {wie} het goed dat de gemeente deze gegevens krijgt? "
        "Alleen dan mag ik het versturen.")


def melding_body(slots: Dict[Text, Any], gemeente_slug: Text,
                 plan: Optional[Dict[Text, Any]] = None) -> Dict[Text, Any]:
    """The body of POST /api/v1/meldingen (the gemeente API's MeldingIn), for the conversation's gemeente."""
    def contact(slot: Text) -> Optional[Text]:
        value = slots.get(slot)
        return None if not value or value == GEEN else value

    body: Dict[Text, Any] = {
        "gemeente": gemeente_slug,
        "kanaal": "chat",
        "inwoner": {"naam": slots["inwoner_naam"], "adres": slots["inwoner_adres"],
                    "postcode": slots["inwoner_postcode"], "woonplaats": slots["inwoner_woonplaats"],
                    "telefoon": contact("inwoner_telefoon"), "email": contact("inwoner_email")},
        "hulpvraag": slots["hulpvraag_tekst"],
        "levensgebieden": list(slots.get("levensgebieden") or []),
        "toestemming": {"gegeven": True, "moment": slots["toestemming_moment"]},
    }
    rol = slots.get("namens_rol")
    if rol and rol != namens.ZELF:
        organisatie = slots.get("namens_organisatie")
        body["namens"] = {"naam": slots["namens_naam"], "rol": rol,
                          "organisatie": None if not organisatie or organisatie == namens.GEEN_ORGANISATIE
                          else organisatie}
        if contact("namens_email"):
            body["namens"]["email"] = contact("namens_email")
    if plan is not None:
        body["plan"] = plan
    return body


def contact_correctie(tracker: Tracker) -> Optional[Dict[Text, Any]]:
    """"nee, mijn telefoonnummer is 06 ...", "mijn e-mailadres is ...", "de postcode is ...", "mijn naam is ..."."""
    text = tracker.latest_message.get("text") or ""
    requested = tracker.get_slot("requested_slot")

    def earlier(slot: Text) -> bool:
        return requested != slot and bool(tracker.get_slot(slot))

    if earlier("inwoner_telefoon") and re.search(r"telefoon|nummer|\btel\b|mobiel", text, re.I):
        nummer = vind_telefoon(text)
        if nummer:
            return {"inwoner_telefoon": nummer, "_wat": f"het telefoonnummer is {telefoon_leesbaar(nummer)}"}
    if earlier("inwoner_email") and "@" in text and requested != "namens_email":  # there: their own address
        email = vind_email(text)
        if email:
            return {"inwoner_email": email, "_wat": f"het e-mailadres is {email}"}
    postcode = vind_postcode(text) if earlier("inwoner_postcode") and re.search(r"postcode", text, re.I) else None
    if postcode:
        return {"inwoner_postcode": postcode, "_wat": f"de postcode is {postcode}"}
    adres = re.search(r"\badres\s+(?:is|moet\s+zijn)\s+(.+)$", text, re.I)
    if earlier("inwoner_adres") and adres:
        delen = adres_delen(adres.group(1))
        if "inwoner_adres" in delen:
            wat = ", ".join(delen[k] for k in ("inwoner_adres", "inwoner_postcode", "inwoner_woonplaats")
                            if k in delen)
            return {**delen, "_wat": f"het adres is {wat}"}
    naam = re.search(r"\b(?:naam\s+(?:is|moet\s+zijn)|ik\s+heet)\s+(.+)$", text, re.I)
    if naam and (_CORRECTIE.search(text) or len(text.split()) <= 8):
        van_mij = re.search(r"\bmijn\s+naam|\bik\s+heet", text, re.I)
        slot = "namens_naam" if van_mij and tracker.get_slot("namens_naam") else "inwoner_naam"
        value = clean_naam(naam.group(1))
        if value and earlier(slot):
            return {slot: value, "_wat": f"de naam is {value}"}
    return None


class ValidateMeldingForm(namens.NamensSlots, WmoFormValidation):
    free_text_slots = frozenset(["namens_rol", "namens_naam", "namens_organisatie", "namens_email", *MELDING_SLOTS])

    def name(self) -> Text:
        return "validate_melding_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> List[Text]:
        needed = self.namens_slots(tracker.slots)
        if not tracker.get_slot("namens_rol"):
            return needed
        if tracker.get_slot("namens_rol") == namens.CLIENTONDERSTEUNER:  # their own confirmation, after the client's
            return [*needed, *MELDING_SLOTS[:-1], "namens_email", MELDING_SLOTS[-1]]
        return [*needed, *MELDING_SLOTS]

    def correction(self, tracker: Tracker) -> Optional[Dict[Text, Any]]:
        corrected = contact_correctie(tracker)
        return {**corrected, "aanpassen": None} if corrected else None


    async def extract_hulpvraag_tekst(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self.free_text("hulpvraag_tekst", tracker)

    async def validate_hulpvraag_tekst(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return eigen_woorden("hulpvraag_tekst", value, tracker, 3, HULPVRAAG_OPNIEUW)

    async def extract_levensgebieden(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self.free_text("levensgebieden", tracker)

    async def validate_levensgebieden(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return levensgebieden.kies("levensgebieden", tracker, mag_leeg=True)

    async def extract_inwoner_naam(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self.free_text("inwoner_naam", tracker)

    async def validate_inwoner_naam(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        naam = clean_naam(re.sub(r"^\s*(de\s+naam\s+is|hij\s+heet|zij\s+heet|ze\s+heet)\s+", "", str(value or ""),
                                 flags=re.I))
        return {"inwoner_naam": naam, "pogingen": None} if naam else opnieuw("inwoner_naam", tracker, NAAM_OPNIEUW)

    async def extract_inwoner_adres(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self.free_text("inwoner_adres", tracker)

    async def validate_inwoner_adres(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        delen = adres_delen(str(value or ""))
        if "inwoner_adres" not in delen:
            return opnieuw("inwoner_adres", tracker, ADRES_OPNIEUW)
        return {**delen, "pogingen": None}

    async def extract_inwoner_postcode(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self.free_text("inwoner_postcode", tracker)

    async def validate_inwoner_postcode(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        postcode = vind_postcode(str(value or ""))
        if postcode is None:
            return opnieuw("inwoner_postcode", tracker, POSTCODE_OPNIEUW)
        return {"inwoner_postcode": postcode, "pogingen": None}

    async def extract_inwoner_woonplaats(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self.free_text("inwoner_woonplaats", tracker)

    async def validate_inwoner_woonplaats(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        plaats = re.sub(r"^\s*(in|te|woonplaats\s*:?)\s+", "", re.sub(r"\s+", " ", str(value or "")), flags=re.I)
        plaats = plaats.strip(" .,")
        if not _PLAATS.match(plaats):
            return opnieuw("inwoner_woonplaats", tracker, PLAATS_OPNIEUW.format(gemeente=naam_van(tracker)))
        return {"inwoner_woonplaats": plaats, "pogingen": None}

    async def extract_inwoner_telefoon(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self.free_text("inwoner_telefoon", tracker)

    async def validate_inwoner_telefoon(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = str(value or "")
        if _GEEN.match(text):
            return {"inwoner_telefoon": GEEN, "pogingen": None}
        nummer = vind_telefoon(text)
        if nummer is None:
            return opnieuw("inwoner_telefoon", tracker, TELEFOON_OPNIEUW)
        return {"inwoner_telefoon": nummer, "pogingen": None}

    async def extract_inwoner_email(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self.free_text("inwoner_email", tracker)

    async def validate_inwoner_email(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = str(value or "")
        geen_telefoon = tracker.get_slot("inwoner_telefoon") == GEEN
        if _GEEN.match(text):
            if geen_telefoon:
                return opnieuw("inwoner_email", tracker, namens.vraag(
                    tracker,
                    "De gemeente moet u kunnen bereiken. Geef daarom een e-mailadres of een telefoonnummer.",
                    "De gemeente moet {wie} kunnen bereiken. Geef daarom een e-mailadres of een telefoonnummer."))
            return {"inwoner_email": GEEN, "pogingen": None}
        email = vind_email(text)
        if email:
            return {"inwoner_email": email, "pogingen": None}
        nummer = vind_telefoon(text) if geen_telefoon else None
        if nummer:  # "geen e-mail, wel telefoon: 06 ..." after "geen telefoon"
            return {"inwoner_email": GEEN, "inwoner_telefoon": nummer, "pogingen": None}
        return opnieuw("inwoner_email", tracker, EMAIL_OPNIEUW)

    async def extract_namens_email(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self.free_text("namens_email", tracker)

    async def validate_namens_email(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        """The cliëntondersteuner's own address, for their own confirmation of the melding (issue 29); optional."""
        text = str(value or "")
        if _GEEN.match(text) or _NIET_NODIG.match(text):
            return {"namens_email": GEEN, "pogingen": None}
        email = vind_email(text)
        if email:
            return {"namens_email": email, "pogingen": None}
        return opnieuw("namens_email", tracker, EMAIL_OPNIEUW.replace("'Geen e-mail'", "'Nee, niet nodig'"))

    async def extract_melding_akkoord(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self.free_text("melding_akkoord", tracker)

    async def validate_melding_akkoord(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return akkoord("melding_akkoord", tracker, AANPASSEN)


def akkoord(slot: Text, tracker: Tracker, onderdelen: Dict[Text, List[Text]]) -> Dict[Text, Any]:
    """The answer to "Klopt alles? Mag ik het versturen?": yes (with the moment and a new idempotency key), a part
    to change (its slots are asked again), or the question which part."""
    text = (tracker.latest_message.get("text") or "").strip()
    for label, slots in onderdelen.items():
        if text.lower() == label.lower():
            return {**{s: None for s in slots}, slot: None, "aanpassen": None}
    antwoord = ja_nee(tracker)
    if antwoord == "ja" and not re.search(r"aanpas|verander|wijzig", text, re.I):
        return {slot: JA, "aanpassen": None,
                "toestemming_moment": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "verzend_sleutel": str(uuid.uuid4())}
    if antwoord == "nee" or re.search(r"aanpas|verander|wijzig|klopt\s+niet|fout", text, re.I):
        return {slot: None, "aanpassen": slot, "vraag_opnieuw": AANPASSEN_VRAAG}
    return {slot: None, "vraag_opnieuw": AKKOORD_OPNIEUW}


class ActionAskHulpvraagTekst(AskAction):
    slot = "hulpvraag_tekst"

    def question(self, tracker: Tracker) -> Text:
        return namens.vraag(
            tracker,
            "Vertel in uw eigen woorden: wat lukt niet meer goed? En waarbij wilt u hulp? Bijvoorbeeld: 'Ik kan "
            "niet meer zelf stofzuigen. De trap is ook moeilijk.'",
            "Vertel in uw eigen woorden: wat lukt {wie} niet meer goed? En waarbij is hulp nodig? Bijvoorbeeld: "
            "'Zij kan niet meer zelf stofzuigen. De trap is ook moeilijk.'")


class LevensgebiedenAsk(AskAction):
    """Asks for levensgebieden: every button adds one; what the hulpvraag names is chosen already."""

    voorstel_zin = "Ik denk dat het gaat over:"
    mag_leeg = True  # a melding may leave the levensgebieden to the consulent; a plan needs at least one

    def voorstel(self, tracker: Tracker) -> List[Text]:
        """The areas to choose for the person before they choose: those their hulpvraag names."""
        return levensgebieden.voorstel_uit(tracker.get_slot("hulpvraag_tekst"))

    def question(self, tracker: Tracker) -> Text:
        return namens.vraag(
            tracker,
            "Over welke onderwerpen gaat uw hulpvraag? Kies een of meer knoppen. Weet u het niet? Kies dan 'Weet "
            "ik niet'.",
            "Over welke onderwerpen gaat de hulpvraag van {wie}? Kies een of meer knoppen. Weet u het niet? Kies dan "
            "'Weet ik niet'.")

    async def run(self, dispatcher, tracker, domain):
        gekozen = tracker.get_slot("levensgebieden_keuze")
        vraag_opnieuw = tracker.get_slot("vraag_opnieuw")
        events = [SlotSet("vraag_opnieuw", None)]
        if gekozen is None:
            gekozen = self.voorstel(tracker)
            if gekozen:
                events.append(SlotSet("levensgebieden_keuze", gekozen))
                text = (f"{self.voorstel_zin} {levensgebieden.opsomming(gekozen)}. Wilt u nog een onderwerp "
                        "kiezen? Kies dan een knop. Klopt het zo? Kies dan 'Klaar'.")
            else:
                text = self.question(tracker)
        else:
            text = levensgebieden.keuze_vraag(gekozen, self.question(tracker))
        dispatcher.utter_message(text=vraag_opnieuw or text,
                                 buttons=[*levensgebieden.keuze_buttons(gekozen, self.mag_leeg), *FORM_BUTTONS])
        return events


class ActionAskLevensgebieden(LevensgebiedenAsk):
    slot = "levensgebieden"


class ActionAskInwonerNaam(AskAction):
    slot = "inwoner_naam"

    def question(self, tracker: Tracker) -> Text:
        return namens.vraag(tracker, "Wat is uw voor- en achternaam?",
                            "Wat is de voor- en achternaam van {wie}?")


class ActionAskInwonerAdres(AskAction):
    slot = "inwoner_adres"

    def question(self, tracker: Tracker) -> Text:
        voorbeeld = f"Bijvoorbeeld: Dorpsstraat 4, 1234 AB {naam_van(tracker)}."
        return namens.vraag(tracker, f"Wat is uw adres? {voorbeeld}", "Wat is het adres van {wie}? " + voorbeeld)


class ActionAskInwonerPostcode(AskAction):
    slot = "inwoner_postcode"

    def question(self, tracker: Tracker) -> Text:
        return "Wat is de postcode? Bijvoorbeeld: 1234 AB."


class ActionAskInwonerWoonplaats(AskAction):
    slot = "inwoner_woonplaats"

    def buttons_for(self, tracker: Tracker) -> List[Dict[Text, Text]]:
        naam = naam_van(tracker)
        return [{"title": naam, "payload": naam}]

    def question(self, tracker: Tracker) -> Text:
        return namens.vraag(tracker, "In welke plaats woont u?", "In welke plaats woont {wie}?")


class ActionAskInwonerTelefoon(AskAction):
    slot = "inwoner_telefoon"
    buttons = [{"title": "Geen telefoon", "payload": "geen telefoon"}]

    def question(self, tracker: Tracker) -> Text:
        return namens.vraag(tracker, "Op welk telefoonnummer kan de gemeente u bellen?",
                            "Op welk telefoonnummer kan de gemeente {wie} bellen? Of u, als dat beter is?")


class ActionAskInwonerEmail(AskAction):
    slot = "inwoner_email"

    @property
    def buttons(self):
        return [{"title": "Geen e-mail", "payload": "geen e-mail"}]

    def question(self, tracker: Tracker) -> Text:
        if tracker.get_slot("inwoner_telefoon") == GEEN:
            return namens.vraag(tracker, "Wat is dan uw e-mailadres? De gemeente moet u kunnen bereiken.",
                                "Wat is dan het e-mailadres? De gemeente moet {wie} kunnen bereiken.")
        return namens.vraag(tracker, "Wat is uw e-mailadres? Heeft u geen e-mail? Kies dan 'Geen e-mail'.",
                            "Wat is het e-mailadres van {wie}? Geen e-mail? Kies dan 'Geen e-mail'.")


class ActionAskNamensEmail(AskAction):
    slot = "namens_email"
    buttons = [{"title": "Nee, niet nodig", "payload": "niet nodig"}]

    def question(self, tracker: Tracker) -> Text:
        return ("Wilt u zelf ook een bevestiging van de melding per e-mail? Wat is dan uw eigen e-mailadres? "
                "Niet nodig? Kies 'Nee, niet nodig'.")


class AkkoordAsk(AskAction):
    """The summary with the consent question; after "Iets aanpassen", the parts that can be changed."""

    buttons = AKKOORD_BUTTONS
    aanpassen_buttons: List[Dict[Text, Text]] = []

    async def run(self, dispatcher, tracker, domain):
        if tracker.get_slot("aanpassen") == self.slot:
            dispatcher.utter_message(text=tracker.get_slot("vraag_opnieuw") or AANPASSEN_VRAAG,
                                     buttons=[*self.aanpassen_buttons, *FORM_BUTTONS])
            return [SlotSet("vraag_opnieuw", None)]
        return await super().run(dispatcher, tracker, domain)


class ActionAskMeldingAkkoord(AkkoordAsk):
    slot = "melding_akkoord"
    aanpassen_buttons = AANPASSEN_BUTTONS

    def question(self, tracker: Tracker) -> Text:
        return f"{samenvatting(tracker.slots, naam_van(tracker))}\n{toestemming_vraag(tracker)}"
