"""The scale-out profile keeps its promises: a conversation may move between the two Rasa servers, one of them may
die, the gemeente API may be down, a client may send too fast, and under load every finished flow is one melding
with its plan in PostgreSQL."""

import asyncio
import time

import httpx
import redis
from sqlalchemy import create_engine, text

from bench import conversations
from tests.e2e.test_mail import mails_of, wait_for_mails
from tests.e2e.test_taken import CONSULENT, invented_name, meldingen_of, wait_for_meldingen_of
from tests.scaled.conftest import Conversation, run_async

MELDING = ["/melding_doen", "Voor mezelf", "Ik kan niet meer zelf koken en de was doen.", "Klaar"]
CONTACT = ["Lindelaan 21, 9999 ZZ Voorbeeldstad", "06 12345678", "geen e-mail"]
PAUSE = 0.5  # seconds between an answer and the next message of a simulated inwoner under load


def served_by(stack, sender: str, expected: int) -> list:
    """The Rasa servers (host:port) nginx sent this conversation's messages to, in order (nginx's access log).
    nginx writes a line just after the answer has gone out, so the last one may take a moment."""
    log = stack.settings.var_dir / "log" / "nginx-access.log"
    deadline = time.monotonic() + 5
    while True:
        found = [line.split()[-1] for line in log.read_text(encoding="utf-8").splitlines()
                 if f'"{sender}"' in line and "/webhooks/rest/webhook" in line]
        if len(found) >= expected or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_messages_alternating_between_the_two_rasa_servers_make_one_correct_melding(scaled):
    naam = invented_name("Ria")
    c = Conversation(scaled)
    replies = []
    for number, message in enumerate([*MELDING, naam, *CONTACT], start=0):
        replies.append(c.text(message, via=1 + number % 2))
    assert replies[-1].count(f"- Melding voor: {naam}") == 1, "\n---\n".join(replies)
    assert "- Telefoon: 06 12345678" in replies[-1]
    assert c.text("/affirm", via=2).startswith("Uw melding is aangekomen bij gemeente Voorbeeldstad.")
    [melding] = meldingen_of(scaled, naam)
    assert melding["hulpvraag"] == "Ik kan niet meer zelf koken en de was doen."
    assert melding["inwoner"]["adres"] == "Lindelaan 21" and melding["inwoner"]["telefoon"] == "+31612345678"


def test_nginx_keeps_a_conversation_on_one_replica_and_the_other_carries_on_when_it_dies(scaled, conversation):
    naam = invented_name("Joost")
    c = conversation
    for message in MELDING:
        c.text(message)
    replicas = served_by(scaled, c.sender, len(MELDING))
    assert len(replicas) == len(MELDING) and len(set(replicas)) == 1, "one conversation, one Rasa server"
    number = 1 + [f"127.0.0.1:{port}" for port in scaled.settings.rasa_ports].index(replicas[0])

    scaled.stop_service(f"rasa-{number}")
    try:
        assert c.text(naam).startswith("Wat is uw adres?"), "the other replica reads the conversation from PostgreSQL"
        for message in CONTACT:
            c.text(message)
        assert c.text("/affirm").startswith("Uw melding is aangekomen")
    finally:
        scaled.start_service(f"rasa-{number}")
    after = served_by(scaled, c.sender, len(MELDING) + 1 + len(CONTACT) + 1)[len(MELDING):]
    assert after and all(replica != replicas[0] for replica in after)
    assert len(meldingen_of(scaled, naam)) == 1


def test_a_melding_kept_while_the_api_is_down_arrives_once_although_two_action_servers_deliver(scaled, conversation):
    naam = invented_name("Sanne")
    c = conversation
    for message in [*MELDING, naam, *CONTACT]:
        c.text(message)
    scaled.stop_service("api")
    try:
        assert "Ik heb uw melding bewaard." in c.text("/affirm")
    finally:
        scaled.start_service("api")
    [melding] = wait_for_meldingen_of(scaled, naam)
    time.sleep(3)  # both action servers have had a round since
    assert len(meldingen_of(scaled, naam)) == 1
    assert c.text("Is mijn melding al aangekomen?").startswith("Uw melding is aangekomen")


def test_a_client_sending_too_fast_is_slowed_down_and_others_are_not(scaled):
    url = f"{scaled.settings.rasa_url}/webhooks/rest/webhook"

    async def burst():
        transport = httpx.AsyncHTTPTransport(local_address="127.0.0.200")
        async with httpx.AsyncClient(timeout=60, transport=transport) as client:
            return await asyncio.gather(*[client.post(url, json={"sender": f"snel-{n}", "message": "hallo",
                                                                 "metadata": {"gemeente": "oeverdam"}})
                                          for n in range(80)])

    statuses = [response.status_code for response in run_async(burst())]
    limit = 3 * scaled.settings.rate_per_client
    assert statuses.count(429) >= 80 - limit - 2 * scaled.settings.rate_per_client
    assert set(statuses) == {200, 429}
    other = Conversation(scaled, address="127.0.0.201")
    assert other.say("hallo"), "another client is served at once"


