"""Rasa action server of the Wmo-assistent: one module per topic.

Actions only translate between the dialogue and `wmo/` (rules and gemeente facts); they hold no facts.
"""

from wmo import gemeente
from wmo.masking import install_log_masking

# A BSN, IBAN or phone number in a log line of the action server is masked.
install_log_masking()

# Fail at start-up, not in the middle of a conversation, when a gemeente's file (config/gemeenten/) is incomplete.
gemeente.alle()
