"""Applies the gemeente API's Alembic migrations: `python -m api.migrate [upgrade|current|check]`.

`make run` (through scripts/stack.py) and the tests call this before the API starts; the app itself never creates
tables. The URL is DATABASE_URL (or .env), SQLite under var/ by default.
"""

import sys
from pathlib import Path
from typing import Optional

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from api.db import engine_for
from api.settings import get_settings

INI = Path(__file__).resolve().parent / "alembic.ini"


def alembic_config(database_url: str) -> Config:
    config = Config(str(INI))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(Config(str(INI))).get_current_head()


def current_revision(engine: Engine) -> Optional[str]:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)


def main(argv: list) -> int:
    action = argv[1] if len(argv) > 1 else "upgrade"
    url = get_settings().database_url
    if action == "upgrade":
        upgrade(url)
        engine = engine_for(url)
        print(f"gemeente API database at revision {current_revision(engine)} ({engine.url.render_as_string()})")
        engine.dispose()
        return 0
    if action == "current":
        print(current_revision(engine_for(url)))
        return 0
    print("usage: python -m api.migrate [upgrade|current]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
