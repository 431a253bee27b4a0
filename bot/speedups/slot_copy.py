"""A slot copied directly instead of through the pickle protocol.

Every new tracker (Rasa makes several per message: a copy for each action, one for each check of a form) copies
each of the 78 slots with `copy.copy`, which goes through the pickle protocol (the profile's 12% for this turned
out to be mostly the garbage collector, see gc_tuning.py). Slots get a `__copy__` that does what that protocol
does for them: a new object with the same attributes.
"""

from __future__ import annotations

import copy
import functools
from typing import Any


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
