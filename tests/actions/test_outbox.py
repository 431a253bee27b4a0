"""The outbox keeps what could not be sent on disk and delivers it exactly once when the gemeente API answers again.
The stand-in gemeente API records every request; the end-to-end test (tests/e2e/test_outbox.py) uses the real one.
Each test runs on SQLite and on the machine's PostgreSQL (a throw-away database)."""

import asyncio
import json
from datetime import timedelta

import httpx
import pytest
from sqlalchemy.engine import make_url

from actions import outbox
from actions.gemeente_api import GemeenteApi
from scripts.api_server import POSTGRES_ADMIN_URL, POSTGRES_START, PostgresUnavailable, ThrowawayPostgres

MELDING = {"hulpvraag": "Ik kan niet meer zelf stofzuigen.", "inwoner": {"naam": "Anna de Vries"}}
STORED = {"id": "m-1", "referentie": "WMO-2026-000001",
          "termijnen": {"plan_uiterlijk": "2026-11-30", "onderzoek_uiterlijk": "2027-01-04"}, "plan": None}
PLAN = {"wie_ben_ik": "Ik ben 72."}


@pytest.fixture(scope="module")
def postgres_url():
    database = ThrowawayPostgres(make_url(POSTGRES_ADMIN_URL).set(drivername="postgresql")
                                 .render_as_string(hide_password=False))
    try:
        url = database.create()
    except PostgresUnavailable as error:
        pytest.fail(f"The outbox tests need PostgreSQL ({POSTGRES_START}). {error}")
    yield url
    database.drop()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'outbox.db'}"
    url = request.getfixturevalue("postgres_url")
    box = outbox.Outbox(url)
    with box.engine.begin() as db:
        db.execute(outbox.verzending.delete())
    box.dispose()
    return url


@pytest.fixture
def box(url):
    box = outbox.Outbox(url)
    yield box
    box.dispose()


