"""NLU quality side by side: our config.yml against Rasa's default pipeline, trained on the same data in one run.

    make bench                                     (the full benchmark; this is one part of it)
    .venv/bot/bin/python bench/nlu.py [--quick] [--folds 5]

For each pipeline (ours, ours before issue 24, ours without the placeholders, Rasa's default; --held-out): train on
data/nlu (NLU only), evaluate on the held-out set tests/nlu/heldout.yml: intent macro-F1 and accuracy, the answers
of the ResponseSelector, entity F1 (the kinds of voorziening), and the confusion pairs that cost most. Then a
stratified k-fold cross-validation on data/nlu of ours and Rasa's default (--cross-validate; seeded, so every
pipeline and every rerun gets the same folds): macro-F1 per fold, mean and spread.

"Rasa's default pipeline" is what Rasa 3.6 trains when config.yml has no pipeline, as `rasa init` writes it:
rasa/engine/recipes/config_files/default_config.yml, read from the installed Rasa. --quick (what `make test`
runs) checks the code and nothing more: it trains Rasa's default and the first of 2 folds of ours on a fifth of
the examples for 1 epoch, and tests on a fifth of the held-out set. Its figures mean nothing.
Writes bench/results/nlu.json (or --out).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from statistics import fmean, pstdev
from typing import Dict, Iterable, List, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from bench.machine import machine  # noqa: E402
from bot import rasa_logging  # noqa: E402
from scripts.tasks import HELDOUT_NLU, ROOT, nlu_figures, pipeline, rasa_cmd, rasa_env  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "nlu.json"
SEED = 2015
# Only the NLU part matters here; the policies of either config are not trained.
NLU_KEYS = ("recipe", "language", "pipeline", "assistant_id")


def default_config() -> dict:
    """Rasa's own default pipeline for this Rasa version, with our language."""
    import rasa.engine.recipes.default_recipe as recipe

    path = Path(recipe.__file__).with_name("config_files") / "default_config.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {"recipe": "default.v1", "language": "nl", "pipeline": config["pipeline"], "assistant_id": "rasa-default"}


def our_config() -> dict:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    return {key: config[key] for key in NLU_KEYS if key in config}


# What config.yml adds to the pipeline of issue 24's start (d940b60): "before" is that pipeline (DIET and the
# ResponseSelector on Rasa's sparse featurizers, no encoder, no placeholders); the others change one part each.
# Without placeholders, every part reads dates as typed.
ENCODER = "bot.sentence_encoder.SentenceEncoderFeaturizer"
PLACEHOLDERS = "bot.placeholder_tokens.PlaceholderTokens"


def without(config: dict, *names: str, **settings) -> dict:
    """The config without the named components; `settings` are added to the steps that remain, by name."""
    steps = [dict(step, **settings.get(step["name"], {})) for step in config["pipeline"] if step["name"] not in names]
    return {**config, "pipeline": steps}


LINEAR = "bot.linear_intent_classifier.LinearIntentClassifier"
# The intent classifier, the answer chooser and the featurizers they learn from, of config.yml before issue 24.
DIET = {"name": "DIETClassifier", "entity_recognition": False, "epochs": 100, "constrain_similarities": True,
        "random_seed": 2015}
RESPONSE_SELECTOR = {"name": "ResponseSelector", "epochs": 100, "constrain_similarities": True, "random_seed": 2015}
SPARSE_FEATURIZERS = [{"name": "RegexFeaturizer"}, {"name": "LexicalSyntacticFeaturizer"},
                      {"name": "CountVectorsFeaturizer", "analyzer": "word", "use_lemma": True},
                      {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 2, "max_ngram": 5}]


def with_diet(config: dict, placeholders: bool = True) -> dict:
    """The config with DIET and the ResponseSelector where config.yml has the linear classifier, on the sparse
    featurizers they need; with `placeholders`, those featurizers read each date and number as one token."""
    steps = []
    for step in config["pipeline"]:
        if step["name"] == "RegexEntityExtractor":
            steps.extend(dict(featurizer) for featurizer in SPARSE_FEATURIZERS)
        steps.append(dict(DIET) if step["name"] == LINEAR else step)
        if step["name"] == "SpacyTokenizer" and placeholders:
            steps.append({"name": PLACEHOLDERS})
        if step["name"] == "EntitySynonymMapper":
            steps.append(dict(RESPONSE_SELECTOR))
    return {**config, "pipeline": steps}


