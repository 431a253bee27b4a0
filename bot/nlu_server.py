"""The NLU server: the model's NLU pipeline in a process of its own, on a second core.

    python -m bot.nlu_server --model models/wmo.tar.gz --port 5015        (what scripts/stack.py starts)

A Rasa server runs on one core: one Python process, one event loop. Understanding a message (spaCy, the
featurizers, DIET, the ResponseSelector of then) was about a third of its time per message (py-spy, issue 8), while the
machine's second core mostly waited. This server loads the same trained model and understands messages for the
Rasa server, which meanwhile handles the dialogue of other conversations. What it answers is what the Rasa server
would have worked out itself: the same model, the same code (Rasa's `MessageProcessor.parse_message`), and the same
speed patches (bot/speedups/).

Routes, on 127.0.0.1 only:
- POST /model/parse  {"text": "..."}, with `Authorization: Bearer <WMO_NLU_TOKEN>`: Rasa's parse data (intent,
  entities, the ranking, the chosen explanation). Without the right token: 401.
- GET /health: {"status": "ok", "parsed": <messages understood since start>}, once the model is loaded.

No conversation, sender or personal data is kept here: a message is understood and forgotten. Log lines mask BSNs,
IBANs and phone numbers, as the Rasa server's do. The Rasa server side is bot/nlu_client.py: when this server does
not answer, the Rasa server understands the message itself, so an inwoner never notices.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os
from typing import Any

from bot import nlu_client, rasa_logging

TOKEN_ENV = nlu_client.TOKEN_ENV
DEFAULT_PORT = 5015

logger = logging.getLogger("bot.nlu_server")


def create_app(agent: Any, token: str) -> Any:
    """The Sanic app around a loaded Rasa Agent; `token` is the bearer token every parse must carry."""
    from rasa.core.channels.channel import UserMessage
    from sanic import Sanic, response

    if not token:
        raise ValueError(f"The NLU server needs a token ({TOKEN_ENV}).")
    app = Sanic("wmo_nlu", configure_logging=False)  # its lines go to the root handler (masked) once, not twice
    expected = f"Bearer {token}".encode()
    state = {"parsed": 0}

    @app.get("/health")
    async def health(request: Any) -> Any:
        return response.json({"status": "ok", "parsed": state["parsed"]})

    @app.post("/model/parse")
    async def parse(request: Any) -> Any:
        if not hmac.compare_digest(request.headers.get("Authorization", "").encode(), expected):
            return response.json({"error": "Geen of een verkeerd token."}, status=401)
        body = request.json if request.body else None
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str):
            return response.json({"error": "Stuur JSON met een tekst: {\"text\": \"...\"}."}, status=400)
        parse_data = await agent.processor.parse_message(UserMessage(text))
        state["parsed"] += 1
        return response.json(parse_data)

    return app


def load_agent(model: str) -> Any:
    """The Rasa Agent of the trained model, with the speed patches (bot/speedups/, unless WMO_RASA_SPEEDUPS=off):
    then the loaded model is also set aside from the garbage collector (bot/speedups/gc_tuning.py)."""
    from bot import speedups
    from bot.speedups import gc_tuning

    patched = speedups.apply()
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    if patched:
        gc_tuning.freeze()
    return agent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models/wmo.tar.gz")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args()
    rasa_logging.configure()  # as `rasa run`: no debug events, personal numbers masked
    os.environ.pop(nlu_client.URL_ENV, None)  # this server understands messages itself, never asks another one
    token = os.environ.get(TOKEN_ENV, "")
    if not token:
        raise SystemExit(f"Set {TOKEN_ENV}: the token the Rasa server sends with every message (bot/nlu_client.py).")
    agent = load_agent(args.model)
    logger.info("NLU server on http://%s:%d (model %s)", args.host, args.port, args.model)
    create_app(agent, token).run(args.host, args.port, workers=1, access_log=False, motd=False)


if __name__ == "__main__":
    main()
