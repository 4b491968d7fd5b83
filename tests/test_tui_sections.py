"""One Pilot test per section: change every field with keys, then undo and redo every change;
after each step, every widget shows exactly the model's value (one-way state).

The business of each change is tested in test_session*.py; here, the wiring.
"""

from __future__ import annotations

import pytest
from tui_keys import app_for, burst, choose, focus, open_section, shows_model, toggle, type_into

pytestmark = pytest.mark.cost(1.9)  # CPU-seconds per test, about (tests/conftest.py)


async def walk_history(pilot, app, section, model_of, steps: int, check=None) -> None:
    """Undo ``steps`` times and redo them again, checking the widgets against the model at each step."""
    check = check or shows_model
    states = [model_of(app.session)]
    for _ in range(steps):
        await pilot.press("ctrl+z")  # press waits until the app has handled it
        check(section, model_of(app.session))
        states.append(model_of(app.session))
    assert all(a != b for a, b in zip(states, states[1:], strict=False)), "each undo step took back one change"
    for expected in reversed(states[:-1]):
        await pilot.press("ctrl+y")
        assert model_of(app.session) == expected
        check(section, expected)


def service_model(session) -> dict:
    p = session.service.provider
    return {"service-name": session.service.service, "runtime": p.runtime, "region": p.region, "stage": p.stage,
            "memory": p.memory_size, "timeout": p.timeout, "service-tags": p.tags}


async def test_service(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        section = await open_section(pilot, "service")
        await type_into(pilot, "#service-name", "workshop-api")
        assert app.session.service.service == "workshop-api" and "service: workshop-api" in app.preview_yaml
        shows_model(section, service_model(app.session))
        await choose(pilot, "#runtime", "python3.13")
        await type_into(pilot, "#region", "eu-west-1")
        await type_into(pilot, "#stage", "prod")
        await type_into(pilot, "#memory", "512")
        await type_into(pilot, "#timeout", "20")
        await type_into(pilot, "#service-tags", "team=payments")
        await focus(pilot, "#service-name")  # leaving the tags ends their step
        model = service_model(app.session)
        assert model == {"service-name": "workshop-api", "runtime": "python3.13", "region": "eu-west-1", "stage": "prod",
                         "memory": 512, "timeout": 20, "service-tags": {"team": "payments"}}
        shows_model(section, model)
        # Seven fields, seven steps: typing in one field is one step.
        assert app.session.history.depth == 7
        await walk_history(pilot, app, section, service_model, 7)


async def test_a_field_shows_the_model_after_undo_while_it_has_the_keyboard(tmp_path):
    """The issue's case: type workshop-api, ctrl+z: the field and the preview both say what the model holds."""
    app = app_for(tmp_path, "empty")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "service")
        await type_into(pilot, "#service-name", "workshop-api")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.focused.id == "service-name"
        assert app.focused.value == "my-http-api" and "service: my-http-api" in app.preview_yaml
        await pilot.press("ctrl+z", "ctrl+z")  # nothing more to undo: nothing moves
        await pilot.pause()
        assert app.focused.value == "my-http-api"
        await pilot.press("s")  # typing on starts from what the model holds
        await pilot.pause()
        assert app.session.service.service == "my-http-apis" and app.focused.value == "my-http-apis"


def function_model(session, key="getUser") -> dict:
    fn = session.service.functions.get(key)
    if fn is None:
        return {}
    return {"fn-handler": fn.handler, "fn-runtime": fn.runtime, "fn-memory": fn.memory_size, "fn-timeout": fn.timeout,
            "fn-description": fn.description, "fn-environment": fn.environment, "fn-tags": fn.tags}


