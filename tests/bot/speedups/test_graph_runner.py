"""bot/graph_runner.py: a graph run gives what Rasa's dask runner gives, running the same nodes in the same order,
while only the first run of a kind goes through dask."""

from typing import Any, Dict, List, Optional, Text

import pytest
from rasa.engine.exceptions import GraphComponentException, GraphRunError
from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

from bot.speedups import graph_runner


class Step(GraphComponent):
    """A node that writes down that it ran, and adds its name to what it gets."""

    ran: List[Text] = []

    def __init__(self, name: Text, fail_on: Optional[Text]) -> None:
        self.name, self.fail_on = name, fail_on

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "Step":
        return cls(resource.name, config.get("fail_on"))

    def provide(self) -> List[Text]:
        Step.ran.append(self.name)
        return [self.name]

    def process(self, messages: List[Text], previous: List[Text]) -> List[Text]:
        Step.ran.append(self.name)
        if self.fail_on and self.fail_on in messages:
            raise ValueError(f"{self.name} cannot take {self.fail_on}")
        return [*previous, *messages, self.name]

    def combine(self, left: List[Text], right: List[Text]) -> List[Text]:
        Step.ran.append(self.name)
        return [*left, "|", *right]


def node(fn: Text, is_target: bool = False, **needs: Text) -> SchemaNode:
    return SchemaNode(needs=needs, uses=Step, constructor_name="create", fn=fn, config={"fail_on": "kapot"},
                      eager=True, is_target=is_target)


# Shaped like Rasa's prediction graphs: a provider, a chain of components on the message, two branches that meet.
SCHEMA = GraphSchema({
    "provider": node("provide"),
    "tokenizer": node("process", messages="__message__", previous="provider"),
    "featurizer": node("process", messages="__message__", previous="tokenizer"),
    "classifier": node("process", messages="__message__", previous="featurizer"),
    "policy_a": node("process", messages="__message__", previous="classifier"),
    "policy_b": node("process", messages="__message__", previous="provider"),
    "select": node("combine", is_target=True, left="policy_a", right="policy_b"),
    "unused": node("provide"),
})


def make_runner(tmp_path, name):
    storage = LocalModelStorage(tmp_path / name)
    return DaskGraphRunner(SCHEMA, storage, ExecutionContext(SCHEMA, "test"))


def outcome(run, runner, inputs, targets=None):
    """What a run gives (or raises) and the nodes it ran, in order."""
    Step.ran = []
    try:
        result: Any = run(runner, inputs, targets)
    except Exception as e:  # noqa: BLE001 - the error is what is compared
        result = (type(e), str(e), type(e.__cause__))
    return result, Step.ran


@pytest.fixture
def runners(tmp_path):
    return make_runner(tmp_path, "ours"), make_runner(tmp_path, "rasa")


@pytest.fixture
def dask_runs(monkeypatch):
    calls = []
    real_get = graph_runner.dask.get
    monkeypatch.setattr(graph_runner.dask, "get", lambda *args, **kwargs: calls.append(args) or real_get(*args, **kwargs))
    return calls


CASES = [
    ({"__message__": ["hallo"]}, None),
    ({"__message__": ["ik wil hulp"]}, ["select"]),
    ({"__message__": ["ja"]}, ["classifier"]),  # only what the classifier needs
    ({"__message__": ["nee"]}, ["classifier", "policy_b"]),
    ({"__message__": ["kapot"]}, None),  # a component fails
    ({}, ["classifier"]),  # the message is missing: the tokenizer gets its name and says so
    ({"__message__": "provider"}, None),  # an input that is a node's name
]


def test_every_run_gives_what_rasa_gives_running_the_same_nodes_in_the_same_order(runners):
    ours, rasa = runners
    for repeat in range(3):
        for inputs, targets in CASES:
            expected = outcome(graph_runner.RASA_RUN, rasa, inputs, targets)
            assert outcome(graph_runner.run, ours, inputs, targets) == expected, (repeat, inputs, targets)


def test_the_runs_give_the_expected_answers(runners):
    ours, _ = runners
    result, ran = outcome(graph_runner.run, ours, {"__message__": ["hallo"]})
    assert result == {"select": ["provider", "hallo", "tokenizer", "hallo", "featurizer", "hallo", "classifier",
                                 "hallo", "policy_a", "|", "provider", "hallo", "policy_b"]}
    assert sorted(ran) == sorted(set(SCHEMA.nodes) - {"unused"})
    assert outcome(graph_runner.run, ours, {"__message__": ["kapot"]})[0][0] is GraphComponentException
    assert outcome(graph_runner.run, ours, {})[0][0] is GraphRunError
    assert outcome(graph_runner.run, ours, {"__message__": "provider"})[0][0] is GraphRunError


def test_only_the_first_run_of_a_kind_goes_through_dask(runners, dask_runs):
    ours, _ = runners
    for _ in range(5):
        graph_runner.run(ours, {"__message__": ["hallo"]})
    assert len(dask_runs) == 1
    graph_runner.run(ours, {"__message__": ["hallo"]}, ["classifier"])  # other targets: a plan of its own
    graph_runner.run(ours, {"__message__": ["hallo"]}, ["classifier"])
    assert len(dask_runs) == 2


def test_a_first_run_that_fails_leaves_no_plan(runners, dask_runs):
    ours, _ = runners
    with pytest.raises(GraphComponentException):
        graph_runner.run(ours, {"__message__": ["kapot"]})
    assert graph_runner.run(ours, {"__message__": ["weer goed"]})["select"][-1] == "policy_b"
    graph_runner.run(ours, {"__message__": ["nog eens"]})
    assert len(dask_runs) == 2


def test_an_input_in_the_place_of_a_node_is_left_to_dask(runners, dask_runs):
    ours, rasa = runners
    inputs = {"__message__": ["hallo"], "provider": ["van buiten"]}
    for _ in range(2):
        assert outcome(graph_runner.run, ours, inputs) == outcome(graph_runner.RASA_RUN, rasa, inputs)
    assert len(dask_runs) == 4
