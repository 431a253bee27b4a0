"""Issue 28: the inwoner's feedback per answer, and the beheerder's review of conversations read from the tracker
store: find by filter, see what the bot understood, mark, mark reviewed, export as training data."""

import re

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.app import create_app
from api.models import AuditRow
from tests.api.support import BOT, BOT_VOORBEELDSTAD, CONSULENT, settings_for, staff_login
from tests.api.tracker_events import Gesprek, drop, tracker_url, write


@pytest.fixture
def tracker(tmp_path, database_url):
    """The tracker store: a SQLite file, as `make run` has it; on the PostgreSQL run, table `events` in the same
    database, as the scale-out profile reads PostgreSQL."""
    url = tracker_url(tmp_path, database_url)
    yield url
    drop(url)


@pytest.fixture
def beheer(engine, database_url, idp, tracker):
    settings = settings_for(database_url, idp.issuer, wmo_tracker_url=tracker)
    with TestClient(create_app(settings)) as client:
        client.app.state.gesprekken.interval = 0  # every page reads the store again
        yield client


def conversations():
    vraag = (Gesprek().user("hoe lang mag ik wachten op de brief", "nlu_fallback", 0.31)
             .action("action_bedoelt_u").bot("Ik weet niet zeker wat u bedoelt.", soort="bedoelt_u"))
    mis = (Gesprek().user("mijn buurman zegt dat ik te veel betaal", "uitleg", 0.62, answer="uitleg/tarief_cak")
           .bot("Het CAK stuurt de rekening.").user("xyzzy", "nlu_fallback", 0.2)
           .bot("Ik begreep u niet helemaal.", soort="niet_begrepen")
           .user("mijn bsn is [BSN]", "deelt_bsn", 0.99).bot("Deel hier geen BSN."))
    elders = Gesprek(gemeente="oeverdam").user("wat is de wmo", "uitleg", 0.97, answer="uitleg/wat_is_wmo")
    return vraag, mis, elders


def give(client, gesprek, index, nuttig, reden=None, headers=BOT):
    body = {"gemeente": gesprek.gemeente, "gesprek_id": gesprek.sender, "bericht_id": gesprek.message_ids[index],
            "nuttig": nuttig}
    if reden:
        body["reden"] = reden
    return client.post("/api/v1/feedback", json=body, headers=headers)


def test_feedback_is_stored_per_answer_only_by_the_bot_and_a_second_press_replaces_the_first(beheer, tracker):
    vraag, mis, elders = conversations()
    write(tracker, vraag, mis, elders)
    assert give(beheer, mis, 0, True).status_code == 204
    assert give(beheer, mis, 0, False, "klopt_niet").status_code == 204  # changed their mind
    assert give(beheer, mis, 0, False, headers=CONSULENT).status_code == 403
    assert give(beheer, elders, 0, False, headers=BOT_VOORBEELDSTAD).status_code == 403  # not its gemeente
    refused = give(beheer, mis, 0, False, "omdat ik Jan heet")
    assert refused.status_code == 422 and "reden" in refused.text and "Jan" not in refused.text
    assert beheer.post("/api/v1/feedback", json={"gemeente": "voorbeeldstad", "gesprek_id": mis.sender,
                                                 "bericht_id": "<script>", "nuttig": False},
                       headers=BOT).status_code == 422

    assert staff_login(beheer, "carla.smit", "/beheer/gesprekken").status_code == 303
    found = beheer.get("/beheer/gesprekken", params={"van": "", "tot": "", "filter": "negatief"})  # as a browser sends
    assert found.status_code == 200
    assert _links(found.text) == [mis.sender]
    page = beheer.get(f"/beheer/gesprekken/{mis.sender}")
    assert "Inwoner vond dit antwoord niet nuttig: Klopt niet." in page.text


def _links(html):
    return re.findall(r'href="/beheer/gesprekken/([^"]+)"', html)


