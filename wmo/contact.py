"""Dutch phone numbers and e-mail addresses: normalised, refused with a reason, or found inside a sentence.

Shared by the gemeente API (api/dutch_fields.py, its schemas) and the bot's melding form (actions/melding.py), so
the bot never sends a number or address the gemeente would refuse.
"""

import re
from typing import Optional

import phonenumbers
from email_validator import EmailNotValidError, validate_email

# Numbers a person can be called back on: not 0800, 0900, 0906/0909 or pagers.
_REACHABLE = {
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    phonenumbers.PhoneNumberType.VOIP,
    phonenumbers.PhoneNumberType.UAN,
}
_EMAIL_IN_TEXT = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+")

TELEFOON_RULE = "a Dutch phone number: 10 digits starting with 0 (like 06 12345678 or 010 1234567), or +31 and 9 digits"
EMAIL_MAX_LENGTH = 320


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
    """'+31612345678' → '06 12345678', as a person dials it."""
    try:
        return phonenumbers.format_number(phonenumbers.parse(e164, "NL"), phonenumbers.PhoneNumberFormat.NATIONAL)
    except phonenumbers.NumberParseException:
        return e164


def vind_telefoon(text: str) -> Optional[str]:
    """The phone number in 'mijn nummer is 06-12345678', normalised to E.164; None when there is no valid one.

    A sentence with a number that is not a valid reachable Dutch number gives None: the caller asks again.
    """
    for candidate in re.findall(r"\+?[0-9][0-9()\-. ]{7,22}[0-9]", text):
        try:
            return normalise_telefoon(candidate)
        except ValueError:
            continue
    return None


def normalise_email(value: str) -> str:
    """' Anna@Voorbeeld.Example ' → 'Anna@voorbeeld.example'; raises ValueError when it is no e-mail address.

    The syntax only: whether the address exists is not checked (that needs the internet).
    """
    value = value.strip()
    if len(value) > EMAIL_MAX_LENGTH:
        raise ValueError(f"must be at most {EMAIL_MAX_LENGTH} characters")
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValueError(f"must be an e-mail address: {error}") from None


def vind_email(text: str) -> Optional[str]:
    """The e-mail address in 'mail mij op anna@voorbeeld.example.', normalised; None when there is no valid one."""
    for candidate in _EMAIL_IN_TEXT.findall(text):
        try:
            return normalise_email(candidate.rstrip("."))
        except ValueError:
            continue
    return None
