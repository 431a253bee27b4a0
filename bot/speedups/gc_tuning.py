"""Python's garbage collector in the Rasa server: the loaded model is set aside, and passes are made less often.

Python's cyclic garbage collector goes through every object it tracks in a full pass. Once the model is loaded,
the Rasa server holds some 730,000 objects (TensorFlow, Keras, Rasa, spaCy) that live as long as the process, and
the tracker store keeps up to 500 conversations. Measured with `gc.callbacks` at 20 inwoners: a full pass took
0.45 s, every 5 s, and all passes together 11% of the server's time; each full pass also holds up every
conversation for those 0.45 s.

- After the model is loaded, everything is collected once and then frozen (`gc.freeze()`): later passes skip
  those objects. A model loaded later (a new model through the HTTP API) is not frozen; it is collected as usual.
- The collector's thresholds are raised to (50000, 10, 10). Python's default (700, 10, 10) starts a pass of the
  youngest generation each time 700 more container objects were made than freed, and a message makes many that
  live a while (events, their dictionaries, the copies of the conversation Rasa makes for each action): at 20
  inwoners that was some 50 passes a second (`gc.callbacks`). Each pass goes through every young object still
  alive, and with up to 500 conversations kept by the tracker store, ever more of them were. With (700, 10, 100)
  (step 8) the collector still took 4.4% of the server's time, and the server slowed as the store filled (14.3 →
  15.5 ms of CPU per message over three runs of 40 s). With (50000, 10, 10), in 2 minutes at 20 inwoners: 18
  young passes (up to 0.1 s each instead of a few ms), 1 middle one (0.17 s), no full one (that takes 10 middle
  ones: some 20 minutes at this rate); 1% of the time in all passes; 13.1 ms per message with a full store.
Objects are freed when their last reference goes, as before; only memory held in reference cycles waits for a
pass. A conversation the tracker store drops has no cycles of its own (tests/bot/speedups/test_gc_tuning.py), so it is
freed at once. Step 8 measured (700, 10, 100) with the model frozen: 1.5 s of full passes in 150 s instead of
13.6 s, and 3% of the server's time in all passes instead of 11%.
"""

from __future__ import annotations

import gc
import logging
from asyncio import AbstractEventLoop
from typing import Any, Optional, Text

logger = logging.getLogger(__name__)

THRESHOLDS = (50000, 10, 10)  # measured at 20 inwoners, see above


def set_thresholds() -> None:
    """Passes less often (THRESHOLDS); for a process that loads the model itself and then calls freeze()."""
    gc.set_threshold(*THRESHOLDS)


def freezing(rasa_load: Any) -> Any:
    """rasa.core.run's `load_agent_on_start` (the Rasa server's model load), freezing what the load leaves."""
    rasa_load = getattr(rasa_load, "__wrapped__", rasa_load)

    async def load_agent_on_start(model_path: Text, endpoints: Any, remote_storage: Optional[Text], app: Any,
                                  loop: AbstractEventLoop) -> Any:
        agent = await rasa_load(model_path, endpoints, remote_storage, app, loop)
        freeze()
        return agent

    load_agent_on_start.__wrapped__ = rasa_load  # type: ignore[attr-defined]
    return load_agent_on_start


def freeze() -> int:
    """Collects what is garbage now and sets aside the rest; the number of objects set aside."""
    gc.collect()
    gc.freeze()
    count = gc.get_freeze_count()
    logger.info(f"Garbage collector: {count} objects of the loaded model set aside (gc.freeze).")
    return count
