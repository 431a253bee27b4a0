"""Starts Rasa's command line (`rasa run ...`) with fixes to Rasa 3.6 that the Wmo-assistent needs for speed.

    python -m bot.rasa_server run --model models/wmo.tar.gz ...      (what scripts/stack.py starts)

1. Rasa checks every answer of the action server against its JSON schema with `jsonschema.validate()`,
which first checks the *schema itself* against the JSON Schema meta-schema, on every call. With jsonschema 4.17
(the newest Rasa 3.6 allows) that costs about 22 ms per custom action, while checking the answer costs 0.3 ms.
A form turn runs two custom actions, so this was half of the Rasa server's time per message (py-spy profile,
issue 8). Here the schema is checked once and the validator is kept: every answer is still validated, with
the same errors (jsonschema's `best_match`, and Rasa's message appended), as `jsonschema.validate` raises them.
   Even with the validator kept, checking an answer cost 0.6 ms per event (8% of the server's time at 20 inwoners,
the most in the 30 slots of `action_session_start`): Rasa's schema says an event is "one of" 23 kinds, so
jsonschema tries every kind for every event. Each kind is named by the event's `event` field, so an answer is
valid exactly when it is valid without the "one of" and each event is valid for its own kind; that is checked
first. Only an answer that fails it goes through Rasa's whole schema, which then gives Rasa's error.
2. Loading a conversation from the tracker store turns each stored event into its class with
`Event.resolve_by_type`, which walks the whole tree of Event subclasses (and asks `inspect.isabstract` of each)
for every event: 7.5% of the server's time. Here the answer per event name is remembered. Event classes are
defined when Rasa is imported and their names are unique, so the answers are the same.
3. Rasa sends the whole conversation as JSON with every call to the action server, written by `json.dumps`:
5.5% of the server's time at 20 inwoners. Here it is written by ujson (which Sanic already brings), several times
faster; anything ujson cannot write goes to `json.dumps` as before.
4. Before each prediction the policies ask for the dialogue states of the whole conversation, which Rasa works out
by replaying every event, several times per message: bot/dialogue_states.py replays only the new events.
5. Rasa works out a tracker's applied events (without what an undo took back) from all its events, many times per
message: bot/applied_events.py keeps the answer until an event is added.
6. Rasa runs the NLU pipeline and the policies through dask, which plans the same graph anew on every run:
bot/graph_runner.py runs the nodes in the order dask chose the first time.
7. Every new tracker (Rasa makes several per message: a copy for each action, one for each check of a form) copies
each of the 78 slots with `copy.copy`, which goes through the pickle protocol (the profile's 12% for this turned
out to be mostly the garbage collector, see 9). Slots get a `__copy__` that does what that protocol does for them
(a new object with the same attributes).
8. For every prediction TensorFlow checks DIET's inputs against the signature of its one graph and looks the graph
up again: bot/tf_predict.py calls that graph directly.
9. Python's garbage collector went through the whole loaded model in every full pass: bot/gc_tuning.py sets the
model aside once it is loaded.
10. Before DIET predicts, Rasa joins the sparse features of the featurizers with one `scipy.sparse.hstack` per
featurizer: bot/sparse_features.py joins them in one step.
11. Rasa opened a new HTTP session, and so a new connection, for every call to the action server (3% of the
server's time at 20 inwoners): each endpoint now keeps one session per event loop, with its connections open
for 2 s between calls.
12. For every message Rasa checks whether the domain is empty by building an empty domain from scratch and
comparing (1.5% of the server's time): the empty domain's contents are now built once.
13. The RulePolicy checked every rule against every turn of the conversation, also turns further back than any
rule reaches: bot/rule_policy.py stops where the rules end.
14. Understanding a message (the NLU pipeline) was about a third of the server's time per message, on its one
core: with WMO_NLU_URL set, the NLU server (bot/nlu_server.py, its own process) understands it, and this server
understands it itself only when that one does not answer (bot/nlu_client.py).
It also masks BSNs, IBANs and phone numbers in every log line of the server (wmo/masking.py).
"""

from __future__ import annotations

import asyncio
import copy
import functools
import json
import sys
from typing import Any, Dict, Optional, Tuple

import ujson
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event

from bot import applied_events, dialogue_states, graph_runner, nlu_client, rule_policy, sparse_features

_RASA_RESOLVE_BY_TYPE = Event.resolve_by_type


@functools.lru_cache(maxsize=None)
def _action_response_validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


@functools.lru_cache(maxsize=None)
def _validators_per_kind() -> Optional[Tuple[Any, Dict[str, Any]]]:
    """Rasa's schema without the "one of" of the events, and a validator per kind of event (by its `event`), or
    None if the kinds are not each named by a different `event`. Built from the whole schema's validator, whose
    schema is checked once there."""
    whole = _action_response_validator()
    validator_class = type(whole)
    without_kinds = copy.deepcopy(whole.schema)
    kinds = without_kinds["properties"]["events"]["items"].pop("oneOf")
    names = [kind.get("properties", {}).get("event", {}).get("const") for kind in kinds]
    if None in names or len(set(names)) != len(names):
        return None
    return validator_class(without_kinds), {name: validator_class(kind) for name, kind in zip(names, kinds)}


