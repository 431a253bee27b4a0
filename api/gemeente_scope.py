"""Each gemeente's objects kept apart: whoever reads or changes a melding or a terugbelverzoek does so for a set of
gemeenten (a machine client's, a member of staff's from their identity). An object of another gemeente is not found
for them: `WrongGemeente` is a `NotFound`, so the answer is the same 404 as for an id that does not exist, and the
audit row says `wrong_gemeente` on the record of the object's own gemeente."""

from typing import AbstractSet, Optional, Type, TypeVar

from sqlmodel import Session, select

T = TypeVar("T")
WRONG_GEMEENTE = "wrong_gemeente"  # the audit result of a request for another gemeente's object


class NotFound(Exception):
    """No object of this kind with this id (for this caller)."""

    def __init__(self, kind: str, object_id: str):
        super().__init__(object_id)
        self.kind = kind
        self.object_id = object_id

    @property
    def gemeente(self) -> Optional[str]:
        return None


class WrongGemeente(NotFound):
    """An object with this id exists, of a gemeente the caller may not see: for them it is not found."""

    def __init__(self, kind: str, object_id: str, gemeente: str):
        super().__init__(kind, object_id)
        self._gemeente = gemeente

    @property
    def gemeente(self) -> Optional[str]:
        return self._gemeente


def refusal(refused: NotFound) -> str:
    """The audit result of an object not shown: another gemeente's, or none at all."""
    return WRONG_GEMEENTE if isinstance(refused, WrongGemeente) else "not_found"


def row_in(session: Session, model: Type[T], kind: str, object_id: str, gemeenten: AbstractSet[str],
           for_update: bool = False) -> T:
    """The row, when it belongs to one of these gemeenten; NotFound or WrongGemeente otherwise."""
    statement = select(model).where(model.id == object_id)
    row = session.exec(statement.with_for_update() if for_update else statement).first()
    if row is None:
        raise NotFound(kind, object_id)
    if row.gemeente not in gemeenten:
        raise WrongGemeente(kind, object_id, row.gemeente)
    return row
