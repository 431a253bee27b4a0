"""A chat handed to a person of the loket (issue 27), on SQLite and PostgreSQL: the bot puts it in the queue, one
employee takes it (of two at once, one wins), messages go both ways in order, the employee ends it or passes it
on; a chat nobody takes expires, an inwoner who left expires it, an employee who left (or whose session expired)
gives it back to the queue; each gemeente sees its own; the transcript follows the retention term."""

import re
import threading
from datetime import datetime, timedelta, timezone

from sqlmodel import Session

from api import audit, overdrachten
from api.models import Overdracht
from tests.api.support import BOT, staff_login

NOW = datetime.now(timezone.utc)
TERMIJNEN = overdrachten.Termijnen(inwoner_weg=60, medewerker_weg=60, wachttijd={"voorbeeldstad": 300})


def start(client, gesprek_id="chat-1", gemeente="voorbeeldstad"):
    made = client.post("/api/v1/overdrachten", headers=BOT, json={
        "gemeente": gemeente, "gesprek_id": gesprek_id, "onderwerp": "Hulp in het huishouden",
        "gesprek": [{"van": "inwoner", "tekst": "Mijn bsn is [BSN], <b>help</b>", "moment": NOW.isoformat()},
                    {"van": "assistent", "tekst": "Wilt u met een medewerker chatten?", "moment": NOW.isoformat()}]})
    assert made.status_code == 201, made.text
    return made.json()


def nieuws(client, gesprek_id="chat-1", na=0, wacht=0):
    return client.get(f"/api/v1/overdrachten/gesprek/{gesprek_id}", params={"na": na, "wacht": wacht},
                      headers=BOT).json()


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_queue_take_messages_both_ways_and_end_as_the_widget_and_the_employee_see_it(client, engine):
    made = start(client)
    assert made["status"] == "wachtend" and start(client)["id"] == made["id"], "asking twice queues it once"
    assert client.post(f"/api/v1/overdrachten/{made['id']}/berichten", headers=BOT,
                       json={"tekst": "Is er al iemand?"}).status_code == 201

    assert staff_login(client, "anne.devries").status_code == 303
    queue = client.get("/consulent/chats")
    assert "Hulp in het huishouden" in queue.text and "1 wachtend" in queue.text
    assert "script-src 'self'" in queue.headers["content-security-policy"]
    page = client.get(f"/consulent/chats/{made['id']}").text
    assert "Mijn bsn is [BSN], &lt;b&gt;help&lt;/b&gt;" in page, "the transcript is shown as text"
    assert "Is er al iemand?" in page, "what the inwoner typed while waiting reaches the employee"
    csrf = csrf_of(page)
    taken = client.post(f"/consulent/chats/{made['id']}/nemen", data={"csrf": csrf}, follow_redirects=True)
    assert "U chat nu met deze inwoner." in taken.text

    sent = client.post(f"/consulent/chats/{made['id']}/bericht",
                       data={"csrf": csrf, "tekst": "Goedemiddag, <i>Anne</i> hier."},
                       headers={"Accept": "application/json"})
    assert sent.json() == {"ok": True}
    seen = nieuws(client)
    assert seen["overdracht"]["status"] == "actief" and seen["overdracht"]["medewerker"] == "Anne"
    assert [(e["soort"], e["van"], e["tekst"]) for e in seen["gebeurtenissen"]] == [
        ("bericht", "inwoner", "Is er al iemand?"), ("genomen", "systeem", ""),
        ("bericht", "medewerker", "Goedemiddag, <i>Anne</i> hier.")]
    cursor = seen["gebeurtenissen"][-1]["id"]
    assert nieuws(client, na=cursor)["gebeurtenissen"] == []

    staff_news = client.get(f"/consulent/chats/{made['id']}/nieuws", params={"na": 0, "wacht": 0}).json()
    assert staff_news["van_mij"] is True and len(staff_news["gebeurtenissen"]) == 3

    ended = client.post(f"/consulent/chats/{made['id']}/einde", data={"csrf": csrf, "vervolg": "melding"},
                        follow_redirects=True)
    assert "Deze chat is beëindigd." in ended.text
    last = nieuws(client, na=cursor)
    assert last["overdracht"]["status"] == "beeindigd" and last["overdracht"]["vervolg"] == "melding"
    assert [e["soort"] for e in last["gebeurtenissen"]] == ["beeindigd"]
    late = client.post(f"/api/v1/overdrachten/{made['id']}/berichten", headers=BOT, json={"tekst": "Hallo?"})
    assert late.status_code == 409
    with Session(engine) as session:
        actions = [r.action for r in audit.for_object(session, "overdracht", made["id"])]
    assert {"overdracht.create", "overdracht.take", "overdracht.end", "overdracht.read"} <= set(actions)


