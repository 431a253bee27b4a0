"""The review dashboard's load time with many conversations in the tracker store (issue 28), and its screenshot.

    .venv/api/bin/python bench/dashboard.py [--conversations 10000] [--screenshot docs/dashboard.png]

Writes N invented conversations over 30 days into a throw-away tracker store (SQLite, events as Rasa writes them,
with a full intent ranking per message), starts the gemeente API under uvicorn with the development OpenID
provider, logs in as the invented beheerder Carla Smit, and times /beheer/dashboard and /beheer/gesprekken:
- the first view, which works out every conversation's summary (api/gesprekken_sync.py);
- later views (median of 5), which only ask the store which conversations changed;
- a view after 100 new conversations.
Then Debian's chromium takes a screenshot of the dashboard. Results: bench/results/dashboard.json.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.machine import machine  # noqa: E402
from tests.api.tracker_events import Gesprek, write  # noqa: E402

NL = ZoneInfo("Europe/Amsterdam")
RESULTS = ROOT / "bench" / "results" / "dashboard.json"
TOPICS = ["abonnementstarief", "bezwaartermijn", "plantermijn", "melding_doen", "toegang_check", "hulpvraag",
          "tarief_berekenen", "contact_person", "uitleg/procedure", "uitleg/wat_is_wmo", "uitleg/pgb_natura",
          "uitleg/keukentafelgesprek", "uitleg/clientondersteuning", "uitleg/algemene_voorzieningen",
          "uitleg/wlz", "uitleg/vervoersvoorzieningen", "uitleg/medisch_advies", "uitleg/beroep",
          "uitleg/spoed", "uitleg/kosten_hulpmiddel", "uitleg/klacht_aanbieder", "persoonlijk_plan_maken"]
ODD = ["hoe zit dat nou met die brief van jullie", "kan mijn buurvrouw dat ook", "wanneer komt de man",
       "ik snap het niet", "en nu", "de taxi was weer te laat vandaag", "mag ik mijn kat meenemen",
       "waarom duurt het zo lang", "wie betaalt de tillift als ik verhuis", "ik heb al gebeld"]
RANKING = [{"name": name, "confidence": 0.01} for name in TOPICS[:9]]


def conversation(rng: random.Random, day: date) -> Gesprek:
    at = datetime(day.year, day.month, day.day, 8, tzinfo=NL).timestamp() + rng.randrange(0, 10 * 3600)
    g = Gesprek(gemeente=rng.choice(["voorbeeldstad", "voorbeeldstad", "oeverdam"]), at=at)
    g.user("/greet", "greet").bot("Welkom bij de Wmo-assistent.")
    for _ in range(rng.randrange(1, 7)):
        kind = rng.random()
        if kind < 0.08:
            g.user(rng.choice(ODD), "nlu_fallback", 0.2).action("action_bedoelt_u").bot(
                "Ik begreep u niet helemaal.", soort="niet_begrepen")
        elif kind < 0.2:
            g.user("die brief", "nlu_fallback", 0.4).action("action_bedoelt_u").bot(
                "Ik weet niet zeker wat u bedoelt.", soort="bedoelt_u")
        else:
            topic = rng.choices(TOPICS, weights=range(len(TOPICS), 0, -1))[0]
            intent, _, answer = topic.partition("/")
            g.user(f"een vraag over {topic.replace('_', ' ')}", intent, rng.uniform(0.6, 0.99),
                   answer=topic if answer else None).action("utter_x").bot("Een antwoord van een paar zinnen. " * 4)
        g.events[-2].get("parse_data", {}).setdefault("intent_ranking", []).extend(RANKING)
    for slot, chance in (("overdracht_id", 0.03), ("terugbel_akkoord", 0.04), ("melding_akkoord", 0.12),
                         ("plan_akkoord", 0.06)):
        if rng.random() < chance:
            g.slot(slot, "o-1" if slot == "overdracht_id" else "ja")
    return g


def timed(client, url: str) -> float:
    started = time.perf_counter()
    answer = client.get(url)
    assert answer.status_code == 200, answer.text[:300]
    return round((time.perf_counter() - started) * 1000, 1)


def main() -> int:
    import httpx

    from scripts.api_server import ApiServer, free_port
    from scripts.dev_idp import DevIdp
    from tests.api.support import BOT, CLIENTS
    from api import migrate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--screenshot", type=Path, default=ROOT / "docs" / "dashboard.png")
    args = parser.parse_args()
    rng = random.Random(28)
    today = datetime.now(NL).date()
    work = Path(tempfile.mkdtemp(prefix="wmo-dashboard-"))
    tracker = f"sqlite:///{work / 'rasa-tracker.db'}"
    database = f"sqlite:///{work / 'gemeente.db'}"
    made = [conversation(rng, today - timedelta(days=rng.randrange(0, 30))) for _ in range(args.conversations)]
    write(tracker, *made)
    events = sum(len(g.events) for g in made)
    print(f"{args.conversations} conversations, {events} events in {work}", flush=True)
    migrate.upgrade(database)

    password, secret = secrets.token_urlsafe(12), secrets.token_urlsafe(32)
    api_port = free_port()
    api_url = f"http://127.0.0.1:{api_port}"
    idp = DevIdp(free_port(), password, secret, [f"{api_url}/consulent/auth/callback"], work / "idp.log").start()
    env = {"DATABASE_URL": database, "WMO_TRACKER_URL": tracker, "WMO_API_CLIENTS": json.dumps(CLIENTS),
           "WMO_OIDC_ISSUER": idp.issuer, "WMO_OIDC_CLIENT_SECRET": secret, "WMO_PUBLIC_URL": api_url}
    server = ApiServer(env, work / "api.log", port=api_port)
    try:
        with httpx.Client(base_url=api_url, timeout=600) as client:
            # the login as a browser does it: to the provider's page, the form, the redirects back
            page = client.get("/consulent/auth/start", params={"next": "/beheer/audit"}, follow_redirects=True)
            action = re.search(r'action="(/interaction/[^"]+/login)"', page.text).group(1)
            landing = client.post(urljoin(str(page.url), action), follow_redirects=True,
                                  data={"login": "carla.smit", "password": password})
            assert landing.status_code == 200 and "Logboek" in landing.text, landing.text[:300]
            for g in rng.sample(made, len(made) // 20):  # one in twenty says an answer was not useful
                assert client.post("/api/v1/feedback", headers=BOT, json={
                    "gemeente": g.gemeente, "gesprek_id": g.sender, "bericht_id": g.message_ids[-1],
                    "nuttig": False, "reden": rng.choice(["onduidelijk", "klopt_niet"])}).status_code == 204
            result = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
                      "conversations": args.conversations, "events": events, "dashboard_ms": {}, "gesprekken_ms": {}}
            result["dashboard_ms"]["first_view_with_sync"] = timed(client, "/beheer/dashboard")
            time.sleep(5.1)  # a page syncs at most every 5 s per process
            result["dashboard_ms"]["later_views_median"] = statistics.median(
                [timed(client, "/beheer/dashboard") for _ in range(5)])
            result["gesprekken_ms"]["later_views_median"] = statistics.median(
                [timed(client, "/beheer/gesprekken?filter=niet_begrepen") for _ in range(5)])
            write(tracker, *[conversation(rng, today) for _ in range(100)])
            time.sleep(5.1)
            result["dashboard_ms"]["after_100_new_conversations"] = timed(client, "/beheer/dashboard")
        print(json.dumps(result, indent=2), flush=True)
        RESULTS.write_text(json.dumps(result, indent=2) + "\n")
        screenshot(api_url, password, args.screenshot)
        print(f"Written {RESULTS} and {args.screenshot}")
    finally:
        server.stop()
        idp.stop()
    return 0


def screenshot(api_url: str, password: str, target: Path) -> None:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900}, locale="nl-NL")
        page.goto(f"{api_url}/beheer/dashboard")
        page.get_by_role("link", name="Inloggen met uw gemeente-account").click()
        page.get_by_label("Gebruikersnaam").fill("carla.smit")
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        page.get_by_role("heading", name="Dashboard").wait_for()
        page.screenshot(path=str(target), full_page=True)
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
