"""One field of one entry changed in every wild file: only that field's text moves (issue 14, item 6).

For each file of the wild corpus and a sample of its routes, functions and authorizers,
one field is changed the way the wizard changes it (the model as loaded, a copy with the
field changed as a form sets it, ``changes.apply``). The diff must be exactly the field's
line with only its value replaced (the rest of the line, a comment included, kept; a
quoted value stays in its quotes), or, for a field the entry did not have, exactly one
new line after the entry's last one (or ``, key: value`` inside a one-line flow mapping).
The edited file must compile to the template of the changed model, which differs from
the original's.
"""

from __future__ import annotations

import copy

import pytest
from edit_lines import compose, entry_lines, hunk_at, node_at, one_line_scalar, reads_as
from test_edit_forms import dialog_route
from wild import FILES
from yaml.nodes import MappingNode

from wizard.api import compile_text
from wizard.authoring.changes import apply
from wizard.authoring.opened_file import OpenError, read_for_edit
from wizard.compiling.pipeline import compile_service


def _sample(items: list, count: int = 3) -> list:
    """First, middle and last: different places in a file (first entry, nested, end of file)."""
    if len(items) <= count:
        return items
    return [items[i] for i in sorted({0, len(items) // 2, len(items) - 1})]


def _cases(service):
    """(what, change of the model, path of the field in the file, the value the file must then hold)."""
    routes = [(f.key, i, e) for f in service.functions.values() for i, e in enumerate(f.events)
              if e.route_key and (e.shorthand or isinstance(e.method, str))]
    for key, index, event in _sample(routes):
        def change_path(s, key=key, index=index, event=event):
            # A catch-all '*' given a path gets a method too: ANY, as the dialog offers.
            method = "ANY" if event.route_key == "*" and not event.method else None
            s.functions[key].events[index] = dialog_route(event, method=method, path="/wizard/{changed}")

        if event.route_key == "*":
            if event.shorthand:
                yield "path of *", change_path, event.path, "ANY /wizard/{changed}"
            else:
                yield "path of *", change_path, event.path + ("path",), "/wizard/{changed}"
            continue
        new_method = "PATCH" if event.method.upper() != "PATCH" else "PUT"

        def change_method(s, key=key, index=index, event=event, new_method=new_method):
            s.functions[key].events[index] = dialog_route(event, method=new_method)

        if event.shorthand:
            yield f"path of {event.route_key}", change_path, event.path, f"{event.method} /wizard/{{changed}}"
            yield f"method of {event.route_key}", change_method, event.path, f"{new_method} {event.route_path}"
        else:
            yield f"path of {event.route_key}", change_path, event.path + ("path",), "/wizard/{changed}"
            yield f"method of {event.route_key}", change_method, event.path + ("method",), new_method
    for fn in _sample(list(service.functions.values()), 2):
        memory = (fn.memory_size if isinstance(fn.memory_size, int) else 1024) + 128
        yield (f"memory of {fn.key}", lambda s, k=fn.key, m=memory: setattr(s.functions[k], "memory_size", m),
               ("functions", fn.key, "memorySize"), memory)
        yield (f"timeout of {fn.key}", lambda s, k=fn.key: setattr(s.functions[k], "timeout", 17),
               ("functions", fn.key, "timeout"), 17)
    for key, auth in list(service.provider.http_api.authorizers.items())[:3]:
        where = ("provider", "httpApi", "authorizers", key)
        if auth.type == "request":
            yield (f"TTL of {key}", lambda s, k=key: setattr(s.provider.http_api.authorizers[k], "result_ttl_in_seconds", 123),
                   where + ("resultTtlInSeconds",), 123)
        else:
            url = "https://wizard.example.com/issuer"
            yield (f"issuer of {key}", lambda s, k=key, u=url: setattr(s.provider.http_api.authorizers[k], "issuer_url", u),
                   where + ("issuerUrl",), url)


def _check_only_the_field_moved(text: str, edited: str, field: tuple, value) -> str:
    """Assert the diff is the field's value alone; returns how the field was written (for the tally)."""
    lines = text.split("\n")
    start, removed, added = hunk_at(text, edited)
    spot = one_line_scalar(text, field)
    if spot is not None:
        number, begin, end = spot
        old = lines[number]
        assert (start, removed) == (number, [old])
        assert len(added) == 1 and added[0].startswith(old[:begin]) and added[0].endswith(old[end:])
        token = added[0][begin : len(added[0]) - len(old) + end]
        assert reads_as(token) == value
        if old[begin] in "'\"" and isinstance(value, str):
            assert token[0] == old[begin], "the value keeps its quotes"
        return "replaced"
    assert node_at(compose(text), field) is None, f"{field} is written in a form this test does not follow"
    parent_key, parent = node_at(compose(text), field[:-1])
    assert isinstance(parent, MappingNode) and parent.value
    if parent.flow_style:
        number = parent.end_mark.line
        assert parent.start_mark.line == number and start == number and removed == [lines[number]]
        close = parent.end_mark.column - 1
        old = lines[number]
        assert len(added) == 1 and added[0].startswith(old[:close] + f", {field[-1]}: ") and added[0].endswith(old[close:])
        assert reads_as(added[0][len(old[:close]) + len(field[-1]) + 4 : len(added[0]) - len(old) + close]) == value
        return "added in flow"
    _, last = entry_lines(text, field[:-1])
    pad = " " * parent.value[0][0].start_mark.column
    assert (start, removed) == (last + 1, [])
    assert len(added) == 1 and added[0].startswith(f"{pad}{field[-1]}: ")
    assert reads_as(added[0][len(pad) + len(field[-1]) + 2 :]) == value
    return "added"


def _opened(path):
    try:
        opened = read_for_edit(str(path))
    except OpenError:
        return None
    result = compile_text(opened.text, str(path), env={}, lenient=True)
    return (opened.text, result) if result.service is not None and result.service.functions else None


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_one_field_changed_moves_only_that_field(path):
    found = _opened(path)
    if found is None:
        pytest.skip("no functions to edit (or the file cannot be opened for editing)")
    text, result = found
    base = result.service
    done = 0
    for what, change, field, value in _cases(base):
        after = copy.deepcopy(base)
        change(after)
        edited = apply(text, base, after, str(path))
        try:
            _check_only_the_field_moved(text, edited, field, value)
        except AssertionError as exc:
            raise AssertionError(f"{what}: {exc}") from None
        if result.template is not None:
            template = compile_text(edited, str(path), env={}, lenient=True).template
            expected = compile_service(copy.deepcopy(after))[0]
            assert template == expected, what
            assert template != result.template, what
        done += 1
    assert done > 0
