"""axe-core (tests/e2e/axe, from npm) in the same browser: the demo page with the widget open after a
conversation, and the staff login, its error pages, the consulent inbox and the melding page, have no violations
of WCAG 2.0/2.1 A and AA. The login runs in the real browser through the development OpenID provider."""

import httpx

from tests.e2e.conftest import ROOT
from tests.e2e.support import SECRETS

AXE = ROOT / "tests" / "e2e" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BOT = {"Authorization": f"Bearer {SECRETS['WMO_BOT_TOKEN']}"}


def violations(page) -> list:
    """axe's violations on the page as it is now. Injected through the DevTools protocol: the pages' strict CSP
    stays on, as the inwoner and the consulent have it."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: %s}})" % WCAG_AA)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]]


def test_the_demo_page_with_the_widget_open_after_a_conversation(stack, page):
    page.goto(stack.settings.site_url + "/")
    assert violations(page) == [], "the demo site's index of the gemeenten"
    page.goto(stack.settings.site_url + "/voorbeeldstad/")
    assert violations(page) == [], "the page itself"
    page.get_by_role("button", name="Chat met de Wmo-assistent").click()
    page.locator(".wmo-msg--bot").first.wait_for()
    page.locator("#wmo-chat-input").fill("Wat is het abonnementstarief?")
    page.keyboard.press("Enter")
    page.locator(".wmo-msg--bot").nth(1).wait_for()
    assert violations(page) == []


def test_the_consulent_inbox_and_melding_page(stack, page):
    api = stack.settings.api_url
    melding = httpx.post(f"{api}/api/v1/meldingen", headers=BOT, json={
        "gemeente": "oeverdam",  # Bram Koster's
        "inwoner": {"naam": "Wim Toegankelijk", "adres": "Kerkpad 3", "postcode": "9999 ZZ",
                    "woonplaats": "Voorbeeldstad", "email": "wim@voorbeeld.example"},
        "hulpvraag": "Ik kan de trap niet meer op.", "levensgebieden": ["wonen"],
        "toestemming": {"gegeven": True, "moment": "2026-11-23T09:00:00+01:00"},
        "plan": {"wie_ben_ik": "Ik ben Wim.", "knelpunten": {"wonen": "De trap lukt niet."},
                 "ondersteuningsvraag": "Een traplift.", "gewenste_vorm": {"vorm": "natura"},
                 "opgesteld_door": "inwoner"}}).json()
    page.goto(f"{api}/consulent")  # not logged in: to the login page
    page.get_by_role("heading", name="Inloggen voor medewerkers Wmo").wait_for()
    assert violations(page) == [], "the login page"
    page.get_by_role("link", name="Inloggen met uw gemeente-account").click()
    page.get_by_label("Gebruikersnaam").fill("bram.koster")  # at the provider
    page.get_by_label("Wachtwoord").fill(SECRETS["WMO_DEV_IDP_PASSWORD"])
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Inbox: Wmo-meldingen").wait_for()
    assert "Bram Koster (consulent)" in page.content() and "Gemeente Oeverdam" in page.content()
    assert violations(page) == [], "the inbox"
    page.goto(f"{api}/consulent/meldingen/{melding['id']}")
    assert "De trap lukt niet." in page.content()
    assert violations(page) == [], "the melding with its plan"


def test_the_staff_login_error_pages(stack, page):
    """Someone without a role, and someone whose login had no second factor: each gets a Dutch page saying what
    to do, and neither page has an axe violation."""
    api = stack.settings.api_url
    for login, heading in (("dirk.visser", "U heeft nog geen toegang"), ("eva.jansen", "Log in met een tweede stap")):
        page.context.clear_cookies()
        page.goto(f"{api}/consulent/login")
        page.get_by_role("link", name="Inloggen met uw gemeente-account").click()
        page.get_by_label("Gebruikersnaam").fill(login)
        page.get_by_label("Wachtwoord").fill(SECRETS["WMO_DEV_IDP_PASSWORD"])
        page.get_by_role("button", name="Inloggen").click()
        page.get_by_role("heading", name=heading).wait_for()
        assert violations(page) == [], heading