def test_only_the_webhook_the_handover_poll_and_feedback_are_open_and_rasa_s_http_api_is_off(scaled):
    lb = scaled.settings.rasa_url
    poll = httpx.get(f"{lb}/webhooks/rest/overdracht", params={"sender": "scaled-no-handover", "na": 0}, timeout=40)
    assert poll.status_code == 200 and poll.json()["actief"] is False, "the widget's poll while a person has the chat"
    answer = httpx.post(f"{lb}/webhooks/rest/webhook", timeout=60, json={
        "sender": "scaled-feedback", "message": "wat is de wmo", "metadata": {"gemeente": "oeverdam"}}).json()
    judged = httpx.post(f"{lb}/webhooks/rest/feedback", timeout=30, json={
        "sender": "scaled-feedback", "antwoord_op": answer[-1]["antwoord_op"], "nuttig": True,
        "metadata": {"gemeente": "oeverdam"}})
    assert judged.status_code == 204, "feedback under an answer reaches the gemeente API through nginx"
    for path in ("/status", "/conversations/x/tracker", "/model", "/version"):
        assert httpx.get(f"{lb}{path}").status_code == 404
        for replica in (1, 2):
            assert httpx.get(f"{scaled.settings.replica_url(replica)}{path}").status_code == 404


def test_two_messages_at_once_on_both_replicas_take_turns_through_the_redis_lock(scaled, conversation):
    c = conversation
    c.text("hallo")
    host = redis.Redis(host="127.0.0.1", port=6379)
    before = host.info("stats")["total_commands_processed"]

    async def both():
        async with httpx.AsyncClient(timeout=60) as client:
            return await asyncio.gather(*[
                client.post(f"{scaled.settings.replica_url(n)}/webhooks/rest/webhook",
                            json={"sender": c.sender, "message": text, "metadata": {"gemeente": c.gemeente}})
                for n, text in ((1, "Wat is de Wmo?"), (2, "Wat is een keukentafelgesprek?"))])

    assert all(response.status_code == 200 and response.json() for response in run_async(both()))
    assert host.info("stats")["total_commands_processed"] - before >= 6, "each message took and gave back its lock"
    assert not host.keys(f"wmo:lock:{c.sender}"), "no lock left behind"
    engine = create_engine(scaled.settings.database(scaled.settings.assistent_db, "postgresql+psycopg"))
    with engine.connect() as db:
        said = db.execute(text("SELECT count(*) FROM events WHERE sender_id = :s AND type_name = 'user'"),
                          {"s": c.sender}).scalar()
    engine.dispose()
    assert said == 3, "both messages are in the conversation, neither overwrote the other"


def test_under_load_every_finished_flow_is_one_melding_with_its_plan_in_postgresql(scaled):
    result = conversations.Result()
    # each from its own address, half a second between an answer and the next message (a person, not a script:
    # a script answering at once goes over nginx's 10 messages a second per address); 10 inwoners keep both replicas
    # and both action servers busy at once (make load-scaled: 50 for 5 minutes)
    summary = run_async(conversations.run_level(f"{scaled.settings.rasa_url}/webhooks/rest/webhook", 10, 60,
                                                  kinds=["melding_plan"], own_addresses=True, result=result,
                                                  pause=PAUSE, gemeenten=["voorbeeldstad"]))
    assert summary["errors"] == 0, summary["error_examples"]
    assert len(result.completed_names) >= 5
    for naam in result.completed_names:
        [melding] = meldingen_of(scaled, naam)
        assert melding["plan"] is not None and melding["plan"]["version"] == 1
    # Voorbeeldstad registers by e-mail, from the API on PostgreSQL: the melding (sent first), then its plan, each
    # exactly once
    for naam in result.completed_names:
        [melding] = meldingen_of(scaled, naam)
        referentie = melding["referentie"]
        wait_for_mails(scaled, referentie, 2)
        time.sleep(0.5)
        found = sorted((mail["subject"], len(mail["attachments"])) for mail in mails_of(scaled, referentie))
        assert found == [(f"Wmo-melding {referentie}", 0), (f"Wmo-melding {referentie}, persoonlijk plan versie 1", 1)]


def test_a_melding_made_on_another_gemeentes_page_is_that_gemeentes_only(scaled):
    """Issue 26 on the scale-out profile: the conversation's gemeente goes with the melding through both Rasa servers,
    the shared outbox and the API on PostgreSQL, and Voorbeeldstad's own system does not see Oeverdam's melding."""
    naam = invented_name("Olga")
    c = Conversation(scaled, gemeente="oeverdam")
    for number, message in enumerate([*MELDING, naam, "Havenkade 3, 9998 AB Oeverdam", "06 12345678", "geen e-mail"]):
        c.text(message, via=1 + number % 2)
    confirmation = c.text("/affirm")
    assert confirmation.startswith("Uw melding is aangekomen bij gemeente Oeverdam.")
    engine = create_engine(scaled.settings.database(scaled.settings.gemeente_db, "postgresql+psycopg"))
    with engine.connect() as db:
        [(melding_id, gemeente, referentie)] = db.execute(text(
            "SELECT id, gemeente, referentie FROM melding WHERE inwoner_naam = :naam"), {"naam": naam}).all()
    engine.dispose()
    assert gemeente == "oeverdam" and referentie in confirmation
    assert meldingen_of(scaled, naam) == [], "Voorbeeldstad's system lists only Voorbeeldstad's meldingen"
    refused = httpx.get(f"{scaled.settings.api_url}/api/v1/meldingen/{melding_id}", headers=CONSULENT)
    assert refused.status_code == 404
