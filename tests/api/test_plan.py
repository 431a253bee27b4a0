"""PUT /meldingen/{id}/plan adds a version; earlier versions stay readable."""

from tests.api.factories import melding_body, plan_body
from tests.api.support import BOT, CONSULENT

MISSING = "00000000-0000-0000-0000-000000000000"


def new_melding(client, **overrides):
    return client.post("/api/v1/meldingen", json=melding_body(**overrides), headers=BOT).json()


def test_a_second_put_keeps_the_first_version(client):
    melding = new_melding(client)
    url = f"/api/v1/meldingen/{melding['id']}"
    first = client.put(f"{url}/plan", json=plan_body(), headers=BOT)
    assert first.status_code == 200 and first.json()["version"] == 1
    changed = plan_body(ondersteuningsvraag="Alleen hulp bij het douchen; de trap lukt met een extra leuning.",
                        opgesteld_door="clientondersteuner")
    second = client.put(f"{url}/plan", json=changed, headers=BOT)
    assert second.status_code == 200 and second.json()["version"] == 2

    current = client.get(url, headers=CONSULENT).json()
    assert current["plan"]["version"] == 2 and current["plan_versie"] == 2
    assert current["plan"]["ondersteuningsvraag"].startswith("Alleen hulp bij het douchen")

    versies = client.get(f"{url}/plan/versies", headers=CONSULENT).json()["items"]
    assert [v["version"] for v in versies] == [1, 2]
    assert versies[0]["ondersteuningsvraag"] == plan_body()["ondersteuningsvraag"]
    assert versies[0]["opgesteld_door"] == "inwoner" and versies[1]["opgesteld_door"] == "clientondersteuner"


def test_a_plan_sent_with_the_melding_is_version_one(client):
    melding = new_melding(client, plan=plan_body())
    changed = plan_body(wat_kan_ik_zelf="Koken lukt nog, als ik kan zitten.")
    response = client.put(f"/api/v1/meldingen/{melding['id']}/plan", json=changed, headers=BOT)
    assert response.json()["version"] == 2


def test_the_same_plan_again_is_a_retry_and_stores_no_new_version(client):
    """The bot retries a PUT whose answer was lost; the consulent must not see the same plan twice."""
    melding = new_melding(client)
    url = f"/api/v1/meldingen/{melding['id']}"
    first = client.put(f"{url}/plan", json=plan_body(), headers=BOT).json()
    again = client.put(f"{url}/plan", json=plan_body(), headers=BOT)
    assert again.status_code == 200
    assert again.json()["version"] == 1 and again.json()["updated_at"] == first["updated_at"]
    assert [v["version"] for v in client.get(f"{url}/plan/versies", headers=CONSULENT).json()["items"]] == [1]


def test_the_plan_of_an_unknown_melding_is_404(client):
    assert client.put(f"/api/v1/meldingen/{MISSING}/plan", json=plan_body(), headers=BOT).status_code == 404
    assert client.get(f"/api/v1/meldingen/{MISSING}/plan/versies", headers=CONSULENT).status_code == 404


def test_versions_of_a_melding_without_a_plan_is_an_empty_list(client):
    melding = new_melding(client)
    response = client.get(f"/api/v1/meldingen/{melding['id']}/plan/versies", headers=CONSULENT)
    assert response.status_code == 200 and response.json() == {"items": []}


def test_the_plan_of_a_finished_melding_cannot_change(client):
    melding = new_melding(client, plan=plan_body())
    client.patch(f"/api/v1/meldingen/{melding['id']}", json={"status": "afgerond"}, headers=CONSULENT)
    response = client.put(f"/api/v1/meldingen/{melding['id']}/plan", json=plan_body(), headers=BOT)
    assert response.status_code == 409
    assert "afgerond" in response.json()["detail"]
    assert client.get(f"/api/v1/meldingen/{melding['id']}", headers=CONSULENT).json()["plan_versie"] == 1
