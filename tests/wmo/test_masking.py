"""wmo/masking.py: what is kept of a conversation holds no BSN, IBAN or phone number, and nothing else changes."""

import pytest

from wmo.masking import install_log_masking, mask_personal_numbers


@pytest.mark.parametrize("text,kept", [
    # BSN: nine digits that pass the elfproef, however they are grouped
    ("mijn bsn is 123456782", "mijn bsn is [BSN]"),
    ("BSN: 1234.56.782.", "BSN: [BSN]."),
    ("burgerservicenummer 111 222 333 van mijn moeder", "burgerservicenummer [BSN] van mijn moeder"),
    # IBAN: any country's, with or without spaces, in capitals or not
    ("mijn rekening is NL91 ABNA 0417 1643 00", "mijn rekening is [IBAN]"),
    ("NL91ABNA0417164300 graag", "[IBAN] graag"),
    ("iban nl91abna0417164300.", "iban [IBAN]."),
    ("DE89 3704 0044 0532 0130 00 is van mijn zoon", "[IBAN] is van mijn zoon"),
    # phone numbers: Dutch as people write them, and with a country code
    ("bel mij op 06-12345678", "bel mij op [telefoonnummer]"),
    ("mijn nummer: 06 1234 5678", "mijn nummer: [telefoonnummer]"),
    ("+31 6 12345678", "[telefoonnummer]"),
    ("0031 10 123 4567 (thuis)", "[telefoonnummer] (thuis)"),
    ("vaste lijn 010-1234567", "vaste lijn [telefoonnummer]"),
    ("mijn broer in België: +32 470 12 34 56", "mijn broer in België: [telefoonnummer]"),
    # several in one message
    ("bsn 111222333 en telefoon 0612345678", "bsn [BSN] en telefoon [telefoonnummer]"),
])
def test_personal_numbers_are_masked(text, kept):
    assert mask_personal_numbers(text) == kept


@pytest.mark.parametrize("text", [
    "de beschikking is van 3-3-2026",
    "ik kreeg de brief op 12-03-2026 om 14:30",
    "het kost € 21,20 per maand, dat is € 254,40 per jaar",
    "mijn inkomen is 2.345,67 euro per maand",
    "ik woon op de Dorpsstraat 12, 1234 AB Voorbeeldstad",
    "kenmerk WMO-2026-00042",
    "mijn bsn is 123456789",  # nine digits that fail the elfproef: no BSN
    "ik ben 84 jaar en woon hier sinds 1998",
    "NL91 ABNA 0417 1643 01",  # the IBAN check fails
    "",
    "geen cijfers hier",
])
def test_other_numbers_stay(text):
    assert mask_personal_numbers(text) == text


@pytest.fixture
def log_masking():
    import logging

    original = logging.getLogRecordFactory()
    install_log_masking()
    install_log_masking()  # twice: still one mask, not two wrappers
    yield
    logging.setLogRecordFactory(original)


def test_log_lines_are_masked_whatever_writes_them(log_masking):
    import io
    import logging

    written = io.StringIO()
    handler = logging.StreamHandler(written)
    logger = logging.getLogger("wmo.test.masking")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        logger.info("Received message '%s' from %s", "mijn bsn is 123456782, bel 06-12345678", "inwoner-1")
        logger.info({"event": "user", "text": "rekening NL91ABNA0417164300"})
        logger.info("de beschikking is van %s", "3-3-2026")
    finally:
        logger.removeHandler(handler)
    lines = written.getvalue().splitlines()
    assert lines[0] == "Received message 'mijn bsn is [BSN], bel [telefoonnummer]' from inwoner-1"
    assert lines[1] == "{'event': 'user', 'text': 'rekening [IBAN]'}"
    assert lines[-1] == "de beschikking is van 3-3-2026"


def test_a_bad_format_string_is_left_to_logging(log_masking):
    import logging

    record = logging.getLogRecordFactory()("wmo.test", logging.INFO, __file__, 1, "bad %s %s", ("one",), None)
    assert record.msg == "bad %s %s" and record.args == ("one",)
