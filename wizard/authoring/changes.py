"""Carry a model's changes into an existing serverless.yml, touching only what changed.

The model was read from the file with its variables resolved, so writing the whole model
back would replace ``${...}`` with values. Instead the model as it was loaded is compared
with the model now; only the values that differ are set, appended, renamed or deleted in
the file's text, through the in-place editor. A value a form rebuilt in another spelling
that compiles the same (``GET`` for ``get``, ``{name: x}`` for ``x``) is no difference:
``forms.conform`` puts the file's spelling back first.
"""

from __future__ import annotations

import copy
import json
from difflib import SequenceMatcher
from itertools import combinations

from ..model.service import Service
from .document import document
from .edit import Document, EditError
from .forms import conform

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


_UNKNOWN = object()


def _named(path: tuple) -> bool:
    """Whether the keys at ``path`` are names the user chose (which a rename changes), not settings."""
    return path in (("functions",), ("provider", "httpApi", "authorizers")) or (
        bool(path) and path[-1] in ("environment", "tags", "stackTags"))


def _diff(before, after, path: tuple, out: list, raw=_UNKNOWN) -> None:
    """Append to ``out`` the edits that turn ``before`` into ``after`` at ``path``; ``raw`` is
    what the file holds there (when known), which the model may have read differently."""
    if isinstance(before, dict) and isinstance(after, dict):
        removed = [key for key in before if key not in after]
        added = [key for key in after if key not in before]
        if (len(removed) == 1 and len(added) == 1 and _named(path)
                and [added[0] if k == removed[0] else k for k in before] == list(after)):
            # One name replaced by another in its place: a rename (a function, an authorizer, a variable).
            out.append((path + (removed[0],), ("rename", added[0])))
            before = {(added[0] if k == removed[0] else k): v for k, v in before.items()}
            if isinstance(raw, dict):
                raw = {(added[0] if k == removed[0] else k): v for k, v in raw.items()}
            removed, added = [], []
        for key in removed:
            out.append((path + (key,), _DELETE))
        for key, value in after.items():
            if key not in before:
                out.append((path + (key,), value))
            elif before[key] != value:
                _diff(before[key], value, path + (key,), out, raw.get(key, _UNKNOWN) if isinstance(raw, dict) else _UNKNOWN)
        return
    if isinstance(before, list) and isinstance(after, list) and after:
        if raw is not _UNKNOWN and not isinstance(raw, list):
            # The file holds one value where the model holds a list of it (Serverless's schema
            # wraps it): write the one value, or the list once there are more.
            out.append((path, after[0] if len(after) == 1 else after))
            return
        edits = _list_edits(before, after, path)
        if edits is not None:
            out.extend(edits)
            return
    out.append((path, after))


