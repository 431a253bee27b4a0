"""Starts the action server (rasa_sdk's, same routes) together with the delivery of the outbox (actions/outbox.py).

    python -m actions.server --port 5055                   (what scripts/stack.py starts)

Every WMO_OUTBOX_INTERVAL seconds (default 5) the server sends what is waiting in the outbox and due, so a melding
that could not be sent while the gemeente API was down arrives when the API is back, without the person.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os

from rasa_sdk import utils
from rasa_sdk.constants import DEFAULT_SERVER_PORT
from rasa_sdk.endpoint import create_app

from actions import outbox
from actions.gemeente_api import GemeenteApi

logger = logging.getLogger("actions.server")

INTERVAL_ENV = "WMO_OUTBOX_INTERVAL"


async def deliver_forever(interval: float) -> None:
    while True:
        try:
            await outbox.deliver_due(outbox.current(), GemeenteApi())
        except asyncio.CancelledError:
            raise
        except Exception:  # a database hiccup must not stop delivery for good
            logger.exception("outbox delivery round failed; trying again in %.0f s", interval)
        await asyncio.sleep(interval)


def build_app(interval: float):
    app = create_app("actions", cors_origins=None)  # as `rasa run actions`: no CORS, only the Rasa server calls it
    tasks = []

    async def start_delivery(app, loop) -> None:
        outbox.current()  # creates the table, and fails at start-up when the outbox database cannot be used
        tasks.append(loop.create_task(deliver_forever(interval)))

    async def stop_delivery(app, loop) -> None:
        for task in tasks:
            task.cancel()

    app.register_listener(start_delivery, "after_server_start")
    app.register_listener(stop_delivery, "before_server_stop")
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=DEFAULT_SERVER_PORT)
    parser.add_argument("--host", default=os.environ.get("SANIC_HOST", "127.0.0.1"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)-8s %(name)s  - %(message)s")
    app = build_app(float(os.environ.get(INTERVAL_ENV, "5")))
    logger.info("Action server on http://%s:%d", args.host, args.port)
    app.run(args.host, args.port, workers=utils.number_of_sanic_workers(), access_log=False)


if __name__ == "__main__":
    main()
