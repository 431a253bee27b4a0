"""Phone numbers and e-mail addresses: the one rule the bot and the gemeente API share."""

import pytest

from wmo.contact import normalise_email, normalise_telefoon, telefoon_leesbaar, vind_email, vind_telefoon


@pytest.mark.parametrize(
    "text, found",
    [
        ("06 12345678", "+31612345678"),
        ("mijn nummer is 06-12 34 56 78.", "+31612345678"),
        ("nee, mijn telefoonnummer is 010 123 4567", "+31101234567"),
        ("+31 6 12345678", "+31612345678"),
        ("0800 1234", None),  # a service number cannot reach a person
        ("0900 1234567", None),
        ("06 1234567", None),  # one digit short
        ("12345", None),
        ("bel me maar", None),
    ],
)
def test_a_phone_number_in_a_sentence(text, found):
    assert vind_telefoon(text) == found


def test_phone_numbers_read_back_as_people_dial_them():
    assert telefoon_leesbaar(normalise_telefoon("0612345678")) == "06 12345678"


@pytest.mark.parametrize(
    "text, found",
    [
        ("anna@voorbeeld.example", "anna@voorbeeld.example"),
        ("mail mij op Anna.de.Vries@Voorbeeld.Example.", "Anna.de.Vries@voorbeeld.example"),
        ("mijn e-mailadres is jan@", None),
        ("jan at voorbeeld punt nl", None),
        ("twee@@voorbeeld.example", None),
    ],
)
def test_an_email_address_in_a_sentence(text, found):
    assert vind_email(text) == found


def test_an_overlong_email_address_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="at most 320"):
        normalise_email("a" * 400 + "@voorbeeld.example")