PIPELINES = {
    "ours": our_config,
    "before": lambda: with_diet(without(our_config(), ENCODER), placeholders=False),
    "diet_with_encoder": lambda: with_diet(our_config()),
    "without_encoder": lambda: without(our_config(), ENCODER),
    "without_placeholders": lambda: without(our_config(), **{ENCODER: {"placeholders": False},
                                                             LINEAR: {"placeholders": False}}),
    "rasa_default": default_config,
}


def with_epochs(config: dict, epochs: Optional[int]) -> dict:
    if epochs is None:
        return config
    pipeline_ = [dict(step, epochs=epochs) if "epochs" in step else step for step in config["pipeline"]]
    return {**config, "pipeline": pipeline_}


def train_nlu(config: dict, nlu: Path, work: Path, name: str) -> tuple:
    """Trains an NLU-only model in this process; returns its path and the seconds it took."""
    import rasa.model_training

    config_file = work / f"{name}.config.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    started = time.monotonic()
    model = rasa.model_training.train_nlu(str(config_file), str(nlu), str(work), fixed_model_name=name)
    if not model:
        raise RuntimeError(f"training {name} failed")
    return Path(model), round(time.monotonic() - started, 1)


def evaluate(model: Path, test: Path, out: Path, top: Optional[int] = 8) -> dict:
    import rasa.model_testing

    asyncio.run(rasa.model_testing.test_nlu(str(model), str(test), str(out),
                                            {"errors": True, "successes": False, "disable_plotting": True}))
    figures = nlu_figures(out)
    figures.pop("per_intent_f1")
    figures["entities"] = entity_figures(out)
    figures["confusions"] = confusions(out, top)
    return figures


def entity_figures(out: Path) -> dict:
    """F1 of the entity `voorziening`, from the report of whichever component extracted entities."""
    reports = [p for p in out.glob("*_report.json") if p.name not in
               ("intent_report.json", "response_selection_report.json")]
    figures = {}
    for report in reports:
        rows = json.loads(report.read_text(encoding="utf-8"))
        row = rows.get("voorziening")
        if row:
            figures[report.name.removesuffix("_report.json")] = {
                "f1": round(row["f1-score"], 3), "precision": round(row["precision"], 3),
                "recall": round(row["recall"], 3), "support": int(row["support"])}
    return figures


def confusions(out: Path, top: Optional[int] = 8) -> List[dict]:
    """The (expected, predicted) pairs with the most errors, over intents and the answers of the retrieval intent."""
    pairs: Counter = Counter()
    examples: Dict[tuple, str] = {}
    for name, expected, predicted in (("intent_errors.json", "intent", ("intent_prediction", "name")),
                                      ("response_selection_errors.json", "intent_response_key_target",
                                       ("intent_response_key_prediction", "name"))):
        path = out / name
        if not path.is_file():
            continue
        for error in json.loads(path.read_text(encoding="utf-8")):
            guess = error
            for key in predicted:
                guess = guess.get(key) if isinstance(guess, dict) else None
            pair = (error.get(expected), guess)
            pairs[pair] += 1
            examples.setdefault(pair, error.get("text", ""))
    return [{"expected": a, "predicted": b, "errors": n, "example": examples[(a, b)]}
            for (a, b), n in pairs.most_common(top)]