def test_two_employees_take_the_same_chat_at_once_and_one_wins(client, engine):
    made = start(client)
    results = []

    def take(name):
        with Session(engine) as session:
            try:
                overdrachten.nemen(session, made["id"], name, name.title(), {"voorbeeldstad"})
                results.append(name)
            except overdrachten.NietOpen:
                results.append("lost")

    threads = [threading.Thread(target=take, args=(name,)) for name in ("anne", "gijs")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results)[0] == "lost" or sorted(results)[1] == "lost", results
    assert results.count("lost") == 1
    assert [e["soort"] for e in nieuws(client)["gebeurtenissen"]] == ["genomen"]


def test_nobody_in_time_an_inwoner_who_left_and_an_employee_who_left(client, engine):
    t0 = datetime.now(timezone.utc)  # the moment of this test: the rows' times are the real clock's
    waiting, gone, taken = start(client, "a"), start(client, "b"), start(client, "c")
    with Session(engine) as session:
        overdrachten.nemen(session, taken["id"], "anne", "Anne de Vries", {"voorbeeldstad"})
        for row_id, seconds in ((waiting["id"], 60), (taken["id"], 60)):
            row = session.get(Overdracht, row_id)
            row.inwoner_gezien_op = t0 + timedelta(seconds=seconds)
            session.add(row)
        session.get(Overdracht, gone["id"]).inwoner_gezien_op = t0 - timedelta(seconds=120)
        session.commit()
        changed = overdrachten.verloop(session, TERMIJNEN, now=t0 + timedelta(seconds=90))
        assert set(changed) == {gone["id"], taken["id"]}, "the inwoner left b; Anne has not polled c for 90 s"
        assert session.get(Overdracht, gone["id"]).status == "verlopen"
        back = session.get(Overdracht, taken["id"])
        assert back.status == "wachtend" and back.medewerker is None
        for row_id in (waiting["id"], taken["id"]):  # both widgets keep polling
            session.get(Overdracht, row_id).inwoner_gezien_op = t0 + timedelta(seconds=330)
        session.commit()
        assert overdrachten.verloop(session, TERMIJNEN, now=t0 + timedelta(seconds=350)) == [waiting["id"]], \
            "no one took a within the gemeente's 5 minutes (c waits again since 90 s)"
    expired = nieuws(client, "a")
    assert expired["overdracht"]["status"] == "verlopen" and expired["overdracht"]["gemeld"] is False
    assert client.post(f"/api/v1/overdrachten/{waiting['id']}/gemeld", headers=BOT).status_code == 204
    assert nieuws(client, "a")["overdracht"]["gemeld"] is True


def test_an_employee_passes_the_chat_to_a_colleague_who_takes_it(client, engine):
    made = start(client)
    with Session(engine) as session:
        overdrachten.nemen(session, made["id"], "anne", "Anne de Vries", {"voorbeeldstad"})
        overdrachten.doorzetten(session, made["id"], "anne", {"voorbeeldstad"}, "Vraag over pgb, voor Gijs")
        overdrachten.nemen(session, made["id"], "gijs", "Gijs Mulder", {"voorbeeldstad", "oeverdam"})
    events = nieuws(client)["gebeurtenissen"]
    assert [(e["soort"], e["naam"]) for e in events] == [("genomen", "Anne"), ("terug", None), ("genomen", "Gijs")]
    assert nieuws(client)["overdracht"]["medewerker"] == "Gijs"


