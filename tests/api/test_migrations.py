"""The Alembic migrations make exactly the schema the models describe, on SQLite and PostgreSQL, both ways."""

from datetime import datetime, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import Session, SQLModel

import api.models  # noqa: F401
from api import migrate
from api.db import engine_for
from api.referenties import next_referentie
from scripts.api_server import ThrowawayPostgres
from wmo import gemeente


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


def _melding_of_before_0005(engine) -> None:
    """A melding with a plan and its referentie counter, as a deployment of one gemeente had them before 0005."""
    with engine.begin() as db:
        db.execute(text(
            "INSERT INTO melding (id, referentie, status, ingediend_op, bijgewerkt_op, kanaal, inwoner_naam, "
            "inwoner_adres, inwoner_postcode, inwoner_woonplaats, hulpvraag, levensgebieden, toestemming_gegeven, "
            "toestemming_moment, plan_uiterlijk, onderzoek_uiterlijk) VALUES ('m-oud', 'WMO-2026-000007', 'nieuw', "
            ":now, :now, 'chat', 'Truus Oud', 'Kerkpad 1', '9999 ZZ', 'Oeverdam', 'Hulp.', '[]', true, :now, "
            "'2026-11-30', '2027-01-04')"), {"now": datetime(2026, 11, 23, 9, tzinfo=timezone.utc)})
        db.execute(text("INSERT INTO plan_versie (melding_id, versie, inhoud, opgesteld_door, bijgewerkt_op) "
                        "VALUES ('m-oud', 1, '{}', 'inwoner', :now)"), {"now": datetime(2026, 11, 23, 9,
                                                                                          tzinfo=timezone.utc)})
        if engine.dialect.name == "postgresql":
            db.execute(text("CREATE SEQUENCE referentie_2026 START 1"))
            db.execute(text("SELECT setval('referentie_2026', 7)"))
        else:
            db.execute(text("INSERT INTO referentie_teller (jaar, laatste) VALUES (2026, 7)"))


@pytest.fixture
def only_oeverdam(tmp_path, monkeypatch):
    (tmp_path / "oeverdam.yml").write_text((gemeente.DEFAULT_DIR / "oeverdam.yml").read_text(encoding="utf-8"))
    monkeypatch.setenv(gemeente.DIR_ENV, str(tmp_path))
    gemeente.alle.cache_clear()
    yield
    gemeente.alle.cache_clear()


def test_meldingen_from_before_several_gemeenten_belong_to_the_one_served_and_its_numbers_go_on(empty_database,
                                                                                              only_oeverdam):
    migrate.upgrade(empty_database, "0004")
    engine = engine_for(empty_database)
    _melding_of_before_0005(engine)
    migrate.upgrade(empty_database)
    assert schema_differences(engine) == []
    with Session(engine) as session:
        assert session.execute(text("SELECT gemeente, referentie FROM melding")).all() == [
            ("oeverdam", "WMO-2026-000007")]
        assert session.execute(text("SELECT melding_id FROM plan_versie")).scalars().all() == ["m-oud"]
        assert next_referentie(session, "oeverdam", 2026) == "WMO-2026-000008", "never a number twice"
        assert next_referentie(session, "voorbeeldstad", 2026) == "WMO-2026-000001"
        session.commit()
    engine.dispose()


def test_with_several_gemeenten_the_migration_needs_to_be_told_whose_the_old_meldingen_are(empty_database,
                                                                                          monkeypatch):
    migrate.upgrade(empty_database, "0004")
    engine = engine_for(empty_database)
    _melding_of_before_0005(engine)
    with pytest.raises(RuntimeError, match="set WMO_BESTAANDE_MELDINGEN_GEMEENTE to the gemeente they belong to"):
        migrate.upgrade(empty_database)
    assert migrate.current_revision(engine) == "0004", "nothing half done"
    monkeypatch.setenv("WMO_BESTAANDE_MELDINGEN_GEMEENTE", "voorbeeldstad")
    migrate.upgrade(empty_database)
    with Session(engine) as session:
        assert session.execute(text("SELECT gemeente FROM melding")).scalars().all() == ["voorbeeldstad"]
    engine.dispose()
