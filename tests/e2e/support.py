"""Shared by the end-to-end fixtures and tests (one module, so one set of random secrets per run)."""

import re
import secrets

# The gemeente API's secrets for this run. They override .env, so the tests never depend on a developer's file.
SECRETS = {name: secrets.token_urlsafe(32)
           for name in ("WMO_BOT_TOKEN", "WMO_CONSULENT_TOKEN", "WMO_SESSION_SECRET")}

_RULE = re.compile(r"(Bezwaar maken|Beroep instellen|Hoger beroep instellen|Uw persoonlijk plan|De gemeente moet)"
                   r" .*\b(tot|binnen) .+ na .+\.")


def after_rule(text: str) -> str:
    """The answer after its first line, which must be the rule ("Bezwaar maken kan tot zes weken na ...")."""
    rule, newline, rest = text.partition("\n")
    assert newline and _RULE.fullmatch(rule), f"the answer does not start with the rule: {text!r}"
    return rest