def _list_edits(before: list, after: list, path: tuple) -> list | None:
    """Item-by-item edits that turn ``before`` into ``after``, so that comments between
    untouched items survive; None when only rewriting the whole list can do it (an item
    inserted in the middle). Edits run from the end, so earlier indices stay valid."""
    def keys(items):
        return [json.dumps(item, sort_keys=True, default=str) for item in items]

    old_keys, new_keys = keys(before), keys(after)
    edits: list = []
    opcodes = SequenceMatcher(None, old_keys, new_keys, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in reversed(opcodes):
        if tag == "replace" and i2 - i1 > j2 - j1 and i2 - i1 <= 8:
            # Fewer items than before: the changed ones are those most like what they became.
            kept = max(combinations(range(i1, i2), j2 - j1),
                       key=lambda chosen: sum(SequenceMatcher(None, old_keys[i], new_keys[j1 + n]).ratio()
                                              for n, i in enumerate(chosen)))
            for i in range(i2 - 1, i1 - 1, -1):
                if i in kept:
                    _diff(before[i], after[j1 + kept.index(i)], path + (i,), edits)
                else:
                    edits.append((path + (i,), _DELETE))
        elif tag == "replace" and (i2 - i1 == j2 - j1 or i2 == len(before)):
            if j2 - j1 > i2 - i1:
                edits.extend((path, ("append", item)) for item in after[j1 + i2 - i1:j2])
            for k in range(min(i2 - i1, j2 - j1)):
                _diff(before[i1 + k], after[j1 + k], path + (i1 + k,), edits)
        elif tag == "delete":
            edits.extend((path + (i,), _DELETE) for i in range(i2 - 1, i1 - 1, -1))
        elif tag == "insert" and i1 == len(before):
            edits.extend((path, ("append", item)) for item in after[j1:j2])
        elif tag != "equal":
            return None
    return edits


def changes(before: Service, after: Service, raw=_UNKNOWN) -> list[tuple]:
    """(path, value) for every entry that differs; value is a deletion, an append or a rename marker.

    Where the two models differ only in how a value is written (``get`` and ``GET``, a
    short and a long form), nothing is changed: the file keeps what its author wrote.
    ``raw``: the file's data as loaded, without variables resolved (where known, edits
    follow its shapes).
    """
    out: list = []
    old = _flatten(before)
    _diff(old, conform(old, _flatten(after)), (), out, raw)
    return out


def _other_events(doc: Document, function) -> tuple[list, list[int]]:
    """The file's events of ``function`` and the positions of its httpApi ones.

    The model holds only httpApi events; a file may mix them with http, s3, schedule...
    events, which an edit must neither renumber nor lose.
    """
    fn = doc.data.get("functions", {}).get(function) if isinstance(doc.data.get("functions"), dict) else None
    events = fn.get("events") if isinstance(fn, dict) else None
    if not isinstance(events, list):
        return [], []
    return events, [i for i, item in enumerate(events) if isinstance(item, dict) and "httpApi" in item]


def _route_at(events: list, i: int) -> tuple:
    """Where the route of the file's event ``i`` is, to remove it: its item, or only the item's ``httpApi`` key when
    other kinds are written in the same item (`- schedule: ...` with `httpApi:` under it), which stay."""
    return (i, "httpApi") if len(events[i]) > 1 else (i,)


def _in_place_of(item: dict, new):
    """What takes the place of the httpApi event ``item`` in the file: ``new`` (an event, or None when the route
    goes); other kinds written in the same item stay in it."""
    if len(item) == 1:
        return new
    if new is None:
        return {k: v for k, v in item.items() if k != "httpApi"}
    return {k: (new["httpApi"] if k == "httpApi" else v) for k, v in item.items()}  # in its place among them


def _apply_one(doc: Document, path: tuple, value) -> None:
    if len(path) >= 3 and path[0] == "functions" and path[2] == "events":
        events, positions = _other_events(doc, path[1])
        if len(positions) != len(events) or any(len(events[i]) > 1 for i in positions):  # other kinds are there too
            if len(path) == 3 and not isinstance(value, tuple):
                if value is _DELETE:
                    for i in reversed(positions):
                        doc.delete(path + _route_at(events, i))
                    return
                if not positions:  # the first routes of a function with other events: add them at the end
                    for item in value:
                        doc.append(path, item)
                    return
                # The whole list: the new httpApi events take the old ones' places, in order.
                slots = iter(value)
                merged = [_in_place_of(item, next(slots, None)) if i in positions else item for i, item in enumerate(events)]
                value = [item for item in merged if item is not None] + list(slots)
            elif len(path) > 3:
                if path[3] >= len(positions):
                    raise EditError(f"functions.{path[1]}.events: the routes in the file are not the ones loaded")
                if len(path) == 4 and value is _DELETE:
                    path = path[:3] + _route_at(events, positions[path[3]])
                else:
                    path = path[:3] + (positions[path[3]],) + path[4:]
    if value is _DELETE:
        doc.delete(path)
    elif isinstance(value, tuple) and len(value) == 2 and value[0] == "append":
        doc.append(path, value[1])
    elif isinstance(value, tuple) and len(value) == 2 and value[0] == "rename":
        doc.rename(path, value[1])
    else:
        doc.set(path, value)


def _copies(doc: Document, before: Service, after: Service) -> Service:
    """Write into ``doc`` each function of ``after`` duplicated from one of the file, as that one
    is written there (without its events), and return ``before`` with them: the model holds
    the copy with its variables resolved, the file keeps them as the user wrote them."""
    functions = doc.data.get("functions") if isinstance(doc.data, dict) else None
    twins = [(key, fn.copy_of) for key, fn in after.functions.items()
             if fn.copy_of and key not in before.functions and fn.copy_of in before.functions
             and isinstance(functions, dict) and isinstance(functions.get(fn.copy_of), dict)]
    if not twins:
        return before
    before = copy.deepcopy(before)
    for key, source in twins:
        written = {k: copy.deepcopy(v) for k, v in functions[source].items() if k != "events"}
        doc.set(("functions", key), written)
        twin = copy.deepcopy(before.functions[source])
        twin.key, twin.events, twin.other_events, twin.copy_of = key, [], [], source
        before.functions[key] = twin
    return before


def apply(text: str, before: Service, after: Service, filename: str = "serverless.yml") -> str:
    """``text`` with the model's changes made in place."""
    doc = Document(text, filename)
    before = _copies(doc, before, after)
    edits = changes(before, after, doc.data)
    if isinstance(doc.data, dict) and doc.data.get("provider") == "aws" and any(
            path[:1] == ("provider",) and len(path) > 1 for path, _ in edits):
        # `provider: aws` is Serverless's shorthand for {name: aws}: a setting goes into that mapping.
        doc.set(("provider",), {"name": "aws"})
    for path, value in edits:
        _apply_one(doc, path, value)
    return doc.text
