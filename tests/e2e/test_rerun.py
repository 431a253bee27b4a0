"""A second `make run` starts at once: nothing is reinstalled, nothing retrained, when nothing changed."""

import subprocess
import time

from scripts.stack import ROOT


def test_install_and_train_again_do_nothing_and_take_seconds(stack):  # after the stack: the model exists
    started = time.monotonic()
    result = subprocess.run(["make", "--no-print-directory", "train"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.monotonic() - started
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "installing" not in output, output
    assert "spaCy pipeline up to date" in output, output
    assert "Model up to date" in output, output
    assert "rasa train" not in output, output
    assert seconds < 30, f"took {seconds:.0f} s"
