"""Every answer is Dutch at taalniveau B1: Flesch-Douma at least 50 per text and 65 on average, no sentence over
20 words. Checked for the domain's responses (slots filled with the gemeente's facts) and for the texts the
actions build from wmo/ (deadlines, tarief, date questions), with the facts of each gemeente in config/gemeenten/
(their names, organisations and opening hours differ in length)."""

import re
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from rasa_sdk import Tracker

from actions import (bezwaar, bezwaarschrift, fallback, formulier, intro, melding, namens, persoonlijk_plan, plan,
                     tarief_berekening as tarief_actions, terugbellen, toegang, versturen, zijvragen)
from actions.gemeente_api import Ontvangen
from actions.bezwaar import VRAAG_BRIEFDATUM
from actions.datum_slot import AskDateAction
from actions.feiten import feiten_slots
from actions.session import gemeente_slots
from actions.abonnementstarief import tarief_regel, tarief_uitleg
from actions import overdragen
from bot import handover_channel, livechat, rest_channel
from bot.livechat import teksten as livechat_teksten
from bot.readability import score
from wmo import gemeente, termijnen
from wmo.datums import vind_datum

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
TODAY = date(2026, 11, 23)
MIN_SCORE, MIN_AVERAGE, MAX_WORDS = 50, 65, 20


def domain_texts(config: gemeente.Gemeente):
    slot_values = {"termijn_uitleg": "", "tarief_uitleg": "", "datum_vraag": "", "bezwaarschrift_uitleg": "",
                   **gemeente_slots(config), **feiten_slots(config, TODAY)}
    for name, variants in DOMAIN["responses"].items():
        for number, variant in enumerate(variants):
            text = re.sub(r"\{(\w+)\}", lambda m: slot_values.get(m.group(1), m.group(0)), variant.get("text", ""))
            assert "{" not in text, f"{name}: a slot without a value: {text}"
            if text.strip():
                yield f"{name}[{number}]", text


def action_texts(config: gemeente.Gemeente):
    sent = [date(2026, 11, 2), date(2026, 4, 2), date(2025, 12, 24), date(2026, 9, 1)]
    for day in sent:
        for function in (termijnen.bezwaartermijn, termijnen.beroepstermijn, termijnen.hoger_beroep_termijn,
                         termijnen.plantermijn, termijnen.onderzoekstermijn, termijnen.beschikkingstermijn):
            yield f"{function.__name__}({day})", function(day, TODAY).uitleg
        for advies in (True, False):
            yield f"beslistermijn_bezwaar({day}, {advies})", termijnen.beslistermijn_bezwaar(day, TODAY, advies).uitleg
    yield "te_laat_beschikking", termijnen.te_laat_beschikking()
    yield "bezwaar.VRAAG_BRIEFDATUM", VRAAG_BRIEFDATUM
    yield "fallback.BEDOELT_U", fallback.BEDOELT_U
    yield "fallback.NIET_BEGREPEN", fallback.NIET_BEGREPEN
    yield "fallback.TWEE_KEER", fallback.TWEE_KEER
    yield "rest_channel.TE_LANG", rest_channel.TE_LANG.format(lengte="20.000", max="2.000")
    for year in (2024, 2026, 2027):
        yield f"tarief_uitleg({year})", tarief_uitleg(date(year, 7, 1), TODAY, config)
        yield f"tarief_regel({year})", tarief_regel(date(year, 7, 1), config)
    yield from calculator_texts(config)
    yield from form_texts(config)
    for typed in ("31 februari", "vorige week", "3 maart en 5 maart", "14-13-2026", "1 januari 2027",
                  "vrijdag 3 maart 2026"):
        found = vind_datum(typed, TODAY)
        if found is not None and found.vraag:
            yield f"datum vraag '{typed}'", found.vraag


def calculator_texts(config: gemeente.Gemeente):
    alone = {"onder_18": "nee", "wlz_bijdrage": "nee", "partner": "nee"}
    for voorziening in tarief_actions.VOORZIENINGEN:
        for answers in ({**alone}, {**alone, "partner": "ja", "iemand_onder_aow": "ja"}, {"onder_18": "ja"},
                        {"onder_18": "nee", "wlz_bijdrage": "ja"},
                        {**alone, "wlz_bijdrage": "weet_niet", "partner": "ja", "iemand_onder_aow": "weet_niet"}):
            yield (f"berekening({voorziening}, {answers})",
                   tarief_actions.berekening({"voorziening": voorziening, **answers}, TODAY, config))


