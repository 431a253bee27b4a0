"""The demo page of "gemeente Voorbeeldstad" with the chat widget, as a gemeente's website would embed it.

Serves web/ (wmo-chat.js, wmo-chat.css), the demo page, and wmo-chat-config.json (the gemeente's name and
loket phone number from config/gemeente.yml, for the widget's "not reachable" message). Every response carries a
strict Content-Security-Policy: scripts and styles only from this site, connections only to the bot's URL.

    uvicorn --factory scripts.demo_site:create_app      (the launcher starts it; settings BOT_URL)
"""

import html
import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from wmo import gemeente

ROOT = Path(__file__).resolve().parent.parent
WIDGET = ROOT / "web"
STATIC = {"/wmo-chat.js": "wmo-chat.js", "/wmo-chat.css": "wmo-chat.css", "/demo.css": "demo.css"}


def policy(bot_url: str) -> str:
    return ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            f"connect-src 'self' {bot_url}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def demo_page(bot_url: str, config: gemeente.Gemeente) -> str:
    values = {"GEMEENTE_NAAM": config.naam, "GEMEENTE_SLUG": config.naam.lower(), "BOT_URL": bot_url,
              "LOKET_NAAM": config.loket.naam, "LOKET_TELEFOON": config.loket.telefoon,
              "LOKET_BEREIKBAAR": config.loket.telefoon_bereikbaar}
    page = (WIDGET / "demo.html").read_text(encoding="utf-8")
    for key, value in values.items():
        page = page.replace("{{" + key + "}}", html.escape(value, quote=True))
    return page


class SecurityHeaders:
    def __init__(self, app, bot_url: str):
        self.app, self.policy = app, policy(bot_url).encode()

    async def __call__(self, scope, receive, send):
        async def with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [
                    *message.get("headers", []), (b"content-security-policy", self.policy),
                    (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]}
            await send(message)

        await self.app(scope, receive, with_headers if scope["type"] == "http" else send)


def create_app() -> SecurityHeaders:
    bot_url = os.environ.get("BOT_URL", "http://127.0.0.1:5005").rstrip("/")
    config = gemeente.current()

    async def index(request):
        return HTMLResponse(demo_page(bot_url, config))

    async def config_json(request):
        return JSONResponse({"naam": config.naam, "loket_naam": f"het {config.loket.naam}",
                             "loket_telefoon": config.loket.telefoon})

    async def healthz(request):
        return PlainTextResponse("ok")

    async def no_icon(request):
        return Response(status_code=204)

    def static(name: str):
        async def serve(request):
            return FileResponse(WIDGET / name)
        return serve

    routes = [Route("/", index), Route("/wmo-chat-config.json", config_json), Route("/healthz", healthz),
              Route("/favicon.ico", no_icon),
              *(Route(path, static(name)) for path, name in STATIC.items())]
    return SecurityHeaders(Starlette(routes=routes), bot_url)
