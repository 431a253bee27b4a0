"""Writes the conversations a beheerder saved as test stories (issue 28) into tests/stories/review.yml, with Rasa's
own story writer, so `make test` plays them against the bot from then on. `make review-import` runs it after
api/review_import.py, which wrote the conversations (marks applied, texts masked) to var/review-stories.json.

    .venv/bot/bin/python scripts/review_stories.py [var/review-stories.json] [tests/stories/review.yml]

A story already in the file (same conversation) is left as it is: it may have been corrected by hand.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "var" / "review-stories.json"
TARGET = ROOT / "tests" / "stories" / "review.yml"
HEADER = ("# Conversations a beheerder saved as test stories on the review page (issue 28), written by\n"
          "# `make review-import`: the bot must go on holding them this way. Texts are masked; conversations with\n"
          "# personal details in a form are never saved. Correct a story by hand when the bot should do better.\n")


def story_name(item: dict) -> str:
    return f"review {item['gesprek_id']} ({item['gemeente']})"


def stories_yaml(items: List[dict], domain_path: Path = ROOT / "domain.yml") -> List[str]:
    """Each conversation as the `- story:` block of a test story file."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.shared.core.training_data.story_writer.yaml_story_writer import YAMLStoryWriter

    domain = Domain.load(str(domain_path))
    blocks = []
    for item in items:
        tracker = DialogueStateTracker.from_dict(item["gesprek_id"], item["events"], domain.slots)
        text = tracker.export_stories(YAMLStoryWriter(), e2e=True)
        body = text.split("stories:\n", 1)[1]
        _, rest = body.split("\n", 1)
        blocks.append(f"- story: {json.dumps(story_name(item), ensure_ascii=False)}\n{rest.rstrip()}\n")
    return blocks


def write(items: List[dict], target: Path) -> int:
    existing = target.read_text(encoding="utf-8") if target.exists() else ""
    new = [item for item in items if json.dumps(story_name(item), ensure_ascii=False) not in existing]
    if not new:
        return 0
    blocks = "\n".join(stories_yaml(new))
    if existing:
        target.write_text(existing.rstrip("\n") + "\n\n" + blocks, encoding="utf-8")
    else:
        target.write_text(f'{HEADER}version: "3.1"\n\nstories:\n{blocks}', encoding="utf-8")
    return len(new)


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else TARGET
    if not source.exists():
        print(f"review-stories: {source} is missing; nothing to write")
        return 0
    items = json.loads(source.read_text(encoding="utf-8"))
    added = write(items, target)
    print(f"review-stories: {added} new test stor{'y' if added == 1 else 'ies'} in {target} "
          f"(of {len(items)} saved). Next: make train, then make test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
