"""The session without a screen: its history, its change signal and every edit, in milliseconds.

What the wizard's forms do is decided here; the Pilot tests (test_tui*.py) only check
that the widgets are wired to it.
"""

from __future__ import annotations

import pytest

from wizard.authoring.session import EDIT, LOAD, REDO, SAVED, TARGET, UNDO, Session
from wizard.authoring.session.edits import duplicate_name, splice_log_variable, suggest_handler
from wizard.authoring.session.history import History
from wizard.model.http_api import DEFAULT_ACCESS_LOG_FORMAT


@pytest.fixture
def seed(tmp_path):
    return Session.from_example("seed", str(tmp_path / "p"))


def heard(session):
    changes = []
    session.subscribe(changes.append)
    return changes


def routes(session, function):
    return [e.route_key for e in session.service.functions[function].events]


# ----- history ------------------------------------------------------------------------------


def test_typing_into_one_field_is_one_undo_step_until_it_is_sealed(seed):
    for text in ("w", "wo", "workshop-", "workshop-api"):
        seed.set_service("name", text, group="service-name")
    assert seed.history.depth == 1
    assert seed.undo() and seed.service.service == "seed-example"
    assert not seed.can_undo
    assert seed.redo() and seed.service.service == "workshop-api"
    seed.set_service("name", "a", group="service-name")
    seed.seal()  # the field lost focus
    seed.set_service("name", "ab", group="service-name")
    assert seed.history.depth == 3
    seed.undo()
    assert seed.service.service == "a"


def test_another_field_or_an_undo_ends_the_open_step(seed):
    seed.set_service("name", "x", group="service-name")
    seed.set_service("region", "eu-west-1", group="region")
    seed.set_service("name", "xy", group="service-name")
    assert seed.history.depth == 3
    seed.undo()
    seed.set_service("name", "xz", group="service-name")  # after an undo, typing on is a new step
    assert seed.history.depth == 3 and not seed.can_redo


def test_a_change_to_the_same_value_is_no_step_and_no_signal(seed):
    changes = heard(seed)
    seed.set_service("name", "seed-example")
    seed.update_function("simple", handler="handler.simple")
    assert changes == [] and seed.history.depth == 0


def test_every_change_is_told_once_and_at_once(seed):
    changes = heard(seed)
    seed.set_service("region", "eu-west-1")
    assert [c.kind for c in changes] == [EDIT] and changes[0].label == "service region"
    seed.undo()
    seed.redo()
    seed.set_target(template_path="template.yml")
    seed.save()
    assert [c.kind for c in changes] == [EDIT, UNDO, REDO, TARGET, SAVED]
    assert [c.model_changed for c in changes] == [True, True, True, False, False]
    seed.unsubscribe(changes.append)
    seed.set_service("region", "us-west-2")
    assert len(changes) == 5


def test_a_change_that_fails_leaves_the_model_and_the_history_as_they_were(seed):
    before = seed.serverless_yml()
    changes = heard(seed)
    with pytest.raises(ValueError, match="not a service setting"):
        seed.set_service("colour", "blue")
    with pytest.raises(KeyError):
        seed.update_function("nope", timeout=3)
    with pytest.raises(ValueError, match="there is already a function 'params'"):
        seed.rename_function("simple", "params")
    with pytest.raises(ZeroDivisionError), seed.changing("half a change"):
        seed.service.service = "half"
        raise ZeroDivisionError("mid-change")
    assert seed.serverless_yml() == before and seed.history.depth == 0 and changes == []


def test_nested_changes_make_one_step():
    history = History(limit=3)
    for n in range(5):
        history.record(n)
    assert history.depth == 3  # the oldest steps go first
    assert history.undo("now") == 4 and history.redo(4) == "now"


def test_undo_and_redo_with_nothing_to_do_say_so(seed):
    assert seed.undo() is False and seed.redo() is False


def test_replacing_the_model_is_one_undoable_step(seed, tmp_path):
    other = Session.from_example("simple-routes", str(tmp_path)).service
    changes = heard(seed)
    seed.replace(other, "restored")
    assert [c.kind for c in changes] == [LOAD] and seed.service is other
    seed.undo()
    assert seed.service.service == "seed-example"


# ----- edits: service and functions ---------------------------------------------------------


