"""Logging for a process that runs Rasa outside its command line (the NLU server, the NLU benchmarks), set up as
`rasa run` sets it up.

Rasa logs through structlog. Its commands route those events through the standard logging at the chosen level;
a process that only imports Rasa gets structlog's default instead, which prints every event, debug ones
included: one line with the text as typed for each message understood (`processor.message.parse`).
"""

from __future__ import annotations

import logging


def configure(level: int = logging.INFO) -> None:
    """Rasa's structlog events go through the standard logging at `level`, so debug events are dropped, and every
    line has personal numbers masked (wmo/masking.py)."""
    from rasa.utils.log_utils import configure_structlog

    from wmo.masking import install_log_masking

    install_log_masking()
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)-8s %(name)s  - %(message)s")
    configure_structlog(level)
