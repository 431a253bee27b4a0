"""bot/tf_predict.py: a prediction through the graph called directly is Rasa's prediction, and what does not fit
the graph's signature goes to Rasa's code."""

import numpy as np
import pytest
import tensorflow as tf
from rasa.shared.constants import DIAGNOSTIC_DATA
from rasa.utils.tensorflow.models import RasaModel

from bot.speedups import tf_predict


class Tiny(RasaModel):
    """A model with what DIET's predictions have: sequences of any length, a layer with weights, ints, diagnostics."""

    def __init__(self) -> None:
        super().__init__(random_seed=2015)
        self.dense = tf.keras.layers.Dense(3)

    def batch_predict(self, batch_in):
        features, ids, lengths = batch_in
        scores = tf.nn.softmax(self.dense(tf.reduce_sum(features, axis=1)))
        return {"scores": scores, "ids": ids * 2, "lengths": lengths,
                DIAGNOSTIC_DATA: {"attention": tf.reduce_mean(features, axis=-1)}}


def batch(length, seed=0, dtype=np.float32, width=4):
    rng = np.random.default_rng(seed)
    return (rng.random((1, length, width)).astype(dtype), np.arange(2 * length, dtype=np.int64).reshape(length, 2),
            np.array([length], dtype=np.int64))


@pytest.fixture(scope="module")
def model():
    return Tiny()


@pytest.fixture
def rasa_calls(monkeypatch):
    calls = []
    monkeypatch.setattr(tf_predict, "RASA_PREDICT", lambda self, batch_in: calls.append(batch_in) or
                        RasaModel._rasa_predict(self, batch_in))
    return calls


def outcome(predict, model, batch_in):
    try:
        return predict(model, batch_in)
    except Exception as e:  # noqa: BLE001 - the kind of error is what is compared
        return type(e)


def test_predictions_are_rasas_for_messages_of_every_length(model):
    tf_predict.rasa_predict(model, batch(3))  # the first builds the graph
    for length in [1, 2, 5, 17, 40]:
        for seed in range(3):
            ours = tf_predict.rasa_predict(model, batch(length, seed))
            rasas = RasaModel._rasa_predict(model, batch(length, seed))
            tf_predict.check(ours, rasas)
            assert ours["scores"].shape == (1, 3) and ours[DIAGNOSTIC_DATA]["attention"].shape == (1, length)


def test_only_the_first_prediction_goes_through_rasas_code(model, rasa_calls):
    fresh = Tiny()
    for length in [3, 4, 9]:
        tf_predict.rasa_predict(fresh, batch(length))
    assert len(rasa_calls) == 1


def test_inputs_that_do_not_fit_the_signature_go_to_rasa_and_get_its_error(model, rasa_calls):
    tf_predict.rasa_predict(model, batch(3))
    rasa_calls.clear()
    misfits = [batch(3, width=5), batch(3)[:2], (np.zeros((1, 3), np.float32), *batch(3)[1:])]
    for misfit in misfits:
        ours, rasas = outcome(tf_predict.rasa_predict, model, misfit), outcome(RasaModel._rasa_predict, model, misfit)
        assert ours is rasas is ValueError
    assert len(rasa_calls) == len(misfits)


def test_inputs_tensorflow_converts_give_rasas_prediction(model):
    tf_predict.rasa_predict(model, batch(3))
    wider = batch(4, dtype=np.float64)  # made float32, as TensorFlow does for Rasa
    tf_predict.check(tf_predict.rasa_predict(model, wider), RasaModel._rasa_predict(model, wider))


def test_with_the_check_on_each_prediction_is_also_made_rasas_way(model, rasa_calls, monkeypatch):
    tf_predict.rasa_predict(model, batch(3))
    rasa_calls.clear()
    monkeypatch.setenv("WMO_RASA_SPEEDUPS", "check")
    tf_predict.rasa_predict(model, batch(6))
    assert len(rasa_calls) == 1


@pytest.mark.parametrize("ours, rasas", [
    ({"a": np.array([1.0, 2.0])}, {"a": np.array([1.0, 2.5])}),
    ({"a": np.array([1, 2])}, {"a": np.array([1.0, 2.0])}),
    ({"a": {"b": None}}, {"a": {"b": np.zeros(1)}}),
    ({"a": 1}, {"a": 1, "b": 2}),
])
def test_the_check_finds_any_difference(ours, rasas):
    with pytest.raises(AssertionError):
        tf_predict.check(ours, rasas)
