"""bot/sparse_features.py joins a message's sparse features exactly as Rasa 3.6 does, only once instead of per part."""

from __future__ import annotations

import copy
import timeit

import numpy as np
import pytest
import scipy.sparse
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

from bot.speedups import sparse_features
from bot.speedups.sparse_features import RASA_COMBINE_FEATURES, combine_features, same_features

FEATURIZERS = ["RegexFeaturizer", "LexicalSyntacticFeaturizer", "CountVectorsFeaturizer", "CountVectorsFeaturizer2"]


def coo(rows: int, cols: int, density: float = 0.1, dtype=np.float64, seed: int = 0) -> scipy.sparse.coo_matrix:
    matrix = scipy.sparse.random(rows, cols, density=density, random_state=seed, dtype=dtype, format="coo")
    rng = np.random.default_rng(seed)
    order = rng.permutation(matrix.nnz)  # entries not in row order, as a featurizer may leave them
    return scipy.sparse.coo_matrix((matrix.data[order], (matrix.row[order], matrix.col[order])), shape=matrix.shape)


def features(*matrices, kind: str = FEATURE_TYPE_SEQUENCE) -> list:
    return [Features(matrix, kind, TEXT, name) for matrix, name in zip(matrices, FEATURIZERS * 2)]


CASES = {
    # what the four sparse featurizers give for a sentence of 7 tokens, and for the sentence
    "sequence": features(coo(7, 40), coo(7, 105, 0.3), coo(7, 900, 0.02), coo(7, 12000, 0.003)),
    "sentence": features(coo(1, 40), coo(1, 105, 0.3), coo(1, 900, 0.02), coo(1, 12000, 0.003),
                         kind=FEATURE_TYPE_SENTENCE),
    "two parts": features(coo(3, 5), coo(3, 8)),
    "a part without entries": features(coo(4, 10), coo(4, 30, 0.0), coo(4, 7)),
    "mixed dtypes": features(coo(5, 20, dtype=np.float32), coo(5, 20, dtype=np.int64), coo(5, 9, dtype=np.float64)),
    "float32 only": features(coo(5, 20, dtype=np.float32), coo(5, 20, dtype=np.float32)),
    "columns beyond int32": features(scipy.sparse.coo_matrix(([1.0, 2.0], ([0, 1], [5, 2**31 - 20])),
                                                             shape=(2, 2**31 - 10)), coo(2, 100, 0.5)),
    "one part": features(coo(3, 5)),
    "dense": [Features(np.ones((3, 4)), FEATURE_TYPE_SEQUENCE, TEXT, "a"),
              Features(np.zeros((3, 2)), FEATURE_TYPE_SEQUENCE, TEXT, "b")],
    "csr parts": features(coo(3, 5).tocsr(), coo(3, 6).tocsr()),
    "coo and csr": features(coo(3, 5), coo(3, 6).tocsr()),
    "no parts": [],
}


def arrays(matrix) -> tuple:
    if isinstance(matrix, scipy.sparse.coo_matrix):
        return matrix.data, matrix.row, matrix.col
    if isinstance(matrix, scipy.sparse.csr_matrix):
        return matrix.data, matrix.indices, matrix.indptr
    return (matrix,)


@pytest.mark.parametrize("name", CASES)
def test_the_joined_features_are_rasas(name):
    parts = CASES[name]
    before = copy.deepcopy(parts)
    ours = combine_features(parts, FEATURIZERS)
    rasas = RASA_COMBINE_FEATURES(copy.deepcopy(parts), FEATURIZERS)
    if rasas is None:
        assert ours is None
        return
    if scipy.sparse.issparse(rasas.features) and rasas.features.format == "coo":
        assert same_features(ours, rasas)
    else:
        assert (ours.type, ours.attribute, ours.origin) == (rasas.type, rasas.attribute, rasas.origin)
        assert type(ours.features) is type(rasas.features)
        assert all(np.array_equal(a, b) for a, b in zip(arrays(ours.features), arrays(rasas.features)))
    for part, kept in zip(parts, before):  # the parts are left as they were
        assert type(part.features) is type(kept.features) and part.features.shape == kept.features.shape
        assert all(np.array_equal(a, b) for a, b in zip(arrays(part.features), arrays(kept.features)))
    if ours.is_sparse() and parts:
        for part in parts:  # and the result does not share their memory
            assert not np.shares_memory(ours.features.data, part.features.data)


def test_rows_that_differ_get_rasas_error():
    parts = features(coo(3, 5), coo(4, 5))
    with pytest.raises(ValueError, match="sequence dimensions do not match"):
        combine_features(parts, FEATURIZERS)


def test_a_message_gives_rasas_features():
    message = Message({TEXT: "ik kan niet meer zelf douchen"})
    for kind, rows in ((FEATURE_TYPE_SEQUENCE, 6), (FEATURE_TYPE_SENTENCE, 1)):
        for n, name in enumerate(FEATURIZERS):
            message.add_features(Features(coo(rows, 30 * (n + 1), 0.2, seed=n), kind, TEXT, name))
    ours = message.get_sparse_features(TEXT, FEATURIZERS)
    original = vars(Message)["_combine_features"]  # the staticmethod itself: Message._combine_features unwraps it
    Message._combine_features = staticmethod(RASA_COMBINE_FEATURES)
    try:
        rasas = message.get_sparse_features(TEXT, FEATURIZERS)
    finally:
        Message._combine_features = original
    assert all(same_features(a, b) for a, b in zip(ours, rasas))


def test_the_check_switch_compares_with_rasa(monkeypatch):
    monkeypatch.setenv("WMO_RASA_SPEEDUPS", "check")
    assert same_features(combine_features(CASES["sequence"], FEATURIZERS),
                         RASA_COMBINE_FEATURES(CASES["sequence"], FEATURIZERS))
    monkeypatch.setattr(sparse_features, "hstack_coo", lambda parts: scipy.sparse.hstack(parts[::-1]))
    with pytest.raises(AssertionError, match="differ from Rasa's"):
        combine_features(CASES["sequence"], FEATURIZERS)


def test_joining_is_faster_than_rasas():
    """The reason for the module: measured in the same process, so a slow machine slows both."""
    parts = CASES["sequence"]
    ours = min(timeit.repeat(lambda: combine_features(parts, FEATURIZERS), number=200, repeat=3))
    rasas = min(timeit.repeat(lambda: RASA_COMBINE_FEATURES(parts, FEATURIZERS), number=200, repeat=3))
    assert ours * 3 < rasas