def test_the_beheerder_finds_marks_and_exports_and_every_view_is_on_record(beheer, tracker, engine):
    vraag, mis, elders = conversations()
    write(tracker, vraag, mis, elders)
    assert beheer.get("/beheer/gesprekken", follow_redirects=False).status_code in (303, 307)  # login first
    assert staff_login(beheer, "carla.smit", "/beheer/gesprekken").status_code == 303

    alle = beheer.get("/beheer/gesprekken")
    assert sorted(_links(alle.text)) == sorted([vraag.sender, mis.sender])  # not Oeverdam's
    assert _links(beheer.get("/beheer/gesprekken", params={"filter": "bedoelt_u"}).text) == [vraag.sender]
    assert _links(beheer.get("/beheer/gesprekken", params={"filter": "niet_begrepen"}).text) == [mis.sender]
    assert _links(beheer.get("/beheer/gesprekken", params={"van": "2099-01-01"}).text) == []

    page = beheer.get(f"/beheer/gesprekken/{mis.sender}")
    assert "mijn buurman zegt dat ik te veel betaal" in page.text
    assert "uitleg/tarief_cak</strong>, zekerheid 0.62" in page.text
    assert beheer.get(f"/beheer/gesprekken/{elders.sender}").status_code == 404  # another gemeente's

    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    marked = beheer.post(f"/beheer/gesprekken/{mis.sender}/markering", follow_redirects=False, data={
        "csrf": csrf, "bericht_id": mis.message_ids[0], "intent": "abonnementstarief"})
    assert marked.status_code == 303
    beheer.post(f"/beheer/gesprekken/{mis.sender}/markering", data={
        "csrf": csrf, "bericht_id": mis.message_ids[2], "intent": "out_of_scope"})
    assert beheer.post(f"/beheer/gesprekken/{mis.sender}/markering", data={
        "csrf": csrf, "bericht_id": mis.message_ids[1], "intent": "bestaat_niet"}).status_code == 422
    assert beheer.post(f"/beheer/gesprekken/{mis.sender}/markering", data={
        "csrf": "fout", "bericht_id": mis.message_ids[1], "intent": "help"}).status_code == 403
    page = beheer.get(f"/beheer/gesprekken/{mis.sender}")
    assert "Gemarkeerd als <strong>abonnementstarief</strong> door Carla Smit" in page.text
    assert "Bevat een BSN, IBAN of telefoonnummer" in page.text  # the third message

    export = beheer.get("/beheer/gesprekken-export.yml")
    assert export.status_code == 200 and export.headers["x-geweigerd"] == "1"
    data = yaml.safe_load(export.text)
    assert data["nlu"] == [{"intent": "abonnementstarief",
                            "examples": "- mijn buurman zegt dat ik te veel betaal\n"}]
    assert f"# gesprek {mis.sender} (Voorbeeldstad)" in export.text and "de bot las uitleg/tarief_cak" in export.text
    assert "[BSN]" not in export.text

    assert beheer.post(f"/beheer/gesprekken/{mis.sender}/nagekeken", data={"csrf": csrf}).status_code == 200
    assert _links(beheer.get("/beheer/gesprekken", params={"filter": "niet_nagekeken"}).text) == [vraag.sender]

    with Session(engine) as session:
        actions = [(row.action, row.result, row.object_id) for row in session.exec(
            select(AuditRow).where(AuditRow.actor_subject == "carla.smit").order_by(AuditRow.id))]
    assert ("gesprek.read", "ok", mis.sender) in actions
    assert ("gesprek.read", "wrong_gemeente", elders.sender) in actions
    assert ("gesprek.mark", "ok", mis.sender) in actions and ("gesprek.mark", "csrf_refused", mis.sender) in actions
    assert ("gesprek.review", "ok", mis.sender) in actions and ("review.export", "ok", mis.sender) in actions
    assert sum(1 for action, _, _ in actions if action == "gesprek.list") >= 5


def test_a_consulent_does_not_review_conversations(beheer, tracker):
    write(tracker, *conversations())
    assert staff_login(beheer, "anne.devries").status_code == 303
    assert beheer.get("/beheer/gesprekken").status_code == 403


