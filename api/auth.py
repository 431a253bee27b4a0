"""Bearer tokens with two roles: `bot` (creates meldingen, writes plans) and `consulent` (reads, lists, updates).

Tokens come from the settings (.env). 401 when the token is missing or unknown, 403 when it belongs to the other
role. Tokens are compared in constant time. Every refusal is a row in the audit trail (api/audit.py).
"""

import secrets
from dataclasses import dataclass
from enum import Enum
from typing import Optional

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from api import audit
from api.audit import Actor, Origin
from api.request_origin import origin
from api.settings import Settings

# The issuer of an actor that is a machine client with a bearer token (its subject is the token's role).
TOKEN_ISSUER = "wmo-api-token"


class Role(str, Enum):
    bot = "bot"
    consulent = "consulent"


bearer = HTTPBearer(auto_error=False, description="The token of role `bot` or `consulent`, from .env")


def role_of(token: Optional[str], settings: Settings) -> Optional[Role]:
    if not token:
        return None
    found = None
    for role, secret in ((Role.bot, settings.wmo_bot_token), (Role.consulent, settings.wmo_consulent_token)):
        # compare against every role, so the time taken does not tell which one matched
        if secret is not None and secrets.compare_digest(token.encode(), secret.get_secret_value().encode()):
            found = role
    return found


def token_actor(role: Role) -> Actor:
    return Actor(issuer=TOKEN_ISSUER, subject=role.value, role=role.value)


@dataclass(frozen=True)
class Caller:
    """Who called a route, as the audit trail records it."""

    role: Role
    actor: Actor
    origin: Origin


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"})


async def record_refusal(request: Request, actor: Actor, result: str) -> None:
    """An audit row for a refused request, naming the melding it was after (when the path holds one)."""
    melding_id = request.path_params.get("melding_id")
    await run_in_threadpool(audit.record, request.app.state.engine, actor, "access.denied", result,
                            "melding" if melding_id else None, melding_id,
                            origin(request))


def require(role: Role):
    async def dependency(request: Request,
                         credentials: Optional[HTTPAuthorizationCredentials] = Depends(bearer)) -> Caller:
        if credentials is None:
            await record_refusal(request, audit.ANONYMOUS, "unauthorized")
            raise _unauthorized("missing bearer token: send 'Authorization: Bearer <token>'")
        found = role_of(credentials.credentials, request.app.state.settings)
        if found is None:
            await record_refusal(request, audit.ANONYMOUS, "unauthorized")
            raise _unauthorized("unknown bearer token")
        if found != role:
            await record_refusal(request, token_actor(found), "forbidden")
            raise HTTPException(status.HTTP_403_FORBIDDEN,
                                detail=f"this route needs role '{role.value}'; the token has role '{found.value}'")
        return Caller(found, token_actor(found), origin(request))

    return dependency
