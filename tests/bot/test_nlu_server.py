"""bot/nlu_server.py: what the NLU server writes to its log (the server itself runs in tests/e2e/test_nlu_server.py)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LOGS = """
import structlog
from bot import nlu_server
nlu_server.configure_logging()
log = structlog.get_logger()
log.debug("processor.message.parse", parse_data_text="mijn bsn is 111222333")
log.info("nlu.info", text="bel mij op 06-19283746")
log.warning("nlu.warning", text="rekening NL91 ABNA 0417 1643 00")
"""


def test_the_log_has_no_debug_events_and_no_personal_numbers():
    # a process of its own: logging and structlog are set up once per process
    result = subprocess.run([sys.executable, "-c", LOGS], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    written = result.stdout + result.stderr
    assert "processor.message.parse" not in written and "111222333" not in written
    assert "nlu.info" in written and "[telefoonnummer]" in written and "06-19283746" not in written
    assert "nlu.warning" in written and "[IBAN]" in written and "NL91 ABNA" not in written


SANIC_LOGGERS = """
import logging
from bot import nlu_server
nlu_server.configure_logging()
nlu_server.create_app(agent=None, token="t")
print(sorted(name for name in ("sanic.root", "sanic.error", "sanic.access") if logging.getLogger(name).handlers))
"""


def test_sanic_writes_each_line_once_through_the_masked_root_handler():
    # Sanic's own logging set-up gave its loggers a handler besides the root one: start and stop lines came twice
    result = subprocess.run([sys.executable, "-c", SANIC_LOGGERS], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
