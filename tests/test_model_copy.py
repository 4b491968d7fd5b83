"""The model's copy for undo and for what-if probes (wizard/model/copying.py): equal to the model, sharing
nothing mutable with it, for every service the wild corpus and the built-in examples load as."""

from __future__ import annotations

import pytest
from wild import FILES

from wizard import examples
from wizard.api import compile_file
from wizard.authoring.session import Session
from wizard.diagnostics import Immutable
from wizard.model.copying import copy_model

pytestmark = pytest.mark.cost(0.05)  # CPU-seconds per test, about (tests/conftest.py)

IMMUTABLE = (str, bytes, int, float, bool, type(None), frozenset)


def shared_mutables(original, copied, path="model") -> list[str]:
    """Where ``copied`` holds the very object ``original`` holds and that object can change."""
    if isinstance(original, IMMUTABLE):
        return []
    if isinstance(original, tuple):
        return [p for i, (a, b) in enumerate(zip(original, copied, strict=True)) for p in shared_mutables(a, b, f"{path}[{i}]")]
    found = [path] if original is copied and not _frozen(original) else []
    if isinstance(original, dict):
        assert list(original) == list(copied), path
        return found + [p for key in original for p in shared_mutables(original[key], copied[key], f"{path}[{key!r}]")]
    if isinstance(original, (list, set)):
        pairs = zip(original, copied, strict=True) if isinstance(original, list) else zip(sorted(original, key=repr), sorted(copied, key=repr), strict=True)
        return found + [p for i, (a, b) in enumerate(pairs) for p in shared_mutables(a, b, f"{path}[{i}]")]
    fields = vars(original) if hasattr(original, "__dict__") else {n: getattr(original, n) for n in getattr(original, "__slots__", ())}
    return found + [p for name, value in fields.items() for p in shared_mutables(value, getattr(copied, name), f"{path}.{name}")]


def _frozen(value) -> bool:
    """Objects nothing can change: frozen dataclasses, and the diagnostics (which deepcopy shares too)."""
    params = getattr(type(value), "__dataclass_params__", None)
    return bool(params and params.frozen) or isinstance(value, Immutable)


SOURCES = [str(f) for f in FILES] + [examples.path(name) for name in examples.names()]


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.rsplit("/", 1)[-1])
def test_a_copy_equals_the_model_and_shares_nothing_that_can_change(source):
    service = compile_file(source).service
    if service is None:
        pytest.skip("does not load as a service (its refusal is tested in test_corpus)")
    copied = copy_model(service)
    assert copied == service
    assert shared_mutables(service, copied) == []


def test_undo_brings_back_the_model_as_it_was_after_changes_in_place():
    session = Session.from_example("seed", "/tmp/unused")
    before = copy_model(session.service)
    session.update_function("simple", memory_size=512, timeout=9)
    session.add_route("simple", "GET", "/copied/{id}")
    assert session.service != before
    assert session.undo() and session.undo()
    assert session.service == before
