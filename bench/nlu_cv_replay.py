"""The intent classifier alone, cross-validated in scikit-learn on the pipeline's own features and bench/nlu.py's
seeded folds: a few minutes instead of half an hour to try a change to bot/linear_intent_classifier.py before
bench/nlu.py measures it inside Rasa (which it should reproduce fold for fold; Rasa's evaluation also scores the
classifier without the FallbackClassifier).

    .venv/bot/bin/python bench/nlu_cv_replay.py [--folds 5] [--rule first|summed] [--C 100] [--dense-weight 1.5]

Features as the component makes them: TF-IDF of words (1 to max_word_ngram) and letter groups of the text with
dates and numbers as placeholders, beside the sentence encoder's vector times dense_weight. Each answer of uitleg
is a class; the intent is taken by intent_ranking() (`first`, what the component does) or by the summed
probabilities (`summed`). Prints the macro-F1 per fold and the mean; writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from statistics import fmean, pstdev

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def replay(k: int, rule: str, settings: dict) -> list:
    import numpy as np
    from rasa.shared.nlu.constants import RESPONSE_IDENTIFIER_DELIMITER
    from rasa.shared.nlu.training_data.loading import load_data
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    from bench.nlu import SEED
    from bot.linear_intent_classifier import (LinearIntentClassifier, feature_matrix, fit_text_features,
                                              intent_ranking, new_classifier, prepared)
    from bot.sentence_encoder import encode

    config = {**LinearIntentClassifier.get_default_config(), **settings}
    examples = load_data(str(ROOT / "data" / "nlu")).intent_examples
    texts = [example.get("text") for example in examples]
    labels = np.array([example.get_full_intent() for example in examples])
    intents = np.array([label.split(RESPONSE_IDENTIFIER_DELIMITER, 1)[0] for label in labels])
    ready = [prepared(text, config["placeholders"]) for text in texts]
    dense = encode(texts, threads=2)
    scores = []
    for train, test in StratifiedKFold(n_splits=k, shuffle=True, random_state=SEED).split(texts, labels):
        text_features = fit_text_features(config, [ready[i] for i in train])

        def features(rows):
            return feature_matrix(text_features, [ready[i] for i in rows], dense[rows], config["dense_weight"])

        model = new_classifier(config).fit(features(train), labels[train])
        guesses = []
        for probabilities in model.predict_proba(features(test)):
            ranking = intent_ranking(model.classes_, probabilities)
            if rule == "summed":
                ranking = sorted(ranking, key=lambda r: r["confidence"], reverse=True)
            guesses.append(ranking[0]["name"])
        scores.append(round(float(f1_score(intents[test], guesses, average="macro", zero_division=0)), 3))
        print(f"fold {len(scores)}/{k}: intent macro-F1 {scores[-1]}", flush=True)
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--rule", choices=["first", "summed"], default="first")
    parser.add_argument("--C", type=float)
    parser.add_argument("--dense-weight", type=float)
    parser.add_argument("--max-word-ngram", type=int)
    args = parser.parse_args()
    settings = {name: value for name, value in (("C", args.C), ("dense_weight", args.dense_weight),
                                                 ("max_word_ngram", args.max_word_ngram)) if value is not None}
    scores = replay(args.folds, args.rule, settings)
    print(f"rule {args.rule}, {settings or 'the component defaults'}: intent macro-F1 {fmean(scores):.3f} "
          f"± {pstdev(scores):.3f} ({', '.join(map(str, scores))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
