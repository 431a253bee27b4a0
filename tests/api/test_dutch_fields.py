"""Postcode and phone number rules as plain functions."""

import pytest

from api.dutch_fields import normalise_postcode, normalise_telefoon, telefoon_leesbaar


@pytest.mark.parametrize("given,stored", [
    ("1234 AB", "1234 AB"), ("1234ab", "1234 AB"), (" 9999 zz ", "9999 ZZ"), ("1000 AA", "1000 AA"),
])
def test_postcodes_are_stored_as_1234_AB(given, stored):
    assert normalise_postcode(given) == stored


@pytest.mark.parametrize("given", [
    "0123 AB",  # never starts with 0
    "123 AB", "12345 AB", "1234 A", "1234 ABC", "1234-AB", "AB 1234", "", "1234  AB",
    "1234 SA", "1234 SD", "1234 SS",  # not issued
    "1234 ÄB",
])
def test_what_is_not_a_dutch_postcode_is_refused_with_the_rule(given):
    with pytest.raises(ValueError, match="like 1234 AB"):
        normalise_postcode(given)


@pytest.mark.parametrize("given,stored,shown", [
    ("06 12345678", "+31612345678", "06 12345678"),
    ("06-12 34 56 78", "+31612345678", "06 12345678"),
    ("+31 6 12345678", "+31612345678", "06 12345678"),
    ("0031612345678", "+31612345678", "06 12345678"),
    ("+31 (0)6 12345678", "+31612345678", "06 12345678"),
    ("010 1234567", "+31101234567", "010 123 4567"),
    ("0591-123456", "+31591123456", "0591 123 456"),
    ("085 1234567", "+31851234567", "085 123 4567"),
])
def test_dutch_numbers_are_stored_in_e164_and_shown_as_dialled(given, stored, shown):
    assert normalise_telefoon(given) == stored
    assert telefoon_leesbaar(stored) == shown


@pytest.mark.parametrize("given,reason", [
    ("0612345", "Dutch phone number"),  # too short
    ("061234567890", "Dutch phone number"),  # too long
    ("+32 470 12 34 56", "Dutch phone number"),  # Belgian
    ("112", "Dutch phone number"),
    ("0800 1234", "cannot reach a person"),
    ("0900 1234567", "cannot reach a person"),
    ("06 1234 5678 toestel 2", "only digits"),
    ("bel me maar", "only digits"),
    ("", "only digits"),
])
def test_what_is_not_a_reachable_dutch_number_is_refused(given, reason):
    with pytest.raises(ValueError, match=reason):
        normalise_telefoon(given)
