"""Speed patches to Rasa 3.6 internals, all behind one switch (`WMO_RASA_SPEEDUPS`, bot/speedups/switch.py).

Nothing here changes what the bot answers: each patch does what Rasa's own code does, faster, and falls back to
Rasa's code for anything it was not made for. Each module's tests compare it with Rasa's code on the same input
(tests/bot/speedups/); with `WMO_RASA_SPEEDUPS=check` every patch also works each answer out Rasa's way and fails
on a difference, which the conversation tests and the end-to-end tests run with. `WMO_RASA_SPEEDUPS=off` leaves
Rasa as it is, to compare with plain Rasa: `WMO_RASA_SPEEDUPS=off make run`, or the same before
`.venv/api/bin/python bench/latency.py` (then the floor bot runs plain Rasa too).

Each module, what of Rasa it replaces, and the share of the Rasa server's time that took (py-spy at 20 inwoners,
issue 8):

- action_results.py: the check of the action server's answers (`RemoteAction._validate_action_result`); half of
  a form turn, then 8.5%
- event_classes.py: the class of a stored event (`Event.resolve_by_type`); 7.5%
- action_calls.py: the body and the HTTP session of a call to the action server (`EndpointConfig.session`);
  5.5% and 3%
- dialogue_states.py: the dialogue states for the policies (`Domain.states_for_tracker_history`); 12%
- applied_events.py: a tracker's applied events (`DialogueStateTracker.applied_events`); 6.3%
- graph_runner.py: dask planning the same graphs again (`DaskGraphRunner.run`); 8%
- slot_copy.py: copying a slot through pickle (`Slot.__copy__`); part of 12%
- gc_tuning.py: the garbage collector going through the loaded model (thresholds, `gc.freeze()` after
  `rasa.core.run.load_agent_on_start`); 11%
- empty_domain.py: building an empty domain for every message (`Domain.is_empty`); 1.5%
- rule_policy.py: the RulePolicy's rule search through turns no rule reaches (`RulePolicy._get_possible_keys`);
  5.7%

Two more patches, for DIET's and the ResponseSelector's TensorFlow prediction (12.6%) and for joining Rasa's sparse
features (6%), went when the pipeline lost those components (2026-12-03, bot/linear_intent_classifier.py).

The history of these figures, with dates and machines, is in docs/performance.md.
"""

from __future__ import annotations

import gc
from typing import Any, List, NamedTuple, Optional, Tuple

from bot.speedups.switch import ENV, checking, enabled, mode  # noqa: F401  (the switch, for callers)

_MISSING = object()


class Patch(NamedTuple):
    owner: Any
    attribute: str
    replacement: Any


def patches() -> List[Patch]:
    """Every attribute of Rasa the speedups replace, with what replaces it."""
    import rasa.core.run
    from rasa.core.actions.action import RemoteAction
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import Event
    from rasa.shared.core.slots import Slot
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import EndpointConfig

    from bot.speedups import (action_calls, action_results, applied_events, dialogue_states, empty_domain,
                              event_classes, gc_tuning, graph_runner, rule_policy, slot_copy)

    return [
        Patch(RemoteAction, "_validate_action_result", action_results.validate_action_result),
        Patch(Event, "resolve_by_type", staticmethod(event_classes.resolve_by_type)),
        Patch(EndpointConfig, "session", action_calls.endpoint_session),
        Patch(Domain, "states_for_tracker_history", dialogue_states.states_for_tracker_history),
        Patch(DialogueStateTracker, "applied_events", applied_events.applied_events),
        Patch(DaskGraphRunner, "run", graph_runner.run),
        Patch(Slot, "__copy__", slot_copy.copy_slot),
        Patch(rasa.core.run, "load_agent_on_start", gc_tuning.freezing(rasa.core.run.load_agent_on_start)),
        Patch(Domain, "is_empty", empty_domain.domain_is_empty),
        Patch(RulePolicy, "_get_possible_keys", rule_policy.get_possible_keys),
    ]


# What apply() replaced, to put back: (owner, attribute, Rasa's own or _MISSING); and the collector's thresholds.
_APPLIED: List[Tuple[Any, str, Any]] = []
_THRESHOLDS: List[Optional[Tuple[int, int, int]]] = [None]


def _own(owner: Any, attribute: str) -> Any:
    """The attribute as the owner itself holds it (a staticmethod stays one), or _MISSING."""
    return vars(owner).get(attribute, _MISSING)


def apply() -> bool:
    """Puts every patch in place, unless WMO_RASA_SPEEDUPS=off; whether it did. Applying twice is applying once."""
    if not enabled():
        return False
    if _APPLIED:
        return True
    from bot.speedups import gc_tuning

    for owner, attribute, replacement in patches():
        _APPLIED.append((owner, attribute, _own(owner, attribute)))
        setattr(owner, attribute, replacement)
    _THRESHOLDS[0] = gc.get_threshold()
    gc_tuning.set_thresholds()
    return True


def restore() -> None:
    """Rasa's own code back in place (tests compare the two in one process)."""
    while _APPLIED:
        owner, attribute, original = _APPLIED.pop()
        if original is _MISSING:
            delattr(owner, attribute)
        else:
            setattr(owner, attribute, original)
    if _THRESHOLDS[0] is not None:
        gc.set_threshold(*_THRESHOLDS[0])
        _THRESHOLDS[0] = None


def applied() -> bool:
    return bool(_APPLIED)
