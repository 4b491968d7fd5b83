"""Editing an existing serverless.yml in place: only the lines concerned change."""

from __future__ import annotations

from pathlib import Path

import pytest
from edit_lines import compose, entry_lines, hunk_at, node_at, one_line_scalar, reads_as
from wild import FILES

from wizard.authoring.edit import Document, EditError
from wizard.authoring.text_diff import changed_region, changed_span
from wizard.loading.yaml_loader import load_yaml

SAMPLE = """\
# My service: keep this comment
service: demo   # and this one
custom:
  base: &base
    memorySize: 256
  stage: ${opt:stage, 'dev'}
provider:
  name: aws
  runtime: nodejs22.x   # pinned on purpose
  environment:
    TABLE: !Ref Table
    URL: !Sub 'https://${AWS::Region}.example.com'
  httpApi: {cors: true}
functions:
  hello:
    <<: *base
    handler: src/hello.handler
    events:
    - httpApi: 'GET /hello'   # first route

    # trailing comment of the events list
  other:
    handler: src/other.handler
resources:
  Resources:
    Table: {Type: AWS::DynamoDB::Table}
"""


def test_no_change_keeps_the_bytes():
    assert Document(SAMPLE).text == SAMPLE


def test_append_a_route_adds_only_its_lines():
    doc = Document(SAMPLE)
    doc.append(("functions", "hello", "events"), {"httpApi": {"method": "POST", "path": "/hello/{id}"}})
    removed, added = changed_region(SAMPLE, doc.text)
    assert removed == [] and added == ["    - httpApi:", "        method: POST", "        path: /hello/{id}"]
    assert "    - httpApi: 'GET /hello'   # first route\n    - httpApi:\n" in doc.text  # the file's dash style


def test_changing_a_scalar_keeps_its_comment():
    doc = Document(SAMPLE)
    doc.set(("provider", "runtime"), "python3.12")
    assert changed_region(SAMPLE, doc.text) == (["  runtime: nodejs22.x   # pinned on purpose"], ["  runtime: python3.12   # pinned on purpose"])


def test_a_flow_collection_stays_flow_and_only_the_value_inside_changes():
    doc = Document(SAMPLE)
    doc.set(("provider", "httpApi", "cors"), {"allowedOrigins": ["https://app.example.com"]})
    assert changed_region(SAMPLE, doc.text) == (
        ["  httpApi: {cors: true}"], ["  httpApi: {cors: {allowedOrigins: ['https://app.example.com']}}"])


def test_adding_and_removing_sections():
    doc = Document(SAMPLE)
    doc.set(("provider", "logs", "httpApi"), True)
    assert changed_region(SAMPLE, doc.text) == ([], ["  logs:", "    httpApi: true"])
    doc.delete(("functions", "other"))
    assert "other:" not in doc.text and "# trailing comment of the events list" in doc.text
    assert doc.data["custom"]["stage"] == "${opt:stage, 'dev'}"
    assert doc.data["provider"]["environment"]["TABLE"] == {"Ref": "Table"}
    assert doc.data["functions"]["hello"]["memorySize"] == 256  # the merge key still works


def test_refuses_what_it_cannot_do_and_leaves_the_text():
    doc = Document(SAMPLE)
    with pytest.raises(EditError):
        doc.delete(("functions", "missing"))
    assert doc.text == SAMPLE
    with pytest.raises(EditError):
        Document("a: [1,\n")


EDITS = {
    "add a route": lambda d, fn: d.append(("functions", fn, "events"), {"httpApi": "GET /wizard-added"}),
    "change CORS": lambda d, fn: d.set(("provider", "httpApi", "cors"), {"allowedOrigins": ["https://app.example.com"], "allowCredentials": True}),
    "add an authorizer": lambda d, fn: d.set(
        ("provider", "httpApi", "authorizers", "wizardJwt"),
        {"identitySource": "$request.header.Authorization", "issuerUrl": "https://issuer.example.com", "audience": ["app"]},
    ),
}


def assert_within(text: str, edited: str, path: tuple) -> None:
    """The edit is one region inside the lines of ``path``'s deepest entry written in the file
    (removing nothing when it adds the first entry of a top-level key)."""
    start, end_before, end_after = changed_span(text, edited)
    removed = text.split("\n")[start:end_before]
    assert end_after > start  # something was written
    root = compose(text)
    while path and node_at(root, path) is None:
        path = path[:-1]
    if not path:
        assert removed == []
        return
    first, last = entry_lines(text, path)
    assert first <= start and start + len(removed) - 1 <= last, (first, last, start, removed)


