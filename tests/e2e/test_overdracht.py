"""A person when the bot is not enough (issue 27), in two contexts of Debian's chromium against the running stack:
the inwoner on Voorbeeldstad's demo page asks for a person in the chat hours and agrees; an employee takes the chat
on the staff pages; two messages go each way (HTML-looking text shown as text); the employee ends it; the bot
answers the next question. axe finds no violation on the widget during the handover, nor on the queue or the chat
page. The strict CSPs of both pages stay on."""

import re

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.support import SECRETS
from tests.e2e.test_accessibility import violations
from wmo import gemeente

CONFIG = gemeente.get("voorbeeldstad")


def bot_messages(page):
    return page.locator(".wmo-msg--bot, .wmo-msg--medewerker")


def send(page, text=None, button=None) -> str:
    """Types `text` or presses the newest answer's `button`; returns the new messages once the bot has answered."""
    before = bot_messages(page).count()
    if button:
        page.locator(".wmo-choices").get_by_role("button", name=button, exact=True).click()
    else:
        page.locator("#wmo-chat-input").fill(text)
        page.keyboard.press("Enter")
    bot_messages(page).nth(before).wait_for()
    page.locator(".wmo-typing--on").wait_for(state="detached")  # no eval: the page's CSP forbids it
    return "\n".join(bot_messages(page).nth(i).inner_text() for i in range(before, bot_messages(page).count()))


def type_only(page, text):
    """A message while a person has the chat: the bot does not answer it."""
    users = page.locator(".wmo-msg--user").count()
    page.locator("#wmo-chat-input").fill(text)
    page.keyboard.press("Enter")
    page.locator(".wmo-msg--user").nth(users).wait_for()
    page.locator(".wmo-typing--on").wait_for(state="detached")  # no eval: the page's CSP forbids it


def staff_login(page, api_url):
    page.goto(f"{api_url}/consulent/chats")
    page.get_by_role("link", name="Inloggen met uw gemeente-account").click()
    page.get_by_label("Gebruikersnaam").fill("anne.devries")
    page.get_by_label("Wachtwoord").fill(SECRETS["WMO_DEV_IDP_PASSWORD"])
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Chats met inwoners").wait_for()


def test_an_employee_takes_the_chat_writes_both_ways_and_hands_it_back_to_the_bot(stack, page, browser):
    page.goto(stack.settings.site_url + "/voorbeeldstad/")
    page.get_by_role("button", name="Chat met de Wmo-assistent").click()
    bot_messages(page).first.wait_for()
    send(page, "Wat moet ik betalen voor huishoudelijke hulp?")
    send(page, "Mijn bsn is 111222333.")
    offer = send(page, "ik wil iemand spreken")
    assert "Wilt u nu chatten met een medewerker van het Wmo-loket?" in offer
    waiting = send(page, button="Ja, chatten met een medewerker")
    assert "Ik zoek een medewerker van het Wmo-loket voor u." in waiting
    type_only(page, "Ik wacht. <b>Hallo?</b>")
    assert bot_messages(page).count() == len(page.locator(".wmo-msg--bot").all()), "no answer from the bot"

    staff = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL").new_page()
    staff.errors = []
    staff.on("pageerror", lambda error: staff.errors.append(str(error)))
    staff.on("console", lambda m: staff.errors.append(m.text)
             if m.type == "error" and "Content Security Policy" in m.text else None)
    staff_login(staff, stack.settings.api_url)
    row = staff.locator("#wachtrij tr", has_text="Wat moet ik betalen?")
    row.wait_for()
    assert violations(staff) == [], "the queue"
    row.get_by_role("button", name=re.compile("Overnemen")).click()
    staff.get_by_text("U chat nu met deze inwoner.").wait_for()
    chat = staff.locator("main").inner_text()
    assert "Mijn bsn is [BSN]." in chat and "111222333" not in chat, "the transcript as stored: masked"
    assert "Ik wacht. <b>Hallo?</b>" in chat, "what the inwoner typed while waiting, as text"
    assert violations(staff) == [], "the chat page"
    staff.screenshot(path=str(ARTIFACTS / "overdracht-medewerker.png"), full_page=True)

    taken = page.locator(".wmo-msg--bot", has_text="U praat nu met Anne van het Wmo-loket.")
    taken.wait_for()
    for text in ("Goedemiddag, u spreekt met Anne.", "Bedoelt u de eigen bijdrage van <i>€ 21,80</i>?"):
        staff.get_by_label("Uw bericht aan de inwoner").fill(text)
        staff.get_by_role("button", name="Versturen").click()
        page.locator(".wmo-msg--medewerker", has_text=text).wait_for()
    last = page.locator(".wmo-msg--medewerker").last.inner_text()
    assert last.startswith("Anne, Wmo-loket:") and "<i>€ 21,80</i>" in last, "the employee's name; text, not HTML"
    assert violations(page) == [], "the widget during the handover"
    page.screenshot(path=str(ARTIFACTS / "overdracht-inwoner.png"))

    for text in ("Ja, die bedoel ik.", "Moet ik dat <script>elke maand</script> betalen?"):
        type_only(page, text)
        staff.locator("#berichten li", has_text=text).wait_for()
    assert staff.locator("#berichten script").count() == 0

    staff.get_by_role("button", name="Chat beëindigen").click()
    staff.get_by_text("Deze chat is beëindigd.").first.wait_for()
    page.locator(".wmo-msg--bot", has_text="Anne heeft het gesprek beëindigd. U praat nu weer met de digitale "
                                           "assistent.").wait_for()
    answer = send(page, "Wat is de Wmo?")
    assert "Wet maatschappelijke ondersteuning" in answer, "the bot answers again"
    assert page.errors == [] and staff.errors == []
    staff.context.close()
