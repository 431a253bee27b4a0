"""Tries a review export (issue 28) before it goes into the repository: copies data/ to a temporary directory with
the export as data/nlu/review.yml, validates it as `make validate` does (no warnings), trains the NLU part as
`make train` does (config.yml), and prints how the retrained model reads the sentences given, as JSON lines.

    .venv/bot/bin/python scripts/review_check.py EXPORT.yml "a sentence" ["another" ...]

The end-to-end test of the review (tests/e2e/test_review.py) uses it: a message marked in the browser must be
answered right by the model retrained on the export.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import tasks  # noqa: E402


def check(export: Path, sentences: List[str]) -> List[dict]:
    spacy_model = tasks.pipeline()
    env = {**tasks.rasa_env(spacy_model), "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory(prefix="wmo-review-") as work:
        data = Path(work) / "data"
        shutil.copytree(ROOT / "data", data)
        shutil.copy(export, data / "nlu" / "review.yml")
        validated = subprocess.run(
            [tasks.rasa_cmd(), "data", "validate", "--config", "config.yml", "--domain", "domain.yml",
             "--data", str(data), "--fail-on-warnings"], env=env, cwd=ROOT, capture_output=True, text=True)
        problems = tasks.unexpected_warnings(validated.stdout + validated.stderr)
        if validated.returncode != 0 or problems:
            sys.exit(f"validate failed (exit code {validated.returncode}): {problems or validated.stderr[-2000:]}")
        tasks.run([tasks.rasa_cmd(), "train", "nlu", "--config", "config.yml", "--domain", "domain.yml",
                   "--nlu", str(data / "nlu"), "--out", work, "--fixed-model-name", "review"], env)
        return asyncio.run(_parse(Path(work) / "review.tar.gz", sentences))


async def _parse(model: Path, sentences: List[str]) -> List[dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    found = []
    for sentence in sentences:
        parsed = await agent.parse_message(sentence)
        selector = (parsed.get("response_selector") or {}).get("uitleg") or {}
        answer = (selector.get("response") or {}).get("intent_response_key")
        intent = parsed["intent"]["name"]
        found.append({"text": sentence, "intent": answer if intent == "uitleg" and answer else intent,
                      "confidence": round(parsed["intent"]["confidence"], 3)})
    return found


def main() -> int:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    for line in check(Path(sys.argv[1]).resolve(), sys.argv[2:]):
        print(json.dumps(line, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
