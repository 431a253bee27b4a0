"""The database engine of the gemeente API: SQLite (default) or PostgreSQL, chosen by DATABASE_URL."""

from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import QueuePool
from sqlmodel import create_engine


def engine_for(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # up to 40 connections: as many as uvicorn's thread pool runs requests at once
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=30, pool_timeout=30)
    if parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    # One connection: SQLite has one writer at a time anyway. Requests queue for it in Python, woken at once,
    # instead of in SQLite's busy handler, which sleeps up to 100 ms between tries.
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                           poolclass=QueuePool, pool_size=1, max_overflow=0, pool_timeout=30)
    _sqlite_for_concurrent_writers(engine)
    return engine


def _sqlite_for_concurrent_writers(engine: Engine) -> None:
    """WAL, a busy timeout, foreign keys, and BEGIN IMMEDIATE.

    Python's sqlite3 starts a transaction lazily as DEFERRED; a transaction that read first and then writes can then
    fail with 'database is locked' instead of waiting. BEGIN IMMEDIATE takes the write lock at the start, so
    concurrent writers queue (up to the busy timeout) instead of failing. (SQLAlchemy's documented pysqlite recipe.)
    """

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # let SQLAlchemy emit BEGIN, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def database_answers(engine: Engine) -> bool:
    """True when the database runs a trivial query."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # any driver error means: not healthy
        return False
