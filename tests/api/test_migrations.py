"""The Alembic migrations make exactly the schema the models describe, on SQLite and PostgreSQL, both ways."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import Session, SQLModel

import api.models  # noqa: F401
from api import migrate
from api.db import engine_for
from api.referenties import next_referentie
from scripts.api_server import ThrowawayPostgres


def schema_differences(engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, SQLModel.metadata)


def test_the_migrated_schema_matches_the_models(engine):
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert schema_differences(engine) == [], "a model changed without a migration: add one with alembic revision"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    """A database of its own, so the shared test database keeps its schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/down-up.db"
        return
    database = ThrowawayPostgres()
    yield database.create()
    database.drop()


def test_migrations_go_down_and_up_again(empty_database):
    url = empty_database
    migrate.upgrade(url)
    engine = engine_for(url)
    assert {"melding", "plan_versie", "referentie_teller"} <= set(inspect(engine).get_table_names())
    if engine.dialect.name == "postgresql":  # a referentie sequence exists once a melding was made
        with Session(engine) as session:
            next_referentie(session, "voorbeeldstad", 2026)
            session.commit()
    migrate.downgrade(url, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    if engine.dialect.name == "postgresql":
        assert inspect(engine).get_sequence_names() == []
    migrate.upgrade(url)
    assert schema_differences(engine) == []
    engine.dispose()
