"""domain.yml keeps its promises: facts come from config through slots, buttons lead somewhere real."""

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from actions.feiten import feiten_slots
from actions.session import gemeente_slots
from wmo import gemeente

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
RESPONSES = DOMAIN["responses"]


def response_texts():
    for name, variants in RESPONSES.items():
        for variant in variants:
            yield name, variant.get("text", "")


def training_examples():
    """{example text: intent} from data/nlu."""
    examples = {}
    for file in sorted((ROOT / "data" / "nlu").rglob("*.yml")):
        for block in yaml.safe_load(file.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in block:
                for line in block["examples"].splitlines():
                    if line.strip().startswith("- "):
                        examples[line.strip()[2:].strip()] = block["intent"]
    return examples


ACTIONS_SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "actions").glob("*.py"))


def session_slots():
    config = gemeente.get("voorbeeldstad")
    return {"gemeente": config.slug, "gemeente_kiezen": False, **gemeente_slots(config),
            **feiten_slots(config, date(2026, 11, 23))}


def test_every_placeholder_is_a_slot_that_an_action_fills():
    at_session_start = set(session_slots())
    for name, text in response_texts():
        for placeholder in re.findall(r"{(\w+)}", text):
            assert placeholder in DOMAIN["slots"], f"{name} uses {{{placeholder}}}, which is no slot"
            filled_by_an_action = f'SlotSet("{placeholder}"' in ACTIONS_SOURCE
            assert placeholder in at_session_start or filled_by_an_action, (
                f"{name} uses {{{placeholder}}}, which nothing fills")


def test_every_session_slot_is_declared_and_kept_out_of_dialogue_decisions():
    for slot in session_slots():
        assert slot in DOMAIN["slots"], f"action_session_start sets undeclared slot {slot}"
        assert DOMAIN["slots"][slot]["influence_conversation"] is False


@pytest.mark.parametrize(
    "pattern, what",
    [
        (r"\d{2,}[\s-]?\d{2,}", "a phone number or other number"),
        (r"€|\beuro\b|\d+,\d{2}", "an amount"),
        (r"@", "an e-mail address"),
        (r"\b(19|20)\d{2}\b", "a year or date"),
        (r"Voorbeeldstad|Oeverdam", "a gemeente's name"),
        (r"Wmo-loket|wijkteam", "the name of a gemeente's loket (Wmo-loket, Sociaal Wijkteam)"),
        (r"\b(\d+|een|twee|drie|vier|vijf|zes|zeven|acht|tien|twaalf)\s+(dagen|weken|maanden)\b", "a term (date rule)"),
    ],
)
def test_response_texts_hold_no_facts(pattern, what):
    """One fact has one home: facts come from the gemeente's file (config/gemeenten/) or wmo/, never typed into
    responses."""
    for name, text in response_texts():
        without_placeholders = re.sub(r"{\w+}", "", text)
        assert not re.search(pattern, without_placeholders, re.I), f"{name} contains {what}: {text!r}"


def test_every_response_offers_a_next_step_and_a_way_to_reach_a_person():
    for name, variants in RESPONSES.items():
        for variant in variants:
            payloads = [b["payload"] for b in variant.get("buttons", [])]
            assert payloads, f"{name} has no buttons"
            if name != "utter_loket_contact":  # that response is the way to reach a person
                assert "/contact_person" in payloads, f"{name} offers no way to reach a person"


def test_every_button_leads_to_a_known_intent_or_a_trained_example():
    examples = training_examples()
    intents = set(DOMAIN["intents"])
    for name, variants in RESPONSES.items():
        for button in (b for v in variants for b in v.get("buttons", [])):
            payload = button["payload"]
            if payload.startswith("/"):
                assert payload[1:] in intents, f"{name}: button {payload} names no intent"
            else:
                assert payload in examples, (
                    f"{name}: button payload {payload!r} is not a training example, "
                    "so the NLU may not understand its own button"
                )