@pytest.mark.cost(3)
async def test_functions(tmp_path):
    app = app_for(tmp_path, "simple-routes")
    async with app.run_test(size=(80, 24)) as pilot:
        section = await open_section(pilot, "functions")
        first = next(iter(app.session.service.functions))
        await pilot.press("n")  # New, from the table
        await pilot.pause()
        assert app.focused.id == "new-fn-name"  # the dialog starts on its first field
        await pilot.press(*"getUser")
        await pilot.pause()
        assert app.screen.query_one("#new-fn-handler").value == "handler.getUser"  # follows the name
        await pilot.press("enter")
        await pilot.pause()
        assert "getUser" in app.session.service.functions and section.selected == "getUser"
        await type_into(pilot, "#fn-handler", "src/users.get")
        await choose(pilot, "#fn-runtime", "python3.13")
        await type_into(pilot, "#fn-memory", "256")
        await type_into(pilot, "#fn-timeout", "10")
        await type_into(pilot, "#fn-description", "Reads a user")
        await type_into(pilot, "#fn-environment", "TABLE=users")
        await type_into(pilot, "#fn-tags", "owner=ana")
        await focus(pilot, "#fn-handler")
        model = function_model(app.session)
        assert model == {"fn-handler": "src/users.get", "fn-runtime": "python3.13", "fn-memory": 256, "fn-timeout": 10,
                         "fn-description": "Reads a user", "fn-environment": {"TABLE": "users"}, "fn-tags": {"owner": "ana"}}
        shows_model(section, model)
        await walk_history(pilot, app, section, function_model, 7)
        # Rename, duplicate, delete: keys from the table, dialogs answered with keys.
        await focus(pilot, "#functions-table")
        await pilot.press("r")
        await pilot.pause()
        assert app.focused.id == "new-name" and app.focused.value == "getUser"
        await pilot.press("end", *"V2", "enter")
        await pilot.pause()
        assert "getUserV2" in app.session.service.functions and section.selected == "getUserV2"
        await pilot.press("c")
        await pilot.pause()
        assert section.selected == "getUserV2Copy" and app.session.service.functions["getUserV2Copy"].handler == "src/users.get"
        await pilot.press("d")
        await pilot.pause()
        assert app.focused.id == "confirm"  # Enter confirms
        await pilot.press("escape")  # Escape cancels
        await pilot.pause()
        assert "getUserV2Copy" in app.session.service.functions
        await pilot.press("d", "enter")
        await pilot.pause()
        assert "getUserV2Copy" not in app.session.service.functions
        assert list(app.session.service.functions)[0] == first  # the others as they were


async def test_a_draft_is_not_applied_and_says_why(tmp_path):
    app = app_for(tmp_path, "simple-routes")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "functions")
        key = app.current_section().selected
        await type_into(pilot, "#fn-environment", "TABLE=users")
        await burst(pilot, "enter", *"AWS_REGION=x")
        row = app.screen.query_one("#row-fn-environment")
        assert any("Lambda sets AWS_REGION itself" in message for _, message in row.said)
        assert app.session.service.functions[key].environment == {"TABLE": "users"}  # the last value that was whole
        await burst(pilot, *["backspace"] * len("\nAWS_REGION=x"))  # back to what the model holds: the message goes
        assert app.screen.query_one("#fn-environment").text == "TABLE=users" and row.said == ()
        await type_into(pilot, "#fn-handler", "bootstrap")  # the core's rule speaks under the field
        said = app.screen.query_one("#row-fn-handler").said
        assert said == (("error", f"function {key}: handler 'bootstrap' (nodejs22.x) must name a file and its export, e.g. src/users.get"),)
        assert said[0][1] in [d.message for d in app.problems]  # the form and the Problems panel say the same


def route_model(session) -> list:
    return [(f.key, e.route_key, e.authorizer.name if e.authorizer else None, e.authorizer.scopes if e.authorizer else None)
            for f, e in session.service.http_api_events()]


def table_shows_routes(section, routes) -> None:
    rows = [cells for cells, _ in section.query_one("#routes-table").shown_rows]
    assert rows == [(key, fn, name or "open", ", ".join(scopes or [])) for fn, key, name, scopes in routes]


