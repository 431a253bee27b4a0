"""Calls to the action server: the body written by ujson, and one HTTP session per endpoint kept open.

Rasa sends the whole conversation as JSON with every call to the action server, written by `json.dumps`: 5.5% of
the Rasa server's time at 20 inwoners (py-spy, issue 8). Here it is written by ujson (which Sanic already brings),
several times faster; anything ujson cannot write goes to `json.dumps` as before.

Rasa also opened a new HTTP session, and so a new connection, for every call to the action server (3% of the
server's time at 20 inwoners): each endpoint now keeps one session per event loop, with its connections open for
2 s between calls.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import ujson


def json_dumps(value: Any) -> str:
    """The body of a call to the action server: ujson, or `json.dumps` (Rasa's) for what ujson refuses."""
    try:
        return ujson.dumps(value, escape_forward_slashes=False)
    except (TypeError, OverflowError, ValueError):
        return json.dumps(value)


# Idle connections to the action server are closed after this many seconds, before Sanic (the action server)
# closes them after 5: a request never goes out on a connection the server is closing.
KEEPALIVE_SECONDS = 2.0
_SESSION = "_wmo_session"  # on an EndpointConfig: (event loop, its session)


class _OpenSession:
    """What `async with endpoint.session()` gets: the endpoint's session, left open at the end of the block."""

    def __init__(self, session: Any) -> None:
        self.session = session

    async def __aenter__(self) -> Any:
        return self.session

    async def __aexit__(self, *exc_info: Any) -> None:
        return None


def endpoint_session(self: Any) -> Any:
    """EndpointConfig.session of Rasa 3.6, writing JSON bodies with `json_dumps`, and one session per endpoint
    and event loop instead of one per call: its connections are kept open between calls (Rasa made a new session,
    connector and connection for every call to the action server)."""
    loop = asyncio.get_running_loop()
    kept = self.__dict__.get(_SESSION)
    if kept is None or kept[0] is not loop or kept[1].closed:
        import aiohttp
        from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT

        auth = None
        if self.basic_auth:
            auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
        session = aiohttp.ClientSession(headers=self.headers, auth=auth,
                                        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                                        json_serialize=json_dumps,
                                        connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS))
        kept = self.__dict__[_SESSION] = (loop, session)
    return _OpenSession(kept[1])
