"""Sending to the gemeente: honest about failure, nothing lost, never twice. The end-to-end tests send to the real
API; here the failures are made on purpose (a closed port, a server that answers 503)."""

import asyncio
import json
import socket
import ssl

import pytest

from actions import gemeente_api, outbox
from actions.gemeente_api import GemeenteApi, GemeenteNietBereikbaar, GemeenteWeigert
from actions.versturen import ActionVersturen, ActionVerzendstatus
from action_support import recording_transport, run, sending_setup, slots, tracker

MELDING = {"namens_rol": "zelf", "hulpvraag_tekst": "Ik kan niet meer zelf stofzuigen.",
           "levensgebieden": ["huishouden"], "inwoner_naam": "Anna de Vries", "inwoner_adres": "Dorpsstraat 4",
           "inwoner_postcode": "9999 ZZ", "inwoner_woonplaats": "Voorbeeldstad",
           "inwoner_telefoon": "+31612345678", "inwoner_email": "geen", "melding_akkoord": "ja",
           "toestemming_moment": "2026-11-23T10:00:00+00:00", "verzend_sleutel": "sleutel-1"}
STORED = {"id": "m-1", "referentie": "WMO-2026-000001",
          "termijnen": {"plan_uiterlijk": "2026-11-30", "onderzoek_uiterlijk": "2027-01-04"}, "plan": None}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch, tmp_path):
    sending_setup(monkeypatch, tmp_path)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when this returns: nothing listens there


def test_an_unreachable_gemeente_is_said_honestly_and_the_melding_is_kept_in_the_outbox(monkeypatch):
    monkeypatch.setenv("GEMEENTE_API_URL", f"http://127.0.0.1:{closed_port()}")
    events, messages = run(ActionVersturen(), tracker("Ja", intent="affirm", slots=MELDING))
    text = messages[0]["text"]
    assert "Uw melding is dus nog niet bij de gemeente." in text
    assert "Ik stuur uw melding vanzelf naar de gemeente zodra dat weer lukt." in text
    assert "aangekomen bij" not in text and "WMO-" not in text
    assert "Bel het Wmo-loket: 14 0999" in text
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/verzendstatus", "/contact_person"]
    [entry] = outbox.current().of_conversation("inwoner-1")
    assert entry.status == outbox.WACHT and entry.idempotency_key == "sleutel-1"
    assert entry.body["inwoner"]["naam"] == "Anna de Vries", "everything entered is in the outbox"
    filled = slots(events)
    assert filled["melding_wacht"] == entry.id and filled["inwoner_naam"] is None, \
        "the conversation no longer needs it: the outbox has it"


def test_a_retry_after_a_server_error_sends_the_same_idempotency_key():
    transport, requests = recording_transport([(503, {"detail": "busy"}), (201, STORED)])
    api = GemeenteApi(url="http://gemeente.test", token="t", transport=transport, backoff=0)
    ontvangen = asyncio.run(api.maak_melding({"hulpvraag": "x"}, "sleutel-1"))
    assert ontvangen.referentie == "WMO-2026-000001"
    assert [r.headers["Idempotency-Key"] for r in requests] == ["sleutel-1", "sleutel-1"]
    assert requests[0].headers["Authorization"] == "Bearer t"


def test_sending_reads_the_ca_bundle_once_not_for_every_melding(monkeypatch):
    loads = []
    real = ssl.SSLContext.load_verify_locations
    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations",
                        lambda self, *a, **k: loads.append(1) or real(self, *a, **k))
    api = GemeenteApi(url=f"http://127.0.0.1:{closed_port()}", token="t", backoff=0)  # httpx's own transport
    for number in range(3):
        with pytest.raises(GemeenteNietBereikbaar):
            asyncio.run(api.maak_melding({"hulpvraag": "x"}, f"sleutel-{number}"))
    assert len(loads) <= 1, "reading the CA bundle costs 35 ms of CPU per send"


def test_a_refusal_is_not_retried_and_names_fields_not_what_was_typed():
    refusal = {"detail": [{"loc": ["body", "inwoner", "telefoon"], "input": "06 1234", "msg": "must be ..."}]}
    transport, requests = recording_transport([(422, refusal)])
    api = GemeenteApi(url="http://gemeente.test", token="t", transport=transport, backoff=0)
    with pytest.raises(GemeenteWeigert) as refused:
        asyncio.run(api.maak_melding({}, "k"))
    assert len(requests) == 1
    assert "body.inwoner.telefoon" in str(refused.value) and "06 1234" not in str(refused.value)


