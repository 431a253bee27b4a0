"""Personal numbers in free text, masked before a conversation is stored or written to a log.

The bot never asks for a BSN, a bank account or (outside the melding's contact question) a phone number, but
people type them anyway: "mijn bsn is 111222333", "mijn rekening NL91 ABNA 0417 1643 00", "bel mijn dochter op
06-12345678". What is kept of a conversation gets a mark in their place:
- a BSN: nine digits (also written 1112.22.333 or 111 222 333) that pass the elfproef (wmo/bsn.py) → [BSN];
- an IBAN of any country that passes its check (python-stdnum) → [IBAN];
- a phone number that libphonenumber finds valid, Dutch or with a country code → [telefoonnummer].
Dates, amounts, postcodes, house numbers and the gemeente's reference numbers stay as they are.
Pure functions: the Rasa tracker store (bot/tracker_store.py) masks what it stores; `install_log_masking()`
masks every log line of the process that calls it (the Rasa server, the action server and the gemeente API do).
"""

from __future__ import annotations

import logging
import re
from typing import Any, List, Tuple

import phonenumbers
from stdnum import iban

from wmo.bsn import bsn_spans

BSN_MARK = "[BSN]"
IBAN_MARK = "[IBAN]"
TELEFOON_MARK = "[telefoonnummer]"

# Two letters, two check digits, then 11 to 30 letters or digits, in groups of four as people write them.
_IBAN_CANDIDATE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])")


def mask_personal_numbers(text: str, phone_numbers: bool = True) -> str:
    """`text` with each BSN, IBAN and (unless `phone_numbers` is False) phone number replaced by its mark."""
    if not text or not any(character.isdigit() for character in text):
        return text
    text = _replace(text, _ibans(text), IBAN_MARK)
    text = _replace(text, bsn_spans(text), BSN_MARK)
    return _replace(text, _phone_numbers(text), TELEFOON_MARK) if phone_numbers else text


def _ibans(text: str) -> List[Tuple[int, int]]:
    found = []
    for match in _IBAN_CANDIDATE.finditer(text):
        candidate = match.group(0)
        # a candidate may run into the next word ("NL91ABNA0417164300 graag"): try it shorter, word by word
        while candidate:
            if iban.is_valid(candidate):
                found.append((match.start(), match.start() + len(candidate)))
                break
            candidate = candidate.rpartition(" ")[0]
    return found


def _phone_numbers(text: str) -> List[Tuple[int, int]]:
    return [(match.start, match.end)
            for match in phonenumbers.PhoneNumberMatcher(text, "NL", leniency=phonenumbers.Leniency.VALID)]


def _replace(text: str, spans: List[Tuple[int, int]], mark: str) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + mark + text[end:]
    return text


def install_log_masking() -> None:
    """From now on every log record made in this process carries its message masked, whatever handler writes
    it (Rasa's structlog events go through the standard logging too). Calling it twice changes nothing."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "masks_personal_numbers", False):
        return

    def masked_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: logging reports that itself when it writes the record
            return record
        masked = mask_personal_numbers(message)
        if masked != message:
            record.msg, record.args = masked, None
        return record

    masked_record.masks_personal_numbers = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(masked_record)