class Gemeente:
    """A stand-in gemeente API: down until `up()`, then answers like the real one; records what it receives."""

    def __init__(self, down=True, refuse=False):
        self.down = down
        self.refuse = refuse
        self.requests = []
        self.meldingen = {}  # Idempotency-Key -> stored melding, as the real API keeps them

    def handler(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        self.requests.append(request)
        if self.refuse:
            return httpx.Response(422, json={"detail": [{"loc": ["body", "inwoner"], "msg": "x"}]})
        if request.method == "POST":
            key = request.headers["Idempotency-Key"]
            stored = self.meldingen.setdefault(key, {**STORED, "id": f"m-{len(self.meldingen) + 1}"})
            return httpx.Response(201, json=stored)
        return httpx.Response(200, json={"version": 1})

    def api(self) -> GemeenteApi:
        return GemeenteApi(url="http://gemeente.test", token="t", transport=httpx.MockTransport(self.handler),
                           backoff=0)


def later(minutes=5):
    return outbox.utcnow() + timedelta(minutes=minutes)


def test_a_melding_the_api_did_not_take_is_kept_on_disk_and_sent_once_when_the_api_is_back(box, url):
    gemeente = Gemeente(down=True)
    entry = box.add_melding("inwoner-1", MELDING, "sleutel-1", met_plan=False)
    entry = asyncio.run(outbox.try_now(box, entry.id, gemeente.api()))
    assert entry.status == outbox.WACHT and entry.tries == 1 and entry.body == MELDING

    restarted = outbox.Outbox(url)  # the action server restarts: the entry is read from disk
    assert asyncio.run(outbox.deliver_due(restarted, gemeente.api())) == 0, "not due yet: the wait after a try"
    gemeente.down = False
    restarted_due = restarted.due(later())
    assert restarted_due == [entry.id]
    for entry_id in restarted_due:
        assert restarted.claim(entry_id, later())
        asyncio.run(outbox.send(restarted, entry_id, gemeente.api()))
    assert asyncio.run(outbox.deliver_due(restarted, gemeente.api())) == 0, "delivered: nothing waits"
    assert restarted.due(later(60)) == []

    [request] = gemeente.requests
    assert request.headers["Idempotency-Key"] == "sleutel-1" and json.loads(request.content) == MELDING
    done = restarted.get(entry.id)
    assert done.status == outbox.AANGEKOMEN and done.tries == 2
    assert done.body is None, "what the person typed is not kept once the gemeente has it"
    assert done.ontvangen.referentie == "WMO-2026-000001" and str(done.ontvangen.onderzoek_uiterlijk) == "2027-01-04"
    restarted.dispose()


def test_the_same_idempotency_key_makes_no_second_entry(box):
    first = box.add_melding("inwoner-1", MELDING, "sleutel-1", met_plan=False)
    again = box.add_melding("inwoner-1", MELDING, "sleutel-1", met_plan=False)
    assert again.id == first.id and len(box.of_conversation("inwoner-1")) == 1


def test_two_action_servers_never_send_the_same_entry_at_the_same_time(box, url):
    other = outbox.Outbox(url)  # a second action server on the same database
    entry = box.add_melding("inwoner-1", MELDING, "sleutel-1", met_plan=False)
    assert box.claim(entry.id) is True
    assert other.claim(entry.id) is False, "held by the first"
    assert other.claim(entry.id, outbox.utcnow() + outbox.LEASE + timedelta(seconds=1)) is True, \
        "a server that died while sending holds it no longer than the lease"
    other.dispose()


def test_both_servers_delivering_at_once_send_each_entry_once(box, url):
    gemeente = Gemeente(down=False)
    for number in range(10):
        box.add_melding(f"inwoner-{number}", MELDING, f"sleutel-{number}", met_plan=False)
    other = outbox.Outbox(url)
    due_time = later()

    async def both():
        async def round_of(b):
            arrived = 0
            for entry_id in b.due(due_time):
                if b.claim(entry_id, due_time):
                    arrived += (await outbox.send(b, entry_id, gemeente.api())).status == outbox.AANGEKOMEN
            return arrived
        return await asyncio.gather(round_of(box), round_of(other))

    assert sum(asyncio.run(both())) == 10
    assert len(gemeente.requests) == 10 and len(gemeente.meldingen) == 10
    other.dispose()


def test_a_plan_for_a_waiting_melding_waits_and_goes_to_that_melding(box):
    gemeente = Gemeente(down=True)
    melding = box.add_melding("inwoner-1", MELDING, "sleutel-1", met_plan=False)
    asyncio.run(outbox.try_now(box, melding.id, gemeente.api()))
    plan = box.add_plan("inwoner-1", PLAN, after_id=melding.id)
    gemeente.down = False
    plan = asyncio.run(outbox.try_now(box, plan.id, gemeente.api()))
    assert plan.status == outbox.WACHT and gemeente.requests == [], "the melding first"

    due = box.due(later())
    assert due == [melding.id, plan.id]
    for entry_id in due:
        box.claim(entry_id, later())
        asyncio.run(outbox.send(box, entry_id, gemeente.api()))
    assert [r.method for r in gemeente.requests] == ["POST", "PUT"]
    assert gemeente.requests[1].url.path == "/api/v1/meldingen/m-1/plan"
    assert box.get(plan.id).status == outbox.AANGEKOMEN and box.get(plan.id).result["version"] == 1


def test_a_refusal_is_final_and_keeps_nothing_typed(box):
    gemeente = Gemeente(down=False, refuse=True)
    melding = box.add_melding("inwoner-1", MELDING, "sleutel-1", met_plan=False)
    plan = box.add_plan("inwoner-1", PLAN, after_id=melding.id)
    assert asyncio.run(outbox.try_now(box, melding.id, gemeente.api())).status == outbox.GEWEIGERD
    assert asyncio.run(outbox.try_now(box, plan.id, gemeente.api())).status == outbox.GEWEIGERD, \
        "the plan of a refused melding cannot go anywhere"
    assert len(gemeente.requests) == 1
    assert box.get(melding.id).body is None and box.get(plan.id).body is None
    assert box.due(later(60)) == []


@pytest.mark.parametrize("tries, seconds", [(1, 5), (2, 10), (3, 20), (4, 40), (5, 60), (12, 60)])
def test_the_wait_between_tries_grows_to_a_minute(tries, seconds):
    assert outbox.wait_after(tries) == timedelta(seconds=seconds)


def test_the_longest_wait_is_a_setting(monkeypatch):
    monkeypatch.setenv(outbox.RETRY_MAX_ENV, "2")
    assert outbox.wait_after(5) == timedelta(seconds=2)
