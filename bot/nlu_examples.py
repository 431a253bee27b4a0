"""Reads the example sentences of Rasa NLU files (data/nlu/*.yml, tests/nlu/heldout.yml) per intent.

Shared by the tests that keep the held-out set apart, the fallback tests and bench/nlu_fallback.py.
"""

from pathlib import Path
from typing import Dict, Iterable, List

import yaml

ROOT = Path(__file__).resolve().parent.parent
TRAINING = ROOT / "data" / "nlu"
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"


def examples(paths: Iterable[Path]) -> Dict[str, List[str]]:
    """intent (retrieval intents as "uitleg/<key>") → its example sentences, in file order."""
    found: Dict[str, List[str]] = {}
    for path in paths:
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in item:
                lines = [line.strip()[2:] for line in item["examples"].splitlines() if line.strip().startswith("- ")]
                found.setdefault(item["intent"], []).extend(lines)
    return found


def training_examples() -> Dict[str, List[str]]:
    return examples(sorted(TRAINING.glob("*.yml")))


def heldout_examples() -> Dict[str, List[str]]:
    return examples([HELDOUT])