def form_texts(config: gemeente.Gemeente):
    """The forms' questions, their questions back, and what the bot says around the draft bezwaarschrift."""
    for module in (tarief_actions, bezwaarschrift, bezwaar, plan, melding, persoonlijk_plan, toegang, namens,
                   versturen, terugbellen):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, formulier.AskAction) and value.__module__ == \
                    module.__name__ and "slot" in vars(value) and not issubclass(value, melding.AkkoordAsk):
                for rol in (namens.ZELF, namens.CLIENTONDERSTEUNER, namens.MANTELZORGER):
                    yield f"{value.__name__}({rol})", value().question(form_tracker(rol, config))
            if isinstance(value, str) and value.endswith((".", "?")) and " " in value:  # a sentence the bot says
                yield f"{module.__name__} constant", value
    for cls in AskDateAction.__subclasses__():
        yield cls.__name__, cls.question
    yield from task_texts(config)
    yield "formulier.JA_NEE_ONBEKEND", formulier.JA_NEE_ONBEKEND
    yield "formulier.JA_NEE_WEET_ONBEKEND", formulier.JA_NEE_WEET_ONBEKEND
    yield "formulier.AANGEPAST", formulier.AANGEPAST.format(wat="de datum van de beschikking is 4 november 2026")
    yield "zijvragen.VERDER", zijvragen.VERDER
    filled = {"indiener_naam": "Anna de Vries", "beschikking_datum": "2026-11-02", "beschikking_kenmerk": "onbekend",
              "bezwaar_reden": "later"}
    for day in ("2026-11-02", "2026-09-01", "2026-10-12"):
        yield f"uitleg_na_brief({day})", bezwaarschrift.uitleg_na_brief(
            {**filled, "beschikking_datum": day}, TODAY, config)


FILLED_MELDING = {"hulpvraag_tekst": "Ik kan niet meer stofzuigen.", "levensgebieden": ["huishouden"],
                  "inwoner_naam": "Anna de Vries", "inwoner_adres": "Dorpsstraat 4", "inwoner_postcode": "9999 ZZ",
                  "inwoner_woonplaats": "Voorbeeldstad", "inwoner_telefoon": "+31612345678", "inwoner_email": "geen",
                  "namens_naam": "Piet Jansen", "namens_organisatie": "geen", "plan_levensgebieden": ["huishouden"]}


FILLED_TERUGBEL = {"terugbel_naam": "Anna de Vries", "terugbel_telefoon": "+31612345678",
                   "terugbel_vraag": "Ik wil weten of ik hulp kan krijgen bij het schoonmaken."}


def handover_texts(config: gemeente.Gemeente):
    """What the inwoner reads around a chat with a person of the loket (issue 27)."""
    yield "overdragen.aanbod", overdragen.aanbod(config)
    yield "overdragen.wachten", overdragen.wachten(config)
    yield "overdragen.niet_bereikbaar", overdragen.niet_bereikbaar(config)
    yield "handover_channel.NIET_DOORGEGEVEN", handover_channel.NIET_DOORGEGEVEN.format(
        loket=config.loket.naam, telefoon=config.loket.telefoon)
    for vervolg in (None, "melding", "terugbellen"):
        stand = livechat.Stand(id="o-1", gemeente=config.slug, status="beeindigd", medewerker="Anne", vervolg=vervolg)
        for soort in ("genomen", "terug", "beeindigd", "verlopen"):
            message = livechat_teksten.bericht(livechat.Gebeurtenis(1, soort, "systeem", naam="Anne"), stand, config)
            yield f"livechat {soort} ({vervolg})", message["text"]


def form_tracker(rol, config: gemeente.Gemeente):
    return Tracker("lezer", {**FILLED_MELDING, "namens_rol": rol, "gemeente": config.slug}, {"text": "", "intent": {}},
                   [], False, None, {}, "action_listen")


