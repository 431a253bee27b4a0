"""One deployment, two gemeenten, as their inwoners and consulenten see them (issue 26): on each gemeente's demo page
the chat gives that gemeente's loket, bezwaar address, cliëntondersteuning and tarief, in a real browser; a melding
made on each page lands in that gemeente's inbox only; a chat without a gemeente asks first, then answers."""

import re

import pytest

from tests.e2e.conftest import Conversation
from tests.e2e.support import staff_browser
from tests.e2e.test_taken import invented_name
from tests.e2e.test_widget import open_with_keyboard
from wmo import gemeente

CONSULENT_OF = {"voorbeeldstad": "anne.devries", "oeverdam": "bram.koster"}


def facts(config: gemeente.Gemeente) -> dict:
    """A question an inwoner types, and the local fact its answer must hold."""
    lower = config.eigen_bijdrage.tarief_per_maand()
    tarief = f"Gemeente {config.naam} vraagt minder: € {config.eigen_bijdrage.abonnementstarief} per maand" \
        if lower is not None else "hoogstens € 21,80 per maand"
    return {"Ik wil iemand spreken": f"U kunt het {config.loket.naam} van gemeente {config.naam} bellen: "
                                     f"{config.loket.telefoon}",
            "Waar stuur ik mijn bezwaar naartoe?": config.bezwaar.postadres,
            "Is cliëntondersteuning gratis?": f"In {config.naam} doet {config.clientondersteuning.organisatie} dit. "
                                              f"Bel {config.clientondersteuning.telefoon}",
            "Wat is het abonnementstarief?": tarief}


def answer_after(page, act) -> str:
    """The bot's first message after `act` (typing or clicking), as the inwoner reads it."""
    before = page.locator(".wmo-msg--bot").count()
    act()
    page.locator(".wmo-msg--bot").nth(before).wait_for()
    return page.locator(".wmo-msg--bot .wmo-text").nth(before).inner_text()


def tell(page, text: str) -> str:
    def typed():
        page.locator("#wmo-chat-input").fill(text)
        page.locator("#wmo-chat-input").press("Enter")

    return answer_after(page, typed)


def click(page, title: str) -> str:
    return answer_after(page, lambda: page.get_by_role("button", name=title, exact=True).last.click())


@pytest.mark.parametrize("slug, other", [("voorbeeldstad", "oeverdam"), ("oeverdam", "voorbeeldstad")])
def test_each_page_gives_its_gemeentes_facts_and_its_melding_lands_in_its_own_inbox_only(stack, page, slug, other):
    config, elders = gemeente.get(slug), gemeente.get(other)
    open_with_keyboard(page, f"{stack.settings.site_url}/{slug}/")
    assert page.locator(".wmo-title").inner_text() == f"Wmo-assistent van gemeente {config.naam}"
    assert f"gemeente {config.naam}" in page.locator(".wmo-msg--bot .wmo-text").first.inner_text(), "the greeting"
    for (question, fact), other_fact in zip(facts(config).items(), facts(elders).values()):
        answer = tell(page, question)
        assert fact in answer, f"{question!r} on {slug}'s page:\n{answer}"
        assert other_fact not in answer or other_fact == "hoogstens € 21,80 per maand", "the legal maximum is said"
        assert elders.naam not in answer

    naam = invented_name("Lies")
    assert "melding te doen bij gemeente " + config.naam in tell(page, "Ik wil een melding doen")
    click(page, "Voor mezelf")
    tell(page, "Ik kan niet meer zelf stofzuigen.")
    click(page, "Klaar")
    assert f"1234 AB {config.naam}" in tell(page, naam), "the example address is in this gemeente"
    assert tell(page, f"Dijkweg 3, 9999 ZZ {config.naam}").startswith("Op welk telefoonnummer")
    tell(page, "06 12345678")
    summary = tell(page, "geen e-mail")
    assert summary.startswith(f"Dit stuur ik naar gemeente {config.naam}:") and naam in summary
    confirmation = click(page, "Ja, versturen")
    assert confirmation.startswith(f"Uw melding is aangekomen bij gemeente {config.naam}.")
    assert f"In {config.naam} is dat {config.clientondersteuning.organisatie}" in confirmation
    referentie = re.search(r"WMO-\d{4}-\d{6}", confirmation).group(0)
    assert page.errors == []

    with staff_browser(stack.settings.api_url, CONSULENT_OF[slug]) as browser:
        inbox = browser.get(f"{stack.settings.api_url}/consulent").text
        row = next(row for row in inbox.split("<tr>") if naam in row)
        assert referentie in row, "the referentie the inwoner read is the one in the inbox"
        melding_id = re.search(r'href="/consulent/meldingen/([^"]+)"', row).group(1)
        assert f"Gemeente {config.naam}" in inbox
    with staff_browser(stack.settings.api_url, CONSULENT_OF[other]) as browser:
        assert naam not in browser.get(f"{stack.settings.api_url}/consulent").text
        refused = browser.get(f"{stack.settings.api_url}/consulent/meldingen/{melding_id}")
        assert refused.status_code == 404 and naam not in refused.text
    with staff_browser(stack.settings.api_url, "gijs.mulder") as browser:  # a consulent of the region: both
        inbox = browser.get(f"{stack.settings.api_url}/consulent").text
        row = next(row for row in inbox.split("<tr>") if naam in row)
        assert f"<td>{config.naam}</td>" in row, "the region's inbox says whose melding it is"


