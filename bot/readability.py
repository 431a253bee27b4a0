"""Flesch-Douma, the Dutch Flesch reading ease: 206.835 - 0.93 * words/sentence - 77 * syllables/word.

Sentences end at . ! ? : and at every line break (each line of a list is read as one sentence). Syllables come
from textstat's Dutch hyphenation (pyphen). Numbers, amounts and dates count as words of their written-out
length would be overkill; they count as one word of one syllable per digit group, which is close enough.
"""

import re
from dataclasses import dataclass
from typing import List

import textstat

textstat.set_lang("nl")

_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:[-'][A-Za-zÀ-ÿ]+)*|\d+(?:[.,]\d+)*")


def sentences(text: str) -> List[str]:
    parts = re.split(r"(?<=[.!?:])\s+|\n+", text)
    return [part.strip() for part in parts if _WORD.search(part)]


def words(text: str) -> List[str]:
    return _WORD.findall(text)


def syllables(word: str) -> int:
    if word[0].isdigit():
        return 1
    return sum(max(1, textstat.syllable_count(piece)) for piece in re.split(r"[-']", word) if piece)


@dataclass
class Score:
    text: str
    flesch_douma: float
    longest_sentence: str
    longest_words: int


def score(text: str) -> Score:
    found = sentences(text)
    all_words = [w for s in found for w in words(s)]
    if not all_words:
        return Score(text, 100.0, "", 0)
    per_sentence = len(all_words) / len(found)
    per_word = sum(syllables(w) for w in all_words) / len(all_words)
    longest = max(found, key=lambda s: len(words(s)))
    return Score(text, 206.835 - 0.93 * per_sentence - 77 * per_word, longest, len(words(longest)))