def _write(data, examples: list, path: Path, responses: bool = True) -> Path:
    """The examples as an NLU file, with the synonyms, lookup tables and (for training) the answers of `data`."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.training_data import TrainingData

    subset = TrainingData(training_examples=examples, entity_synonyms=data.entity_synonyms,
                          regex_features=data.regex_features, lookup_tables=data.lookup_tables,
                          responses=data.responses if responses else {})
    RasaYAMLWriter().dump(path, subset)
    return path


def _labelled(nlu: Path) -> tuple:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(nlu))
    examples = data.intent_examples
    return data, examples, [example.get_full_intent() for example in examples]


def folds(nlu: Path, k: int, work: Path) -> List[tuple]:
    """Stratified folds of the training data (seeded), written as train/test YAML files."""
    from sklearn.model_selection import StratifiedKFold

    data, examples, labels = _labelled(nlu)
    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=SEED)
    return [(_write(data, [examples[i] for i in train], work / f"fold{number}-train.yml"),
             _write(data, [examples[i] for i in test], work / f"fold{number}-test.yml", responses=False))
            for number, (train, test) in enumerate(splitter.split(examples, labels), start=1)]


def sample(nlu: Path, fraction: float, path: Path) -> Path:
    """A stratified part of the training data (--quick): at least 4 examples of each intent and answer."""
    import random

    data, examples, labels = _labelled(nlu)
    chooser = random.Random(SEED)
    kept = []
    for label in sorted(set(labels)):
        mine = [example for example, other in zip(examples, labels) if other == label]
        kept.extend(chooser.sample(mine, min(len(mine), max(4, round(len(mine) * fraction)))))
    return _write(data, kept, path)


ONE_LINE = ("- intent: greet\n    examples: |\n", "      - goedemiddag samen\n")


def add_one_example(data: Path) -> None:
    """The one-line NLU change of the retraining measurement: one more greeting in data/nlu/basis.yml."""
    basis = data / "nlu" / "basis.yml"
    text = basis.read_text(encoding="utf-8")
    anchor, line = ONE_LINE
    if anchor not in text:
        raise RuntimeError(f"{basis} has no '{anchor.strip()}' block to add an example to")
    basis.write_text(text.replace(anchor, anchor + line, 1), encoding="utf-8")


def training_cost(work: Path) -> dict:
    """`rasa train` of the whole project as `make train` runs it, with an empty training cache; then again after
    adding one NLU example, with the cache the first run filled (what a developer waits for)."""
    import resource

    project = work / "project"
    project.mkdir()
    shutil.copy(ROOT / "config.yml", project)
    shutil.copy(ROOT / "domain.yml", project)
    shutil.copytree(ROOT / "data", project / "data")
    env = {**os.environ, "RASA_CACHE_DIRECTORY": str(work / "project-cache"), "PYTHONPATH": str(ROOT)}
    figures = {}
    for step in ("full", "after_one_line_nlu_change"):
        if step != "full":
            add_one_example(project / "data")
        say(f"Training cost: rasa train, {step.replace('_', ' ')} ...")
        started = time.monotonic()
        subprocess.run([rasa_cmd(), "train", "--out", "models", "--fixed-model-name", step], cwd=project, env=env,
                       check=True, capture_output=True)
        figures[f"{step}_seconds"] = round(time.monotonic() - started, 1)
        say(f"  {figures[f'{step}_seconds']:.0f} s")
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    figures["model_mb"] = round((project / "models" / "full.tar.gz").stat().st_size / 1e6, 1)
    return figures


def write(report: dict, out: Path) -> None:
    """Written after each part, so a long run that is stopped keeps what it measured."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def cross_validate(name: str, config: dict, nlu: Path, k: int, work: Path, epochs: Optional[int],
                   first_only: bool, report: dict, out: Path) -> dict:
    """The seeded k-fold cross-validation of one pipeline (the same folds for every pipeline)."""
    per_fold: List[dict] = []
    pairs: Counter = Counter()
    result: dict = {}
    for number, (train, test) in enumerate(folds(nlu, k, work)[:1 if first_only else k], start=1):
        say(f"NLU: cross-validation of {name}, fold {number}/{k} ...")
        model, _ = train_nlu(with_epochs(config, epochs), train, work, f"{name}-fold{number}")
        figures = evaluate(model, test, work / f"{name}-fold{number}-out", top=None)  # all, not the fold's top 8
        per_fold.append(figures)
        for pair in figures["confusions"]:
            pairs[(pair["expected"], pair["predicted"])] += pair["errors"]
        f1s = [f["intent_macro_f1"] for f in per_fold]
        result = {
            "folds": k, "folds_done": len(per_fold), "seed": SEED, "intent_macro_f1_per_fold": f1s,
            "intent_macro_f1_mean": round(fmean(f1s), 3), "intent_macro_f1_std": round(pstdev(f1s), 3),
            "response_selection_macro_f1_mean": round(fmean(f.get("response_selection_macro_f1", 0)
                                                            for f in per_fold), 3),
            "costly_confusions": [{"expected": a, "predicted": b, "errors": n}
                                  for (a, b), n in pairs.most_common(8)]}
        report.setdefault("cross_validation", {})[name] = result
        write(report, out)
    say(f"  cross-validation of {name}: intent macro-F1 {result['intent_macro_f1_mean']} "
        f"± {result['intent_macro_f1_std']} over {len(per_fold)} of {k} folds")
    return result


