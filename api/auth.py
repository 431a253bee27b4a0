"""Bearer tokens of the named machine clients (api/api_clients.py), each with one of two roles: `bot` (creates
meldingen, writes plans) and `consulent` (reads, lists, updates), each for the gemeenten it is configured for.

401 when the token is missing or unknown, 403 when its client has the other role. Every refusal is a row in the
audit trail (api/audit.py), naming the client when the token was known.
"""

from dataclasses import dataclass
from enum import Enum
from typing import FrozenSet, Optional

from fastapi import Depends, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from api import audit
from api.api_clients import identify
from api.audit import Actor, Origin
from api.gemeente_scope import WRONG_GEMEENTE
from api.request_origin import origin
from api.settings import Settings

# The issuer of an actor that is a machine client with a bearer token (its subject is the client's name).
TOKEN_ISSUER = "wmo-api-token"


class Role(str, Enum):
    bot = "bot"
    consulent = "consulent"


bearer = HTTPBearer(auto_error=False, description="The token of a client named in WMO_API_CLIENTS (role `bot` or "
                                                    "`consulent`)")


def client_of(token: Optional[str], settings: Settings, served) -> Optional[tuple]:
    """(the named client whose token this is, as the audit trail records it; the gemeenten it acts for), or None for
    a missing or unknown token."""
    found = identify(token, settings.wmo_api_clients)
    if found is None:
        return None
    name, client = found
    return Actor(issuer=TOKEN_ISSUER, subject=name, name=name, role=client.role), client.scope(served)


@dataclass(frozen=True)
class Caller:
    """Who called a route, as the audit trail records it, and the gemeenten whose meldingen it may see."""

    role: Role
    actor: Actor
    origin: Origin
    gemeenten: FrozenSet[str]


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
        found = client_of(credentials.credentials, request.app.state.settings, request.app.state.gemeenten)
        if found is None:
            await record_refusal(request, audit.ANONYMOUS, "unauthorized")
            raise _unauthorized("unknown bearer token")
        actor, gemeenten = found
        if actor.role != role.value:
            await record_refusal(request, actor, "forbidden")
            raise HTTPException(status.HTTP_403_FORBIDDEN,
                                detail=f"this route needs role '{role.value}'; client '{actor.subject}' has role "
                                       f"'{actor.role}'")
        return Caller(role, actor, origin(request), gemeenten)

    return dependency


def _gemeente_field_error(message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ("body", "gemeente"), "msg": message, "type": "value_error"}])


async def gemeente_to_write(request: Request, named: Optional[str], caller: Caller) -> str:
    """The gemeente a new melding or terugbelverzoek is for: the one named, which the client must write for; or,
    when none is named, the client's only one. 422 for a gemeente not served, 403 (and an audit row) for one the
    client may not write for."""
    if named is None:
        if len(caller.gemeenten) == 1:
            return next(iter(caller.gemeenten))
        raise _gemeente_field_error("required: this client writes for several gemeenten")
    if named not in request.app.state.gemeenten:
        served = ", ".join(request.app.state.gemeenten)
        raise _gemeente_field_error(f"not a gemeente of this deployment (one of: {served})")
    if named not in caller.gemeenten:
        await run_in_threadpool(audit.record, request.app.state.engine, caller.actor, "access.denied",
                                WRONG_GEMEENTE, None, None, caller.origin, named)
        raise HTTPException(status.HTTP_403_FORBIDDEN,
                            detail=f"client '{caller.actor.subject}' may not write for gemeente '{named}'")
    return named
