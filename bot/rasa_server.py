"""Starts Rasa's command line (`rasa run ...`, `rasa test ...`) as the Wmo-assistent runs it.

    python -m bot.rasa_server run --model models/wmo.tar.gz ...      (what scripts/stack.py starts)

Before Rasa starts:
- every log line of the server is masked: BSNs, IBANs and phone numbers (wmo/masking.py);
- the speed patches to Rasa's internals are put in place (bot/speedups/), unless `WMO_RASA_SPEEDUPS=off`;
- with `WMO_NLU_URL` set, the NLU server (bot/nlu_server.py, its own process) understands each message, and this
  server understands it itself only when that one does not answer (bot/nlu_client.py).
"""

from __future__ import annotations

import sys

from bot import nlu_client, speedups


def apply() -> None:
    """Everything the Wmo-assistent changes in the Rasa process, before Rasa reads its command line."""
    from wmo.masking import install_log_masking

    install_log_masking()  # a BSN, IBAN or phone number in a log line of the Rasa server is masked
    speedups.apply()
    nlu_client.install()


def main() -> None:
    apply()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
