"""The words a person asked their question in, also when they answered "Bedoelt u ...?" with a button.

"De beslissing over mijn traplift is van 12 januari 2026, wanneer moet mijn bezwaar er zijn?" may get "Bedoelt
u ...?" back. When the person then presses "Tot wanneer kan ik bezwaar maken?", the message is only the button's
payload ("/bezwaartermijn"); the date is in the message before it. The actions read that one, so the date (or the
year, or the voorziening) the person gave is used and never asked again.
"""

from typing import Text

from rasa_sdk import Tracker

BEDOELT_U = "action_bedoelt_u"


def asked_text(tracker: Tracker) -> Text:
    """The latest message; for a button pressed right after "Bedoelt u ...?", the message that question was about."""
    latest = tracker.latest_message.get("text") or ""
    if not latest.startswith("/"):
        return latest
    users_seen, after_bedoelt_u = 0, False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            users_seen += 1
            if users_seen == 2:
                return (event.get("text") or latest) if after_bedoelt_u else latest
        elif kind == "action" and users_seen == 1 and event.get("name") == BEDOELT_U:
            after_bedoelt_u = True
    return latest