def task_texts(config: gemeente.Gemeente):
    """What the bot says around the melding, the plan and the toegang check, in words the person did not type."""
    for name, text in intro.INTRO.items():
        yield f"intro {name}", text.format(gemeente=config.naam)
    for rol in (namens.ZELF, namens.CLIENTONDERSTEUNER, namens.FAMILIE):
        yield f"melding.toestemming_vraag({rol})", melding.toestemming_vraag(form_tracker(rol, config))
        yield f"persoonlijk_plan.toestemming_vraag({rol})", persoonlijk_plan.toestemming_vraag(
            form_tracker(rol, config))
        ontvangen = Ontvangen("m-1", "WMO-2026-000001", date(2026, 11, 30), date(2027, 1, 4))
        for met_plan in (True, False):
            yield f"bevestiging({rol}, {met_plan})", versturen.bevestiging(
                ontvangen, {"namens_rol": rol}, met_plan, config)
    for wat in ("melding", "plan"):
        yield f"bewaard({wat})", versturen.bewaard(wat, config)
        yield f"geweigerd({wat})", versturen.geweigerd(wat, config)
        yield f"wacht({wat})", versturen.wacht(wat, datetime(2026, 11, 23, 9, 42), config)
    yield "bewaard(plan, na_melding)", versturen.bewaard("plan", config, na_melding=True)
    yield "wacht(persoonlijk plan, na_melding)", versturen.wacht("persoonlijk plan", None, config, na_melding=True)
    for wat in ("terugbelverzoek",):
        yield f"bewaard({wat})", versturen.bewaard(wat, config)
        yield f"wacht({wat})", versturen.wacht(wat, datetime(2026, 11, 23, 9, 42), config)
    yield "terugbellen.terugbellen_aanbod", terugbellen.terugbellen_aanbod(config)
    yield "terugbellen.GEEN_TELEFOON", terugbellen.GEEN_TELEFOON.format(email=config.loket.email)
    for wanneer in terugbellen.WANNEER:
        filled = {**FILLED_TERUGBEL, "terugbel_wanneer": wanneer}
        yield f"terugbellen.samenvatting({wanneer})", terugbellen.samenvatting(filled, config)
        yield f"terugbellen.bevestiging({wanneer})", terugbellen.bevestiging(filled, config)
    yield from handover_texts(config)
    for versie in (1, 2):
        yield f"plan_aangekomen({versie})", versturen.plan_aangekomen("WMO-2026-000001", versie)
    answers = {"toegang_woont_hier": "ja", "toegang_onder_18": "nee", "toegang_wlz": "nee", "toegang_zelf": "nee",
               "toegang_spoed": "nee"}
    for hulp in toegang.Hulp:
        for extra in ({}, {"toegang_wlz": "weet_niet", "toegang_spoed": "ja"}, {"toegang_zelf": "ja"},
                      {"toegang_wlz": "ja", "toegang_thuis": "ja"}, {"toegang_onder_18": "ja"}):
            yield f"toegang({hulp.name}, {extra})", toegang.uitkomst_tekst(
                {**answers, **extra, "toegang_hulp": hulp.name})


TEXTS = [(f"{config.slug}: {name}", text) for config in gemeente.alle().values()
         for name, text in [*domain_texts(config), *action_texts(config)]]


@pytest.mark.parametrize("name,text", TEXTS, ids=[name for name, _ in TEXTS])
def test_each_answer_is_easy_to_read(name, text):
    result = score(text)
    assert result.flesch_douma >= MIN_SCORE, f"{name}: Flesch-Douma {result.flesch_douma:.0f}\n{text}"
    assert result.longest_words <= MAX_WORDS, \
        f"{name}: a sentence of {result.longest_words} words: {result.longest_sentence!r}"


def test_the_answers_are_easy_to_read_on_average():
    average = sum(score(text).flesch_douma for _, text in TEXTS) / len(TEXTS)
    assert average >= MIN_AVERAGE, f"average Flesch-Douma {average:.1f} over {len(TEXTS)} texts"


def test_the_score_tells_plain_from_hard_dutch():
    plain = "U kunt bezwaar maken. Dat is gratis. Schrijf een brief aan de gemeente."
    hard = ("Indien belanghebbende voornemens is een bezwaarschrift in te dienen tegen de onderhavige "
            "beschikking, dient zulks te geschieden binnen de daartoe wettelijk voorgeschreven termijn.")
    assert score(plain).flesch_douma > 80 > 40 > score(hard).flesch_douma