def _valid_per_kind(result: Any) -> bool:
    """True only for an answer that Rasa's schema accepts: valid without the "one of", and every event valid for
    the one kind its `event` names (the kinds its `event` does not name fail on it, so "one of" holds)."""
    validators = _validators_per_kind()
    if validators is None:
        return False
    without_kinds, per_kind = validators
    if not without_kinds.is_valid(result):
        return False
    for event in result.get("events") or []:
        kind = per_kind.get(event["event"])
        if kind is None or not kind.is_valid(event):
            return False
    return True


def validate_action_result(self: Any, result: Dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result of Rasa 3.6, with the validator built once, and a valid answer checked
    per kind of event."""
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    if _valid_per_kind(result):
        return True
    error = best_match(_action_response_validator().iter_errors(result))
    if error is not None:
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


@functools.lru_cache(maxsize=None)
def _event_class(type_name: str) -> Any:
    return _RASA_RESOLVE_BY_TYPE(type_name)  # raises ValueError for an unknown name, which is not remembered


def resolve_by_type(type_name: str, default: Any = None) -> Any:
    """Event.resolve_by_type of Rasa 3.6, remembering the class of each event name."""
    try:
        return _event_class(type_name)
    except ValueError:
        if default is not None:
            return default
        raise


def copy_slot(self: Any) -> Any:
    """`copy.copy` of a slot: what Python's copy makes of an object with neither `__slots__` nor `__getstate__`,
    a new object of the class with the same `__dict__`; anything else goes through the pickle protocol as before."""
    cls = type(self)
    if not _plainly_copied(cls):
        return copy._reconstruct(self, None, *self.__reduce_ex__(4))
    duplicate = cls.__new__(cls)
    duplicate.__dict__.update(self.__dict__)
    return duplicate


@functools.lru_cache(maxsize=None)
def _plainly_copied(cls: type) -> bool:
    return (cls.__reduce_ex__ is object.__reduce_ex__ and cls.__reduce__ is object.__reduce__
            and getattr(cls, "__getstate__", None) is getattr(object, "__getstate__", None)
            and getattr(cls, "__setstate__", None) is getattr(object, "__setstate__", None)
            and not any(vars(klass).get("__slots__") for klass in cls.__mro__))  # abc.ABC has empty ones


def json_dumps(value: Any) -> str:
    """The body of a call to the action server: ujson, or `json.dumps` (Rasa's) for what ujson refuses."""
    try:
        return ujson.dumps(value, escape_forward_slashes=False)
    except (TypeError, OverflowError, ValueError):
        return json.dumps(value)


# Idle connections to the action server are closed after this many seconds, before Sanic (the action server)
# closes them after 5: a request never goes out on a connection the server is closing.
KEEPALIVE_SECONDS = 2.0
_SESSION = "_wmo_session"  # on an EndpointConfig: (event loop, its session)


class _OpenSession:
    """What `async with endpoint.session()` gets: the endpoint's session, left open at the end of the block."""

    def __init__(self, session: Any) -> None:
        self.session = session

    async def __aenter__(self) -> Any:
        return self.session

    async def __aexit__(self, *exc_info: Any) -> None:
        return None


def endpoint_session(self: Any) -> Any:
    """EndpointConfig.session of Rasa 3.6, writing JSON bodies with `json_dumps`, and one session per endpoint
    and event loop instead of one per call: its connections are kept open between calls (Rasa made a new session,
    connector and connection for every call to the action server)."""
    loop = asyncio.get_running_loop()
    kept = self.__dict__.get(_SESSION)
    if kept is None or kept[0] is not loop or kept[1].closed:
        import aiohttp
        from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT

        auth = None
        if self.basic_auth:
            auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
        session = aiohttp.ClientSession(headers=self.headers, auth=auth,
                                        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                                        json_serialize=json_dumps,
                                        connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS))
        kept = self.__dict__[_SESSION] = (loop, session)
    return _OpenSession(kept[1])


RASA_DOMAIN_IS_EMPTY = Domain.is_empty


@functools.lru_cache(maxsize=None)
def _empty_domain_as_dict() -> Dict[str, Any]:
    return Domain.empty().as_dict()


def domain_is_empty(self: Domain) -> bool:
    """Domain.is_empty of Rasa 3.6, with the empty domain's contents built once instead of on every call."""
    return self.as_dict() == _empty_domain_as_dict()


def apply() -> None:
    from rasa.core.actions.action import RemoteAction
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.shared.core.slots import Slot
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.shared.nlu.training_data.message import Message
    from rasa.utils.endpoints import EndpointConfig
    from rasa.utils.tensorflow.models import RasaModel

    from bot import tf_predict
    from wmo.masking import install_log_masking

    install_log_masking()  # a BSN, IBAN or phone number in a log line of the Rasa server is masked

    RemoteAction._validate_action_result = validate_action_result
    Event.resolve_by_type = staticmethod(resolve_by_type)
    Domain.states_for_tracker_history = dialogue_states.states_for_tracker_history
    EndpointConfig.session = endpoint_session
    DialogueStateTracker.applied_events = applied_events.applied_events
    DaskGraphRunner.run = graph_runner.run
    RasaModel._rasa_predict = tf_predict.rasa_predict
    Slot.__copy__ = copy_slot
    Message._combine_features = staticmethod(sparse_features.combine_features)
    Domain.is_empty = domain_is_empty
    RulePolicy._get_possible_keys = rule_policy.get_possible_keys
    nlu_client.install()


def main() -> None:
    from bot import gc_tuning

    apply()
    gc_tuning.install()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
