"""The demo website with the chat widget, one page per gemeente the deployment serves, as each gemeente's own website
would embed it: the same script, another `data-gemeente`.

    /                          the gemeenten of this deployment, a link to each page
    /<slug>/                   gemeente <naam>'s page with the chat widget (data-gemeente="<slug>")
    /wmo-chat-config.json?gemeente=<slug>
                               the gemeente's name and loket phone number (config/gemeenten/<slug>.yml), for the
                               widget's title and its "not reachable" message; 404 for a gemeente not served

Serves web/ (wmo-chat.js, wmo-chat.css). Every response carries a strict Content-Security-Policy: scripts and
styles only from this site, connections only to the bot's URL.

    uvicorn --factory scripts.demo_site:create_app      (the launcher starts it; settings BOT_URL)
"""

import html
import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import (FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse,
                                 Response)
from starlette.routing import Route

from wmo import gemeente

ROOT = Path(__file__).resolve().parent.parent
WIDGET = ROOT / "web"
STATIC = {"/wmo-chat.js": "wmo-chat.js", "/wmo-chat.css": "wmo-chat.css", "/demo.css": "demo.css"}


def policy(bot_url: str) -> str:
    return ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            f"connect-src 'self' {bot_url}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def _filled(template: str, values: dict) -> str:
    page = (WIDGET / template).read_text(encoding="utf-8")
    for key, value in values.items():
        page = page.replace("{{" + key + "}}", value)
    return page


def demo_page(bot_url: str, config: gemeente.Gemeente) -> str:
    values = {"GEMEENTE_NAAM": config.naam, "GEMEENTE_SLUG": config.slug, "BOT_URL": bot_url,
              "LOKET_NAAM": config.loket.naam, "LOKET_TELEFOON": config.loket.telefoon,
              "LOKET_BEREIKBAAR": config.loket.telefoon_bereikbaar}
    return _filled("demo.html", {key: html.escape(value, quote=True) for key, value in values.items()})


def index_page(served: dict) -> str:
    links = "\n".join(f'      <li><a href="/{slug}/">Gemeente {html.escape(config.naam)}</a></li>'
                      for slug, config in served.items())  # a slug is letters, digits and hyphens (wmo.gemeente)
    return _filled("demo-index.html", {"GEMEENTEN": links})


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
    served = gemeente.alle()

    async def index(request):
        return HTMLResponse(index_page(served))

    async def page(request):
        config = served.get(request.path_params["slug"])
        if config is None:
            return HTMLResponse(index_page(served), status_code=404)
        return HTMLResponse(demo_page(bot_url, config))

    async def without_slash(request):
        return RedirectResponse(f"/{request.path_params['slug']}/", status_code=308)

    async def config_json(request):
        asked = request.query_params.get("gemeente")
        config = served.get(asked) if asked else gemeente.enige()  # a page without data-gemeente: the only one
        if config is None:
            return JSONResponse({"detail": "unknown gemeente"}, status_code=404)
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
              *(Route(path, static(name)) for path, name in STATIC.items()),
              Route("/{slug:str}/", page), Route("/{slug:str}", without_slash)]
    return SecurityHeaders(Starlette(routes=routes), bot_url)
