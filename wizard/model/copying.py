"""A copy of a model that shares nothing mutable with it: what a change keeps for undo, what a probe
tries a change on.

``copy.deepcopy`` walks the model in Python: 4.8 ms for a 200-route service, paid on every keystroke
(a change keeps the model as it was before it). Pickle's round trip rebuilds the same objects from
the same ``__reduce_ex__`` in C: 1.4 ms. A model holding something pickle cannot write (none that the
loader builds does) is deep-copied instead.
"""

from __future__ import annotations

import copy
import pickle
from typing import TypeVar

T = TypeVar("T")


def copy_model(model: T) -> T:
    try:
        return pickle.loads(pickle.dumps(model, pickle.HIGHEST_PROTOCOL))
    except (pickle.PicklingError, TypeError, AttributeError):
        return copy.deepcopy(model)