def test_three_server_errors_mean_not_reachable():
    transport, requests = recording_transport([(502, {})])
    api = GemeenteApi(url="http://gemeente.test", token="t", transport=transport, backoff=0)
    with pytest.raises(GemeenteNietBereikbaar):
        asyncio.run(api.schrijf_plan("m-1", {}))
    assert len(requests) == gemeente_api.TRIES


def test_without_a_token_nothing_is_sent(monkeypatch, tmp_path):
    monkeypatch.delenv("WMO_BOT_TOKEN")
    monkeypatch.setattr(gemeente_api, "ROOT", tmp_path)  # no .env there
    with pytest.raises(GemeenteNietBereikbaar, match="WMO_BOT_TOKEN"):
        asyncio.run(GemeenteApi(url="http://gemeente.test").maak_melding({}, "k"))


def test_the_token_is_read_from_dotenv_when_not_in_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("WMO_BOT_TOKEN")
    (tmp_path / ".env").write_text("# secrets\nWMO_BOT_TOKEN=uit-dotenv\n", encoding="utf-8")
    monkeypatch.setattr(gemeente_api, "ROOT", tmp_path)
    assert gemeente_api.bot_token() == "uit-dotenv"


def test_a_plan_made_before_any_melding_leads_to_the_melding_form():
    events, messages = run(ActionVersturen(), tracker("Ja", intent="affirm", slots={"plan_akkoord": "ja"}))
    assert messages[0]["text"].startswith("Nu de melding.")
    assert events == [{"event": "followup", "name": "melding_form", "timestamp": None}]


def test_nothing_to_send_says_so():
    _, messages = run(ActionVersturen(), tracker("versturen", intent="affirm"))
    assert messages[0]["text"].startswith("Er staat niets klaar om te versturen.")


def test_the_status_of_nothing_sent_says_so():
    _, messages = run(ActionVerzendstatus(), tracker("is mijn melding aangekomen?", intent="verzendstatus"))
    assert messages[0]["text"].startswith("In dit gesprek is nog niets naar de gemeente gestuurd.")


def stand_in(monkeypatch, answers):
    transport, requests = recording_transport(answers)
    for action in (ActionVersturen, ActionVerzendstatus):
        monkeypatch.setattr(action, "api",
                            lambda self: GemeenteApi(url="http://gemeente.test", token="t", transport=transport))
    return requests


def test_asking_for_the_status_tries_again_and_tells_the_melding_arrived(monkeypatch):
    sent = {"items": [{"soort": "bevestiging", "aan": "anna@voorbeeld.example", "status": "verstuurd"}]}
    requests = stand_in(monkeypatch, [(503, {})] * gemeente_api.TRIES + [(201, STORED), (200, sent)])
    events, _ = run(ActionVersturen(), tracker("Ja", intent="affirm", slots=MELDING))
    waiting = slots(events)["melding_wacht"]
    _, messages = run(ActionVerzendstatus(), tracker("is mijn melding aangekomen?", intent="verzendstatus",
                                                     slots={"melding_wacht": waiting, "namens_rol": "zelf"}))
    text = messages[0]["text"]
    assert text.startswith("Uw melding is aangekomen bij gemeente Voorbeeldstad. Het nummer van de melding is "
                           "WMO-2026-000001.")
    assert "uiterlijk maandag 4 januari 2027" in text
    assert "Er is een bevestiging per e-mail gestuurd naar anna@voorbeeld.example." in text, \
        "the address was forgotten in the chat; the API says where the confirmation went"
    posts = [r for r in requests if r.method == "POST"]
    assert [r.headers["Idempotency-Key"] for r in posts] == ["sleutel-1"] * (gemeente_api.TRIES + 1)
    assert requests[-1].url.path == "/api/v1/meldingen/m-1/bevestiging"
    [entry] = outbox.current().of_conversation("inwoner-1")
    assert entry.status == outbox.AANGEKOMEN


def test_the_status_while_the_gemeente_is_still_down_names_the_last_try(monkeypatch):
    stand_in(monkeypatch, [(503, {})])
    events, _ = run(ActionVersturen(), tracker("Ja", intent="affirm", slots=MELDING))
    status_events, messages = run(ActionVerzendstatus(), tracker(
        "is mijn melding aangekomen?", intent="verzendstatus", slots={"melding_wacht": slots(events)["melding_wacht"]}))
    text = messages[0]["text"]
    assert text.startswith("Uw melding is nog niet bij de gemeente. Uw melding is wel bewaard.")
    assert "De laatste poging was om " in text and "Bel het Wmo-loket" in text
    assert status_events == []
    assert outbox.current().of_conversation("inwoner-1")[0].tries == 2


