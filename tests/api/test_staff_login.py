"""Staff log in with the OpenID provider (here the real development provider with invented staff): each role sees
what it may, and every attack on the flow is refused with the right status and a row in the audit trail."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session, col, select

from api.app import create_app
from api.models import AuditRow, StaffLogin, StaffSession, utcnow
from api.staff_sessions import SESSION_COOKIE, digest
from tests.api.factories import melding_body
from tests.api.support import BOT, at_provider, settings_for, staff_login


def audit_rows(engine, action=None):
    with Session(engine) as session:
        rows = session.exec(select(AuditRow).order_by(col(AuditRow.id))).all()
        return [(r.actor_subject, r.actor_role, r.action, r.result) for r in rows if action in (None, r.action)]


def test_a_page_sends_to_the_login_and_comes_back_after_it(client, engine):
    page = "/consulent?status=nieuw"
    response = client.get(page, follow_redirects=False)
    assert response.headers["location"] == "/consulent/login?next=%2Fconsulent%3Fstatus%3Dnieuw"
    login = client.get(response.headers["location"])
    assert "Inloggen met uw gemeente-account" in login.text and 'lang="nl"' in login.text
    back = staff_login(client, "anne.devries", next_path=page)
    assert back.headers["location"] == page
    inbox = client.get(page)
    assert inbox.status_code == 200 and "Anne de Vries (consulent)" in inbox.text
    assert audit_rows(engine) == [(None, None, "access.denied", "unauthorized"),
                                  ("anne.devries", "consulent", "login", "ok")]


def test_the_session_cookie_is_a_random_id_only_and_the_database_keeps_its_hash(client, engine):
    response = staff_login(client, "anne.devries")
    cookie = response.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower() and "path=/" in cookie.lower()
    session_id = client.cookies.get(SESSION_COOKIE)
    assert len(session_id) >= 40 and "." not in session_id  # no JWT, no signed data: a random id
    with Session(engine) as session:
        stored = session.exec(select(StaffSession)).one()
    assert stored.id_hash == digest(session_id) and session_id not in stored.model_dump_json()
    assert (stored.subject, stored.roles, stored.name) == ("anne.devries", "consulent", "Anne de Vries")


def test_a_beheerder_logs_in_but_does_not_see_the_meldingen(client, engine):
    assert staff_login(client, "carla.smit").status_code == 303
    page = client.get("/consulent")
    assert page.status_code == 403 and "Geen toegang tot deze pagina" in page.text
    assert audit_rows(engine)[-1] == ("carla.smit", "beheerder", "access.denied", "forbidden")


def test_someone_with_both_roles_opens_both_kinds_of_page_and_each_row_names_the_role_acted_in(client, engine):
    assert client.post("/api/v1/meldingen", json=melding_body(), headers=BOT).status_code == 201
    landing = staff_login(client, "femke.bakker")
    assert landing.headers["location"] == "/consulent"  # a consulent first: the inbox
    inbox = client.get("/consulent")
    assert inbox.status_code == 200 and "Femke Bakker (consulent, beheerder)" in inbox.text
    assert 'href="/consulent">Inbox' in inbox.text and 'href="/beheer/audit">Logboek' in inbox.text
    assert client.get("/beheer/audit", params={"medewerker": "anne.devries"}).status_code == 200
    assert audit_rows(engine) == [("chatbot", "bot", "melding.create", "ok"),
                                  ("femke.bakker", "consulent beheerder", "login", "ok"),
                                  ("femke.bakker", "consulent", "melding.list", "ok"),
                                  ("femke.bakker", "beheerder", "audit.read", "ok")]


def test_a_consulent_sees_no_link_to_the_logboek(client):
    staff_login(client, "anne.devries")
    assert "/beheer/audit" not in client.get("/consulent").text


def test_someone_without_a_role_gets_a_dutch_page_saying_whom_to_ask(client, engine):
    response = staff_login(client, "dirk.visser")
    assert response.status_code == 403 and "functioneel beheerder" in response.text
    assert client.get("/consulent", follow_redirects=False).status_code == 303  # no session was made
    assert ("dirk.visser", None, "login", "no_role") in audit_rows(engine)


def test_without_a_second_factor_there_is_no_login_while_mfa_is_required(client, engine, database_url, idp):
    response = staff_login(client, "eva.jansen")
    assert response.status_code == 403 and "twee stappen" in response.text
    assert ("eva.jansen", "consulent", "login", "no_mfa") in audit_rows(engine)
    relaxed = create_app(settings_for(database_url, idp.issuer, wmo_oidc_require_mfa=False))
    with TestClient(relaxed) as other:
        assert staff_login(other, "eva.jansen").status_code == 303
        assert other.get("/consulent").status_code == 200


def callback_of(client, login="anne.devries"):
    """Through the provider up to (not into) the callback: its URL, and the browser's login cookie."""
    start = client.get("/consulent/auth/start", follow_redirects=False)
    return at_provider(start, login).headers["location"]


