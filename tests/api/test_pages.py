"""The consulent pages: the inbox, the melding with its printable plan, status (the login: test_staff_login.py)."""

import re
from datetime import date

import pytest

from wmo.kalender import datum_voluit
from tests.api.factories import melding_body, plan_body
from tests.api.support import BOT, CONSULENT, staff_login

XSS = "<script>alert(1)</script>"


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def new_melding(client, **overrides) -> dict:
    response = client.post("/api/v1/meldingen", json=melding_body(**overrides), headers=BOT)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def consulent(client):
    """Anne de Vries, consulent, logged in through the development OpenID provider."""
    assert staff_login(client, "anne.devries").status_code == 303
    return client


def test_the_inbox_lists_meldingen_newest_first_and_filters_by_status(consulent):
    older = new_melding(consulent, inwoner={**melding_body()["inwoner"], "naam": "Bep Smit"})
    newer = new_melding(consulent, inwoner={**melding_body()["inwoner"], "naam": "Kees Mulder"})
    consulent.patch(f"/api/v1/meldingen/{older['id']}", json={"status": "in_behandeling"}, headers=CONSULENT)

    html = consulent.get("/consulent").text
    assert html.index(newer["referentie"]) < html.index(older["referentie"])
    assert "Kees Mulder" in html and "Bep Smit" in html
    assert "Alle (2)" in html and "Nieuw (1)" in html and "In behandeling (1)" in html

    filtered = consulent.get("/consulent?status=in_behandeling").text
    assert "Bep Smit" in filtered and "Kees Mulder" not in filtered
    assert "Geen meldingen" in consulent.get("/consulent?status=afgerond").text


def test_the_melding_page_lays_out_the_full_plan(consulent):
    melding = new_melding(
        consulent, namens={"naam": "Sanne Visser", "organisatie": "MEE Voorbeeld", "rol": "clientondersteuner"},
        plan=plan_body(opgesteld_door="clientondersteuner"))
    html = consulent.get(f"/consulent/meldingen/{melding['id']}").text
    for expected in [
        f"Melding {melding['referentie']}", "Truus Jansen-Bakker", "Lindelaan 12", "9999 ZZ Voorbeeldstad",
        "06 12345678", "truus.jansen@voorbeeld.example", "Sanne Visser, cliëntondersteuner (MEE Voorbeeld)",
        "Persoonlijk plan van Truus Jansen-Bakker", "versie 1", "opgesteld door een cliëntondersteuner",
        "1. Wie ben ik?", "Ik ben Truus, 81 jaar.",
        "2. Waar loop ik tegenaan?", "Persoonlijke verzorging", "Douchen lukt niet meer zonder hulp.",
        "Sociale contacten", "3. Wat kan ik zelf of met hulp oplossen?", "Ik kan zelf koken",
        "Mijn dochter doet de boodschappen", "Ik eet op dinsdag mee in het wijkcentrum.",
        "4. Waarvoor heb ik hulp of ondersteuning nodig?", "Hulp bij het douchen",
        "5. Hoe kan die ondersteuning er het beste uitzien?", "Zorg in natura",
        "Ik wil niet zelf zorgverleners zoeken.", "Opslaan als PDF",
    ]:
        assert expected in html, expected


def test_dates_are_written_out_in_dutch(consulent):
    melding = new_melding(consulent)
    html = consulent.get(f"/consulent/meldingen/{melding['id']}").text
    for day in melding["termijnen"].values():
        assert datum_voluit(date.fromisoformat(day)) in html


def test_the_plan_prints_as_a_clean_a4(consulent):
    css = consulent.get("/static/consulent.css").text
    assert "@page { size: A4" in css
    print_rules = css[css.index("@media print"):]
    for hidden in ("header.site", "nav", ".geen-print", "form", "button"):
        assert hidden in print_rules.split("display: none")[0]
    assert "break-before: page" in print_rules
    melding = new_melding(consulent, plan=plan_body())
    html = consulent.get(f"/consulent/meldingen/{melding['id']}").text
    assert 'class="wijzigen geen-print"' in html and '<link rel="stylesheet" href="/static/consulent.css">' in html