@pytest.mark.cost(2.5)
async def test_routes(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        section = await open_section(pilot, "routes")
        assert app.focused.id == "routes-table"
        await pilot.press("a")
        await pilot.pause()
        assert app.focused.id == "route-path"
        await pilot.press(*"/users/{id}.json")
        await pilot.pause()
        assert "whole segment" in str(app.screen.query_one("#route-findings").render())  # the core's words, as typed
        assert app.screen.query_one("#add").disabled
        await pilot.press("enter")  # refused while it is an error
        await pilot.pause()
        await pilot.press(*["backspace"] * 5, "enter")
        await pilot.pause()
        assert ("simple", "GET /users/{id}", None, None) in route_model(app.session)
        rows = [r for r, _ in app.query_one("#routes-table").shown_rows]
        assert app.query_one("#routes-table").cursor_row == [r[0] for r in rows].index("GET /users/{id}")
        await pilot.press("e")  # edit the new route: a JWT authorizer and scopes
        await pilot.pause()
        await choose(pilot, "#route-authorizer", "someJwt")
        await type_into(pilot, "#route-scopes", "users.read")
        await pilot.press("enter")
        await pilot.pause()
        assert ("simple", "GET /users/{id}", "someJwtAuthorizer", ["users.read"]) in route_model(app.session)
        await pilot.press("d", "enter")
        await pilot.pause()
        assert not any(r[1] == "GET /users/{id}" for r in route_model(app.session))
        await walk_history(pilot, app, section, route_model, 3, table_shows_routes)
        await pilot.press("a")  # the catch-all: no path; a second one is flagged as Serverless would lose it
        await pilot.pause()
        await choose(pilot, "#route-method", "* catch-all")
        assert app.screen.query_one("#route-path").disabled
        (said,) = app.screen.query_one("#route-findings").said
        assert said[0] == "warning" and "also declared by function catchAllAny" in said[1]
        assert not app.screen.query_one("#add").disabled  # a warning says, an error refuses
        await pilot.press("escape")


def cors_model(session) -> dict:
    cors = session.service.provider.http_api.cors
    custom = cors if cors is not None and not cors.is_default else None
    return {"cors-origins": getattr(custom, "allowed_origins", None), "cors-headers": getattr(custom, "allowed_headers", None),
            "cors-methods": getattr(custom, "allowed_methods", None), "cors-exposed": getattr(custom, "exposed_response_headers", None),
            "cors-max-age": getattr(custom, "max_age", None), "cors-credentials": bool(getattr(custom, "allow_credentials", None)),
            "mode": "off" if cors is None else ("default" if cors.is_default else "custom")}


def cors_shows(section, model) -> None:
    pressed = section.query_one("#cors-mode").pressed_button
    assert pressed is not None and pressed.id == f"cors-{model['mode']}"
    assert section.query_one("#cors-fields").display == (model["mode"] == "custom")
    shows_model(section, {k: v for k, v in model.items() if k != "mode" and model["mode"] == "custom"})


async def test_cors(tmp_path):
    app = app_for(tmp_path, "simple-routes")
    async with app.run_test(size=(80, 24)) as pilot:
        section = await open_section(pilot, "cors")
        assert app.focused.id == "cors-mode"
        await pilot.press("down", "down", "enter")  # Off, Default, Custom
        await pilot.pause()
        assert cors_model(app.session)["mode"] == "custom" and section.query_one("#cors-fields").display
        await type_into(pilot, "#cors-origins", "https://app.example.com")
        await type_into(pilot, "#cors-headers", "Content-Type, Authorization")
        await type_into(pilot, "#cors-methods", "GET, POST")
        await type_into(pilot, "#cors-exposed", "X-Request-Id")
        await type_into(pilot, "#cors-max-age", "600")
        await toggle(pilot, "#cors-credentials")
        await pilot.pause()
        cors = app.session.compile().template["Resources"]["HttpApi"]["Properties"]["CorsConfiguration"]
        assert cors == {"AllowCredentials": True, "AllowHeaders": ["Content-Type", "Authorization"], "AllowMethods": ["GET", "POST"],
                        "AllowOrigins": ["https://app.example.com"], "ExposeHeaders": ["X-Request-Id"], "MaxAge": 600}
        effect = str(section.query_one("#cors-effect").render())
        assert "Access-Control-Max-Age: 600" in effect and "Access-Control-Allow-Origin: https://app.example.com" in effect
        model = cors_model(app.session)
        shows_model(section, {k: v for k, v in model.items() if k != "mode"})
        await type_into(pilot, "#cors-origins", "*")  # credentials with any origin: the check says so under the field
        assert any("credentials" in m.lower() for _, m in section.query_one("#row-cors-origins").said + section.query_one("#row-cors-credentials").said)
        await walk_history(pilot, app, section, cors_model, 8, cors_shows)


def authorizer_model(session, key="okta") -> dict:
    auth = session.service.provider.http_api.authorizers.get(key)
    if auth is None:
        return {}
    return {"auth-kind": "request" if auth.type == "request" else "jwt", "jwt-issuer": auth.issuer_url, "jwt-audience": auth.audience,
            "lambda-function": auth.function_name, "lambda-ttl": auth.result_ttl_in_seconds,
            "lambda-simple": auth.enable_simple_responses is True, "lambda-managed": auth.managed_externally is True}


@pytest.mark.cost(3)
async def test_authorizers(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        section = await open_section(pilot, "authorizers")
        await pilot.press("n")
        await pilot.pause()
        assert app.focused.id == "new-auth-name"
        await pilot.press(*"okta")
        await type_into(pilot, "#new-auth-issuer", "https://example.okta.com/oauth2/default")
        await type_into(pilot, "#new-auth-audience", "api://default")
        await pilot.press("enter")
        await pilot.pause()
        assert section.selected == "okta" and app.session.service.provider.http_api.authorizers["okta"].issuer_url.startswith("https://")
        await type_into(pilot, "#jwt-audience", "api://default, app2")
        shows_model(section, {"jwt-audience": ["api://default", "app2"]})
        await choose(pilot, "#auth-kind", "Lambda")
        assert section.query_one("#lambda-fields").display and not section.query_one("#jwt-fields").display
        await choose(pilot, "#lambda-function", "simple")
        await type_into(pilot, "#lambda-ttl", "300")
        await toggle(pilot, "#lambda-simple")
        await toggle(pilot, "#lambda-managed")
        await pilot.pause()
        auth = app.session.service.provider.http_api.authorizers["okta"]
        assert (auth.type, auth.function_name, auth.result_ttl_in_seconds, auth.enable_simple_responses, auth.managed_externally) == (
            "request", "simple", 300, True, True)
        shows_model(section, {k: v for k, v in authorizer_model(app.session).items() if k not in ("jwt-issuer", "jwt-audience")})
        await walk_history(pilot, app, section, authorizer_model, 6)
        await focus(pilot, "#authorizers-table")
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*["backspace"] * 4, *"cognito", "enter")
        await pilot.pause()
        assert "cognito" in app.session.service.provider.http_api.authorizers


def logging_model(session) -> dict:
    logs = session.service.provider.access_logs
    return {"logs-on": logs is not None, "log-format": logs.format if logs is not None else None,
            "log-retention": session.service.provider.log_retention_in_days}


async def test_logging(tmp_path):
    app = app_for(tmp_path, "simple-routes")
    async with app.run_test(size=(80, 24)) as pilot:
        section = await open_section(pilot, "logging")
        await toggle(pilot, "#logs-on")
        await pilot.pause()
        assert app.session.service.provider.access_logs is not None and "HttpApiLogGroup" in app.preview_cfn
        await type_into(pilot, "#log-format", "$context.requestId $context.status")
        await choose(pilot, "#log-variable", "$context.path")
        assert app.session.service.provider.access_logs.format == "$context.requestId $context.status $context.path"
        assert "JKJaXmPLvHcESHA= 200 /users/42" in str(section.query_one("#log-example").render())
        await choose(pilot, "#log-retention", "14")
        shows_model(section, logging_model(app.session))
        await walk_history(pilot, app, section, logging_model, 4)


def advanced_model(session) -> dict:
    h = session.service.provider.http_api
    return {"payload": "1.0" if str(h.payload) in ("1", "1.0") else "2.0", "metrics": bool(h.metrics),
            "disable-endpoint": bool(h.disable_default_endpoint), "api-name": h.name, "id": h.id}


def advanced_shows(section, model) -> None:
    shows_model(section, {k: v for k, v in model.items() if k != "id"})
    state = str(section.query_one("#external-state").render())
    assert state == (f"Routes go to the HTTP API {model['id']}, made elsewhere" if model["id"] else "This stack creates its HTTP API")


async def test_advanced(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        section = await open_section(pilot, "advanced")
        await choose(pilot, "#payload", "1.0")
        await toggle(pilot, "#metrics")
        await toggle(pilot, "#disable-endpoint")
        await type_into(pilot, "#api-name", "shop")
        await focus(pilot, "#external-api")
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused.id == "external-id"
        assert "CORS" in str(app.screen.query_one("#external-effect").render())  # it says what attaching turns off
        await pilot.press(*"abc123", "enter")
        await pilot.pause()
        http_api = app.session.service.provider.http_api
        assert (http_api.id, http_api.cors, http_api.authorizers) == ("abc123", None, {})
        assert "    payload: '1.0'\n" in app.preview_yaml
        # The route still names the removed authorizer: an error says so, nothing opened silently.
        assert "UNRECOGNIZED_HTTP_API_AUTHORIZER" in [d.code for d in app.problems]
        shows_model(section, {k: v for k, v in advanced_model(app.session).items() if k != "id"})
        await walk_history(pilot, app, section, advanced_model, 5, advanced_shows)
        # Sections that no longer apply say why, and take no input.
        await app.goto_section("cors")
        assert "abc123" in str(app.query_one("#cors .external-note").render()) and app.query_one("#cors-origins").disabled
