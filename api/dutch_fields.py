"""Dutch contact fields as plain functions: postcode and phone number, normalised or refused with a reason.

Used by the API's schemas; pure so they are tested table-driven without HTTP.
"""

import re

import phonenumbers

from wmo.adres import POSTCODE_RULE, normalise_postcode  # noqa: F401 (one rule for API and bot)

# Numbers a person can be called back on: not 0800, 0900, 0906/0909 or pagers.
_REACHABLE = {
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    phonenumbers.PhoneNumberType.VOIP,
    phonenumbers.PhoneNumberType.UAN,
}

TELEFOON_RULE = "a Dutch phone number: 10 digits starting with 0 (like 06 12345678 or 010 1234567), or +31 and 9 digits"


def normalise_telefoon(value: str) -> str:
    """'06-12 34 56 78' → '+31612345678' (E.164); raises ValueError when it is not a valid Dutch number."""
    if not re.fullmatch(r"\+?[0-9()\-. ]{1,24}", value.strip()):
        raise ValueError(f"must be {TELEFOON_RULE}; only digits, spaces, -, ( ) and a leading + are allowed")
    try:
        number = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        raise ValueError(f"must be {TELEFOON_RULE}") from None
    if number.country_code != 31 or not phonenumbers.is_valid_number(number):
        raise ValueError(f"must be {TELEFOON_RULE}")
    if phonenumbers.number_type(number) not in _REACHABLE:
        raise ValueError(f"must be {TELEFOON_RULE}; 0800, 0900 and other service numbers cannot reach a person")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def telefoon_leesbaar(e164: str) -> str:
    """'+31612345678' → '06 12345678', as a consulent dials it."""
    try:
        return phonenumbers.format_number(phonenumbers.parse(e164, "NL"), phonenumbers.PhoneNumberFormat.NATIONAL)
    except phonenumbers.NumberParseException:
        return e164
