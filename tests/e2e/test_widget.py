"""The chat widget on the demo page of gemeente Voorbeeldstad, in a real browser (Debian's chromium), against the
running stack: keyboard only, answers and button answers, kept across a reload, text never HTML, a strict
Content-Security-Policy, the loket when the bot is down, small screens and zoom, reduced motion."""

import json
import re

import pytest

from tests.e2e.conftest import ARTIFACTS
from wmo import gemeente

CONFIG = gemeente.get("voorbeeldstad")  # the gemeente of the conversations here (tests/e2e/conftest.py)


def open_with_keyboard(page, url):
    page.goto(url)
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('wmo-launcher')"):
            break
    else:
        pytest.fail("the launcher cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.locator(".wmo-msg--bot").first.wait_for()  # the greeting


def bot_messages(page):
    return page.locator(".wmo-msg--bot")


def ask(page, text):
    before = bot_messages(page).count()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    bot_messages(page).nth(before).wait_for()
    return bot_messages(page).nth(before).inner_text()


def test_keyboard_only_a_question_a_button_answer_and_a_reload(stack, page):
    url = stack.settings.site_url + "/voorbeeldstad/"
    open_with_keyboard(page, url)
    launcher = page.locator(".wmo-launcher")
    assert launcher.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.id") == "wmo-chat-input", "focus moves into the dialog"
    assert page.locator(".wmo-dialog").get_attribute("role") == "dialog"
    log = page.locator("[role=log]")
    assert log.get_attribute("aria-live") == "polite"

    answer = ask(page, "Wat is het abonnementstarief?")
    assert "€ 21,80" in answer
    assert re.search(r"\b\d{2}:\d{2}\b", answer), "each message shows its time"

    # Back from the input, Shift+Tab reaches the newest answer's last button: "Iemand spreken".
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent") == "Iemand spreken"
    count = bot_messages(page).count()
    page.keyboard.press("Enter")
    bot_messages(page).nth(count).wait_for()
    assert CONFIG.loket.telefoon in bot_messages(page).nth(count).inner_text()
    assert "Iemand spreken" in page.locator(".wmo-msg--user").last.inner_text(), "the choice shows as the user's"
    assert page.locator(".wmo-choices").count() == 1, "only the newest answer offers choices"

    page.reload()
    page.locator(".wmo-msg--bot").nth(count).wait_for()
    assert "€ 21,80" in log.inner_text(), "the conversation is kept across a page load"
    assert page.locator(".wmo-dialog").is_visible()

    page.keyboard.press("Tab")  # into the page, then Escape from inside the dialog
    page.locator("#wmo-chat-input").focus()
    page.keyboard.press("Escape")
    assert not page.locator(".wmo-dialog").is_visible()
    assert page.evaluate("document.activeElement.classList.contains('wmo-launcher')"), "focus back on the launcher"
    assert page.errors == []


def test_nieuw_gesprek_starts_over(stack, page):
    open_with_keyboard(page, stack.settings.site_url + "/voorbeeldstad/")
    ask(page, "Wat is de Wmo?")
    page.get_by_role("button", name="Nieuw gesprek").click()
    page.locator(".wmo-msg--bot").first.wait_for()
    assert page.locator(".wmo-msg--user").count() == 0
    assert "Wet maatschappelijke ondersteuning" not in page.locator("[role=log]").inner_text()


def test_what_the_user_types_is_text_never_html(stack, page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_with_keyboard(page, stack.settings.site_url + "/voorbeeldstad/")
    typed = '<script>alert("x")</script><img src=x onerror="alert(1)"><b>vet</b>'
    ask(page, typed)
    assert page.locator(".wmo-msg--user .wmo-text").last.inner_text() == typed
    assert page.locator("[role=log] script, [role=log] img, [role=log] b").count() == 0
    assert dialogs == []


def test_the_page_has_a_strict_csp_and_the_widget_works_under_it(stack, page):
    response = page.goto(stack.settings.site_url + "/voorbeeldstad/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "default-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert page.locator("script:not([src])").count() == 0 and page.locator("[style]").count() == 0
    page.get_by_role("button", name="Chat met de Wmo-assistent").click()
    page.locator(".wmo-msg--bot").first.wait_for()
    ask(page, "Welke hulp is er?")
    assert page.locator("[style]").count() == 0, "the widget sets no inline styles"
    assert page.errors == [], "no CSP violation, no script error"


def test_when_the_bot_cannot_be_reached_the_loket_number_is_shown(stack, page):
    page.route(re.compile(r".*/webhooks/rest/webhook$"), lambda route: route.abort())
    page.goto(stack.settings.site_url + "/voorbeeldstad/")
    page.get_by_role("button", name="Chat met de Wmo-assistent").click()
    error = page.locator(".wmo-msg--error").first
    error.wait_for()
    assert "niet bereikbaar" in error.inner_text() and CONFIG.loket.telefoon in error.inner_text()


def test_the_loket_number_is_in_the_message_also_when_the_page_loads_slowly(stack, page):
    """On a slow connection the widget's config (with the loket's number) can arrive after the bot turned out to be
    unreachable: the message waits for it, so the inwoner still reads whom to call (it did not, and a busy test
    machine showed it)."""
    config_requests = []
    page.route(re.compile(r".*/wmo-chat-config\.json(\?.*)?$"), lambda route: config_requests.append(route))  # held back
    page.route(re.compile(r".*/webhooks/rest/webhook$"), lambda route: route.abort())
    page.goto(stack.settings.site_url + "/voorbeeldstad/")
    page.get_by_role("button", name="Chat met de Wmo-assistent").click()
    page.wait_for_timeout(1000)  # the bot's failure is known by now; the config is still on its way
    assert config_requests, "the widget asked for its config"
    config_requests[0].continue_()
    error = page.locator(".wmo-msg--error").first
    error.wait_for()
    assert "niet bereikbaar" in error.inner_text() and CONFIG.loket.telefoon in error.inner_text()
    assert page.locator(".wmo-msg--error").count() == 1


def test_every_message_names_its_conversation_and_too_fast_is_said_in_dutch(stack, page):
    seen = []

    def too_fast(route):  # as nginx answers past its limit in the scale-out profile
        seen.append((route.request.headers.get("x-conversation-id"), json.loads(route.request.post_data)["sender"]))
        route.fulfill(status=429, body="")

    page.route(re.compile(r".*/webhooks/rest/webhook$"), too_fast)
    page.goto(stack.settings.site_url + "/voorbeeldstad/")
    page.get_by_role("button", name="Chat met de Wmo-assistent").click()
    error = page.locator(".wmo-msg--error").first
    error.wait_for()
    assert "U stuurt veel berichten kort na elkaar. Wacht een paar seconden" in error.inner_text()
    assert seen and all(header == sender for header, sender in seen), "the load balancer routes on this header"


@pytest.mark.parametrize("width, height, name", [(1280, 800, "desktop"), (320, 640, "320px"),
                                                 (640, 400, "zoom-200")])
def test_small_screens_and_zoom_without_scrolling_sideways(stack, page, width, height, name):
    page.set_viewport_size({"width": width, "height": height})  # 640 x 400 is 1280 x 800 at 200% zoom
    open_with_keyboard(page, stack.settings.site_url + "/voorbeeldstad/")
    ask(page, "Wat is het abonnementstarief?")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    box = page.locator(".wmo-dialog").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width and box["y"] >= 0
    assert page.locator("#wmo-chat-input").is_visible() and page.locator(".wmo-send").is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"widget-{name}.png"))


def test_reduced_motion_stops_the_typing_animation(stack, page):
    page.emulate_media(reduced_motion="reduce")
    page.goto(stack.settings.site_url + "/voorbeeldstad/")
    animation = page.evaluate(
        "(() => { const t = document.querySelector('.wmo-typing'); t.classList.add('wmo-typing--on');"
        " return getComputedStyle(document.querySelector('.wmo-typing-text'), '::after').animationName; })()")
    assert animation == "none"
