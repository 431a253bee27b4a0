""""Was dit antwoord nuttig?" (issue 28): the inwoner's yes or no under an answer of the bot, stored with the
conversation and the message the answer belongs to. A second press on the same answer replaces the first; a reason
comes only with "nee". No free text: nothing personal is asked."""

from typing import Optional

from sqlmodel import Session, select

from api.models import AntwoordFeedback, utcnow

REDENEN = {  # the widget's choices after "nee" (web/wmo-chat.js), as the review page shows them
    "geen_antwoord": "Geen antwoord op mijn vraag",
    "onduidelijk": "Niet duidelijk",
    "klopt_niet": "Klopt niet",
    "anders": "Iets anders",
}


def give(session: Session, gemeente: str, gesprek_id: str, bericht_id: str, nuttig: bool,
         reden: Optional[str]) -> AntwoordFeedback:
    row = session.exec(select(AntwoordFeedback).where(AntwoordFeedback.gesprek_id == gesprek_id,
                                                      AntwoordFeedback.bericht_id == bericht_id)).first()
    if row is None:
        row = AntwoordFeedback(gemeente=gemeente, gesprek_id=gesprek_id, bericht_id=bericht_id, nuttig=nuttig,
                               gegeven_op=utcnow())
    row.nuttig, row.reden, row.gegeven_op = nuttig, (None if nuttig else reden), utcnow()
    session.add(row)
    session.commit()
    session.refresh(row)
    return row
