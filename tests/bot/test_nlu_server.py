"""bot/nlu_server.py: how the NLU server logs (the server itself runs in tests/e2e/test_nlu_server.py)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SANIC_LOGGERS = """
import logging
from bot import nlu_server, rasa_logging
rasa_logging.configure()
nlu_server.create_app(agent=None, token="t")
print(sorted(name for name in ("sanic.root", "sanic.error", "sanic.access") if logging.getLogger(name).handlers))
"""


def test_sanic_writes_each_line_once_through_the_masked_root_handler():
    # Sanic's own logging set-up gave its loggers a handler besides the root one: start and stop lines came twice
    result = subprocess.run([sys.executable, "-c", SANIC_LOGGERS], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
