"""DIET's and the ResponseSelector's TensorFlow graph called directly, without TensorFlow's search for it per call.

Rasa 3.6 predicts with a `tf.function` built with a fixed input signature (`RasaModel._rasa_predict`), so there is
exactly one compiled graph. Still, on every call TensorFlow 2.12 works out the type of each of the few dozen
input arrays, checks each against the signature and looks the graph up again: 12.6% of the Rasa server's time at
20 inwoners, against 3.2% for running the graph itself (py-spy, issue 8).

Here the graph is taken once from the `tf.function` (`get_concrete_function()`, the graph its calls use) and each
input is made a tensor of the signature's dtype, as TensorFlow does (`convert_to_tensor` with the dtype as hint).
When an input does not fit the signature (another dtype, another number of dimensions or another last dimension),
or anything else is not as expected, the call goes to Rasa's own code, which gives TensorFlow's error. Before the
first prediction, in eager mode and on the first call (which builds the graph), it is Rasa's code too.

With `WMO_RASA_SPEEDUPS=check` (the conversation and end-to-end tests) each prediction is also made Rasa's
way and any difference in the outputs fails the message.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

import numpy as np
import tensorflow as tf
from keras.utils import tf_utils
from rasa.shared.constants import DIAGNOSTIC_DATA
from rasa.utils.tensorflow.models import RasaModel

from bot.speedups.switch import checking

RASA_PREDICT = RasaModel._rasa_predict

# On a model: (the tf.function it was taken from, the graph, the flat input signature).
_GRAPH = "_wmo_predict_graph"


def _graph(model: RasaModel) -> Optional[Tuple[Any, Any, List[tf.TensorSpec]]]:
    step = model._tf_predict_step
    if step is None or model._run_eagerly or not model.prepared_for_prediction:
        return None
    kept = model.__dict__.get(_GRAPH)
    if kept is None or kept[0] is not step:
        signature = step.input_signature
        if not signature or len(signature) != 1:
            return None
        specs = list(signature[0])
        if not all(isinstance(spec, tf.TensorSpec) for spec in specs):
            return None
        kept = (step, step.get_concrete_function(), specs)
        model.__dict__[_GRAPH] = kept  # not through keras' __setattr__, which would track it as a layer
    return kept


def _tensors(batch_in: Any, specs: List[tf.TensorSpec]) -> Optional[List[tf.Tensor]]:
    """The inputs as tensors of the signature's dtypes, or None if one does not fit the signature."""
    if not isinstance(batch_in, (tuple, list)) or len(batch_in) != len(specs):
        return None
    tensors = []
    for value, spec in zip(batch_in, specs):
        if isinstance(value, np.ndarray) and value.dtype == spec.dtype.as_numpy_dtype:
            tensor = tf.constant(value)  # the same tensor, without convert_to_tensor's dispatch (a third of the time)
        else:
            tensor = tf.convert_to_tensor(value, dtype_hint=spec.dtype)
        if tensor.dtype != spec.dtype or not spec.shape.is_compatible_with(tensor.shape):
            return None
        tensors.append(tensor)
    return tensors


def _outputs(raw: Any) -> Dict[Text, Any]:
    """What Rasa's `_rasa_predict` makes of the graph's outputs."""
    outputs = tf_utils.sync_to_numpy_or_python_type(raw)
    if DIAGNOSTIC_DATA in outputs:
        outputs[DIAGNOSTIC_DATA] = RasaModel._empty_lists_to_none_in_dict(outputs[DIAGNOSTIC_DATA])
    return outputs


def rasa_predict(self: RasaModel, batch_in: Tuple[np.ndarray, ...]) -> Dict[Text, Any]:
    """`RasaModel._rasa_predict` of Rasa 3.6, calling the one graph of its `tf.function` directly."""
    graph = _graph(self)
    tensors = _tensors(batch_in, graph[2]) if graph else None
    if tensors is None:
        return RASA_PREDICT(self, batch_in)
    if self._training:
        self._training = False
    _, concrete, _ = graph
    outputs = _outputs(concrete._call_flat(tensors, concrete.captured_inputs))
    if checking():
        check(outputs, RASA_PREDICT(self, batch_in))
    return outputs


def check(ours: Any, rasas: Any, where: Text = "outputs") -> None:
    """Raises AssertionError where the two predictions differ."""
    if isinstance(rasas, dict):
        assert isinstance(ours, dict) and ours.keys() == rasas.keys(), f"{where}: {ours!r} != {rasas!r}"
        for key in rasas:
            check(ours[key], rasas[key], f"{where}[{key!r}]")
    elif isinstance(rasas, np.ndarray):
        assert isinstance(ours, np.ndarray) and ours.dtype == rasas.dtype and np.array_equal(ours, rasas), \
            f"{where} differ"
    else:
        assert type(ours) is type(rasas) and ours == rasas, f"{where}: {ours!r} != {rasas!r}"