def every_text_field_with(value: str) -> dict:
    body = melding_body(hulpvraag=value, namens={"naam": value, "organisatie": value, "rol": "familie"},
                        plan=plan_body(wie_ben_ik=value, knelpunten={"wonen": value, "vervoer": value},
                                       wat_kan_ik_zelf=value, wat_doet_mijn_netwerk=value,
                                       algemene_voorzieningen=value, ondersteuningsvraag=value,
                                       gewenste_vorm={"vorm": "pgb", "toelichting": value}))
    body["inwoner"].update(naam=value, adres=value, woonplaats=value)
    return body


def test_script_in_any_field_shows_as_text(consulent):
    melding = consulent.post("/api/v1/meldingen", json=every_text_field_with(XSS), headers=BOT).json()
    consulent.patch(f"/api/v1/meldingen/{melding['id']}", json={"toegewezen_aan": XSS}, headers=CONSULENT)
    for page in (f"/consulent/meldingen/{melding['id']}", "/consulent"):
        html = consulent.get(page).text
        assert XSS not in html, page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, page
    detail = consulent.get(f"/consulent/meldingen/{melding['id']}").text
    assert detail.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 14  # every field, each shown once or more


def test_pages_forbid_scripts_and_caching(consulent):
    response = consulent.get("/consulent")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "script-src" not in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"


def test_the_consulent_changes_status_and_assignee(consulent):
    melding = new_melding(consulent)
    page = f"/consulent/meldingen/{melding['id']}"
    csrf = csrf_of(consulent.get(page).text)
    response = consulent.post(page, data={"status": "gesprek_gepland", "toegewezen_aan": "Karin de Consulent",
                                          "csrf": csrf}, follow_redirects=False)
    assert response.status_code == 303
    html = consulent.get(response.headers["location"]).text
    assert "Opgeslagen." in html and "Karin de Consulent" in html
    assert '<option value="gesprek_gepland" selected>' in html
    stored = consulent.get(f"/api/v1/meldingen/{melding['id']}", headers=CONSULENT).json()
    assert stored["status"] == "gesprek_gepland" and stored["toegewezen_aan"] == "Karin de Consulent"


@pytest.mark.parametrize("form,status", [
    ({"status": "afgerond", "csrf": "vervalst"}, 403),
    ({"status": "afgerond"}, 403),
    ({"status": "weg", "csrf": None}, 422),
])
def test_a_status_change_without_the_form_token_or_with_a_bad_status_changes_nothing(consulent, form, status):
    melding = new_melding(consulent)
    page = f"/consulent/meldingen/{melding['id']}"
    form = dict(form)
    if "csrf" in form and form["csrf"] is None:
        form["csrf"] = csrf_of(consulent.get(page).text)
    assert consulent.post(page, data=form, follow_redirects=False).status_code == status
    assert consulent.get(f"/api/v1/meldingen/{melding['id']}", headers=CONSULENT).json()["status"] == "nieuw"


def test_earlier_plan_versions_can_be_opened(consulent):
    melding = new_melding(consulent, plan=plan_body())
    consulent.put(f"/api/v1/meldingen/{melding['id']}/plan",
                  json=plan_body(ondersteuningsvraag="Een scootmobiel."), headers=BOT)
    page = f"/consulent/meldingen/{melding['id']}"
    newest = consulent.get(page).text
    assert "Een scootmobiel." in newest and f'href="{page}?versie=1"' in newest
    first = consulent.get(f"{page}?versie=1").text
    assert "Hulp bij het douchen" in first and "er is een nieuwere versie 2" in first
    assert consulent.get(f"{page}?versie=7").status_code == 404


def test_an_unknown_melding_page_is_404(consulent):
    response = consulent.get("/consulent/meldingen/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404 and "Melding niet gevonden" in response.text


def test_a_melding_without_plan_says_until_when_one_may_come(consulent):
    melding = new_melding(consulent)
    html = consulent.get(f"/consulent/meldingen/{melding['id']}").text
    assert "Er is nog geen persoonlijk plan" in html
