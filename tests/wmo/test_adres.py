"""Postcodes, shared by the gemeente API and the bot's forms."""

import pytest

from wmo.adres import normalise_postcode, vind_postcode


@pytest.mark.parametrize(
    "text, found",
    [
        ("Dorpsstraat 4, 1234ab Voorbeeldstad", "1234 AB"),
        ("Dorpsstraat 4 1234 AB", "1234 AB"),
        ("Kerkweg 12, 0123 AB Ergens", None),  # starts with 0
        ("Kerkweg 12, 1234 SS Ergens, 5678 CD", "5678 CD"),  # SS is never issued: the next one counts
        ("telefoon 0612345678", None),
        ("Postbus 12345 Ergens", None),
    ],
)
def test_a_postcode_inside_an_address(text, found):
    assert vind_postcode(text) == found


def test_normalise_refuses_with_the_rule():
    assert normalise_postcode(" 1234ab ") == "1234 AB"
    with pytest.raises(ValueError, match="four digits"):
        normalise_postcode("123 AB")
