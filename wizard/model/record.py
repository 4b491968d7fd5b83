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


class Record:
    """Fields from the class annotations, in order; keyword construction, equality, repr."""

    _fields: tuple = ()
    _defaults: dict = {}

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        fields = list(cls._fields)
        defaults = dict(cls._defaults)
        for name in cls.__dict__.get("__annotations__", {}):
            if name.startswith("_"):
                continue
            if name not in fields:
                fields.append(name)
            if name in cls.__dict__:
                defaults[name] = cls.__dict__[name]
        cls._fields = tuple(fields)
        cls._defaults = defaults
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

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self._fields)

    __hash__ = None  # mutable, like a dataclass with eq

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._fields)
        return f"{type(self).__name__}({inner})"
