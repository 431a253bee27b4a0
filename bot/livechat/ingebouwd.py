"""The built-in livechat: the queue of the gemeente API (api/overdrachten.py), where employees take a chat on the
staff pages (/consulent/chats). This process talks to /api/v1/overdrachten with the bot's token, like the action
server's melding client (actions/gemeente_api.py: GEMEENTE_API_URL, WMO_BOT_TOKEN)."""

from typing import Any, Dict, List, Optional

import httpx

from actions.gemeente_api import KeptClient
from bot.livechat import Afgelopen, Gebeurtenis, Livechat, LivechatFout, Nieuws, Stand

TIMEOUT = httpx.Timeout(10.0, connect=3.0)


def _stand(data: Optional[Dict[str, Any]]) -> Optional[Stand]:
    if not data:
        return None
    return Stand(id=data["id"], gemeente=data["gemeente"], status=data["status"], medewerker=data.get("medewerker"),
                 vervolg=data.get("vervolg"), gemeld=bool(data.get("gemeld")))


class IngebouwdeLivechat(Livechat):
    def __init__(self, url: Optional[str] = None, token: Optional[str] = None,
                 transport: Optional[httpx.AsyncBaseTransport] = None):
        # one client per process, kept open: a long poll per waiting chat must not cost a connection set-up
        self.client = KeptClient(url, token, transport, TIMEOUT,
                                 limits=httpx.Limits(max_connections=500, max_keepalive_connections=100))
        self.token = self.client.token

    async def _call(self, method: str, path: str, **kwargs) -> httpx.Response:
        if not self.token:
            raise LivechatFout("WMO_BOT_TOKEN is not set (run `make install`, which writes .env)")
        try:
            response = await self.client().request(method, path, **kwargs)
        except httpx.TransportError as error:
            raise LivechatFout(f"{method} {path}: {type(error).__name__}") from None
        if response.status_code == 409:
            raise Afgelopen(path)
        if response.status_code >= 300:
            raise LivechatFout(f"{method} {path}: {response.status_code}")
        return response

    async def overdragen(self, gemeente: str, gesprek_id: str, onderwerp: str,
                         gesprek: List[Dict[str, Any]]) -> Stand:
        response = await self._call("POST", "/api/v1/overdrachten", json={
            "gemeente": gemeente, "gesprek_id": gesprek_id, "onderwerp": onderwerp, "gesprek": gesprek})
        return _stand(response.json())

    async def nieuws(self, gesprek_id: str, na: int = 0, wacht: float = 0) -> Nieuws:
        response = await self._call("GET", f"/api/v1/overdrachten/gesprek/{gesprek_id}",
                                    params={"na": na, "wacht": wacht},
                                    timeout=httpx.Timeout(wacht + 10.0, connect=3.0))
        data = response.json()
        return Nieuws(stand=_stand(data.get("overdracht")),
                      gebeurtenissen=[Gebeurtenis(id=e["id"], soort=e["soort"], van=e["van"], tekst=e["tekst"],
                                                  naam=e.get("naam")) for e in data.get("gebeurtenissen", [])])

    async def stuur(self, stand: Stand, tekst: str) -> None:
        await self._call("POST", f"/api/v1/overdrachten/{stand.id}/berichten", json={"tekst": tekst})

    async def gemeld(self, stand: Stand) -> None:
        await self._call("POST", f"/api/v1/overdrachten/{stand.id}/gemeld")
