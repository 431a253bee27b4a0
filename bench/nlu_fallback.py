"""Tunes the FallbackClassifier: which threshold and ambiguity_threshold catch the most wrong intents while asking
"Bedoelt u ...?" as little as possible when the bot had it right.

    .venv/bot/bin/python bench/nlu_fallback.py [--model models/wmo.tar.gz]     (the held-out set)
    .venv/bot/bin/python bench/nlu_fallback.py --out-of-fold [--folds 5]        (the training data, not the set)

Parses every sentence, takes the intent ranking without the fallback, and replays the FallbackClassifier's rule
for each pair of settings: fall back when the best intent is below the threshold, or when the two best are closer
than the ambiguity threshold. A wrong answer that gets through counts twice as heavy as an unneeded question.

The held-out set is also the gate of `make test-nlu`, so choosing the threshold on it tunes to it. --out-of-fold
chooses without it: our config.yml is trained on 4 of the seeded 5 folds of data/nlu (bench/nlu.py's folds) and
parses the fifth, so every training sentence is parsed once by a model that never saw it (about 10 minutes).
Writes bench/results/nlu_fallback.json (or nlu_fallback_out_of_fold.json).
"""

import argparse
import asyncio
import json
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bot/: the held-out reader, and the model's custom component bot.bsn_detector

from bot import rasa_logging  # noqa: E402
from bot.nlu_examples import heldout_examples  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "nlu_fallback.json"
RESULTS_OUT_OF_FOLD = ROOT / "bench" / "results" / "nlu_fallback_out_of_fold.json"
THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
AMBIGUITIES = [0.0, 0.05, 0.1, 0.2, 0.3]
WRONG_WEIGHT = 2.0


def heldout():
    """(sentence, intent) pairs; a retrieval intent counts as its base intent, as the intent classifier sees it."""
    for intent, sentences in heldout_examples().items():
        for sentence in sentences:
            yield sentence, intent.split("/")[0]


async def rankings(model: str, sentences) -> list:
    """(text, intent, [(intent, confidence), ...]) per sentence, the ranking without nlu_fallback."""
    from rasa.core.agent import Agent
    agent = Agent.load(model)
    found = []
    for text, intent in sentences:
        parsed = await agent.parse_message(text)
        ranking = [(r["name"], r["confidence"]) for r in parsed["intent_ranking"] if r["name"] != "nlu_fallback"]
        found.append((text, intent, ranking))
    return found


def out_of_fold(k: int) -> list:
    """Every sentence of data/nlu parsed by our pipeline trained on the other folds (bench/nlu.py's seeded folds)."""
    import tempfile

    from rasa.shared.nlu.training_data.loading import load_data

    from bench.nlu import folds, our_config, prepare_environment, say, train_nlu

    found = []
    with tempfile.TemporaryDirectory(prefix="wmo-fallback-") as tmp:
        work = Path(tmp)
        prepare_environment(work)
        for number, (train, test) in enumerate(folds(ROOT / "data" / "nlu", k, work), start=1):
            say(f"Fallback: fold {number}/{k}, training ours on the other folds ...")
            model, _ = train_nlu(our_config(), train, work, f"fold{number}")
            sentences = [(example.get("text"), example.get("intent")) for example in load_data(str(test)).intent_examples]
            found.extend(asyncio.run(rankings(str(model), sentences)))
    return found


def falls_back(ranking, threshold: float, ambiguity: float) -> bool:
    """The FallbackClassifier's rule: the best intent below the threshold, or the two best closer than ambiguity."""
    best_conf = ranking[0][1]
    second_conf = ranking[1][1] if len(ranking) > 1 else 0.0
    return best_conf < threshold or (best_conf - second_conf) < ambiguity


def replay(parsed, threshold: float, ambiguity: float) -> dict:
    counts = {"right": 0, "wrong_through": 0, "asked_needlessly": 0, "caught": 0, "offered_right_choice": 0}
    for _, intent, ranking in parsed:
        best = ranking[0][0]
        if not falls_back(ranking, threshold, ambiguity):
            counts["right" if best == intent else "wrong_through"] += 1
            continue
        counts["caught" if best != intent else "asked_needlessly"] += 1
        if intent in [name for name, _ in ranking[:2]]:
            counts["offered_right_choice"] += 1
    counts["cost"] = WRONG_WEIGHT * counts["wrong_through"] + counts["asked_needlessly"]
    return counts


