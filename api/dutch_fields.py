"""Dutch contact fields as plain functions: postcode and phone number, normalised or refused with a reason.

Used by the API's schemas. The rules live in wmo/ (adres.py, contact.py), so the bot checks exactly what the API
accepts.
"""

from wmo.adres import POSTCODE_RULE, normalise_postcode
from wmo.contact import TELEFOON_RULE, normalise_telefoon, telefoon_leesbaar

__all__ = ["POSTCODE_RULE", "TELEFOON_RULE", "normalise_postcode", "normalise_telefoon", "telefoon_leesbaar"]
