"""What people type as a date: read it, or ask back; never guess."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wmo.datums import datum_spans, vind_datum
from wmo.kalender import datum_kort

VANDAAG = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3 maart", date(2026, 3, 3)),
        ("3 maart 2026", date(2026, 3, 3)),
        ("3-3-2026", date(2026, 3, 3)),
        ("03/03/2026", date(2026, 3, 3)),
        ("3.3.2026", date(2026, 3, 3)),
        ("2026-03-03", date(2026, 3, 3)),
        ("2026/11/05", date(2026, 11, 5)),  # year first: not 11 May
        ("2026.11.05", date(2026, 11, 5)),
        ("dinsdag 3 maart", date(2026, 3, 3)),
        ("3 mrt. '26", date(2026, 3, 3)),
        ("1e maart", date(2026, 3, 1)),
        ("3 december", date(2025, 12, 3)),  # no year, and 3 December 2026 is still to come: last year
        ("23 november", date(2026, 11, 23)),  # today is not in the future
        ("29 februari", date(2024, 2, 29)),  # the most recent 29 February
        ("gisteren", date(2026, 11, 22)),
        ("gister", date(2026, 11, 22)),
        ("eergisteren", date(2026, 11, 21)),
        ("vorige week vrijdag", date(2026, 11, 20)),
        ("vrijdag vorige week", date(2026, 11, 20)),
        ("vorige week maandag", date(2026, 11, 16)),
        ("afgelopen vrijdag", date(2026, 11, 20)),
        ("afgelopen maandag", date(2026, 11, 16)),
        ("3 dagen geleden", date(2026, 11, 20)),
        ("twee weken geleden", date(2026, 11, 9)),
        ("Tot wanneer kan ik bezwaar maken tegen de beschikking van 3 maart 2026?", date(2026, 3, 3)),
        ("Ik heb op 2 november een melding gedaan, tot wanneer kan ik mijn plan sturen?", date(2026, 11, 2)),
        ("nee, de brief is van 4 maart", date(2026, 3, 4)),
        ("De brief is van 12-10-2026 met kenmerk 2026/123", date(2026, 10, 12)),
    ],
)
def test_dates_people_type(text, expected):
    found = vind_datum(text, VANDAAG)
    assert found is not None and found.vraag is None, found
    assert found.datum == expected


@pytest.mark.parametrize(
    "text, question",
    [
        ("31 februari", "Februari heeft nooit 31 dagen."),
        ("29 februari 2025", "Februari 2025 heeft 28 dagen"),
        ("31-04-2026", "April 2026 heeft 30 dagen"),
        ("32-13-2026", "er zijn maar 12 maanden"),
        ("woensdag 3 maart 2026", "3 maart 2026 is een dinsdag, geen woensdag."),
        ("25 december 2026", "Vrijdag 25 december 2026 ligt nog in de toekomst."),
        ("vorige week", "Welke datum bedoelt u precies met 'vorige week'?"),
        ("maandag", "Welke datum bedoelt u precies met 'maandag'?"),
        ("brief van 3 maart, ontvangen op 5 maart", "Ik lees twee datums: dinsdag 3 maart 2026 of donderdag 5 maart 2026."),
        # one month for two days, or two years for one day: never one of them picked
        ("2 en 5 november", "Ik lees twee datums: maandag 2 november 2026 of donderdag 5 november 2026."),
        ("2 of 3 maart 2026", "Ik lees twee datums: maandag 2 maart 2026 of dinsdag 3 maart 2026."),
        ("5 november 2025 of 2026", "Welk jaar bedoelt u: 2025 of 2026?"),
        # a third number that is no year
        ("1-2-3", "Ik kan '1-2-3' niet lezen als datum."),
        ("12-10-202", "Ik kan '12-10-202' niet lezen als datum."),
    ],
)
def test_impossible_vague_future_or_double_dates_get_a_question(text, question):
    found = vind_datum(text, VANDAAG)
    assert found is not None and found.datum is None
    assert question in found.vraag
    assert "3 maart 2026" in found.vraag, "every question shows how to write a date"


@pytest.mark.parametrize(
    "text",
    ["Wat is de Wmo?", "ik ben 82 jaar", "art. 2.3.2 lid 1", "bel 06-12345678", "kenmerk 2026/123",
     "om 8.30 uur", "postcode 1234 AB", "ik wil bezwaar maken", ""],
)
def test_text_without_a_date(text):
    assert vind_datum(text, VANDAAG) is None


def test_a_future_date_is_accepted_where_the_future_makes_sense():
    assert vind_datum("25 december 2026", VANDAAG, toekomst_mag=True).datum == date(2026, 12, 25)


@given(st.dates(min_value=date(2000, 1, 1), max_value=VANDAAG))
def test_every_past_date_written_out_is_read_back(day):
    assert vind_datum(f"de brief van {datum_kort(day)}", VANDAAG).datum == day
    assert vind_datum(f"{day.day}-{day.month}-{day.year}", VANDAAG).datum == day


@pytest.mark.parametrize("text, expected", [
    ("de brief is van 2 novmber 2026", date(2026, 11, 2)),
    ("12 janurai 2026", date(2026, 1, 12)),
    ("3 decmeber 2025", date(2025, 12, 3)),
    ("op 14 setpember 2026", date(2026, 9, 14)),
])
def test_a_long_month_name_with_one_typo_is_still_read(text, expected):
    assert vind_datum(text, date(2026, 11, 23)).datum == expected


@pytest.mark.parametrize("text", ["12 mensen wonen hier", "ik zorg 3 dagen per week", "2 personen"])
def test_a_number_before_a_word_that_is_no_month_is_no_date(text):
    assert vind_datum(text, date(2026, 11, 23)) is None
    assert datum_spans(text) == []


@pytest.mark.parametrize("text, spans", [
    ("De beslissing is van 12 januari 2026, wanneer?", ["12 januari 2026"]),
    ("brief van 24/03 en vorige week dinsdag", ["24/03", "vorige week dinsdag"]),
    ("volgens art. 2.3.2 om 8.30 uur", []),
    ("Gister", ["Gister"]),
])
def test_the_spans_are_where_the_dates_are_typed(text, spans):
    assert [text[start:end] for start, end in datum_spans(text)] == spans
