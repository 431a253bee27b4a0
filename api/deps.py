"""Request-scoped dependencies, and running database work off the event loop.

Routes open their database session themselves (`with session_for(engine)`, or `await in_session(...)`), not
through a `yield` dependency: FastAPI runs the exit of a sync yield dependency on the same thread pool, so under
load the pool's threads can all wait for a database connection that only such an exit would give back (a deadlock
until the pool times out).

The /api/v1 routes are `async` and hand only the database work to a thread (`in_session`): one thread hop per
request instead of one per sync dependency, endpoint and response serialisation.
"""

from typing import Callable, TypeVar

from fastapi import Request
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

T = TypeVar("T")


async def get_engine(request: Request) -> Engine:
    return request.app.state.engine


def session_for(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)


async def in_session(engine: Engine, work: Callable[..., T], *args) -> T:
    """Runs `work(session, *args)` in the thread pool with a session that is closed before returning."""

    def run() -> T:
        with session_for(engine) as session:
            return work(session, *args)

    return await run_in_threadpool(run)
