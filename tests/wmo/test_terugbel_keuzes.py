"""When the inwoner wants to be called: read from a button or from their own words (wmo/terugbellen.py)."""

import pytest

from wmo.terugbellen import WANNEER, wanneer_uit


@pytest.mark.parametrize("typed,keuze", [
    ("In de ochtend", "ochtend"),
    ("graag 's morgens", "ochtend"),
    ("voor de lunch", "ochtend"),
    ("In de middag", "middag"),
    ("smiddags graag", "middag"),
    ("vandaag in de middag", "middag"),
    ("Zo snel mogelijk", "zo_snel_mogelijk"),
    ("zsm", "zo_snel_mogelijk"),
    ("het maakt niet uit", "zo_snel_mogelijk"),
    ("ochtend of middag", None),
    ("volgende week", None),
    ("", None),
])
def test_a_choice_is_read_and_two_choices_are_none(typed, keuze):
    assert wanneer_uit(typed) == keuze


def test_each_choice_has_a_label_the_bot_reads_back():
    for key, label in WANNEER.items():
        assert wanneer_uit(label) == key and wanneer_uit(key) == key