def _editable(path: Path):
    text = path.read_text(encoding="utf-8")
    try:
        data = load_yaml(text)[0]
    except Exception:
        return None
    functions = data.get("functions") if isinstance(data, dict) else None
    if not isinstance(data.get("provider"), dict) or not isinstance(functions, dict) or not functions:
        return None
    name = next(iter(functions))
    return (text, name) if isinstance(functions[name], dict) else None


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_wild_files_round_trip_and_edit_minimally(path):
    text = path.read_text(encoding="utf-8")
    found = _editable(path)
    if found is None:
        pytest.skip("not a mapping with provider and functions (or invalid YAML)")
    _, function = found
    assert Document(text).text == text  # open and save unchanged: the same bytes
    for name, edit in EDITS.items():
        doc = Document(text, str(path))
        edit(doc, function)
        if name == "add a route":
            _, removed, added = hunk_at(text, doc.text)
            has_events = isinstance(load_yaml(text)[0]["functions"][function].get("events"), list)
            assert removed == [] and len(added) == (1 if has_events else 2), name
            assert added[-1].strip() == "- httpApi: GET /wizard-added", name
        else:
            where = ("provider", "httpApi", "cors") if name == "change CORS" else ("provider", "httpApi", "authorizers", "wizardJwt")
            assert_within(text, doc.text, where)
        before, after = load_yaml(text)[0], doc.data
        assert {k: v for k, v in after.items() if k not in ("provider", "functions")} == {
            k: v for k, v in before.items() if k not in ("provider", "functions")
        }, name


@pytest.mark.parametrize(
    "before,after,span",
    [
        ("a\nb\nc", "a\nb\nc", (3, 3, 3)),
        ("a\nb\nc", "a\nX\nc", (1, 2, 2)),
        ("a\nc", "a\nb\nc", (1, 1, 2)),  # a pure insertion removes nothing
        ("a\nb\nc", "a\nc", (1, 2, 1)),
        ("a\na\na", "a\na\na\na", (3, 3, 4)),  # repeated lines: the prefix wins, the region stays one line
    ],
)
def test_changed_span_is_the_one_region_that_differs(before, after, span):
    assert changed_span(before, after) == span
    start, end_before, end_after = span
    assert changed_region(before, after) == (before.split("\n")[start:end_before], after.split("\n")[start:end_after])


def _session_with_route(path: Path, tmp_path):
    """A session on a copy of a wild file whose functions have an httpApi route, or None."""
    from wizard.authoring.save import SaveError
    from wizard.authoring.session import Session

    target = tmp_path / "serverless.yml"
    target.write_bytes(path.read_bytes())
    try:
        session = Session.from_file(str(target))
    except SaveError:
        return None
    routes = [(f.key, i) for f in session.service.functions.values() for i, e in enumerate(f.events)
              if e.route_key and (e.shorthand or isinstance(e.method, str))]
    return (session, routes) if routes else None