def test_a_melding_that_arrived_in_the_background_is_confirmed_and_a_plan_goes_to_it(monkeypatch):
    requests = stand_in(monkeypatch, [(503, {})] * gemeente_api.TRIES + [(201, STORED), (200, {"version": 1})])
    events, _ = run(ActionVersturen(), tracker("Ja", intent="affirm", slots=MELDING))
    waiting = slots(events)["melding_wacht"]
    # the person makes a plan; the melding goes first, then the plan to the melding the gemeente made
    plan_slots = {"plan_akkoord": "ja", "melding_wacht": waiting, "plan_wie_ben_ik": "Ik ben Anna.",
                  "plan_ondersteuningsvraag": "Hulp bij het schoonmaken.", "plan_vorm": "natura",
                  "toestemming_moment": "2026-11-23T10:00:00+00:00"}
    events, messages = run(ActionVersturen(), tracker("Ja", intent="affirm", slots=plan_slots))
    assert messages[0]["text"].startswith("Uw persoonlijk plan is aangekomen bij de gemeente. Het hoort bij melding "
                                          "WMO-2026-000001.")
    filled = slots(events)
    assert filled["melding_id"] == "m-1" and filled["melding_wacht"] is None
    assert [r.method for r in requests[-2:]] == ["POST", "PUT"] and requests[-1].url.path.endswith("/m-1/plan")


def test_the_confirmation_names_the_referentie_and_both_dates(monkeypatch):
    transport, requests = recording_transport([(201, STORED)])
    monkeypatch.setattr(ActionVersturen, "api",
                        lambda self: GemeenteApi(url="http://gemeente.test", token="t", transport=transport))
    events, messages = run(ActionVersturen(), tracker("Ja", intent="affirm", slots=MELDING))
    text = messages[0]["text"]
    assert "Het nummer van de melding is WMO-2026-000001." in text
    assert "tot en met maandag 30 november 2026" in text
    assert "uiterlijk maandag 4 januari 2027" in text
    assert "gratis hulp van een cliëntondersteuner" in text
    sent = json.loads(requests[0].content)
    assert sent["inwoner"]["email"] is None and sent["toestemming"]["gegeven"] is True
    filled = slots(events)
    assert filled["melding_id"] == "m-1" and filled["melding_referentie"] == "WMO-2026-000001"
    assert filled["inwoner_telefoon"] is None and filled["verzend_sleutel"] is None, "sent, so forgotten"
    assert "namens_rol" not in filled



@pytest.mark.parametrize("status, said", [
    ("verstuurd", "Er is een bevestiging per e-mail gestuurd naar anna@voorbeeld.example."),
    ("wacht", "De bevestiging per e-mail naar anna@voorbeeld.example is nog niet verstuurd. Dat gebeurt vanzelf"),
    ("geweigerd", "De bevestiging per e-mail naar anna@voorbeeld.example kon niet worden verstuurd. Misschien klopt "
                  "het e-mailadres niet. De melding zelf is wel aangekomen. Wilt u toch een bevestiging? Bel het "
                  "Wmo-loket: 14 0999."),
])
def test_the_chat_says_whether_the_confirmation_mail_went(monkeypatch, status, said):
    items = [{"soort": "bevestiging", "aan": "anna@voorbeeld.example", "status": status}]
    transport, requests = recording_transport([(201, STORED), (200, {"items": items})])
    monkeypatch.setattr(ActionVersturen, "api",
                        lambda self: GemeenteApi(url="http://gemeente.test", token="t", transport=transport))
    _, messages = run(ActionVersturen(), tracker("Ja", intent="affirm",
                                                 slots={**MELDING, "inwoner_email": "anna@voorbeeld.example"}))
    assert said in messages[0]["text"]
    assert requests[1].url.path == "/api/v1/meldingen/m-1/bevestiging" and requests[1].url.params["wacht"] == "6.0"


def test_without_an_address_or_an_answer_about_the_mail_the_chat_says_nothing_of_it(monkeypatch):
    transport, requests = recording_transport([(201, STORED), (503, {})])
    monkeypatch.setattr(ActionVersturen, "api",
                        lambda self: GemeenteApi(url="http://gemeente.test", token="t", transport=transport))
    _, messages = run(ActionVersturen(), tracker("Ja", intent="affirm", slots=MELDING))
    assert len(requests) == 1 and "e-mail" not in messages[0]["text"], "no address: not asked"
    _, messages = run(ActionVersturen(), tracker("Ja", intent="affirm",
                                                 slots={**MELDING, "inwoner_email": "anna@voorbeeld.example"}))
    assert "Het nummer van de melding is WMO-2026-000001." in messages[0]["text"]
    assert "e-mail" not in messages[0]["text"], "the API did not say: no worry for the person"
