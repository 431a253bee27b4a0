"""/api/v1/feedback: the inwoner's "Was dit antwoord nuttig?" under an answer, passed on by the bot's REST channel
(bot/feedback_channel.py) with the bot's token (issue 28)."""

from fastapi import APIRouter, Depends, Request, Response, status
from sqlalchemy.engine import Engine

from api import feedback, schemas
from api.auth import Caller, Role, gemeente_to_write, require
from api.deps import get_engine, in_session
from api.routes.audited import errors

router = APIRouter(prefix="/api/v1", tags=["feedback"])


@router.post("/feedback", status_code=status.HTTP_204_NO_CONTENT, response_class=Response,
             summary="Store yes or no (and a reason) for one answer of the bot (role bot)",
             responses=errors(401, 403, 422, kind="feedback"))
async def give_feedback(request: Request, data: schemas.FeedbackIn, caller: Caller = Depends(require(Role.bot)),
                        engine: Engine = Depends(get_engine)) -> Response:
    gemeente = await gemeente_to_write(request, data.gemeente, caller)
    await in_session(engine, feedback.give, gemeente, data.gesprek_id, data.bericht_id, data.nuttig, data.reden)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
