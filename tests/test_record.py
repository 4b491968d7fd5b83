"""The model's Record base: declared like a dataclass, behaves like one where we rely on it."""

from __future__ import annotations

import pytest

from wizard.model.service import Function, HttpApiEvent, Provider, Service


def test_defaults_factories_and_equality():
    a = Function(key="a")
    b = Function(key="a")
    assert a == b and a.handler is None and a.events == []
    a.events.append(HttpApiEvent(method="GET", route_path="/x"))
    assert b.events == [] and a != b  # each instance has its own list
    assert Provider().iam is not Provider().iam
    assert repr(HttpApiEvent(method="GET")).startswith("HttpApiEvent(method='GET', route_path=None")


def test_wrong_arguments_are_refused():
    with pytest.raises(TypeError, match="needs service"):
        Service()
    with pytest.raises(TypeError, match="unexpected handlr"):
        Function(key="a", handlr="x")
