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


# --- the chat widget in the browser, as the inwoner uses it (tests/e2e/test_overdracht.py, test_terugbellen.py) ----
def widget_answers(page):
    """What the inwoner reads from the other side: the assistent's messages and an employee's."""
    return page.locator(".wmo-msg--bot, .wmo-msg--medewerker")


def widget_send(page, text=None, button=None) -> str:
    """Types `text` or presses the newest answer's `button`; returns the new messages once the bot has answered."""
    before = widget_answers(page).count()
    if button:
        page.locator(".wmo-choices").get_by_role("button", name=button, exact=True).click()
    else:
        page.locator("#wmo-chat-input").fill(text)
        page.keyboard.press("Enter")
    widget_answers(page).nth(before).wait_for()
    page.locator(".wmo-typing--on").wait_for(state="detached")  # no eval: the page's CSP forbids it
    return "\n".join(widget_answers(page).nth(i).inner_text() for i in range(before, widget_answers(page).count()))


def staff_login_in_browser(page, api_url: str, login: str, path: str = "/consulent") -> None:
    """Logs `login` in to the staff pages in the browser, through the development OpenID provider's login page."""
    page.goto(f"{api_url}{path}")
    page.get_by_role("link", name="Inloggen met uw gemeente-account").click()
    page.get_by_label("Gebruikersnaam").fill(login)
    page.get_by_label("Wachtwoord").fill(SECRETS["WMO_DEV_IDP_PASSWORD"])
    page.get_by_role("button", name="Inloggen").click()
