"""Editing an existing serverless.yml in place: only the lines concerned change."""

from __future__ import annotations

from pathlib import Path

import pytest

from wizard.authoring.edit import Document, EditError
from wizard.authoring.text_diff import changed_region, changed_span
from wizard.loading.yaml_loader import load_yaml

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wild"
FILES = sorted(CORPUS.glob("*.yml")) if CORPUS.is_dir() else []

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


def test_flow_collections_are_rewritten_whole_and_only_them():
    doc = Document(SAMPLE)
    doc.set(("provider", "httpApi", "cors"), {"allowedOrigins": ["https://app.example.com"]})
    removed, added = changed_region(SAMPLE, doc.text)
    assert removed == ["  httpApi: {cors: true}"]
    assert added == ["  httpApi:", "    cors:", "      allowedOrigins:", "        - https://app.example.com"]


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


def old_span(text: str, path: tuple) -> list[str]:
    """The original lines of the deepest entry of ``path`` that exists in ``text``."""
    doc = Document(text)
    while path:
        found = doc._find(path)
        if found is not None and found[0] is not None:
            key_node, value_node, _ = found
            first = key_node.start_mark.line
            return text.split("\n")[first : doc._last_line(value_node, first) + 1]
        path = path[:-1]
    return []


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


@pytest.mark.skipif(not FILES, reason="../shared/corpus/wild is not beside this checkout")
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
        removed, added = changed_region(text, doc.text)
        assert added, name
        # Only the lines of the changed entry go: everything around it is untouched.
        if name == "add a route":
            assert removed == [], name
        else:
            path = ("provider", "httpApi", "cors") if name == "change CORS" else ("provider", "httpApi", "authorizers", "wizardJwt")
            span = old_span(text, path)
            assert "\n".join(removed) in "\n".join(span), name
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
