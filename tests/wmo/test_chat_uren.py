"""When a person answers the chat: the gemeente's hours per weekday in Dutch time, never on a public holiday."""

from datetime import datetime, timezone

import pytest

from wmo.chat_uren import NL, ChatUren

UREN = ChatUren(maandag="08:30-17:00", dinsdag="08:30-17:00", woensdag="13:00-16:00", donderdag="08:30-17:00",
                vrijdag="08:30-12:00", zaterdag="gesloten", zondag="gesloten", wachttijd_minuten=5)


@pytest.mark.parametrize("moment,open_", [
    (datetime(2026, 11, 23, 8, 30, tzinfo=NL), True),  # Monday, the first minute
    (datetime(2026, 11, 23, 8, 29, tzinfo=NL), False),
    (datetime(2026, 11, 23, 16, 59, tzinfo=NL), True),
    (datetime(2026, 11, 23, 17, 0, tzinfo=NL), False),  # the end is not included
    (datetime(2026, 11, 25, 10, 0, tzinfo=NL), False),  # Wednesday morning: only the afternoon
    (datetime(2026, 11, 25, 14, 0, tzinfo=NL), True),
    (datetime(2026, 11, 27, 12, 30, tzinfo=NL), False),  # Friday afternoon
    (datetime(2026, 11, 28, 10, 0, tzinfo=NL), False),  # Saturday
    (datetime(2026, 12, 25, 10, 0, tzinfo=NL), False),  # Christmas, a Friday
    (datetime(2027, 4, 27, 10, 0, tzinfo=NL), False),  # Koningsdag, a Tuesday
    (datetime(2026, 11, 23, 13, 0, tzinfo=timezone.utc), True),  # 14:00 in Dutch winter time
    (datetime(2026, 11, 23, 16, 30, tzinfo=timezone.utc), False),  # 17:30 Dutch time
    (datetime(2026, 6, 22, 6, 45, tzinfo=timezone.utc), True),  # 08:45 in Dutch summer time
])
def test_open_in_dutch_time_on_the_gemeentes_days(moment, open_):
    assert UREN.open_op(moment) is open_
