"""What a beheerder can mark a message with (issue 28): the intents of the bot (domain.yml) and, for the retrieval
intent `uitleg`, each of its answers ("uitleg/procedure"), each with an example sentence from the training data so
the beheerder sees what it means. Read from the Rasa project in this repository, once."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict

import yaml

ROOT = Path(__file__).resolve().parent.parent
RETRIEVAL = "uitleg"
NOT_MARKABLE = {"nlu_fallback", "deelt_bsn", "geef_datum"}  # not a question; a date is an entity, not an intent


def _examples(nlu_dir: Path) -> Dict[str, str]:
    first: Dict[str, str] = {}
    for path in sorted(nlu_dir.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            name, examples = block.get("intent"), block.get("examples") or ""
            lines = [line[2:].strip() for line in examples.splitlines() if line.startswith("- ")]
            if name and lines and name not in first:
                first[name] = lines[0]
    return first


@lru_cache(maxsize=1)
def choices(root: Path = ROOT) -> Dict[str, str]:
    """intent (or uitleg/<answer>) -> an example sentence (may be empty), sorted by name."""
    domain = yaml.safe_load((root / "domain.yml").read_text(encoding="utf-8"))
    examples = _examples(root / "data" / "nlu")
    names = [name for name in domain.get("intents") or [] if isinstance(name, str) and name != RETRIEVAL]
    names += [key[len("utter_"):] for key in domain.get("responses") or {}
              if key.startswith(f"utter_{RETRIEVAL}/")]
    return {name: examples.get(name, "") for name in sorted(set(names) - NOT_MARKABLE)}
