"""Builds the Dutch spaCy pipeline that Rasa's SpacyNLP loads by path.

Base: `nl_core_news_md` when that package is installed (word vectors, tagger, lemmatizer); otherwise
`spacy.blank("nl")` with the lookup lemmatizer from spacy-lookups-data. On top of either base come the domain
additions of `spacy_domain.yml`: tokenizer special cases and lemma overrides.

Rasa 3.6 fingerprints SpacyNLP by its model *path* only. So the output directory name carries a hash of
everything that shapes the pipeline (this file, the domain file, the base and its version, spaCy's version):
a rebuilt pipeline gets a new path, and Rasa retrains the components that depend on it.

    python -m bot.spacy_pipeline build [--out models/spacy]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

BASE_PACKAGE = "nl_core_news_md"
DOMAIN_FILE = Path(__file__).with_name("spacy_domain.yml")
DEFAULT_OUT = Path("models/spacy")
DIR_PREFIX = "nl_wmo-"
BUILD_INFO = "wmo_build.json"


@dataclass(frozen=True)
class Base:
    """What the pipeline starts from."""

    package: Optional[str]  # None: spacy.blank("nl") + lookup lemmatizer
    version: str

    @property
    def description(self) -> str:
        if self.package:
            return f"{self.package} {self.version} (word vectors, tagger, lemmatizer)"
        return (
            f'spacy.blank("nl") + lookup lemmatizer from spacy-lookups-data {self.version}'
            f" ({BASE_PACKAGE} is not installed)"
        )


@dataclass(frozen=True)
class Domain:
    """The domain additions, read from spacy_domain.yml."""

    keep_whole: Tuple[str, ...]
    split: Dict[str, List[str]]
    lemmas: Dict[str, List[str]]

    @classmethod
    def load(cls, path: Path = DOMAIN_FILE) -> "Domain":
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        unknown = set(raw) - {"keep_whole", "split", "lemmas"}
        if unknown:
            raise ValueError(f"{path}: unknown keys {sorted(unknown)}")
        split = {str(k): [str(p) for p in v] for k, v in (raw.get("split") or {}).items()}
        for text, pieces in split.items():
            if "".join(pieces) != text:
                raise ValueError(f"{path}: split pieces {pieces} do not spell {text!r}")
        lemmas = {str(k): [str(f) for f in v] for k, v in (raw.get("lemmas") or {}).items()}
        for lemma, forms in lemmas.items():
            for form in forms:
                if " " in form:
                    raise ValueError(f"{path}: lemma form {form!r} of {lemma!r} must be one token")
        return cls(tuple(str(t) for t in raw.get("keep_whole") or ()), split, lemmas)


@dataclass(frozen=True)
class BuildResult:
    path: Path
    base: Base
    built: bool  # False when an identical pipeline was already on disk


def detect_base() -> Base:
    """nl_core_news_md when installed, else the blank Dutch pipeline."""
    try:
        return Base(BASE_PACKAGE, metadata.version(BASE_PACKAGE))
    except metadata.PackageNotFoundError:
        return Base(None, metadata.version("spacy-lookups-data"))


def fingerprint(base: Base, domain_file: Path = DOMAIN_FILE) -> str:
    """A hash of everything that shapes the built pipeline."""
    digest = hashlib.sha256()
    for part in (
        Path(__file__).read_bytes(),
        domain_file.read_bytes(),
        f"{base.package}|{base.version}|spacy {metadata.version('spacy')}".encode(),
    ):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:12]


def _case_variants(text: str) -> List[str]:
    """The forms a special case must match: SpacyNLP lowercases, other callers may not."""
    variants = [text, text.lower(), text[:1].upper() + text[1:].lower()]
    return list(dict.fromkeys(variants))


def _pieces_for(variant: str, pieces: List[str]) -> List[str]:
    """Cut a case variant at the same places as the original pieces."""
    out, start = [], 0
    for piece in pieces:
        out.append(variant[start : start + len(piece)])
        start += len(piece)
    return out


def create_nlp(base: Base, domain: Domain):
    """The pipeline in memory: base plus domain tokenizer exceptions and lemma overrides."""
    import spacy
    from spacy.symbols import ORTH

    if base.package:
        nlp = spacy.load(base.package)
    else:
        nlp = spacy.blank("nl")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()  # loads the lemma_lookup table from spacy-lookups-data into the pipeline

    for text in domain.keep_whole:
        for variant in _case_variants(text):
            nlp.tokenizer.add_special_case(variant, [{ORTH: variant}])
    for text, pieces in domain.split.items():
        for variant in _case_variants(text):
            nlp.tokenizer.add_special_case(
                variant, [{ORTH: piece} for piece in _pieces_for(variant, pieces)]
            )

    after = "lemmatizer" if "lemmatizer" in nlp.pipe_names else None
    ruler = nlp.add_pipe("attribute_ruler", name="wmo_lemmas", after=after)
    for lemma, forms in domain.lemmas.items():
        ruler.add(patterns=[[{"LOWER": form.lower()}] for form in forms], attrs={"LEMMA": lemma})

    nlp.meta["name"] = "wmo"
    nlp.meta["description"] = f"Wmo-assistent Dutch pipeline. Base: {base.description}"
    return nlp


def build(out_root: Path = DEFAULT_OUT, base: Optional[Base] = None) -> BuildResult:
    """Build the pipeline under out_root unless the same one is there already; remove older builds."""
    base = base or detect_base()
    target = out_root / f"{DIR_PREFIX}{fingerprint(base)}"
    built = False
    if not (target / BUILD_INFO).is_file():
        out_root.mkdir(parents=True, exist_ok=True)
        tmp = out_root / f".{target.name}.tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        nlp = create_nlp(base, Domain.load())
        nlp.to_disk(tmp)
        (tmp / BUILD_INFO).write_text(
            json.dumps({"base": base.description, "package": base.package, "version": base.version}),
            encoding="utf-8",
        )
        shutil.rmtree(target, ignore_errors=True)
        os.replace(tmp, target)
        built = True
    for old in out_root.glob(f"{DIR_PREFIX}*"):
        if old != target and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    return BuildResult(target, base, built)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    build_cmd = sub.add_parser("build", help="build the pipeline if it is missing or stale")
    build_cmd.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    result = build(args.out)
    state = "built" if result.built else "up to date"
    print(f"spaCy pipeline {state}: {result.path}")
    print(f"  base: {result.base.description}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
