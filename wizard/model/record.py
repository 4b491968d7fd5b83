"""Declarative plain-data classes that cost nothing to define.

The model reads like dataclasses (annotated fields with defaults) but is built by
``Record.__init_subclass__`` from the annotations, without generating and compiling
code at import. Measured with callgrind on ``httpapi-wizard compile`` of the seed
example: ``dataclasses`` (import plus creating the model's classes) was 70 M of the
CLI's 380 M instructions, the difference between meeting and missing the target of
1.5 times a bare PyYAML process; with Record the CLI runs in about 1.2 times.
"""

from __future__ import annotations


class factory:  # noqa: N801 - reads like dataclasses.field(default_factory=...)
    """A default made fresh for each instance (``factory(list)``)."""

    __slots__ = ("make",)

    def __init__(self, make) -> None:
        self.make = make


class yaml:  # noqa: N801 - reads like dataclasses.field(metadata=...)
    """A field's place in serverless.yml, declared with the field: ``memory_size: int | None = yaml("memorySize")``.

    Reading (model/build.py), writing (authoring/document.py) and the set of keys the compiler
    knows all derive from it. ``path`` may go deeper than one key (``("httpApi", "payload")``).
    ``by_hand`` fields are read and written by code of their own (their value is not the YAML
    value as written); ``also`` names further keys such a field reads.
    """

    __slots__ = ("path", "default", "required", "by_hand", "also")

    def __init__(self, *path: str, default=None, required: bool = False, by_hand: bool = False,
                 also: tuple = ()) -> None:
        self.path = path
        self.required = required
        self.default = default
        self.by_hand = by_hand
        self.also = also


class Record:
    """Fields from the class annotations, in order; keyword construction, equality, repr."""

    _fields: tuple = ()
    _defaults: dict = {}
    # Field name -> its ``key`` declaration, in declaration order.
    _keys: dict = {}
    # (field name, YAML path) of the fields read and written as the YAML holds them.
    _plain_keys: tuple = ()

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        fields = list(cls._fields)
        defaults = dict(cls._defaults)
        keys = dict(cls._keys)
        for name in cls.__dict__.get("__annotations__", {}):
            if name.startswith("_"):
                continue
            if name not in fields:
                fields.append(name)
            if name in cls.__dict__:
                value = cls.__dict__[name]
                if isinstance(value, yaml):
                    keys[name] = value
                    if value.required:
                        delattr(cls, name)
                        continue
                    value = value.default
                    setattr(cls, name, value)
                defaults[name] = value
        cls._fields = tuple(fields)
        cls._defaults = defaults
        cls._keys = keys
        cls._plain_keys = tuple((n, k.path) for n, k in keys.items() if not k.by_hand)
        cls._plain = {k: v for k, v in defaults.items() if not isinstance(v, factory)}
        cls._factories = tuple((k, v.make) for k, v in defaults.items() if isinstance(v, factory))
        cls._names = frozenset(fields)
        cls._required = frozenset(n for n in fields if n not in defaults)

    def __init__(self, **values) -> None:
        if not values.keys() <= self._names:
            raise TypeError(f"{type(self).__name__}() got unexpected {', '.join(values.keys() - self._names)}")
        if not self._required <= values.keys():
            raise TypeError(f"{type(self).__name__}() needs {', '.join(sorted(self._required - values.keys()))}")
        state = self.__dict__
        state.update(self._plain)
        for name, make in self._factories:
            if name not in values:
                state[name] = make()
        state.update(values)

    @classmethod
    def yaml_key(cls, name: str) -> str:
        """The YAML key of field ``name`` (its first step when the path goes deeper)."""
        return cls._keys[name].path[0]

    @classmethod
    def yaml_keys(cls) -> frozenset:
        """Every key of the mapping this record is read from that some field reads."""
        out = set()
        for k in cls._keys.values():
            out.add(k.path[0])
            out.update(k.also)
        return frozenset(out)

    @classmethod
    def from_yaml(cls, raw: dict, **values):
        """The record with every plain field read from ``raw`` (a missing key is None), then ``values``."""
        for name, path in cls._plain_keys:
            if len(path) == 1:
                values.setdefault(name, raw.get(path[0]))
            else:
                node = raw
                for step in path:
                    node = node.get(step) if isinstance(node, dict) else None
                values.setdefault(name, node)
        return cls(**values)

    def yaml_items(self):
        """(YAML path, value) of each plain field that is set, in declaration order."""
        state = self.__dict__
        for name, path in self._plain_keys:
            value = state[name]
            if value is not None:
                yield path, value

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self._fields)

    __hash__ = None  # mutable, like a dataclass with eq

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._fields)
        return f"{type(self).__name__}({inner})"
