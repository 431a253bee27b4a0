"""bot/rest_channel.py: what the REST channel passes on to the bot (the requests themselves: tests/e2e)."""

import pytest

from bot.rest_channel import clean_text


@pytest.mark.parametrize("typed,passed_on", [
    ("Ik heb hulp nodig", "Ik heb hulp nodig"),
    ("regel 1\nregel 2\tmet tab\r\n", "regel 1\nregel 2\tmet tab\r\n"),
    ("hallo\x00 daar\x07\x1b[31m\x7f", "hallo daar[31m"),
    ("hallo \ud800 traplift \udfff", "hallo \ufffd traplift \ufffd"),
    ("😀 مرحبا \u200b", "😀 مرحبا \u200b"),
    ("", ""),
])
def test_control_characters_and_lone_surrogates_are_not_passed_on(typed, passed_on):
    assert clean_text(typed) == passed_on
