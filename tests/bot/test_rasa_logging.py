"""bot/rasa_logging.py: Rasa's logging outside its command line (the NLU server, the NLU benchmarks)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LOGS = """
import structlog
from bot import rasa_logging
rasa_logging.configure()
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
