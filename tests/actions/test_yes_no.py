"""The yes and no words of every form question (actions/yes_no.py)."""

import pytest

from actions.yes_no import only_yes_or_no, starts_with_agreement, starts_with_no, starts_with_yes


@pytest.mark.parametrize("text, yes, no", [
    ("ja", True, False),
    ("Ja hoor", True, False),
    ("jazeker, elke dag", True, False),
    ("dat klopt", True, False),
    ("Inderdaad", True, False),
    ("nee", False, True),
    ("nee hoor", False, True),
    ("helaas niet", False, True),
    ("dat kan ik echt niet meer", False, True),
    # "goed" and "prima" agree with a summary, but do not answer a yes/no question: asked again
    ("goed kan ik dat niet", False, False),
    ("prima", False, False),
    ("januari", False, False),
])
def test_a_yes_no_question_reads_yes_and_no(text, yes, no):
    assert (starts_with_yes(text), starts_with_no(text)) == (yes, no)


@pytest.mark.parametrize("text, agrees", [
    ("ja", True), ("klopt", True), ("Prima!", True), ("ok", True), ("oké", True), ("akkoord", True),
    ("zo is het goed", True), ("inderdaad", True), ("nee", False), ("huishouden", False), ("jammer", False),
])
def test_agreeing_with_a_summary(text, agrees):
    assert starts_with_agreement(text) is agrees


@pytest.mark.parametrize("text, refused", [
    ("ja", True), ("Nee hoor.", True), ("ja, dat klopt", True), ("ok", True), ("jawel hoor!", True),
    ("ja, ik kan niet meer zelf douchen", False), ("nee, de trap lukt niet meer", False),
    ("goed koken lukt niet", False),
])
def test_a_description_is_not_only_yes_or_no(text, refused):
    assert only_yes_or_no(text) is refused
