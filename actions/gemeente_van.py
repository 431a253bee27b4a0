"""The gemeente of a conversation: set once, at its start (actions/session.py), and read by every action that
says a local fact (the loket's number, the bezwaar address, the tarief the gemeente chose) or sends a melding.

The slot `gemeente` holds the slug ("voorbeeldstad"). A deployment that serves one gemeente needs no slot: the only
one is used. A deployment of several asks the inwoner first (actions/gemeente_kiezen.py), so an action that runs
without it is a bug, and says so, instead of giving another gemeente's facts.
"""

from typing import Text

from rasa_sdk import Tracker

from wmo import gemeente

SLOT = "gemeente"


class GeenGemeente(RuntimeError):
    """The conversation has no gemeente yet, and this deployment serves several."""


def gemeente_van(tracker: Tracker) -> gemeente.Gemeente:
    slug = tracker.get_slot(SLOT)
    if slug:
        return gemeente.get(slug)
    only = gemeente.enige()
    if only is None:
        raise GeenGemeente(f"conversation {tracker.sender_id} has no gemeente; this deployment serves "
                           f"{', '.join(gemeente.alle())}")
    return only


def naam_van(tracker: Tracker) -> Text:
    return gemeente_van(tracker).naam