def prepare_environment(work: Path) -> None:
    """Rasa in this process as `make` runs it (the spaCy pipeline's path), with a training cache of its own in `work`:
    the project's cache would make "ours" a cache hit and would fill up with the folds' models."""
    os.environ.update(rasa_env(ROOT / pipeline()))
    os.environ["RASA_CACHE_DIRECTORY"] = str(work / "cache")
    logging.disable(logging.INFO)
    rasa_logging.configure(logging.WARNING)  # else structlog prints a debug line per sentence evaluated


def run(quick: bool, k: int, out: Path, with_training_cost: bool = True,
        held_out: Iterable[str] = tuple(PIPELINES), cross_validated: Iterable[str] = ("ours", "rasa_default")) -> dict:
    started = datetime.now(timezone.utc)
    epochs = 1 if quick else None
    k = 2 if quick else k
    nlu = ROOT / "data" / "nlu"
    report: dict = {"date": started.isoformat(timespec="seconds"), "machine": machine(), "quick": quick,
                    "held_out_set": str(HELDOUT_NLU), "training_data": "data/nlu", "pipelines": {},
                    "cross_validation": {}}
    with tempfile.TemporaryDirectory(prefix="wmo-bench-nlu-") as tmp:
        work = Path(tmp)
        prepare_environment(work)
        heldout = ROOT / HELDOUT_NLU
        held_out, cross_validated = list(held_out), list(cross_validated)
        if quick:
            nlu, heldout = sample(nlu, 0.2, work / "sample.yml"), sample(heldout, 0.2, work / "heldout.yml")
            held_out, cross_validated = ["rasa_default"], ["ours"]
        for name in held_out:
            config = PIPELINES[name]()
            say(f"NLU: training {name} ({'1 epoch on a fifth of the data, quick' if quick else 'as configured'}) ...")
            model, seconds = train_nlu(with_epochs(config, epochs), nlu, work, name)
            figures = evaluate(model, heldout, work / f"{name}-heldout")
            figures["training_seconds"] = seconds
            figures["pipeline"] = [step["name"] for step in config["pipeline"]]
            report["pipelines"][name] = figures
            write(report, out)
            say(f"  {name}: intent macro-F1 {figures['intent_macro_f1']}, accuracy {figures['intent_accuracy']}, "
                f"answers {figures.get('response_selection_macro_f1')}, entities {figures['entities']}, "
                f"trained in {seconds:.0f} s")
        for name in cross_validated:
            cross_validate(name, PIPELINES[name](), nlu, k, work, epochs, quick, report, out)
        # Quick leaves this out: two trainings of the whole project take about 9 minutes.
        report["training_cost"] = training_cost(work) if with_training_cost and not quick else None
    write(report, out)
    say(f"Written {out}")
    return report


_STARTED = time.monotonic()


def say(text: str) -> None:
    print(f"[{time.monotonic() - _STARTED:4.0f} s] {text}", flush=True)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 epoch, 2 folds: checks the code (make test)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--held-out", default=",".join(PIPELINES),
                        help=f"pipelines evaluated on the held-out set, of {', '.join(PIPELINES)}")
    parser.add_argument("--cross-validate", default="ours,rasa_default", help="pipelines cross-validated")
    parser.add_argument("--no-training-cost", action="store_true",
                        help="leave out the two trainings of the whole project (about 15 minutes)")
    args = parser.parse_args(argv)
    if not shutil.which(rasa_cmd()):
        sys.exit("run this in the bot environment: .venv/bot/bin/python bench/nlu.py")
    chosen = {option: [name for name in value.split(",") if name]
              for option, value in (("--held-out", args.held_out), ("--cross-validate", args.cross_validate))}
    unknown = [name for names in chosen.values() for name in names if name not in PIPELINES]
    if unknown:
        parser.error(f"unknown pipeline {', '.join(unknown)}; known: {', '.join(PIPELINES)}")
    run(args.quick, args.folds, args.out, with_training_cost=not args.no_training_cost,
        held_out=chosen["--held-out"], cross_validated=chosen["--cross-validate"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
