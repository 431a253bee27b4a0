"""The sparse features of a message joined in one step instead of one `scipy.sparse.hstack` per featurizer.

Before DIET and the ResponseSelector predict, Rasa 3.6 joins the sparse features of the four sparse featurizers
(regex, lexical-syntactic, two count vectors), for the tokens and for the sentence: `Message._combine_features`
deep-copies the first and then calls `hstack` for each next one, and each `hstack` goes through scipy's general
`bmat` (an object array of blocks, a COO matrix built and checked). That was 6% of the Rasa server's time at 20
inwoners (py-spy, issue 8), for matrices of a few dozen entries.

Here, when every part is a COO matrix with the same number of rows (what the featurizers make), the parts are
joined as `bmat` joins them, once: the same values, row and column numbers, dtypes and entry order, a new
matrix not sharing memory with the parts. Anything else (dense features, one part, other sparse formats, rows
that differ, a part without rows or columns) goes to Rasa's own code, which also raises Rasa's errors. With
`WMO_RASA_SPEEDUPS=check` (the conversation and end-to-end tests) every join is also made Rasa's way and compared.
"""

from __future__ import annotations

from typing import List, Optional, Text

import numpy as np
import scipy.sparse
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse._sputils import get_index_dtype, upcast

from bot.speedups.switch import checking

RASA_COMBINE_FEATURES = Message._combine_features


def hstack_coo(parts: List[scipy.sparse.coo_matrix]) -> scipy.sparse.coo_matrix:
    """`scipy.sparse.hstack(parts)` for COO matrices with equal, non-zero numbers of rows and columns, as scipy
    1.10's `bmat` builds it (without the checks and conversions it needs for other blocks)."""
    rows = parts[0].shape[0]
    shape = (rows, sum(part.shape[1] for part in parts))
    nnz = sum(part.nnz for part in parts)
    idx_dtype = get_index_dtype(maxval=max(shape))
    data = np.empty(nnz, dtype=upcast(*[part.dtype for part in parts]))
    row = np.empty(nnz, dtype=idx_dtype)
    col = np.empty(nnz, dtype=idx_dtype)
    start = offset = 0
    for part in parts:
        end = start + part.nnz
        data[start:end] = part.data
        row[start:end] = part.row
        np.add(part.col, offset, out=col[start:end], dtype=idx_dtype)
        start, offset = end, offset + part.shape[1]
    return scipy.sparse.coo_matrix((data, (row, col)), shape=shape)


def _joinable(features: List[Features]) -> bool:
    if len(features) < 2:
        return False
    rows = features[0].features.shape[0]
    return all(type(part.features) is scipy.sparse.coo_matrix and part.features.shape[0] == rows and rows
               and part.features.shape[1] for part in features)


def combine_features(features: List[Features], featurizers: List[Text]) -> Optional[Features]:
    """`Message._combine_features` of Rasa 3.6: the features joined in their order, with `origin` the
    featurizers' names."""
    if not _joinable(features):
        return RASA_COMBINE_FEATURES(features, featurizers)
    first = features[0]
    combined = Features(hstack_coo([part.features for part in features]), first.type, first.attribute, featurizers)
    if checking() and not same_features(combined, RASA_COMBINE_FEATURES(features, featurizers)):
        raise AssertionError("joined sparse features differ from Rasa's")
    return combined


def same_features(ours: Features, rasas: Features) -> bool:
    """The same kind, attribute, origin and matrix: format, shape, dtypes, and entries in the same order."""
    a, b = ours.features, rasas.features
    return ((ours.type, ours.attribute, ours.origin) == (rasas.type, rasas.attribute, rasas.origin)
            and a.format == b.format and a.shape == b.shape
            and (a.dtype, a.row.dtype, a.col.dtype) == (b.dtype, b.row.dtype, b.col.dtype)
            and np.array_equal(a.data, b.data) and np.array_equal(a.row, b.row) and np.array_equal(a.col, b.col))
