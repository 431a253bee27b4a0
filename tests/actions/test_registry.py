"""The action server offers exactly the custom actions domain.yml declares: none missing, none stray. The actions
that read the domain get it (endpoints.yml sends it only to actions marked `send_domain: true`)."""

import inspect
import re
from pathlib import Path

import yaml
from rasa_sdk import FormValidationAction
from rasa_sdk.executor import ActionExecutor

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))
ENDPOINTS = yaml.safe_load((Path(__file__).resolve().parents[2] / "endpoints.yml").read_text(encoding="utf-8"))
DECLARED = {(entry if isinstance(entry, str) else next(iter(entry))): entry for entry in DOMAIN["actions"]}
# An action reads the domain when its source indexes it or hands it on (every form validation does, for its
# required slots).
READS_DOMAIN = re.compile(r"\bdomain(\.get\(|\[)|[(,]\s*domain\s*[,)]")


def registered():
    executor = ActionExecutor()
    executor.register_package("actions")
    return executor.actions


def sends_domain(name):
    entry = DECLARED[name]
    return isinstance(entry, dict) and bool((entry[name] or {}).get("send_domain"))


def reads_domain(action_class):
    if issubclass(action_class, FormValidationAction):
        return True
    lines = [line for klass in action_class.__mro__ if klass.__module__.startswith("actions")
             for line in inspect.getsource(klass).splitlines()]
    # signatures take the domain, and super() is in the MRO looked at here
    uses = [line for line in lines if not re.match(r"\s*(async )?def ", line) and "super()." not in line]
    return any(READS_DOMAIN.search(line) for line in uses)


def test_registered_actions_match_the_domain():
    assert sorted(registered()) == sorted(DECLARED)


def test_every_action_that_reads_the_domain_gets_it():
    assert ENDPOINTS["action_endpoint"]["enable_selective_domain"] is True
    actions = registered()
    missing = [name for name, run in actions.items() if reads_domain(run.__self__.__class__) and not sends_domain(name)]
    assert missing == []
    needless = [name for name, run in actions.items() if sends_domain(name) and not reads_domain(run.__self__.__class__)]
    assert needless == [], "the domain is 36 KB of JSON per call: send it only where it is read"
