"""Bearer tokens with two roles: `bot` (creates meldingen, writes plans) and `consulent` (reads, lists, updates).

Tokens come from the settings (.env). 401 when the token is missing or unknown, 403 when it belongs to the other
role. Tokens are compared in constant time.
"""

import secrets
from enum import Enum
from typing import Optional

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.settings import Settings


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


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"})


def require(role: Role):
    async def dependency(request: Request,
                         credentials: Optional[HTTPAuthorizationCredentials] = Depends(bearer)) -> Role:
        if credentials is None:
            raise _unauthorized("missing bearer token: send 'Authorization: Bearer <token>'")
        found = role_of(credentials.credentials, request.app.state.settings)
        if found is None:
            raise _unauthorized("unknown bearer token")
        if found != role:
            raise HTTPException(status.HTTP_403_FORBIDDEN,
                                detail=f"this route needs role '{role.value}'; the token has role '{found.value}'")
        return found

    return dependency
