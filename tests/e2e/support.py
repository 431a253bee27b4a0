"""Shared by the end-to-end fixtures and tests (one module, so one set of random secrets per run)."""

import re
from contextlib import contextmanager
from typing import Iterator
from urllib.parse import urljoin

import httpx

from scripts.dev_secrets import throwaway_secrets

# The gemeente API's secrets for this run, with the machine clients that admit its tokens. They override .env, so
# the tests never depend on a developer's file.
SECRETS = throwaway_secrets()


# The rule the tarief calculator states before its first question (actions/abonnementstarief.tarief_regel), with
# the end-to-end stack's date in 2026
CALCULATOR_RULE = "Voor de meeste hulp van de Wmo betaalt u een eigen bijdrage: in 2026 hoogstens € 21,80 per maand"

@contextmanager
def staff_browser(api_url: str, login: str = "anne.devries") -> Iterator[httpx.Client]:
    """A browser logged in to the staff pages as one of the invented staff, through the development OpenID
    provider the stack started (the real flow: the API, the provider's login page, the callback)."""
    with httpx.Client(follow_redirects=True, timeout=30) as browser:
        page = browser.get(f"{api_url}/consulent/auth/start")
        action = re.search(r'action="(/interaction/[^"]+/login)"', page.text).group(1)
        inbox = browser.post(urljoin(str(page.url), action),
                             data={"login": login, "password": SECRETS["WMO_DEV_IDP_PASSWORD"]})
        assert inbox.status_code == 200 and "Inbox: Wmo-meldingen" in inbox.text, inbox.text[:500]
        yield browser

_RULE = re.compile(r"(Bezwaar maken|Beroep instellen|Hoger beroep instellen|Uw persoonlijk plan|De gemeente moet)"
                   r" .*\b(tot|binnen) .+ na .+\.")


def after_rule(text: str) -> str:
    """The answer after its first line, which must be the rule ("Bezwaar maken kan tot zes weken na ...")."""
    rule, newline, rest = text.partition("\n")
    assert newline and _RULE.fullmatch(rule), f"the answer does not start with the rule: {text!r}"
    return rest