def test_a_chat_without_a_gemeente_asks_which_one_and_then_answers_the_first_question(stack):
    c = Conversation(stack.settings.webhook_url, gemeente=None)
    asked = c.say("Wie helpt mij gratis met mijn aanvraag?")
    assert asked[0]["text"].startswith("Deze chat is van meer dan één gemeente. In welke gemeente woont u?")
    assert [b["title"] for b in asked[0]["buttons"]] == ["Oeverdam", "Voorbeeldstad"]
    assert c.text("Weet ik niet").startswith("Ik heb uw gemeente nodig om u goed te helpen.")
    answer = c.text("Oeverdam")
    assert "In Oeverdam doet Cliëntsteunpunt Oeverdam dit." in answer, "the first question, for the chosen gemeente"
    assert "0998 410 100" in c.text("Ik wil iemand spreken"), "the conversation stays with Oeverdam"


def test_a_conversation_keeps_its_gemeente_and_an_unknown_gemeente_is_refused(stack):
    c = Conversation(stack.settings.webhook_url, gemeente="oeverdam")
    assert "Sociaal Wijkteam" in c.text("Ik wil iemand spreken")
    c.metadata = {"gemeente": "voorbeeldstad"}
    with pytest.raises(Exception) as refused:
        c.say("Ik wil iemand spreken")
    assert refused.value.response.status_code == 409
    assert "this conversation is for gemeente 'oeverdam'" in refused.value.response.text
    unknown = Conversation(stack.settings.webhook_url, gemeente="amsterdam")
    with pytest.raises(Exception) as refused:
        unknown.say("hallo")
    assert refused.value.response.status_code == 400
    assert "must be a gemeente this chat serves: oeverdam, voorbeeldstad" in refused.value.response.text


def test_a_page_for_a_gemeente_the_chat_does_not_serve_says_so_and_gets_no_other_gemeentes_answer(stack, page):
    """A website that embeds the widget with a data-gemeente this deployment does not serve (a typing error)."""
    # the page's script tag is changed before the widget runs (a served copy of the page would be another origin)
    page.add_init_script("""new MutationObserver(function (changes, observer) {
      var tag = document.querySelector('script[data-gemeente]');
      if (tag) { tag.setAttribute('data-gemeente', 'atlantis'); observer.disconnect(); }
    }).observe(document, {childList: true, subtree: true});""")
    page.goto(f"{stack.settings.site_url}/voorbeeldstad/")
    page.wait_for_load_state("networkidle")  # the config (404) has been asked
    page.get_by_role("button", name="Chat met de Wmo-assistent").click()
    page.locator(".wmo-msg--bot").first.wait_for()
    assert page.locator(".wmo-msg--bot .wmo-text").first.inner_text().startswith(
        "Deze chat is op deze website niet goed ingesteld.")
    answer = tell(page, "Ik wil iemand spreken")  # the bot refuses it too (400): no gemeente's number
    assert answer.startswith("Deze chat is op deze website niet goed ingesteld.")
    assert "14 0999" not in page.locator("[role=log]").inner_text()
    assert page.locator(".wmo-title").inner_text() == "Wmo-assistent"
