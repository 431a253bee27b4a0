"""Settings of the gemeente API, from the environment (and .env when present)."""

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # SQLite under var/ by default; PostgreSQL with e.g. postgresql+psycopg://user@host/db
    database_url: str = "sqlite:///var/gemeente.db"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
