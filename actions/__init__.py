"""Rasa action server of the Wmo-assistent: one module per topic.

Actions only translate between the dialogue and `wmo/` (rules and gemeente facts); they hold no facts.
"""

from wmo import gemeente

# Fail at start-up, not in the middle of a conversation, when config/gemeente.yml is incomplete.
gemeente.current()