def test_a_callback_used_twice_is_refused_the_second_time(client, engine):
    callback = callback_of(client)
    assert client.get(callback, follow_redirects=False).status_code == 303
    again = client.get(callback, follow_redirects=False)
    assert again.status_code == 400 and "verlopen of al gebruikt" in again.text
    assert audit_rows(engine, "login")[-1] == (None, None, "login", "state_unknown")


def test_a_callback_opened_in_another_browser_logs_nobody_in(client, engine, database_url, idp):
    callback = callback_of(client)  # the attacker's own login, sent to someone else
    with TestClient(create_app(settings_for(database_url, idp.issuer))) as victim:
        response = victim.get(callback, follow_redirects=False)
        assert response.status_code == 400
        assert victim.get("/consulent", follow_redirects=False).status_code == 303
    assert audit_rows(engine, "login")[-1] == (None, None, "login", "state_other_browser")


def test_an_id_token_with_another_logins_nonce_is_refused(client, engine):
    callback = callback_of(client)
    state = parse_qs(urlsplit(callback).query)["state"][0]
    with engine.begin() as connection:  # as if the token had been made for another login
        connection.execute(text("UPDATE staff_login SET nonce = 'nonce-van-een-andere-login' WHERE state_hash = :h"),
                           {"h": digest(state)})
    response = client.get(callback, follow_redirects=False)
    assert response.status_code == 400
    assert audit_rows(engine, "login")[-1] == (None, None, "login", "invalid_claim")


def test_an_answer_from_another_issuer_is_refused(client, engine):
    callback = callback_of(client).replace("iss=", "iss=https%3A%2F%2Fnep.example&was=")
    assert client.get(callback, follow_redirects=False).status_code == 400
    assert audit_rows(engine, "login")[-1] == (None, None, "login", "issuer_mismatch")


def test_cancelling_at_the_provider_shows_the_login_again(client, engine):
    start = client.get("/consulent/auth/start", follow_redirects=False)
    state = parse_qs(urlsplit(start.headers["location"]).query)["state"][0]
    response = client.get(f"/consulent/auth/callback?error=access_denied&state={state}")
    assert response.status_code == 400 and "Inloggen is afgebroken" in response.text
    assert audit_rows(engine, "login")[-1] == (None, None, "login", "cancelled")


@pytest.mark.parametrize("cookie", ["vervalst-" + "x" * 40, ""])
def test_a_forged_session_cookie_opens_nothing(client, engine, cookie):
    client.cookies.set(SESSION_COOKIE, cookie)
    response = client.get("/consulent/meldingen/geraden-id", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/consulent/login")
    with Session(engine) as session:
        row = session.exec(select(AuditRow)).one()
    assert (row.action, row.result, row.object_id, row.actor_subject) == (
        "access.denied", "unauthorized", "geraden-id", None)


@pytest.mark.parametrize("change", [{"expires_at": -1}, {"last_seen_at": -31 * 60}])
def test_a_session_past_its_end_or_left_idle_is_over(client, engine, change):
    staff_login(client, "anne.devries")
    (column, seconds), = change.items()
    with engine.begin() as connection:
        connection.execute(text(f"UPDATE staff_session SET {column} = :moment"),
                           {"moment": utcnow() + timedelta(seconds=seconds)})
    assert client.get("/consulent", follow_redirects=False).status_code == 303
    with Session(engine) as session:
        assert session.exec(select(StaffSession)).all() == []


def test_logout_needs_the_form_token_ends_the_session_here_and_at_the_provider(client, engine, idp):
    staff_login(client, "anne.devries")
    assert client.post("/consulent/logout", data={"csrf": "vervalst"}).status_code == 403
    inbox = client.get("/consulent").text
    csrf = inbox.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    old_cookie = client.cookies.get(SESSION_COOKIE)
    response = client.post("/consulent/logout", data={"csrf": csrf}, follow_redirects=False)
    target = urlsplit(response.headers["location"])
    assert f"{target.scheme}://{target.netloc}" == idp.issuer and target.path == "/session/end"
    assert parse_qs(target.query)["post_logout_redirect_uri"] == ["http://testserver/consulent/login?uitgelogd=1"]
    client.cookies.set(SESSION_COOKIE, old_cookie)  # the old id, kept by someone: it opens nothing any more
    assert client.get("/consulent", follow_redirects=False).status_code == 303
    assert [row[2:] for row in audit_rows(engine) if row[2] == "logout"] == [("logout", "csrf_refused"),
                                                                            ("logout", "ok")]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/consulent", "/api/v1/meldingen",
                                    "/consulent\\\\evil.example"])
def test_the_login_never_sends_anyone_to_another_site(client, target):
    assert staff_login(client, "anne.devries", next_path=target).headers["location"] == "/consulent"


def test_a_login_left_at_the_provider_expires(client, engine):
    callback = callback_of(client)
    with engine.begin() as connection:
        connection.execute(text("UPDATE staff_login SET created_at = :old"),
                           {"old": utcnow() - timedelta(minutes=11)})
    assert client.get(callback, follow_redirects=False).status_code == 400
    assert audit_rows(engine, "login")[-1] == (None, None, "login", "state_expired")
    with Session(engine) as session:
        assert session.exec(select(StaffLogin)).all() == []