def test_service_and_provider_settings(seed):
    seed.set_service("memory_size", 512)
    seed.set_service("tags", {"team": "payments"})
    text = seed.serverless_yml()
    assert "  memorySize: 512\n" in text and "  tags:\n    team: payments\n" in text


def test_a_new_function_and_its_settings(seed):
    seed.add_function("getUser", "src/users.get", timeout=10, environment={"TABLE": "users"})
    fn = seed.service.functions["getUser"]
    assert (fn.handler, fn.timeout, fn.environment, fn.path) == ("src/users.get", 10, {"TABLE": "users"}, ("functions", "getUser"))
    assert seed.history.depth == 1  # the function and its settings: one step


def test_renaming_a_function_keeps_its_place_its_routes_and_the_authorizers_that_call_it(seed):
    seed.add_authorizer("key", "request", function_name="params", identity_source=["$request.header.x-key"])
    seed.rename_function("params", "getParams")
    assert list(seed.service.functions).index("getParams") == 4
    assert routes(seed, "getParams") == ["GET /get/for/any/{param}"]
    assert seed.service.provider.http_api.authorizers["key"].function_name == "getParams"
    assert seed.service.functions["getParams"].events[0].path == ("functions", "getParams", "events", 0, "httpApi")
    assert "  getParams:\n    handler: handler.params\n" in seed.serverless_yml()
    assert seed.findings_at(("functions",)) == []
    seed.undo()
    assert "params" in seed.service.functions and seed.service.provider.http_api.authorizers["key"].function_name == "params"


def test_a_duplicate_is_named_after_the_original_and_has_no_routes(seed):
    assert duplicate_name("simple", {"simple", "simpleCopy"}) == "simpleCopy2"
    assert seed.duplicate_function("simple") == "simpleCopy"
    assert seed.duplicate_function("simple") == "simpleCopy2"
    twin = seed.service.functions["simpleCopy2"]
    assert twin.handler == "handler.simple" and twin.events == [] and twin.path == ("functions", "simpleCopy2")


def test_deleting_a_function_deletes_its_routes(seed):
    seed.delete_function("someFunction")
    assert "POST /some-post" not in seed.serverless_yml()


@pytest.mark.parametrize("runtime,handler", [
    ("nodejs22.x", "handler.get_user"), ("python3.13", "handler.get_user"), ("java21", "example.Handler::handleRequest"),
    ("dotnet8", "MyFunction::MyFunction.Function::FunctionHandler"), ("provided.al2023", "bootstrap"),
])
def test_a_new_function_s_suggested_handler_is_in_its_runtime_s_form(runtime, handler, tmp_path):
    assert suggest_handler("get-user", runtime) == handler
    session = Session.from_example("empty", str(tmp_path))
    session.set_service("runtime", runtime)
    session.add_function("getUser", suggest_handler("getUser", runtime))
    assert [d for d in session.findings_at(("functions",)) if d.code == "HTTPAPI-FUNCTION-HANDLER"] == []


# ----- edits: routes ------------------------------------------------------------------------


def test_routes_added_changed_moved_and_removed(seed):
    seed.add_route("simple", "GET", "/users/{id}")
    assert routes(seed, "simple") == ["PATCH /elo", "GET /users/{id}"]
    assert "      - httpApi: GET /users/{id}\n" in seed.serverless_yml()  # the short form when it can be
    seed.update_route("simple", 1, "DELETE", "/users/{id}", authorizer="someJwtAuthorizer", scopes=["user.id"])
    event = seed.service.functions["simple"].events[1]
    assert (event.authorizer.name, event.authorizer.scopes, event.shorthand) == ("someJwtAuthorizer", ["user.id"], False)
    seed.update_route("simple", 0, "PATCH", "/elo", target="params")
    assert routes(seed, "simple") == ["DELETE /users/{id}"] and routes(seed, "params") == ["GET /get/for/any/{param}", "PATCH /elo"]
    assert seed.service.functions["simple"].events[0].path[:4] == ("functions", "simple", "events", 0)
    seed.remove_route("params", 0)
    assert routes(seed, "params") == ["PATCH /elo"]
    seed.add_route("simple", "GET", "/iam", authorizer="aws_iam")
    seed.add_route("simple", "GET", "/ext", authorizer_id="abc123")
    iam, ext = seed.service.functions["simple"].events[-2:]
    assert iam.authorizer.type == "aws_iam" and ext.authorizer.id == "abc123"


