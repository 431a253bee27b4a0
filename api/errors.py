"""Validation errors as a consulent system's developer wants them: every error names its field, in one line.

    422 {"message": "inwoner.postcode: must be a Dutch postcode ...",
         "detail": [{"field": "inwoner.postcode", "loc": ["body", "inwoner", "postcode"], "msg": "...",
                     "type": "value_error"}]}

The rejected value itself is not echoed back: it may be personal data, and error bodies end up in logs.
"""

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from api.gemeente_scope import NotFound

_SOURCES = {"body", "query", "path", "header", "cookie"}


def field_name(loc) -> str:
    parts = [str(part) for part in loc]
    if parts and parts[0] in _SOURCES and len(parts) > 1:
        source, parts = parts[0], parts[1:]
        if source == "header":
            return parts[0]
    return ".".join(parts)


def _message(error: dict) -> str:
    message = error.get("msg", "invalid")
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix):]
    if error.get("type") == "extra_forbidden":
        message = "unknown field: not part of the API (check the spelling against /docs)"
    elif error.get("type") == "missing":
        message = "required field is missing"
    elif error.get("type") == "literal_error" and field_name(error.get("loc", ())).endswith("toestemming.gegeven"):
        message = "must be true: a melding is only stored with the inwoner's consent"
    return message


def validation_details(errors) -> list:
    details = []
    for error in errors:
        loc = list(error.get("loc", ()))
        message = _message(error)
        if loc and loc[-1] == "[key]":  # a dict key that is not allowed, e.g. knelpunten.tuin
            loc, message = loc[:-1], f"not an allowed key: {message}"
        field = field_name(loc) or "body"
        details.append({"field": field, "loc": loc, "msg": message, "type": error.get("type", "")})
    return details


async def not_found_handler(request: Request, exc: NotFound) -> JSONResponse:
    """404 for every route that meets an unknown id, or one of another gemeente (api/gemeente_scope.py)."""
    return JSONResponse(status_code=404, content={"detail": f"no {exc.kind} with id '{exc.object_id}'"})


async def validation_error_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    details = validation_details(exc.errors())
    summary = "; ".join(f"{item['field']}: {item['msg']}" for item in details)
    return JSONResponse(status_code=422, content={"message": summary, "detail": details})