def _dialog_fields(event) -> dict:
    """What the route dialog is pre-filled with for ``event`` (its authorizer and scopes kept)."""
    auth = event.authorizer
    if auth is None:
        return {}
    if auth.type == "aws_iam":
        return {"authorizer": "aws_iam"}
    return {"authorizer": auth.name, "authorizer_id": auth.id, "scopes": auth.scopes}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_wild_files_change_and_delete_one_route_in_place(path, tmp_path):
    found = _session_with_route(path, tmp_path)
    if found is None:
        pytest.skip("no httpApi route to edit")
    session, routes = found
    text = session.original_text
    lines = text.split("\n")
    function, index = routes[-1]
    event = session.service.functions[function].events[index]
    item = tuple(event.path[:4])  # its place in the file: ("functions", name, "events", position)

    # The dialog, pre-filled with the route, gets a new path (a catch-all '*' becomes ANY on it):
    # only the path's text changes.
    method = "ANY" if event.route_key == "*" else event.route_key.split(" ")[0]
    session.update_route(function, index, method, "/wizard/{changed}", **_dialog_fields(event))
    edited = session.serverless_yml()
    assert session.edit_error is None
    if event.shorthand:
        field, value = event.path, f"{event.method or 'ANY'} /wizard/{{changed}}"
    else:
        field, value = event.path + ("path",), "/wizard/{changed}"
    number, begin, end = one_line_scalar(text, field)
    start, removed, added = hunk_at(text, edited)
    old = lines[number]
    assert (start, removed) == (number, [old])
    assert len(added) == 1 and added[0][:begin] == old[:begin] and added[0].endswith(old[end:])
    assert reads_as(added[0][begin : len(added[0]) - len(old) + end]) == value
    session.undo()

    session.remove_route(function, index)
    deleted = session.serverless_yml()
    assert session.edit_error is None
    events_in_file = load_yaml(text)[0]["functions"][function]["events"]
    # The route's own lines go; when it was the function's only event, its events: key goes with it.
    gone = item if len(events_in_file) > 1 else item[:3]
    first, last = entry_lines(text, gone)
    assert hunk_at(text, deleted) == (first, lines[first : last + 1], [])
    # Events of other kinds (http, sqs, schedule...) stay exactly as written.
    for fn in load_yaml(text)[0]["functions"].values():
        for item in (fn or {}).get("events") or []:
            if isinstance(item, dict) and "httpApi" not in item:
                assert item in [e for f in load_yaml(deleted)[0]["functions"].values() for e in (f or {}).get("events") or []]


def test_routes_beside_other_kinds_of_events_keep_them():
    from wizard.authoring.changes import apply
    from wizard.model.build import build_service

    text = ("service: s\nprovider:\n  name: aws\nfunctions:\n  api:\n    handler: h.main\n    events:\n"
            "      - http: GET /rest\n      - httpApi: GET /a\n      - schedule: rate(1 hour)\n      - httpApi: GET /b\n")
    before = build_service(load_yaml(text)[0])[0]
    import copy

    after = copy.deepcopy(before)
    del after.functions["api"].events[0]
    assert apply(text, before, after) == text.replace("      - httpApi: GET /a\n", "")
    after.functions["api"].events.clear()
    only_others = text.replace("      - httpApi: GET /a\n", "").replace("      - httpApi: GET /b\n", "")
    assert apply(text, before, after) == only_others
    # The first route of a function that has only other events is added after them.
    before = build_service(load_yaml(only_others)[0])[0]
    after = copy.deepcopy(before)
    first_route = build_service(load_yaml(text)[0])[0].functions["api"].events[0]
    assert first_route.route_key == "GET /a"
    after.functions["api"].events.append(first_route)
    assert apply(only_others, before, after) == only_others + "      - httpApi: GET /a\n"


@pytest.mark.parametrize("item", [
    "      - schedule: rate(1 hour)\n        httpApi: GET /a\n",
    "      - httpApi: GET /a\n        sqs: arn:aws:sqs:us-east-1:123456789012:q\n",
])
def test_a_route_written_in_the_item_of_another_kind_leaves_that_kind_in_the_file(item):
    """`httpApi:` indented under `- schedule:` is both a route and a schedule to Serverless (each plugin looks
    for its own key in every item: tests/conformance/cases/836 and 840). Changing the route changes its line;
    removing the route, or every route, leaves the other kind where it was written."""
    import copy

    from wizard.authoring.changes import apply
    from wizard.model.build import build_service

    text = ("service: s\nprovider:\n  name: aws\nfunctions:\n  api:\n    handler: h.main\n    events:\n"
            + item + "      - httpApi: GET /b\n")
    other = next(line for line in item.splitlines() if "httpApi" not in line).strip().removeprefix("- ")
    before = build_service(load_yaml(text)[0])[0]
    assert [e.route_key for e in before.functions["api"].events] == ["GET /a", "GET /b"]

    after = copy.deepcopy(before)
    after.functions["api"].events[0].route_path = "/a2"
    assert apply(text, before, after) == text.replace("httpApi: GET /a\n", "httpApi: GET /a2\n")

    for gone in ([0], [0, 1]):
        after = copy.deepcopy(before)
        for index in reversed(gone):
            del after.functions["api"].events[index]
        written = load_yaml(apply(text, before, after))[0]["functions"]["api"]["events"]
        kept = [{"httpApi": "GET /b"}] if gone == [0] else []
        assert written == [dict([other.split(": ", 1)])] + kept, gone
