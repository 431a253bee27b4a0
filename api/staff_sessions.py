"""Server-side state of the staff login: a login under way at the provider, and a logged-in member of staff.

The browser holds two random values, never a token: during the login `wmo_login` (binds the `state` to this
browser, so a callback URL sent to someone else does not log them in), afterwards `wmo_staff` (the session id).
The database keeps only their SHA-256, so a copy of the database opens no session. A `state` works once: the
row goes at the callback, before the code is exchanged, so a replayed callback finds nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import FrozenSet, List, Optional

from sqlmodel import Session, delete

from api.models import StaffLogin, StaffSession, utcnow
from api.oidc import LoginFailed, new_secret

LOGIN_COOKIE = "wmo_login"
SESSION_COOKIE = "wmo_staff"
LOGIN_SECONDS = 600  # from the click on "Inloggen" to the callback
TOUCH_SECONDS = 60  # last_seen_at is written at most once a minute per session


def digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class LoginStart:
    state: str
    nonce: str
    code_verifier: str
    browser_secret: str  # the value of the wmo_login cookie


def begin_login(session: Session, next_path: str, now: Optional[datetime] = None) -> LoginStart:
    now = now or utcnow()
    start = LoginStart(new_secret(), new_secret(), new_secret(), secrets.token_urlsafe(32))
    session.exec(delete(StaffLogin).where(StaffLogin.created_at < now - timedelta(seconds=LOGIN_SECONDS)))
    session.add(StaffLogin(state_hash=digest(start.state), browser_hash=digest(start.browser_secret),
                           nonce=start.nonce, code_verifier=start.code_verifier, next_path=next_path[:500],
                           created_at=now))
    session.commit()
    return start


def finish_login(session: Session, state: str, browser_secret: Optional[str],
                 now: Optional[datetime] = None) -> StaffLogin:
    """The login this callback belongs to, taken out of the database (used once); LoginFailed otherwise."""
    now = now or utcnow()
    row = session.get(StaffLogin, digest(state or ""))
    if row is None:
        raise LoginFailed("state_unknown")  # never issued, or used before
    session.delete(row)
    session.commit()
    if not browser_secret or not secrets.compare_digest(row.browser_hash, digest(browser_secret)):
        raise LoginFailed("state_other_browser")
    if row.created_at < now - timedelta(seconds=LOGIN_SECONDS):
        raise LoginFailed("state_expired")
    return row


def open_session(session: Session, issuer: str, subject: str, name: Optional[str], roles: List[str],
                 gemeenten: List[str], max_age: int, now: Optional[datetime] = None) -> tuple:
    """(session id for the cookie, the row). The caller commits, with the login's audit row."""
    now = now or utcnow()
    session_id = secrets.token_urlsafe(32)
    row = StaffSession(id_hash=digest(session_id), issuer=issuer, subject=subject, name=(name or "")[:200] or None,
                       roles=" ".join(roles), gemeenten=" ".join(sorted(gemeenten)), csrf=secrets.token_urlsafe(32),
                       created_at=now, last_seen_at=now, expires_at=now + timedelta(seconds=max_age))
    session.exec(delete(StaffSession).where(StaffSession.expires_at < now))
    session.add(row)
    return session_id, row


def current(session: Session, session_id: Optional[str], idle_seconds: int,
            now: Optional[datetime] = None) -> Optional[StaffSession]:
    """The session of this cookie while it is valid: before its end and used within `idle_seconds`."""
    if not session_id:
        return None
    now = now or utcnow()
    row = session.get(StaffSession, digest(session_id))
    if row is None:
        return None
    if row.expires_at <= now or row.last_seen_at <= now - timedelta(seconds=idle_seconds):
        session.delete(row)
        session.commit()
        return None
    if row.last_seen_at <= now - timedelta(seconds=TOUCH_SECONDS):
        row.last_seen_at = now
        session.add(row)
        session.commit()
        session.refresh(row)
    return row


def holds(staff: StaffSession, role: str) -> bool:
    return role in staff.roles.split()


def gemeenten_of(staff: StaffSession) -> FrozenSet[str]:
    """The gemeenten whose meldingen this person works on (their identity's claim, at login)."""
    return frozenset(staff.gemeenten.split())


def close(session: Session, session_id: Optional[str]) -> None:
    if session_id:
        session.exec(delete(StaffSession).where(StaffSession.id_hash == digest(session_id)))
        session.commit()
