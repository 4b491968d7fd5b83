"""Edits keep what the user did not change as written, inside an entry too (issue 14, item 6).

Every change goes through the wizard's model-level path: the model as loaded, a copy
changed the way a form changes it, and ``changes.apply`` writing the difference into the
file. Each test pins the exact lines that change.
"""

from __future__ import annotations

import copy
import difflib

import pytest

from wizard.api import compile_text
from wizard.authoring.changes import apply
from wizard.authoring.edit import Document, EditError
from wizard.compiling.pipeline import compile_service
from wizard.model.service import AccessLogs, Cors, HttpApiEvent, RouteAuthorizer


def hunks(before: str, after: str) -> list[tuple[list[str], list[str]]]:
    """Every (removed lines, added lines) of a line diff."""
    a, b = before.split("\n"), after.split("\n")
    return [(a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
            if tag != "equal"]


def edit(text: str, change) -> str:
    """``text`` after ``change(model)``, carried in place; the result compiles as the changed model does."""
    before = compile_text(text, "serverless.yml", lenient=True).service
    after = copy.deepcopy(before)
    change(after)
    edited = apply(text, before, after)
    result = compile_text(edited, "serverless.yml", lenient=True)
    assert result.template == compile_service(copy.deepcopy(after))[0]
    return edited


def dialog_route(old: HttpApiEvent, method: str | None = None, path: str | None = None, scopes=None) -> HttpApiEvent:
    """The event as the route dialog builds it from its fields (pre-filled from ``old``): the method
    upper-case, a named authorizer in its long form, the string form only without an authorizer."""
    method = (method or old.method or "").upper() or None
    auth = old.authorizer
    ref = None
    if auth is not None:
        scopes = auth.scopes if scopes is None else (list(scopes) or None)
        ref = RouteAuthorizer(name=auth.name, id=auth.id, type=auth.type, scopes=scopes)
    return HttpApiEvent(method=method, route_path=path or old.route_path, authorizer=ref,
                        shorthand=old.shorthand and ref is None, path=old.path)


ROUTES = """\
service: forms
provider:
  name: aws
  runtime: nodejs22.x
  httpApi:
    authorizers:
      jwtAuth:
        identitySource: $request.header.Authorization
        issuerUrl: https://issuer.example.com
        audience: my-app
functions:
  api:
    handler: src/api.handler
    events:
      - httpApi:
          method: get   # lower case, as written
          path: /items
          authorizer: jwtAuth
      - httpApi: 'POST /items'
      - httpApi: {method: delete, path: "/items/{id}", authorizer: {name: jwtAuth, scopes: [admin]}}
"""


def test_changing_a_path_keeps_the_method_case_and_the_short_authorizer():
    def change(service):
        events = service.functions["api"].events
        events[0] = dialog_route(events[0], path="/things")

    assert hunks(ROUTES, edit(ROUTES, change)) == [(["          path: /items"], ["          path: /things"])]


def test_changing_the_method_keeps_the_comment_on_its_line():
    def change(service):
        events = service.functions["api"].events
        events[0] = dialog_route(events[0], method="PUT")

    assert hunks(ROUTES, edit(ROUTES, change)) == [
        (["          method: get   # lower case, as written"], ["          method: PUT   # lower case, as written"])]


def test_the_string_form_stays_a_string_with_its_quotes():
    def change(service):
        events = service.functions["api"].events
        events[1] = dialog_route(events[1], path="/things")

    assert hunks(ROUTES, edit(ROUTES, change)) == [(["      - httpApi: 'POST /items'"], ["      - httpApi: 'POST /things'"])]


def test_an_authorizer_turns_only_the_string_form_into_a_mapping():
    def change(service):
        events = service.functions["api"].events
        events[1] = HttpApiEvent(method="POST", route_path="/items", authorizer=RouteAuthorizer(name="jwtAuth"),
                                 path=events[1].path)

    assert hunks(ROUTES, edit(ROUTES, change)) == [(
        ["      - httpApi: 'POST /items'"],
        ["      - httpApi:", "          method: POST", "          path: /items", "          authorizer:", "            name: jwtAuth"],
    )]


def test_scopes_convert_only_the_short_authorizer():
    def change(service):
        events = service.functions["api"].events
        events[0] = dialog_route(events[0], scopes=["items/read"])

    assert hunks(ROUTES, edit(ROUTES, change)) == [(
        ["          authorizer: jwtAuth"],
        ["          authorizer:", "            name: jwtAuth", "            scopes:", "              - items/read"],
    )]


def test_inside_a_flow_mapping_only_the_value_changes_and_it_stays_flow():
    def change(service):
        events = service.functions["api"].events
        events[2] = dialog_route(events[2], path="/items/{itemId}", scopes=["admin", "items/write"])

    assert hunks(ROUTES, edit(ROUTES, change)) == [(
        ['      - httpApi: {method: delete, path: "/items/{id}", authorizer: {name: jwtAuth, scopes: [admin]}}'],
        ['      - httpApi: {method: delete, path: "/items/{itemId}", authorizer: {name: jwtAuth, scopes: [admin, items/write]}}'],
    )]


def test_dropping_the_scopes_of_a_long_authorizer_removes_only_them():
    def change(service):
        events = service.functions["api"].events
        events[2] = dialog_route(events[2], scopes=[])

    assert hunks(ROUTES, edit(ROUTES, change)) == [(
        ['      - httpApi: {method: delete, path: "/items/{id}", authorizer: {name: jwtAuth, scopes: [admin]}}'],
        ['      - httpApi: {method: delete, path: "/items/{id}", authorizer: {name: jwtAuth}}'],
    )]


def test_a_form_that_rebuilds_an_unchanged_route_changes_nothing():
    def change(service):
        events = service.functions["api"].events
        for i, event in enumerate(events):
            events[i] = dialog_route(event)

    assert edit(ROUTES, change) == ROUTES


AUTHORIZERS = """\
service: forms
provider:
  name: aws
  httpApi:
    payload: '2.0'
    metrics: false
    authorizers:
      jwtAuth:
        type: JWT
        identitySource: [$request.header.Authorization]
        issuerUrl: "https://issuer.example.com"   # the tenant
        audience: my-app
      custom:
        type: request
        functionName: authz
        enableSimpleResponses: true
        payloadVersion: '2.0'
functions:
  authz:
    handler: src/authz.handler
  api:
    handler: src/api.handler
    events:
      - httpApi: {method: GET, path: /x, authorizer: jwtAuth}
      - httpApi: {method: GET, path: /y, authorizer: custom}
"""


def test_an_authorizer_form_keeps_forms_that_compile_the_same():
    """The form writes identitySource as a string, audience as a list, type in lower case and
    leaves defaults out; the file's spellings stay, and only the issuer changes, in its quotes."""
    def change(service):
        auth = service.provider.http_api.authorizers["jwtAuth"]
        auth.identity_source, auth.audience, auth.declared_type = "$request.header.Authorization", ["my-app"], "jwt"
        auth.issuer_url = "https://login.example.com"
        custom = service.provider.http_api.authorizers["custom"]
        custom.payload_version, custom.managed_externally = None, False
        service.provider.http_api.metrics, service.provider.http_api.payload = None, "2.0"

    assert hunks(AUTHORIZERS, edit(AUTHORIZERS, change)) == [(
        ['        issuerUrl: "https://issuer.example.com"   # the tenant'],
        ['        issuerUrl: "https://login.example.com"   # the tenant'],
    )]


def test_a_second_audience_turns_the_string_into_a_list():
    def change(service):
        service.provider.http_api.authorizers["jwtAuth"].audience = ["my-app", "admin-app"]

    assert hunks(AUTHORIZERS, edit(AUTHORIZERS, change)) == [
        (["        audience: my-app"], ["        audience:", "          - my-app", "          - admin-app"])]


def test_renaming_an_authorizer_renames_its_key_in_place():
    def change(service):
        http_api = service.provider.http_api
        http_api.authorizers = {("tenantJwt" if k == "jwtAuth" else k): v for k, v in http_api.authorizers.items()}
        http_api.authorizers["tenantJwt"].key = "tenantJwt"
        service.functions["api"].events[0].authorizer.name = "tenantJwt"

    assert hunks(AUTHORIZERS, edit(AUTHORIZERS, change)) == [
        (["      jwtAuth:"], ["      tenantJwt:"]),
        (["      - httpApi: {method: GET, path: /x, authorizer: jwtAuth}"],
         ["      - httpApi: {method: GET, path: /x, authorizer: tenantJwt}"]),
    ]


def test_a_default_the_file_leaves_out_is_not_written():
    def change(service):
        custom = service.provider.http_api.authorizers["custom"]
        custom.result_ttl_in_seconds = 300
        custom.managed_externally = False

    assert hunks(AUTHORIZERS, edit(AUTHORIZERS, change)) == [([], ["        resultTtlInSeconds: 300"])]


SETTINGS = """\
# The service's own comment
service: forms
provider:
  name: aws
  runtime: 'nodejs20.x'   # pinned
  memorySize: 512
  environment:
    STAGE: ${sls:stage}
    TABLE: !Ref Table
  tags: {team: web, cost-center: "42"}
  logs:
    httpApi: true
  httpApi:
    cors:
      allowedOrigins: https://app.example.com
      allowCredentials: false
functions:
  api:
    handler: src/api.handler
    timeout: 10
    environment: {LEVEL: info}
    events:
      - httpApi: GET /x
"""


@pytest.mark.parametrize("change,expected", [
    (lambda s: setattr(s.provider, "runtime", "nodejs22.x"),
     [(["  runtime: 'nodejs20.x'   # pinned"], ["  runtime: 'nodejs22.x'   # pinned"])]),
    (lambda s: setattr(s.provider, "memory_size", 1024), [(["  memorySize: 512"], ["  memorySize: 1024"])]),
    (lambda s: s.provider.environment.update(TABLE={"Ref": "Table"}, NEW="1"), [([], ["    NEW: '1'"])]),
    (lambda s: s.provider.tags.update({"cost-center": "43"}),
     [(['  tags: {team: web, cost-center: "42"}'], ['  tags: {team: web, cost-center: "43"}'])]),
    (lambda s: s.provider.tags.update(owner="me"),
     [(['  tags: {team: web, cost-center: "42"}'], ['  tags: {team: web, cost-center: "42", owner: me}'])]),
    (lambda s: s.provider.tags.pop("team"),
     [(['  tags: {team: web, cost-center: "42"}'], ['  tags: {cost-center: "42"}'])]),
    (lambda s: setattr(s.provider, "access_logs", AccessLogs(format='{"id":"$context.requestId"}')),
     [(["    httpApi: true"], ["    httpApi:", "      format: '{\"id\":\"$context.requestId\"}'"])]),
    (lambda s: setattr(s.provider.http_api, "cors", Cors(allowed_origins=["https://app.example.com"], max_age=600)),
     [([], ["      maxAge: 600"])]),
    (lambda s: setattr(s.provider.http_api, "cors", Cors(allowed_origins=["https://app.example.com", "https://admin.example.com"])),
     [(["      allowedOrigins: https://app.example.com"],
       ["      allowedOrigins:", "        - https://app.example.com", "        - https://admin.example.com"])]),
    (lambda s: setattr(s.provider.http_api, "name", "my-api"), [([], ["    name: my-api"])]),
    (lambda s: setattr(s.functions["api"], "timeout", 29), [(["    timeout: 10"], ["    timeout: 29"])]),
    (lambda s: setattr(s.functions["api"], "environment", {"LEVEL": "debug"}),
     [(["    environment: {LEVEL: info}"], ["    environment: {LEVEL: debug}"])]),
    (lambda s: setattr(s.functions["api"], "memory_size", 256), [([], ["    memorySize: 256"])]),
], ids=["runtime", "memory", "environment", "tag-value", "tag-added", "tag-removed", "log-format", "cors-max-age",
        "cors-second-origin", "api-name", "timeout", "function-env", "function-memory"])
def test_each_setting_changes_only_its_line(change, expected):
    edited = edit(SETTINGS, change)
    assert hunks(SETTINGS, edited) == expected
    assert edited.startswith("# The service's own comment\n")


def test_a_value_from_a_variable_stays_when_another_changes():
    def change(service):
        service.provider.environment = {"STAGE": service.provider.environment["STAGE"], "TABLE": {"Ref": "Table"}, "X": "y"}

    text = edit(SETTINGS, change)
    assert hunks(SETTINGS, text) == [([], ["    X: 'y'"])]  # YAML 1.1 reads a plain y as true


def test_a_part_of_a_value_written_as_a_variable_is_refused_with_its_path():
    text = ROUTES.replace("          authorizer: jwtAuth", "          authorizer: ${self:custom.auth}") + \
        "custom:\n  auth:\n    name: jwtAuth\n"
    before = compile_text(text, "serverless.yml", lenient=True).service
    after = copy.deepcopy(before)
    after.functions["api"].events[0].authorizer.scopes = ["read"]
    with pytest.raises(EditError) as caught:
        apply(text, before, after)
    assert str(caught.value) == (
        "functions.api.events.0.httpApi.authorizer is written as '${self:custom.auth}' in the file (a variable): "
        "a part of it cannot be changed here; change it where it is defined")


ANCHORS = """\
service: forms
custom:
  common: &common
    LOG_LEVEL: info
    REGION: eu-west-1
  memory: &memory 512
provider:
  name: aws
functions:
  a:
    handler: a.handler
    memorySize: *memory
    environment: *common
  b:
    handler: b.handler
    environment: *common
"""


def test_a_value_that_repeats_an_anchor_is_overridden_beside_it():
    def change(service):
        service.functions["a"].environment = {"LOG_LEVEL": "debug", "REGION": "eu-west-1"}

    assert hunks(ANCHORS, edit(ANCHORS, change)) == [
        (["    environment: *common"], ["    environment:", "      <<: *common", "      LOG_LEVEL: debug"])]


def test_a_repeated_scalar_is_replaced_and_its_anchor_kept():
    def change(service):
        service.functions["a"].memory_size = 1024

    assert hunks(ANCHORS, edit(ANCHORS, change)) == [(["    memorySize: *memory"], ["    memorySize: 1024"])]


def test_removing_a_key_of_a_repeated_mapping_writes_that_one_out():
    def change(service):
        service.functions["b"].environment = {"LOG_LEVEL": "info"}

    assert hunks(ANCHORS, edit(ANCHORS, change)) == [
        (["    environment: *common"], ["    environment:", "      LOG_LEVEL: info"])]


def test_the_files_indentation_is_followed():
    text = ("service: forms\nprovider:\n    name: aws\nfunctions:\n    api:\n        handler: a.handler\n"
            "        events:\n            - httpApi: GET /a\n")

    def change(service):
        service.functions["api"].environment = {"A": "1", "B": "2"}
        service.functions["api"].events.append(HttpApiEvent(method="GET", route_path="/b", shorthand=True))

    assert hunks(text, edit(text, change)) == [([], ["            - httpApi: GET /b", "        environment:",
                                                    "            A: '1'", "            B: '2'"])]


def test_quoting_styles_are_kept_and_values_that_need_quotes_get_them():
    doc = Document("a: 'x'\nb: \"y\"\nc: z\nd: [p, q]\n")
    doc.set(("a",), "it's")
    doc.set(("b",), 'say "hi"')
    doc.set(("c",), "yes")  # plain, YAML 1.1 would read a boolean
    doc.set(("d", 1), "r, s")
    assert doc.text == "a: 'it''s'\nb: \"say \\\"hi\\\"\"\nc: 'yes'\nd: [p, 'r, s']\n"


def test_flow_collections_take_and_lose_entries_in_place():
    doc = Document("m: {a: 1, b: 2, c: 3}\nl: [x, y]\n")
    doc.delete(("m", "b"))
    doc.delete(("m", "c"))
    doc.append(("l",), "z")
    doc.set(("m", "d"), {"e": [1, 2]})
    doc.delete(("l", 0))
    assert doc.text == "m: {a: 1, d: {e: [1, 2]}}\nl: [y, z]\n"


def test_removing_the_first_key_of_a_list_item_keeps_the_dash():
    doc = Document("l:\n  - a: 1\n    b: 2\n")
    doc.delete(("l", 0, "a"))
    assert doc.text == "l:\n  - b: 2\n"


def test_a_shape_the_edit_cannot_follow_is_an_edit_error():
    doc = Document("provider:\n  - name: aws\n")
    with pytest.raises(EditError) as caught:
        doc.set(("provider", "runtime"), "nodejs22.x")
    assert str(caught.value) == "provider is a list in the file, not a mapping: it cannot be changed in place"
    assert doc.text == "provider:\n  - name: aws\n"


def test_renaming_a_function_renames_its_key_and_keeps_its_text():
    def change(service):
        service.functions = {("items" if k == "api" else k): v for k, v in service.functions.items()}
        service.functions["items"].key = "items"

    assert hunks(SETTINGS, edit(SETTINGS, change)) == [(["  api:"], ["  items:"])]


def test_a_setting_replaced_by_another_is_not_a_rename():
    def change(service):
        service.provider.memory_size, service.provider.timeout = None, 20

    # The new setting goes after the provider's last entry; memorySize's line is not reused for it.
    assert hunks(SETTINGS, edit(SETTINGS, change)) == [(["  memorySize: 512"], []), ([], ["  timeout: 20"])]