def test_each_gemeente_sees_only_its_own_chats(client, engine):
    other = start(client, "o-1", gemeente="oeverdam")
    assert staff_login(client, "anne.devries").status_code == 303
    assert "o-1" not in client.get("/consulent/chats").text
    assert client.get(f"/consulent/chats/{other['id']}").status_code == 404
    page = client.get("/consulent/chats").text
    assert client.post(f"/consulent/chats/{other['id']}/nemen", data={"csrf": csrf_of(page) if "csrf" in page
                                                                        else ""}).status_code in (403, 404)


def test_a_message_that_is_too_long_or_empty_is_refused_and_nothing_is_lost(client, engine):
    made = start(client)
    assert client.post(f"/api/v1/overdrachten/{made['id']}/berichten", headers=BOT,
                       json={"tekst": "x" * 2001}).status_code == 422
    assert staff_login(client, "anne.devries").status_code == 303
    csrf = csrf_of(client.get(f"/consulent/chats/{made['id']}").text)
    client.post(f"/consulent/chats/{made['id']}/nemen", data={"csrf": csrf})
    refused = client.post(f"/consulent/chats/{made['id']}/bericht", data={"csrf": csrf, "tekst": "  "},
                          headers={"Accept": "application/json"})
    assert refused.status_code == 422 and "1 tot 2000 tekens" in refused.json()["fout"]


def test_the_transcript_and_messages_follow_the_retention_term(client, engine):
    made = start(client)
    with Session(engine) as session:
        overdrachten.nemen(session, made["id"], "anne", "Anne", {"voorbeeldstad"})
        overdrachten.van_medewerker(session, made["id"], "anne", "Goedemiddag", {"voorbeeldstad"})
        overdrachten.beeindigen(session, made["id"], "anne", {"voorbeeldstad"})
        assert overdrachten.vergeet_gesprekken(session, before=NOW - timedelta(days=1)) == 0
        assert overdrachten.vergeet_gesprekken(session, before=NOW + timedelta(days=1)) == 1
        row = session.get(Overdracht, made["id"])
        assert row.gesprek == [] and row.gesprek_gewist_op is not None
    assert all(e["tekst"] == "" for e in nieuws(client)["gebeurtenissen"])


def test_a_restart_of_the_api_does_not_end_the_chats_that_waited_through_it(client, engine):
    """The widget could not poll while the API was down: absence counts from the new process's start."""
    made = start(client)
    t0 = datetime.now(timezone.utc)
    with Session(engine) as session:
        session.get(Overdracht, made["id"]).inwoner_gezien_op = t0 - timedelta(seconds=120)  # last poll before it
        session.commit()
        restarted = overdrachten.Termijnen(inwoner_weg=60, medewerker_weg=60, wachttijd={"voorbeeldstad": 300},
                                           gestart=t0 - timedelta(seconds=5))
        assert overdrachten.verloop(session, restarted, now=t0) == [], "up 5 s: the widget has 55 s left to poll"
        assert overdrachten.verloop(session, restarted, now=t0 + timedelta(seconds=60)) == [made["id"]]


def test_open_polls_read_the_queue_once_a_second_and_note_a_chat_as_seen_once_in_five(client, engine):
    """Each open poll looks every second; the time limits and the "still there" writes must not grow with them."""
    alarm = overdrachten.Wekker()
    assert alarm.tijd_voor_verloop() is True and alarm.tijd_voor_verloop() is False
    made = start(client)
    t0 = datetime.now(timezone.utc)
    with Session(engine) as session:
        row = session.get(Overdracht, made["id"])
        row.inwoner_gezien_op = t0
        session.commit()
        overdrachten.inwoner_gezien(session, row, now=t0 + timedelta(seconds=2))
        assert row.inwoner_gezien_op == t0, "no write two seconds after the last"
        overdrachten.inwoner_gezien(session, row, now=t0 + timedelta(seconds=6))
        assert row.inwoner_gezien_op == t0 + timedelta(seconds=6)
