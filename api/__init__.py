"""The gemeente API: meldingen and persoonlijke plannen for the bot and the Wmo-consulent (FastAPI + SQLModel)."""
