"""Built-in example services, shipped inside the package."""

from __future__ import annotations

import os

_HERE = os.path.dirname(os.path.abspath(__file__))


def names() -> list[str]:
    return sorted(f[:-4] for f in os.listdir(_HERE) if f.endswith(".yml"))


def path(name: str) -> str:
    full = os.path.join(_HERE, f"{name}.yml")
    if not os.path.isfile(full):
        raise KeyError(name)
    return full
