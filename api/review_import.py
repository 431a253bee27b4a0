"""Pulls the beheerder's marks into the repository (issue 28): new training sentences are added to
data/nlu/review.yml, one block each with where it came from, so the next `make train` learns them. The
conversations saved as test stories are written, with the marks applied and every text masked, to
var/review-stories.json, which scripts/review_stories.py (bot environment, `make review-import` runs both) turns
into tests/stories/review.yml with Rasa's own story writer.

    make review-import [GEMEENTE=<slug>]
    .venv/api/bin/python -m api.review_import [--gemeente <slug>] [--file data/nlu/review.yml]

It reads the gemeente API's database (DATABASE_URL, from .env like the API). A mark is left out, and the reason
printed, when its text
- is refused for export (api/review_export.py: a BSN, IBAN or phone number, or entity-like brackets);
- is already a training sentence of the same intent (nothing to add);
- is a training sentence of another intent: one sentence, one intent; decide by hand which is right;
- is a sentence of an evaluation set (tests/nlu/heldout.yml, tests/e2e/sets/eerste_antwoord.yml): those are never
  trained on, or they would no longer measure anything.
What it took is on record in the audit trail (review.export, by "make review-import").
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Dict, List, Optional, Set

import yaml
from sqlmodel import Session, select

from api import audit, gesprekken, review_export
from api.gesprekken_sync import TrackerStore
from api.models import GesprekReview, ReviewMarkering

ROOT = Path(__file__).resolve().parent.parent
REVIEW_FILE = ROOT / "data" / "nlu" / "review.yml"
STORIES_FILE = ROOT / "var" / "review-stories.json"
EVALUATION = (ROOT / "tests" / "nlu" / "heldout.yml", ROOT / "tests" / "e2e" / "sets" / "eerste_antwoord.yml")
ACTOR = audit.Actor(issuer=None, subject="review-import", name="make review-import", role="beheerder")
_ANNOTATED = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def key(text: str) -> str:
    """A sentence as Rasa trains on it, for comparing: annotations to their words, case and spaces evened out."""
    return review_export.sentence(_ANNOTATED.sub(r"\1", text)).lower()


def nlu_sentences(path: Path) -> Dict[str, str]:
    """sentence key -> intent, of one Rasa NLU file."""
    found: Dict[str, str] = {}
    for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
        for line in (block.get("examples") or "").splitlines():
            if line.startswith("- ") and block.get("intent"):
                found[key(line[2:])] = block["intent"]
    return found


def evaluation_sentences(paths=EVALUATION) -> Set[str]:
    found: Set[str] = set()
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if "nlu" in data:
            found |= set(nlu_sentences(path))
        found |= {key(item["vraag"]) for item in data.get("vragen") or []}
    return found


def choose(marks: List[ReviewMarkering], gemeente_namen: Dict[str, str], nlu_dir: Path,
           evaluation: Set[str]) -> tuple:
    """The examples to add, and (text, reason) for each mark left out."""
    trained: Dict[str, str] = {}
    for path in sorted(nlu_dir.glob("*.yml")):
        trained.update(nlu_sentences(path))
    examples, refused = review_export.voorbeelden(marks, gemeente_namen)
    left_out = [(mark.tekst, reason) for mark, reason in refused]
    chosen = []
    for example in examples:
        known = trained.get(key(example.tekst))
        if key(example.tekst) in evaluation:
            left_out.append((example.tekst, "staat in een evaluatieset; daarop wordt nooit getraind"))
        elif known == example.intent:
            left_out.append((example.tekst, "is al een trainingszin van deze bedoeling"))
        elif known:
            left_out.append((example.tekst, f"is een trainingszin van {known}, niet van {example.intent}: "
                                            "kies met de hand"))
        else:
            chosen.append(example)
            trained[key(example.tekst)] = example.intent
    return chosen, left_out


def add_to(path: Path, examples) -> None:
    if not path.exists() or "nlu:" not in path.read_text(encoding="utf-8"):
        path.write_text(review_export.nlu_file(list(examples)), encoding="utf-8")
        return
    text = path.read_text(encoding="utf-8").replace("nlu: []\n", "nlu:\n")
    path.write_text(text.rstrip("\n") + "\n\n" + review_export.blocks(examples), encoding="utf-8")


def stories(session: Session, store: TrackerStore, gemeente: Optional[str], gemeente_namen: Dict[str, str]):
    """The conversations saved as test stories: [{gesprek_id, gemeente, events}], and (id, reason) left out."""
    query = select(GesprekReview).where(GesprekReview.testverhaal_op.is_not(None))
    if gemeente:
        query = query.where(GesprekReview.gemeente == gemeente)
    chosen, left_out = [], []
    for saved in session.exec(query).all():
        events = store.events([saved.gesprek_id]).get(saved.gesprek_id, [])
        reason = review_export.story_refusal(gesprekken.beurten(events)) if events else "niet meer in de tracker store"
        if reason:
            left_out.append((saved.gesprek_id, reason))
            continue
        marks = {mark.bericht_id: mark.intent for mark in session.exec(
            select(ReviewMarkering).where(ReviewMarkering.gesprek_id == saved.gesprek_id))}
        chosen.append({"gesprek_id": saved.gesprek_id,
                       "gemeente": gemeente_namen.get(saved.gemeente or "", saved.gemeente),
                       "events": review_export.story_events(events, marks)})
    return chosen, left_out


def main(argv: Optional[List[str]] = None) -> int:
    from api.db import engine_for
    from api.migrate import current_revision, head_revision
    from api.settings import get_settings
    from wmo import gemeente as gemeenten

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gemeente", help="only the marks of this gemeente (its slug)")
    parser.add_argument("--file", type=Path, default=REVIEW_FILE)
    parser.add_argument("--stories", type=Path, default=STORIES_FILE)
    args = parser.parse_args(argv)
    served = gemeenten.alle()
    if args.gemeente and args.gemeente not in served:
        parser.error(f"--gemeente must be one of: {', '.join(served)}")
    settings = get_settings()
    engine = engine_for(settings.database_url)
    store = TrackerStore(settings.wmo_tracker_url)
    try:
        if current_revision(engine) != head_revision():
            print("review-import: the gemeente API's database has no marks table yet (or an old schema). Start the "
                  "API once with `make run`, or run `.venv/api/bin/python -m api.migrate`.", file=sys.stderr)
            return 2
        with Session(engine) as session:
            query = select(ReviewMarkering)
            if args.gemeente:
                query = query.where(ReviewMarkering.gemeente == args.gemeente)
            marks = session.exec(query).all()
            session.expunge_all()
            chosen, left_out = choose(marks, {slug: c.naam for slug, c in served.items()},
                                      args.file.parent, evaluation_sentences())
            if chosen:
                add_to(args.file, chosen)
            verhalen, verhalen_weg = stories(session, store, args.gemeente,
                                             {slug: c.naam for slug, c in served.items()})
            args.stories.parent.mkdir(parents=True, exist_ok=True)
            args.stories.write_text(json.dumps(verhalen, ensure_ascii=False), encoding="utf-8")
            audit.record_in(session, ACTOR, "review.export", "ok", "gesprek",
                            sorted({mark.gesprek_id for mark in marks}) or [None], gemeente=args.gemeente)
    finally:
        engine.dispose()
        store.dispose()
    for text, reason in left_out:
        print(f"left out: {text!r}: {reason}")
    for gesprek_id, reason in verhalen_weg:
        print(f"left out: test story {gesprek_id}: {reason}")
    print(f"review-import: {len(chosen)} new training sentence(s) in {args.file}, {len(left_out)} left out "
          f"(of {len(marks)} marks); {len(verhalen)} test stor{'y' if len(verhalen) == 1 else 'ies'} in {args.stories}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
