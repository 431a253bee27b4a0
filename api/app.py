"""The FastAPI application of the gemeente API.

    uvicorn api.app:app --port 8000
"""

from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy.engine import Engine

from api.db import database_answers, get_engine

app = FastAPI(
    title="Gemeente API — Wmo-assistent",
    version="1",
    description="Meldingen en persoonlijke plannen (Wmo 2015), voor de chatbot en de Wmo-consulent.",
)


@app.get("/healthz", tags=["beheer"], summary="200 when the database answers, else 503")
def healthz(engine: Engine = Depends(get_engine)) -> JSONResponse:
    if database_answers(engine):
        return JSONResponse({"status": "ok", "database": "ok"})
    return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
