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


def test_each_yaml_key_is_declared_once_and_read_written_and_known_from_there():
    """A field's YAML key sits with the field: build reads it, document writes it back at the same
    place, and the compiler counts it as known (no "not compiled" warning)."""
    from wizard.authoring.document import function, provider
    from wizard.model.build import FUNCTION_KEYS_COMPILED, PROVIDER_KEYS_COMPILED, build_service
    from wizard.model.record import yaml

    for cls, known in ((Function, FUNCTION_KEYS_COMPILED), (Provider, PROVIDER_KEYS_COMPILED)):
        declared = {name: k for name, k in cls._keys.items()}
        assert declared and all(isinstance(k, yaml) for k in declared.values())
        assert {k.path[0] for k in declared.values()} <= known
        for name, path in cls._plain_keys:
            value = f"value-of-{name}"
            raw: dict = {}
            node = raw
            for step in path[:-1]:
                node = node.setdefault(step, {})
            node[path[-1]] = value
            record = cls.from_yaml(raw, **({"key": "f"} if cls is Function else {}))
            assert getattr(record, name) == value
            assert [p for p, _ in record.yaml_items()] == [path]

    config = {"service": "s", "provider": {"name": "aws", "memorySize": 256},
              "functions": {"f": {"handler": "h.f", "memorySize": 512, "httpApi": {"payload": "1.0"}}}}
    service, _ = build_service(config)
    assert service.functions["f"].memory_size == 512 and service.functions["f"].http_api_payload == "1.0"
    assert function(service.functions["f"]) == {"handler": "h.f", "memorySize": 512, "httpApi": {"payload": "1.0"}}
    assert provider(service)["settings"] == {"name": "aws", "memorySize": 256}
    assert Function.yaml_key("memory_size") == "memorySize" == Provider.yaml_key("memory_size")


def test_a_required_field_may_declare_its_key():
    with pytest.raises(TypeError, match="needs service"):
        Service()
    assert Service.yaml_key("service") == "service"
