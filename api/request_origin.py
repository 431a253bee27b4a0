"""Where each request comes from, for the audit trail: the client address and a request id.

Behind the gemeente's reverse proxy every request comes from the proxy's address. Only when the direct peer is a
proxy named in WMO_TRUSTED_PROXIES are its `X-Forwarded-For` (the address it saw, the last entry that is not one
of the trusted proxies) and `X-Request-ID` believed; anyone else could write whatever they like in them. Without a
request id from a trusted proxy the API makes one. Either way it is sent back as `X-Request-ID`, so a log line of
the proxy, the API and an audit row can be matched.
"""

import re
import uuid
from ipaddress import ip_address
from typing import Iterable, Optional

from api.audit import Origin

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def _address(value: str) -> Optional[str]:
    try:
        return str(ip_address(value.strip()))
    except ValueError:
        return None


def origin_of(peer: Optional[str], headers: dict, trusted: frozenset) -> Origin:
    """The client address and request id of one request; `headers` with lower-case byte names, as in ASGI."""
    address, request_id = peer, None
    if peer in trusted:
        forwarded = [_address(part) for part in headers.get(b"x-forwarded-for", b"").decode("latin-1").split(",")]
        for hop in reversed([hop for hop in forwarded if hop]):
            address = hop
            if hop not in trusted:
                break
        given = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _REQUEST_ID.match(given) else None
    return Origin(client_address=(address or "")[:45] or None, request_id=request_id or uuid.uuid4().hex)


class RequestOrigin:
    """ASGI middleware: puts `Origin` in request.state.origin and answers with its X-Request-ID."""

    def __init__(self, app, trusted_proxies: Iterable[str] = ()):
        self.app = app
        self.trusted = frozenset(filter(None, (_address(proxy) for proxy in trusted_proxies)))

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        origin = origin_of(client[0] if client else None, dict(scope.get("headers") or []), self.trusted)
        scope.setdefault("state", {})["origin"] = origin

        async def send_with_id(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []),
                                                  (b"x-request-id", origin.request_id.encode())]}
            await send(message)

        await self.app(scope, receive, send_with_id)


def origin(request) -> Origin:
    """The request's origin (a request that did not pass the middleware, e.g. in a unit test: unknown)."""
    return getattr(request.state, "origin", None) or Origin()