def test_changing_a_route_keeps_what_did_not_change_as_written(tmp_path):
    target = tmp_path / "serverless.yml"
    target.write_text("service: s\nframeworkVersion: '3'\nprovider:\n  name: aws\n  runtime: nodejs22.x\n"
                      "  httpApi:\n    authorizers:\n      jwt:\n        issuerUrl: https://example.com\n        audience: [a]\n"
                      "functions:\n  api:\n    handler: h.main\n    events:\n      - httpApi:\n          method: get\n"
                      "          path: /users\n          authorizer: jwt\n")
    session = Session.from_file(str(target))
    session.update_route("api", 0, "GET", "/people", authorizer="jwt")
    text = session.serverless_yml()
    assert "          method: get\n          path: /people\n          authorizer: jwt\n" in text


def test_the_catch_all_has_no_method(seed):
    seed.update_route("simple", 0, "GET", "*")
    event = seed.service.functions["simple"].events[0]
    assert (event.method, event.route_path, event.route_key) == (None, "*", "*")


# ----- edits: CORS --------------------------------------------------------------------------


def test_cors_modes_and_custom_settings(seed):
    seed.set_cors_mode("off")
    assert seed.service.provider.http_api.cors is None
    seed.set_cors_option("allowed_origins", ["https://app.example.com"], group="cors-origins")
    cors = seed.service.provider.http_api.cors
    assert cors.is_default is False and cors.allowed_origins == ["https://app.example.com"]
    seed.set_cors_option("allow_credentials", True)
    seed.set_cors_option("max_age", 600)
    seed.set_cors_option("allowed_headers", [])
    assert (cors.allow_credentials, cors.max_age, cors.allowed_headers) == (True, 600, None)
    seed.set_cors_option("allow_credentials", False)
    assert cors.allow_credentials is None  # off is AWS's default: not written
    template = seed.compile().template["Resources"]["HttpApi"]["Properties"]["CorsConfiguration"]
    assert template["AllowOrigins"] == ["https://app.example.com"] and template["MaxAge"] == 600
    seed.set_cors_mode("default")
    assert seed.service.provider.http_api.cors.is_default
    with pytest.raises(ValueError):
        seed.set_cors_mode("sometimes")


# ----- edits: authorizers -------------------------------------------------------------------


def test_authorizers_of_both_kinds_and_their_settings(seed):
    seed.add_authorizer("key", "request", function_name="simple", identity_source=["$request.header.x-key"])
    auth = seed.service.provider.http_api.authorizers["key"]
    assert (auth.type, auth.declared_type, auth.function_name, auth.identity_source) == ("request", "request", "simple", ["$request.header.x-key"])
    seed.update_authorizer("key", result_ttl_in_seconds=300, enable_simple_responses=True, payload_version="2.0")
    assert (auth.result_ttl_in_seconds, auth.enable_simple_responses, auth.payload_version) == (300, True, None)
    seed.update_authorizer("key", enable_simple_responses=False, managed_externally=False, payload_version="1.0")
    assert (auth.enable_simple_responses, auth.managed_externally, auth.payload_version) == (None, None, "1.0")
    seed.set_authorizer_function("key", function_arn="arn:aws:lambda:us-east-1:123456789012:function:auth")
    assert (auth.function_name, auth.function_arn) == (None, "arn:aws:lambda:us-east-1:123456789012:function:auth")
    seed.set_authorizer_function("key", function_name="params", function_arn="arn:ignored")
    assert (auth.function_name, auth.function_arn) == ("params", None)  # one or the other, never both


def test_an_authorizer_changing_kind_keeps_its_name_and_token_source(seed):
    seed.set_authorizer_kind("someJwtAuthorizer", "request")
    auth = seed.service.provider.http_api.authorizers["someJwtAuthorizer"]
    assert (auth.type, auth.issuer_url, auth.identity_source) == ("request", None, ["$request.header.Authorization"])
    seed.set_authorizer_kind("someJwtAuthorizer", "jwt")
    auth = seed.service.provider.http_api.authorizers["someJwtAuthorizer"]
    assert (auth.type, auth.declared_type, auth.identity_source) == ("jwt", None, "$request.header.Authorization")
    seed.undo()
    seed.undo()
    assert seed.service.provider.http_api.authorizers["someJwtAuthorizer"].issuer_url.startswith("https://cognito-idp.")