def test_without_a_tracker_store_yet_the_list_is_empty(beheer):
    assert staff_login(beheer, "carla.smit", "/beheer/gesprekken").status_code == 303
    page = beheer.get("/beheer/gesprekken")
    assert page.status_code == 200 and "Geen gesprekken gevonden." in page.text


def test_the_retention_term_deletes_a_conversations_feedback_marks_and_review_together(beheer, tracker, engine):
    from datetime import timedelta

    from api import review
    from api.gesprekken_sync import TrackerStore, sync
    from api.models import AntwoordFeedback, GesprekReview, ReviewMarkering, utcnow
    from api.models import Gesprek as Samenvatting

    oud = Gesprek(at=(utcnow() - timedelta(days=40)).timestamp()).user("hoe werkt dit", "help", 0.8).bot("Zo.")
    nieuw = Gesprek(at=(utcnow() - timedelta(days=2)).timestamp()).user("wat is de wmo", "uitleg", 0.9,
                                                                        answer="uitleg/wat_is_wmo").bot("De Wmo.")
    write(tracker, oud, nieuw)
    for gesprek in (oud, nieuw):
        assert give(beheer, gesprek, 0, False, "onduidelijk").status_code == 204
    assert staff_login(beheer, "carla.smit", "/beheer/gesprekken").status_code == 303
    csrf = re.search(r'name="csrf" value="([^"]+)"', beheer.get(f"/beheer/gesprekken/{oud.sender}").text).group(1)
    for gesprek in (oud, nieuw):
        beheer.post(f"/beheer/gesprekken/{gesprek.sender}/markering",
                    data={"csrf": csrf, "bericht_id": gesprek.message_ids[0], "intent": "help"})
        beheer.post(f"/beheer/gesprekken/{gesprek.sender}/nagekeken", data={"csrf": csrf})

    sync(engine, TrackerStore(tracker))
    with Session(engine) as session:
        assert review.vergeet(session, utcnow() - timedelta(days=30)) == 3
        for model in (AntwoordFeedback, ReviewMarkering, GesprekReview):
            assert [row.gesprek_id for row in session.exec(select(model))] == [nieuw.sender]
        assert [row.id for row in session.exec(select(Samenvatting))] == [nieuw.sender]


def test_the_import_adds_only_new_sentences_and_never_one_of_an_evaluation_set_or_of_another_intent(tmp_path):
    from datetime import datetime, timezone

    from api.models import ReviewMarkering
    from api.review_import import add_to, choose, evaluation_sentences

    nlu = tmp_path / "nlu"
    nlu.mkdir()
    (nlu / "basis.yml").write_text('version: "3.1"\nnlu:\n  - intent: help\n    examples: |\n'
                                   '      - wat kun je\n      - hoe werkt [dit](voorziening)\n')
    at = datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc)

    def mark(text, intent):
        return ReviewMarkering(gesprek_id="web-1", bericht_id=text[:8], gemeente="voorbeeldstad", tekst=text,
                               bericht_op=at, intent=intent, was_intent="nlu_fallback", door="Carla Smit", op=at)

    held_out = sorted(evaluation_sentences())[0]
    marks = [mark("Wat  kun je", "help"), mark("hoe werkt dit", "greet"), mark(held_out, "help"),
             mark("mijn bsn is [BSN]", "deelt_bsn"), mark("kan ik hier terecht met mijn vraag over de wmo", "help")]
    chosen, left_out = choose(marks, {"voorbeeldstad": "Voorbeeldstad"}, nlu, evaluation_sentences())
    assert [(e.intent, e.tekst) for e in chosen] == [("help", "kan ik hier terecht met mijn vraag over de wmo")]
    reasons = dict(left_out)
    assert "al een trainingszin" in reasons["Wat kun je"]
    assert "trainingszin van help, niet van greet" in reasons["hoe werkt dit"]
    assert "evaluatieset" in reasons[held_out] and "BSN" in reasons["mijn bsn is [BSN]"]

    target = nlu / "review.yml"
    add_to(target, chosen)
    add_to(target, [e for e in choose([mark("waar kan ik deze chat voor gebruiken", "help")],
                                      {"voorbeeldstad": "Voorbeeldstad"}, nlu, set())[0]])
    data = yaml.safe_load(target.read_text())
    assert [block["examples"] for block in data["nlu"]] == [
        "- kan ik hier terecht met mijn vraag over de wmo\n", "- waar kan ik deze chat voor gebruiken\n"]
    assert target.read_text().count("# gesprek web-1 (Voorbeeldstad)") == 2


