"""Trained models kept outside the checkout, one per training fingerprint, so a new clone of the same training
inputs does not train again.

    ~/.cache/wmo-assistent/models/<fingerprint>.tar.gz     the model `rasa train` wrote
    ~/.cache/wmo-assistent/models/<fingerprint>.json       when and how long it trained, and its sha256

The fingerprint (scripts/tasks.py) covers every training input and the Rasa version, so a changed input never
finds a model here. `WMO_CACHE_DIR` puts the cache elsewhere (`XDG_CACHE_HOME` is honoured as usual). A model is
written under a temporary name and renamed, so an interrupted copy is never taken; its sha256 is checked before
it is used. The newest KEEP models are kept, the older ones removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Optional

CACHE_ENV = "WMO_CACHE_DIR"
KEEP = 4


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "wmo-assistent"


def _paths(fingerprint: str) -> tuple:
    models = cache_dir() / "models"
    return models / f"{fingerprint}.tar.gz", models / f"{fingerprint}.json"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _replace_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """`write` fills a temporary file beside `target`, which then takes its place: a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def fetch(fingerprint: str, target: Path) -> Optional[dict]:
    """Copies the cached model of this fingerprint to `target`; its record, or None when there is no sound one."""
    model, record_file = _paths(fingerprint)
    try:
        record = json.loads(record_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not model.is_file() or record.get("sha256") != sha256(model):
        return None  # missing, or not the file that was stored: train again
    _replace_atomically(target, lambda temporary: shutil.copyfile(model, temporary))
    os.utime(model)  # recently used: kept longest
    return record


def store(fingerprint: str, source: Path, record: dict) -> Path:
    """Keeps a copy of the model just trained, with its record; removes all but the newest KEEP models."""
    model, record_file = _paths(fingerprint)
    _replace_atomically(model, lambda temporary: shutil.copyfile(source, temporary))
    record = {**record, "sha256": sha256(model)}
    _replace_atomically(record_file, lambda temporary: temporary.write_text(json.dumps(record, indent=2),
                                                                            encoding="utf-8"))
    prune()
    return model


def prune(keep: int = KEEP) -> None:
    models = sorted((cache_dir() / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in models[keep:]:
        old.unlink(missing_ok=True)
        old.with_name(old.name.removesuffix(".tar.gz") + ".json").unlink(missing_ok=True)
