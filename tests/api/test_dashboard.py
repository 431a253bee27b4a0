"""Issue 28: the dashboard's figures match what was put into the tracker store, on a generated set of
conversations (counted here from the generator's own choices, not by the code under test)."""

import random
import re
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.dashboard import TOP
from tests.api.support import BOT, settings_for, staff_login
from tests.api.tracker_events import Gesprek, drop, tracker_url, write

NL = ZoneInfo("Europe/Amsterdam")
START = date(2026, 11, 1)
TOPICS = ["abonnementstarief", "bezwaartermijn", "uitleg/procedure", "uitleg/wat_is_wmo", "melding_doen",
          "toegang_check", "hulpvraag", "uitleg/pgb_natura"]
ODD = ["hoe zit dat met die brief", "xyz", "wat moet ik nou", "kan dat wel", "en de buurvrouw dan"]


def generated(n=150, seed=28):
    rng = random.Random(seed)
    conversations, negatives, expected = [], [], Counter()
    per_day, topics, odd = Counter(), Counter(), Counter()
    for _ in range(n):
        gemeente = rng.choice(["voorbeeldstad", "voorbeeldstad", "oeverdam"])
        day = START + timedelta(days=rng.randrange(0, 25))  # some after the period asked for
        at = datetime(day.year, day.month, day.day, 8, tzinfo=NL).timestamp() + rng.randrange(0, 12 * 3600)
        g = Gesprek(gemeente=gemeente, at=at).user("/greet", "greet").bot("Welkom")
        counted = gemeente == "voorbeeldstad" and day <= START + timedelta(days=19)
        messages = bedoelt = fallbacks = 0
        for _ in range(rng.randrange(0, 4)):
            kind = rng.random()
            if kind < 0.15:
                g.user("tja", "nlu_fallback", 0.3).bot("Bedoelt u ...?", soort="bedoelt_u")
                bedoelt += 1
            elif kind < 0.3:
                text = rng.choice(ODD)
                g.user(text, "nlu_fallback", 0.1).bot("Ik begreep u niet", soort="niet_begrepen")
                fallbacks += 1
                odd[text] += counted
            else:
                topic = rng.choice(TOPICS)
                intent, _, answer = topic.partition("/")
                g.user(f"vraag over {topic}", intent, 0.9, answer=topic if answer else None).bot("Antwoord")
                topics[topic] += counted
            messages += 1
        extras = {"overdracht_id": "o-1", "terugbel_akkoord": "ja", "melding_akkoord": "ja", "plan_akkoord": "ja"}
        done = {slot: rng.random() < 0.2 and messages > 0 for slot in extras}
        for slot, value in extras.items():
            if done[slot]:
                g.slot(slot, value)
        negative = messages > 0 and rng.random() < 0.2
        if negative:
            negatives.append(g)
        conversations.append(g)
        if counted and messages:
            per_day[day] += 1
            expected.update(gesprekken=1, berichten=messages, bedoelt_u=bedoelt, negatief=negative,
                            niet_begrepen=fallbacks > 0, goed=not negative and fallbacks == 0,
                            overdrachten=done["overdracht_id"], terugbel=done["terugbel_akkoord"],
                            meldingen=done["melding_akkoord"], plannen=done["plan_akkoord"])
    return conversations, negatives, expected, per_day, topics, odd


@pytest.fixture
def beheer(engine, database_url, idp, tmp_path):
    tracker = tracker_url(tmp_path, database_url)
    with TestClient(create_app(settings_for(database_url, idp.issuer, wmo_tracker_url=tracker))) as client:
        client.tracker = tracker
        yield client
    drop(tracker)


def figure(html, term):
    return re.search(rf"<dt>{re.escape(term)}</dt><dd>([^<]+)", html).group(1).strip()


def table(html, table_id):
    body = re.search(rf'id="{table_id}".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [tuple(cell.strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S))
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_the_dashboard_counts_what_the_tracker_store_holds(beheer):
    conversations, negatives, expected, per_day, topics, odd = generated()
    write(beheer.tracker, *conversations)
    for g in negatives:
        assert beheer.post("/api/v1/feedback", headers=BOT, json={
            "gemeente": g.gemeente, "gesprek_id": g.sender, "bericht_id": g.message_ids[-1],
            "nuttig": False}).status_code == 204
    assert staff_login(beheer, "carla.smit", "/beheer/dashboard").status_code == 303
    page = beheer.get("/beheer/dashboard", params={"van": START.isoformat(),
                                                   "tot": (START + timedelta(days=19)).isoformat()})
    assert page.status_code == 200
    html = page.text
    assert figure(html, "Gesprekken") == str(expected["gesprekken"])
    assert figure(html, "Berichten van inwoners") == str(expected["berichten"])
    assert f"({expected['goed']} van {expected['gesprekken']} gesprekken" in html
    assert f"({expected['bedoelt_u']} van {expected['berichten']} berichten)" in html
    assert figure(html, "Gesprekken met “niet begrepen”") == str(expected["niet_begrepen"])
    assert figure(html, "Gesprekken met een antwoord dat niet nuttig was") == str(expected["negatief"])
    assert table(html, "soorten-tabel") == [
        ("Doorgegeven aan een medewerker", str(expected["overdrachten"])),
        ("Terugbelverzoeken", str(expected["terugbel"])), ("Meldingen verstuurd", str(expected["meldingen"])),
        ("Persoonlijke plannen verstuurd", str(expected["plannen"]))]
    days = table(html, "per-dag-tabel")
    assert len(days) == 20 and sum(int(n) for _, n in days) == expected["gesprekken"]
    assert [int(n) for _, n in days] == [per_day[START + timedelta(days=i)] for i in range(20)]
    top = sorted(((name, n) for name, n in topics.items() if n), key=lambda item: (-item[1], item[0]))[:TOP]
    assert table(html, "onderwerpen-tabel") == [(name, str(n)) for name, n in top]
    assert dict(table(html, "niet-begrepen-tabel")) == {text: str(n) for text, n in odd.items() if n}
    assert "oeverdam" not in html.lower().replace("gemeente_namen", "")


def test_the_dashboard_of_an_empty_period_and_its_audit_row(beheer):
    assert staff_login(beheer, "carla.smit", "/beheer/dashboard").status_code == 303
    page = beheer.get("/beheer/dashboard", params={"van": "2026-12-10", "tot": "2026-12-01"})  # turned round
    assert page.status_code == 200 and "Geen vragen in deze periode." in page.text
    assert figure(page.text, "Gesprekken") == "0"
    assert "dashboard bekeken" in beheer.get("/beheer/audit", params={"medewerker": "carla.smit"}).text
