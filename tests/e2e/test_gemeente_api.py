"""The gemeente API as the launcher starts it: migrated database, bot writes, consulent reads and logs in."""

import httpx

from tests.e2e.support import SECRETS, staff_browser

BOT = {"Authorization": f"Bearer {SECRETS['WMO_BOT_TOKEN']}"}
CONSULENT = {"Authorization": f"Bearer {SECRETS['WMO_CONSULENT_TOKEN']}"}

MELDING = {
    "gemeente": "voorbeeldstad",
    "inwoner": {"naam": "Henk de Boer", "adres": "Kerkpad 3", "postcode": "9999 ZZ", "woonplaats": "Voorbeeldstad",
                "telefoon": "0591 123456"},
    "hulpvraag": "Ik kan de boodschappen niet meer zelf doen.",
    "levensgebieden": ["huishouden"],
    "toestemming": {"gegeven": True, "moment": "2026-11-23T09:00:00+01:00"},
}


def test_the_launcher_migrates_the_database_before_the_api_answers(stack):
    health = httpx.get(f"{stack.settings.api_url}/healthz").json()
    assert health["status"] == "ok" and health["schema"]
    assert (stack.settings.var_dir / "gemeente.db").is_file()


def test_a_melding_from_the_bot_reaches_the_consulent_inbox(stack):
    api = stack.settings.api_url
    created = httpx.post(f"{api}/api/v1/meldingen", json=MELDING, headers={**BOT, "Idempotency-Key": "e2e-henk"})
    assert created.status_code == 201, created.text
    melding = created.json()
    assert httpx.get(f"{api}/api/v1/meldingen/{melding['id']}", headers=CONSULENT).json()["referentie"] \
        == melding["referentie"]
    assert httpx.get(f"{api}/api/v1/meldingen", headers=BOT).status_code == 403

    with staff_browser(api) as browser:
        inbox = browser.get(f"{api}/consulent")
        assert melding["referentie"] in inbox.text and "Henk de Boer" in inbox.text
        page = browser.get(f"{api}/consulent/meldingen/{melding['id']}")
        assert "Ik kan de boodschappen niet meer zelf doen." in page.text
        assert "0591 123 456" in page.text
