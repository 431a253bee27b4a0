"""Runs Rasa's prediction graphs in a fixed order instead of through dask's scheduler on every message.

Rasa 3.6 runs the NLU pipeline and the policies as graphs (`DaskGraphRunner`). For every message, and again for
every prediction of the next action, `DaskGraphRunner.run` works out which nodes the targets need (walking the
graph once per path, not once per node), builds a dask graph and hands it to dask, which orders the tasks and
schedules them one at a time. The graph's shape is the same every time: only the inputs (the message, the
tracker) differ. That bookkeeping was 8% of the Rasa server's time at 20 inwoners (py-spy, issue 8); the
components themselves run unchanged.

Here the first run for a set of targets and input names goes through dask as before, and the order in which dask
ran the nodes is written down. Later runs call the same nodes in that order, each with the outputs of the nodes it
needs, just as dask passes them: a node's output is the pair (name, value), an input is the pair (name, value),
and a need that nothing provides is passed as its name (the node then warns, as in Rasa). A `RuntimeError`
becomes Rasa's `GraphRunError`; every other error comes out as it does from dask.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text, Tuple

import dask
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

logger = logging.getLogger(__name__)

RASA_RUN = DaskGraphRunner.run

# On a runner: its plans, by (targets, input names).
_PLANS = "_wmo_plans"


@dataclass(frozen=True)
class _Step:
    name: Text
    node: Any
    needs: Tuple[Text, ...]


class _Recorder:
    """Stands in for a node in the dask graph of a first run: notes that the node ran, then runs it."""

    def __init__(self, name: Text, node: Any, ran: List[Text]) -> None:
        self.name, self.node, self.ran = name, node, ran

    def __call__(self, *inputs: Any) -> Any:
        self.ran.append(self.name)
        return self.node(*inputs)


def _run_with_dask(runner: DaskGraphRunner, inputs: Optional[Dict[Text, Any]], targets: List[Text]
                   ) -> Tuple[Dict[Text, Any], Optional[List[_Step]]]:
    """`DaskGraphRunner.run` of Rasa 3.6, which also gives the order the nodes ran in as a plan for next time
    (None when an input takes the place of a node: that graph is left to dask every time)."""
    schema = runner._graph_schema.minimal_graph_schema(targets)
    graph = runner._build_dask_graph(schema)
    shadowed = bool(inputs) and any(name in graph for name in inputs)
    ran: List[Text] = []
    for name, schema_node in schema.nodes.items():
        graph[name] = (_Recorder(name, runner._instantiated_nodes[name], ran), *schema_node.needs.values())
    if inputs:
        runner._add_inputs_to_graph(inputs, graph)
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(f"Running graph with inputs: {inputs}, targets: {targets} and {runner._execution_context}.")
    try:
        result = dict(dask.get(graph, targets))
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e
    if shadowed or sorted(ran) != sorted(schema.nodes):
        return result, None
    plan = [_Step(name, runner._instantiated_nodes[name], tuple(schema.nodes[name].needs.values())) for name in ran]
    return result, plan


def run(self: DaskGraphRunner, inputs: Optional[Dict[Text, Any]] = None,
        targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
    """`DaskGraphRunner.run`: the same nodes with the same inputs in the same order, and the same result."""
    run_targets = targets if targets else self._graph_schema.target_names
    key = (tuple(run_targets), tuple(sorted(inputs or ())))
    plans: Dict[Any, Optional[List[_Step]]] = self.__dict__.setdefault(_PLANS, {})
    plan = plans.get(key)
    if plan is None:
        result, plans[key] = _run_with_dask(self, inputs, run_targets)
        return result

    # Rasa's own check that no input value names a node, which also makes each input the pair (name, value)
    graph: Dict[Text, Any] = dict.fromkeys(step.name for step in plan)
    self._add_inputs_to_graph(inputs, graph)
    outputs = {name: graph[name] for name in inputs or ()}
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(f"Running graph with inputs: {inputs}, targets: {targets} and {self._execution_context}.")
    try:
        for step in plan:
            outputs[step.name] = step.node(*(outputs.get(need, need) for need in step.needs))
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e
    return dict(outputs[target] for target in run_targets)
