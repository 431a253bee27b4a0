"""Dates and numbers as one placeholder each, for the NLU pipeline (wmo/placeholders.py)."""

import pytest

from wmo.placeholders import DATUM, GETAL, placeholder_spans, with_placeholders


@pytest.mark.parametrize("text, expected", [
    ("De beslissing is van 12 januari 2026, wanneer?", "De beslissing is van datum, wanneer?"),
    ("brief van 3-3-26", "brief van datum"),
    ("ik verdien 2.000 euro en betaal € 21,80", "ik verdien getal euro en betaal € getal"),
    ("Hoeveel weken heb ik voor een bezwaar?", "Hoeveel weken heb ik voor een bezwaar?"),
    ("volgens art. 2.3.2", "volgens art. getal"),
    ("vorige week dinsdag, 6 weken geleden", "datum, datum"),
])
def test_dates_and_numbers_read_as_one_word(text, expected):
    assert with_placeholders(text) == expected


def test_spans_do_not_overlap_and_name_their_kind():
    spans = placeholder_spans("op 12 januari 2026 kreeg ik 3 brieven")
    assert [(kind, end - start) for start, end, kind in spans] == [(DATUM, 15), (GETAL, 1)]


@pytest.mark.parametrize("text", ["06 1234 5678", "mijn bsn is 123456782", "bel 0612345678", "1234 56 782"])
def test_a_phone_number_or_bsn_keeps_its_digits(text):
    assert with_placeholders(text) == text


def test_a_short_number_in_a_form_answer_is_a_number():
    assert with_placeholders("06 123") == "getal getal"
