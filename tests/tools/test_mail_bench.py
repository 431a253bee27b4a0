"""bench/mail.py runs (two meldingen), so the benchmark of the plan's PDF and the mail outbox does not rot."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_mail_benchmark_runs_and_every_mail_arrives(tmp_path):
    done = subprocess.run([sys.executable, "bench/mail.py", "--meldingen", "2", "--output", str(tmp_path / "m.json")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    result = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert result["outbox"]["mails"] == 4
    assert result["pdf"]["long"]["pages"] >= 2 and result["pdf"]["long"]["pdfa_problems"] == []