def test_a_jwt_authorizer_takes_one_token_source_written_as_a_string(seed):
    seed.update_authorizer("someJwtAuthorizer", identity_source=["$request.header.X-Token"], audience=["a", "b"])
    auth = seed.service.provider.http_api.authorizers["someJwtAuthorizer"]
    assert (auth.identity_source, auth.audience) == ("$request.header.X-Token", ["a", "b"])


def test_renaming_or_deleting_an_authorizer_carries_the_routes(seed):
    seed.rename_authorizer("someJwtAuthorizer", "cognito")
    assert seed.service.functions["someFunction"].events[0].authorizer.name == "cognito"
    assert seed.routes_using("cognito") == ["POST /some-post"]
    seed.delete_authorizer("cognito")
    event = seed.service.functions["someFunction"].events[0]
    assert event.authorizer is None and event.shorthand  # open, and written short again


def test_switches_a_file_spells_out_stay_written_when_turned_back(tmp_path):
    target = tmp_path / "serverless.yml"
    target.write_text("service: s\nframeworkVersion: '3'\nprovider:\n  name: aws\n  runtime: nodejs22.x\n  httpApi:\n"
                      "    payload: '2.0'\n    authorizers:\n      key:\n        type: request\n        functionName: api\n"
                      "        enableSimpleResponses: false\n        payloadVersion: '2.0'\n"
                      "functions:\n  api:\n    handler: h.main\n    events:\n      - httpApi:\n          method: get\n"
                      "          path: /\n          authorizer: key\n")
    original = target.read_text()
    session = Session.from_file(str(target))
    session.update_authorizer("key", enable_simple_responses=True, payload_version="1.0")
    session.update_authorizer("key", enable_simple_responses=False, payload_version="2.0")
    session.set_payload("1.0")
    session.set_payload("2.0")
    assert session.serverless_yml() == original


# ----- edits: logging and the HTTP API ---------------------------------------------------------


def test_access_logs_their_format_and_retention(seed):
    seed.set_access_logs(False)
    assert seed.service.provider.access_logs is None
    seed.set_access_logs(True)
    assert seed.service.provider.access_logs.format is None  # Serverless's default format
    seed.add_log_variable("identity.userAgent")
    fmt = seed.service.provider.access_logs.format
    assert fmt == DEFAULT_ACCESS_LOG_FORMAT[:-1] + ',"userAgent":"$context.identity.userAgent"}'
    seed.set_log_format("$context.requestId $context.status", group="log-format")
    seed.add_log_variable("path")
    assert seed.service.provider.access_logs.format == "$context.requestId $context.status $context.path"
    seed.set_service("log_retention_in_days", 14)
    assert "  logRetentionInDays: 14\n" in seed.serverless_yml()


def test_splicing_a_variable_into_a_json_format_keeps_it_json():
    import json

    spliced = splice_log_variable('{"requestId":"$context.requestId"} ', "authorizer.claims.sub")
    assert json.loads(spliced) == {"requestId": "$context.requestId", "sub": "$context.authorizer.claims.sub"}


def test_payload_2_0_is_the_default_and_is_not_written(seed):
    seed.set_payload("1.0")
    assert "    payload: '1.0'\n" in seed.serverless_yml()
    seed.set_payload("2.0")
    assert seed.service.provider.http_api.payload is None


def test_an_external_api_turns_off_what_that_api_owns_in_one_step(seed):
    assert seed.external_api_conflicts() == ["CORS", "access logs", "1 authorizer definition(s) (someJwtAuthorizer)"]
    assert seed.routes_naming_authorizers() == ["POST /some-post"]
    dropped = seed.update_http_api(id="abc123", metrics=True, payload="1.0")
    assert dropped == ["CORS", "access logs", "1 authorizer definition(s) (someJwtAuthorizer)"]
    http_api = seed.service.provider.http_api
    assert (http_api.id, http_api.metrics, http_api.payload, http_api.cors, http_api.authorizers) == ("abc123", True, "1.0", None, {})
    assert seed.history.depth == 1
    seed.undo()
    assert seed.service.provider.http_api.cors is not None and seed.service.provider.access_logs is not None
