"""A terugbelverzoek outside the chat hours, from the widget to the loket's staff pages, in Debian's chromium against
the running stack: on Oeverdam's page (its employees chat in the morning; the stack's clock says 14:00) the inwoner
asks for a person, gets the Sociaal Wijkteam's phone and chooses "Bel mij terug", answers four questions in the
widget and agrees; the loket finds the request once, with the question and the chat so far (personal numbers
masked), and axe finds no violation on the widget, the list or the request."""

from tests.e2e.support import staff_login_in_browser, widget_answers, widget_send
from tests.e2e.test_accessibility import violations
from tests.e2e.test_taken import invented_name
from wmo import gemeente

OEVERDAM = gemeente.get("oeverdam")


def test_outside_the_hours_a_callback_request_from_the_widget_lands_in_the_loket_once(stack, page, browser):
    naam = invented_name("Gerda")
    page.goto(stack.settings.site_url + "/oeverdam/")
    page.get_by_role("button", name="Chat met de Wmo-assistent").click()
    widget_answers(page).first.wait_for()
    widget_send(page, "Mijn man is gevallen en ik kan de zorg niet meer aan. Mijn bsn is 111222333.")
    answer = widget_send(page, "ik wil iemand spreken")
    assert OEVERDAM.loket.telefoon in answer and "Kies dan 'Bel mij terug'" in answer
    assert "chatten met een medewerker" not in answer, "Oeverdam's employees do not chat at this hour"
    assert "Ik vraag vier dingen" in widget_send(page, button="Bel mij terug")
    assert "telefoonnummer" in widget_send(page, naam)
    assert "Dat telefoonnummer kan ik niet gebruiken." in widget_send(page, "0900 1234")
    assert "Wanneer komt het u het beste uit?" in widget_send(page, "06 23456789")
    assert "Waarover wilt u praten?" in widget_send(page, button="In de middag")
    summary = widget_send(page, "Ik wil weten of ik hulp kan krijgen <b>bij de zorg</b> voor mijn man.")
    assert f"- Naam: {naam}" in summary and "- Bellen: in de middag" in summary
    assert "<b>bij de zorg</b>" in summary, "what the inwoner typed is shown as text, never as HTML"
    assert violations(page) == [], "the widget with the summary and its buttons"
    assert ("Uw terugbelverzoek is aangekomen bij het Sociaal Wijkteam. Een medewerker belt u in de middag op "
            "06 23456789." in widget_send(page, button="Ja, versturen"))
    assert "Uw terugbelverzoek is aangekomen" in widget_send(page, "is het al aangekomen?")
    assert page.errors == []

    staff = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL").new_page()
    staff_login_in_browser(staff, stack.settings.api_url, "bram.koster")  # a consulent of Oeverdam
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
    assert "Bel mij terug" in content and "Op welk telefoonnummer" not in content, \
        "the chat up to the offer, not the request's own questions"
    assert violations(staff) == [], "one terugbelverzoek with the chat so far"
    staff.get_by_role("combobox", name="Status").select_option("gebeld")
    staff.get_by_label("Belt terug").fill("Bram")
    staff.get_by_role("button", name="Opslaan").click()
    staff.get_by_role("status").wait_for()
    staff.get_by_role("link", name="← Terugbellen").click()
    row = staff.locator("tr", has_text=naam)
    assert row.count() == 1 and "Gebeld" in row.inner_text() and "Bram" in row.inner_text(), "once, and called"
    staff.context.close()