def configured_fallback() -> tuple:
    """config.yml's FallbackClassifier: (threshold, ambiguity_threshold)."""
    import yaml

    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    step = next(step for step in config["pipeline"] if step["name"] == "FallbackClassifier")
    return float(step["threshold"]), float(step.get("ambiguity_threshold", 0.1))


def macro_f1(parsed, threshold=None, ambiguity=0.0, fallback_as_class=True) -> float:
    """Intent macro-F1 of the parsed sentences: without the fallback (threshold None: the classifier alone, what
    Rasa's own evaluation in bench/nlu.py reports, as it undoes the FallbackClassifier's prediction), or with it,
    a "Bedoelt u ...?" counted wrong: then `nlu_fallback` is a class of its own with F1 0 in the average
    (`fallback_as_class`), or the average is over the real intents only."""
    from sklearn.metrics import f1_score

    truth, guess = [], []
    for _, intent, ranking in parsed:
        truth.append(intent)
        guess.append("nlu_fallback" if threshold is not None and falls_back(ranking, threshold, ambiguity)
                     else ranking[0][0])
    labels = None if fallback_as_class else sorted(set(truth))
    return round(float(f1_score(truth, guess, labels=labels, average="macro", zero_division=0)), 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "wmo.tar.gz"))
    parser.add_argument("--out-of-fold", action="store_true",
                        help="parse data/nlu out of fold instead of the held-out set with --model")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    logging.disable(logging.WARNING)
    rasa_logging.configure(logging.WARNING)  # else structlog prints a debug line per sentence parsed
    os.chdir(ROOT)
    if args.out_of_fold:
        parsed, source, results = out_of_fold(args.folds), f"data/nlu, {args.folds} folds", RESULTS_OUT_OF_FOLD
    else:
        parsed, source, results = asyncio.run(rankings(args.model, heldout())), "held-out", RESULTS
    grid = [{"threshold": t, "ambiguity_threshold": a, **replay(parsed, t, a)}
            for t in THRESHOLDS for a in AMBIGUITIES]
    best = min(grid, key=lambda row: (row["cost"], -row["threshold"]))
    print(f"{len(parsed)} sentences ({source}); wrong answers weigh {WRONG_WEIGHT:g}x an unneeded question")
    print("threshold ambiguity  right  wrong-through  caught  asked-needlessly  right-choice-offered  cost")
    for row in grid:
        mark = "  <- best" if row is best else ""
        print(f"{row['threshold']:9.2f} {row['ambiguity_threshold']:9.2f} {row['right']:6d} {row['wrong_through']:14d} "
              f"{row['caught']:7d} {row['asked_needlessly']:17d} {row['offered_right_choice']:21d} "
              f"{row['cost']:5.0f}{mark}")
    threshold, ambiguity = configured_fallback()
    f1 = {"classifier_alone": macro_f1(parsed),
          "with_fallback_as_a_class": macro_f1(parsed, threshold, ambiguity),
          "with_fallback_over_the_intents_only": macro_f1(parsed, threshold, ambiguity, fallback_as_class=False)}
    print(f"intent macro-F1 (config.yml's fallback {threshold} / {ambiguity}): classifier alone "
          f"{f1['classifier_alone']}, "
          f"with the fallback as a class of its own {f1['with_fallback_as_a_class']}, "
          f"with the fallback over the intents only {f1['with_fallback_over_the_intents_only']}")
    errors = [{"text": t, "intent": i, "best": r[0][0], "confidence": round(r[0][1], 3)}
              for t, i, r in parsed if r[0][0] != i]
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps({"sentences": source, "count": len(parsed), "intent_macro_f1": f1,
                                   "best": best, "grid": grid,
                                   "errors_before_fallback": errors}, indent=2, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
