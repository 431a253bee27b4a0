"""What every /api/v1 route shares: its audit rows (api/audit.py) for an object of a kind ("melding",
"terugbelverzoek"), written also when the caller may not see the object, the Idempotency-Key header, and the
documented error answers."""

from typing import Callable, Optional

from fastapi import Header
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api import audit
from api.auth import Caller
from api.gemeente_scope import NotFound, refusal


class Fout(BaseModel):
    detail: str


class Validatiefout(BaseModel):
    message: str
    detail: list


def errors(*codes: int, kind: str = "melding", conflict: str = "") -> dict:
    """The error answers of a route, for the OpenAPI document."""
    described = {
        401: ({"model": Fout, "description": "Missing or unknown bearer token"}),
        403: ({"model": Fout, "description": "The token's role may not use this route, or its client may not write "
                                             "for this gemeente"}),
        404: ({"model": Fout, "description": f"No {kind} with this id of the client's gemeenten"}),
        409: ({"model": Fout, "description": conflict}),
        422: ({"model": Validatiefout, "description": "Invalid input; each error names its field"}),
    }
    return {code: described[code] for code in codes}


def logged(caller: Caller, action: str, kind: str, result: str = "ok") -> Callable:
    """The audit row of a change, written in the change's own transaction (the data functions call it, with the
    row, before they commit)."""
    def before_commit(session, row) -> None:
        audit.append(session, caller.actor, action, result, kind, row.id, caller.origin, gemeente=row.gemeente)

    return before_commit


def log_now(session, caller: Caller, action: str, result: str, kind: str, object_id: str,
            gemeente: Optional[str] = None) -> None:
    """An audit row on its own: a read, or a request that changed nothing."""
    audit.record_in(session, caller.actor, action, result, kind, [object_id], caller.origin, gemeente)


def log_refused(session, caller: Caller, action: str, object_id: str, refused: NotFound) -> None:
    """`not_found` for an id that does not exist; `wrong_gemeente` for another gemeente's object, on that gemeente's
    record, so its beheerder sees who asked for it."""
    log_now(session, caller, action, refusal(refused), refused.kind, object_id, refused.gemeente)


def read(caller: Caller, action: str, kind: str, object_id: str, work: Callable, gemeente_of: Callable):
    """`work(session, object_id, gemeenten)` with an audit row of the read of a `kind`, also when the caller may not
    see it; `gemeente_of(session, object_id)` names the object's gemeente for that row."""
    def run(session):
        try:
            value = work(session, object_id, caller.gemeenten)
        except NotFound as refused:
            log_refused(session, caller, action, object_id, refused)
            raise
        log_now(session, caller, action, "ok", kind, object_id, gemeente_of(session, object_id))
        return value

    return run


IdempotencyKey = Header(
    default=None, alias="Idempotency-Key", min_length=1, max_length=255, pattern=r"^[\x21-\x7e]+$",
    description="Any unique string (a UUID). The same key again returns what the first request stored, and stores "
                "nothing.")


def idempotency_conflict(what: str) -> JSONResponse:
    message = f"was used before with a different body; use a new key for a new {what}"
    return JSONResponse(status_code=422, content={
        "message": f"Idempotency-Key: {message}",
        "detail": [{"field": "Idempotency-Key", "loc": ["header", "Idempotency-Key"], "msg": message,
                    "type": "idempotency_key_reused"}]})