def test_a_conversation_becomes_a_test_story_with_its_marks_but_never_one_with_personal_details(beheer, tracker,
                                                                                                 engine):
    from api.gesprekken_sync import TrackerStore
    from api.review_import import stories

    goed = (Gesprek().user("hoe lang heb ik voor bezwaar", "bezwaartermijn", 0.8).loop("bezwaartermijn_form")
            .bot("Welke datum staat op de brief?").user("12 november 2026", "geef_datum").loop(None).bot("Tot ..."))
    melding = (Gesprek().user("ik wil een melding doen", "melding_doen").loop("melding_form")
               .bot("Wat is uw naam?").user("Gerda Voorbeeld", "affirm").bot("Uw adres?"))
    write(tracker, goed, melding)
    assert staff_login(beheer, "carla.smit", "/beheer/gesprekken").status_code == 303
    page = beheer.get(f"/beheer/gesprekken/{melding.sender}")
    assert "wordt geen testverhaal" in page.text and "Bewaren als testverhaal" not in page.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    refused = beheer.post(f"/beheer/gesprekken/{melding.sender}/testverhaal", data={"csrf": csrf})
    assert refused.status_code == 422 and "naam, adres of hulpvraag" in refused.text

    assert "Bewaren als testverhaal" in beheer.get(f"/beheer/gesprekken/{goed.sender}").text
    beheer.post(f"/beheer/gesprekken/{goed.sender}/markering",
                data={"csrf": csrf, "bericht_id": goed.message_ids[0], "intent": "uitleg/bezwaar_indienen"})
    saved = beheer.post(f"/beheer/gesprekken/{goed.sender}/testverhaal", data={"csrf": csrf})
    assert saved.status_code == 200 and "Dit gesprek wordt een testverhaal (door Carla Smit" in saved.text

    with Session(engine) as session:
        chosen, left_out = stories(session, TrackerStore(tracker), None, {"voorbeeldstad": "Voorbeeldstad"})
    assert [item["gesprek_id"] for item in chosen] == [goed.sender] and left_out == []
    users = [e for e in chosen[0]["events"] if e["event"] == "user"]
    assert users[0]["parse_data"]["intent"] == {"name": "uitleg", "confidence": 1.0,
                                                "full_retrieval_intent_name": "uitleg/bezwaar_indienen"}
    assert users[1]["parse_data"]["intent"]["name"] == "geef_datum"


def test_a_tracker_store_that_is_down_or_not_there_keeps_what_was_known(beheer, tracker, engine, database_url, idp,
                                                                        tmp_path):
    from api.gesprekken_sync import TrackerStore, sync
    from api.models import Gesprek as Samenvatting

    write(tracker, *conversations())
    sync(engine, TrackerStore(tracker))
    assert sync(engine, TrackerStore(f"sqlite:///{tmp_path / 'not-there.db'}")) == 0
    with Session(engine) as session:
        assert len(session.exec(select(Samenvatting)).all()) == 3, "no store is not an empty store"

    down = settings_for(database_url, idp.issuer, wmo_tracker_url="postgresql+psycopg://wmo@127.0.0.1:9/nergens")
    with TestClient(create_app(down)) as client:
        assert staff_login(client, "carla.smit", "/beheer/gesprekken").status_code == 303
        page = client.get("/beheer/gesprekken")
        assert page.status_code == 200 and "De gesprekken van de assistent zijn nu niet te lezen" in page.text
        assert len(_links(page.text)) == 2, "the summaries known before"
