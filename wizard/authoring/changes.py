"""Carry a model's changes into an existing serverless.yml, touching only what changed.

The model was read from the file with its variables resolved, so writing the whole model
back would replace ``${...}`` with values. Instead the model as it was loaded is compared
with the model now; only the entries that differ are set, appended or deleted in the
file's text, through the in-place editor.
"""

from __future__ import annotations

from ..model.service import Service
from .document import document
from .edit import Document

_DELETE = object()


def _flatten(service: Service) -> dict:
    """The model as the mapping its serverless.yml holds (provider's parts joined back)."""
    doc = document(service)
    p = doc["provider"]
    provider = dict(p["settings"])
    if p["http_api"]:
        provider["httpApi"] = p["http_api"]
    if p["logs"]:
        provider["logs"] = p["logs"]
    out = {"service": doc["service"], "provider": provider, "functions": doc["functions"]}
    if doc["resources"] is not None:
        out["resources"] = doc["resources"]
    return out


def _diff(before, after, path: tuple, out: list) -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        for key in before:
            if key not in after:
                out.append((path + (key,), _DELETE))
        for key, value in after.items():
            if key not in before:
                out.append((path + (key,), value))
            elif before[key] != value:
                _diff(before[key], value, path + (key,), out)
        return
    if isinstance(before, list) and isinstance(after, list) and len(after) > len(before) and after[: len(before)] == before:
        out.extend((path, ("append", item)) for item in after[len(before):])
        return
    out.append((path, after))


def changes(before: Service, after: Service) -> list[tuple]:
    """(path, value) for every entry that differs; value is a deletion or an append marker."""
    out: list = []
    _diff(_flatten(before), _flatten(after), (), out)
    return out


def apply(text: str, before: Service, after: Service, filename: str = "serverless.yml") -> str:
    """``text`` with the model's changes made in place."""
    doc = Document(text, filename)
    for path, value in changes(before, after):
        if value is _DELETE:
            doc.delete(path)
        elif isinstance(value, tuple) and len(value) == 2 and value[0] == "append":
            doc.append(path, value[1])
        else:
            doc.set(path, value)
    return doc.text
