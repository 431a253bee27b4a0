"""The one switch of the speed patches: `WMO_RASA_SPEEDUPS`.

    on     (default) every patch in place: what `make run` and the product run
    off    none of them: the Rasa server and the NLU server run Rasa 3.6's own code, to compare with plain Rasa
    check  every patch in place, and each also works its answer out Rasa's way and fails on a difference (the
           conversation and end-to-end tests run this way)

Read on every call, so a test can change it with monkeypatch.
"""

from __future__ import annotations

import os

ENV = "WMO_RASA_SPEEDUPS"
MODES = ("on", "off", "check")


def mode() -> str:
    value = os.environ.get(ENV, "on").strip().lower() or "on"
    if value not in MODES:
        raise ValueError(f"{ENV}={value!r}: use one of {', '.join(MODES)}")
    return value


def enabled() -> bool:
    return mode() != "off"


def checking() -> bool:
    """Whether each patch also works its answer out Rasa's way and fails on a difference."""
    return mode() == "check"
