"""A terugbelverzoek from the widget to the loket's staff pages, in Debian's chromium against the running stack: the
inwoner asks for a person, chooses "Bel mij terug", answers four questions in the widget and agrees; the loket
finds the request once, with the question and the chat so far (personal numbers masked), and axe finds no
violation on the widget, the list or the request."""

import httpx

from tests.e2e.support import SECRETS
from tests.e2e.test_accessibility import violations
from tests.e2e.test_taken import invented_name

CONSULENT = {"Authorization": f"Bearer {SECRETS['WMO_CONSULENT_TOKEN']}"}


def bot_messages(page):
    return page.locator(".wmo-msg--bot")


def send(page, text=None, button=None) -> str:
    """Types `text` or presses the newest answer's `button`; returns the bot's first new message."""
    before = bot_messages(page).count()
    if button:
        page.locator(".wmo-choices").get_by_role("button", name=button, exact=True).click()
    else:
        page.locator("#wmo-chat-input").fill(text)
        page.keyboard.press("Enter")
    bot_messages(page).nth(before).wait_for()
    page.wait_for_function("!document.querySelector('.wmo-typing--on')")
    return "\n".join(bot_messages(page).nth(i).inner_text() for i in range(before, bot_messages(page).count()))


def verzoeken_of(stack, naam: str) -> list:
    listing = httpx.get(f"{stack.settings.api_url}/api/v1/terugbelverzoeken", params={"page_size": 100},
                        headers=CONSULENT).json()
    return [v for v in listing["items"] if v["naam"] == naam]


def test_a_callback_request_from_the_widget_lands_in_the_loket_once_with_the_chat_so_far(stack, page, browser):
    naam = invented_name("Gerda")
    page.goto(stack.settings.site_url + "/voorbeeldstad/")
    page.get_by_role("button", name="Chat met de Wmo-assistent").click()
    bot_messages(page).first.wait_for()
    send(page, "Mijn man is gevallen en ik kan de zorg niet meer aan. Mijn bsn is 111222333.")
    answer = send(page, "ik wil iemand spreken")
    assert "14 0999" in answer and "Kies dan 'Bel mij terug'" in answer
    assert "Ik vraag vier dingen" in send(page, button="Bel mij terug")
    assert "telefoonnummer" in send(page, naam)
    assert "Dat telefoonnummer kan ik niet gebruiken." in send(page, "0900 1234")
    assert "Wanneer komt het u het beste uit?" in send(page, "06 23456789")
    assert "Waarover wilt u praten?" in send(page, button="In de middag")
    summary = send(page, "Ik wil weten of ik hulp kan krijgen <b>bij de zorg</b> voor mijn man.")
    assert f"- Naam: {naam}" in summary and "- Bellen: in de middag" in summary
    assert "<b>bij de zorg</b>" in summary, "what the inwoner typed is shown as text, never as HTML"
    assert violations(page) == [], "the widget with the summary and its buttons"
    assert ("Uw terugbelverzoek is aangekomen bij het Wmo-loket. Een medewerker belt u in de middag op 06 23456789."
            in send(page, button="Ja, versturen"))
    assert "Uw terugbelverzoek is aangekomen" in send(page, "is het al aangekomen?")
    assert page.errors == []

    [verzoek] = verzoeken_of(stack, naam)
    assert verzoek["status"] == "open" and verzoek["telefoon"] == "+31623456789" and verzoek["wanneer"] == "middag"
    chat = [(regel["van"], regel["tekst"]) for regel in verzoek["gesprek"]]
    assert ("inwoner", "Mijn man is gevallen en ik kan de zorg niet meer aan. Mijn bsn is [BSN].") in chat
    assert chat[-1][0] == "assistent" and "Bel mij terug" in chat[-1][1], "up to the offer, not the form itself"

    staff = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL").new_page()
    staff.goto(f"{stack.settings.api_url}/consulent")
    staff.get_by_role("link", name="Inloggen met uw gemeente-account").click()
    staff.get_by_label("Gebruikersnaam").fill("anne.devries")
    staff.get_by_label("Wachtwoord").fill(SECRETS["WMO_DEV_IDP_PASSWORD"])
    staff.get_by_role("button", name="Inloggen").click()
    staff.get_by_role("heading", name="Inbox: Wmo-meldingen").wait_for()
    staff.get_by_role("link", name="Terugbellen").click()
    staff.get_by_role("heading", name="Terugbelverzoeken").wait_for()
    row = staff.locator("tr", has_text=naam)
    assert row.count() == 1 and "06 23456789" in row.inner_text() and "Open" in row.inner_text()
    assert violations(staff) == [], "the list of terugbelverzoeken"
    row.get_by_role("link").click()
    staff.get_by_role("heading", name=f"Terugbelverzoek van {naam}").wait_for()
    content = staff.locator("main").inner_text()
    assert "Ik wil weten of ik hulp kan krijgen <b>bij de zorg</b> voor mijn man." in content
    assert "Mijn bsn is [BSN]." in content and "111222333" not in content
    assert violations(staff) == [], "one terugbelverzoek with the chat so far"
    staff.get_by_role("combobox", name="Status").select_option("gebeld")
    staff.get_by_label("Belt terug").fill("Anne")
    staff.get_by_role("button", name="Opslaan").click()
    staff.get_by_role("status").wait_for()
    [verzoek] = verzoeken_of(stack, naam)
    assert verzoek["status"] == "gebeld" and verzoek["behandeld_door"] == "Anne"
    staff.context.close()
