"""The wizard driven by Textual's Pilot: every change goes through the core and shows live."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from wild import CORPUS

from wizard.api import compile_file
from wizard.authoring.session import Session
from wizard.tui.app import SECTION_TITLES, WizardApp
from wizard.tui.screens import ConfirmScreen, HelpScreen, RouteScreen


async def goto(app, pilot, section):
    app.query_one("#sections").index = list(SECTION_TITLES).index(section)
    await pilot.pause()
    assert app.query_one("#editor").current == section


async def save_route(app, pilot, row=None, **fields):
    """Open the route dialog (on ``row`` of the Routes table to edit it, else to add one),
    set ``fields`` by their id without the ``route-`` prefix, and save it."""
    if row is None:
        app.action_add_route()
    else:
        app.query_one("#routes-table").move_cursor(row=row)
        app.action_edit_route()
    await pilot.pause()
    for name, value in fields.items():
        app.screen.query_one(f"#route-{name}").value = value
    await pilot.pause()
    app.screen.query_one("#add").press()
    await pilot.pause()


def app_for(tmp_path, example="seed"):
    return WizardApp(Session.from_example(example, str(tmp_path / "project")))


async def test_edit_add_route_save_matches_the_compiler(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.query_one("#service-name").value = "shop-api"
        await pilot.pause()
        assert "service: shop-api" in app.preview_yaml
        await goto(app, pilot, "routes")
        app.action_add_route()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RouteScreen)
        dialog.query_one("#route-path").value = "/users/{id}.json"
        await pilot.pause()
        assert "whole segment" in str(dialog.query_one("#route-hint").render())  # flagged on the spot
        dialog.query_one("#route-path").value = "/users/{id}"
        await pilot.pause()
        dialog.query_one("#add").press()
        await pilot.pause()
        assert not isinstance(app.screen, RouteScreen)
        assert "GET /users/{id}" in [e.route_key for f in app.session.service.functions.values() for e in f.events]
        await goto(app, pilot, "review")
        app.query_one("#directory").value = str(tmp_path / "out")
        await pilot.pause()
        plan = str(app.query_one("#save-plan").render())
        assert "create        serverless.yml" in plan and "cloudformation-template-update-stack.json" in plan
        app.action_save()
        await pilot.pause()
    saved = compile_file(str(tmp_path / "out" / "serverless.yml"))
    live = app.session.compile()
    assert saved.template == live.template and saved.template is not None
    assert json.loads((tmp_path / "out" / "cloudformation-template-update-stack.json").read_text()) == live.template
    assert (tmp_path / "out" / "handler.js").exists()


async def test_cors_custom_and_undo(tmp_path):
    app = app_for(tmp_path, "simple-routes")
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "cors")
        app.query_one("#cors-custom").value = True
        app.query_one("#cors-origins").value = "https://app.example.com"
        app.query_one("#cors-credentials").value = True
        await pilot.pause()
        app.query_one("#apply-cors").press()
        await pilot.pause()
        template = app.session.compile().template
        assert template["Resources"]["HttpApi"]["Properties"]["CorsConfiguration"]["AllowOrigins"] == ["https://app.example.com"]
        assert '"AllowCredentials": true' in app.preview_cfn
        assert "Access-Control-Allow-Origin: https://app.example.com" in str(app.query_one("#cors-effect").render())
        # Every custom setting, checked as typed.
        app.query_one("#cors-headers").value = "Content-Type, Authorization"
        app.query_one("#cors-methods").value = "GET, POST"
        app.query_one("#cors-exposed").value = "X-Request-Id"
        app.query_one("#cors-max-age").value = "100000"
        await pilot.pause()
        assert "86400" in str(app.query_one("#cors-problems").render())
        app.query_one("#apply-cors").press()
        await pilot.pause()
        assert app.session.service.provider.http_api.cors.max_age is None  # refused: nothing half-applied
        app.query_one("#cors-max-age").value = "600"
        await pilot.pause()
        app.query_one("#apply-cors").press()
        await pilot.pause()
        cors = json.loads(app.preview_cfn)["Resources"]["HttpApi"]["Properties"]["CorsConfiguration"]
        assert cors == {"AllowCredentials": True, "AllowHeaders": ["Content-Type", "Authorization"],
                        "AllowMethods": ["GET", "POST"], "AllowOrigins": ["https://app.example.com"],
                        "ExposeHeaders": ["X-Request-Id"], "MaxAge": 600}
        effect = str(app.query_one("#cors-effect").render())
        assert "Access-Control-Max-Age: 600" in effect and "Access-Control-Expose-Headers: X-Request-Id" in effect
        # Credentials with any origin: browsers refuse it, so the wizard does too.
        app.query_one("#cors-origins").value = "*"
        await pilot.pause()
        assert app.query_one("#cors-problems").has_class("error")
        # The default shows the headers it results in, as the docs' table does.
        app.query_one("#cors-default").value = True
        await pilot.pause()
        assert not app.query_one("#cors-fields").display
        app.query_one("#apply-cors").press()
        await pilot.pause()
        effect = str(app.query_one("#cors-effect").render())
        assert "Access-Control-Allow-Origin: *" in effect and "X-Amz-Security-Token" in effect
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.session.service.provider.http_api.cors.max_age == 600
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert app.session.service.provider.http_api.cors is None
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.session.service.provider.http_api.cors is not None


async def test_invalid_input_shows_problems_and_blocks_nothing(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one("#timeout").value = "45"
        await pilot.pause()
        codes = [app.query_one("#problems").get_row_at(i)[1] for i in range(app.query_one("#problems").row_count)]
        assert "HTTPAPI-FUNCTION-TIMEOUT" in codes
        app.query_one("#service-name").value = "still-editable"
        await pilot.pause()
        assert "service: still-editable" in app.session.serverless_yml()


async def test_help_and_quit_with_unsaved_changes(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # unsaved: it asks first
        app.screen.query_one("#no").press()
        await pilot.pause()
        assert app.is_running


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_section_renders(tmp_path, size):
    app = app_for(tmp_path)
    async with app.run_test(size=size) as pilot:
        for section in SECTION_TITLES:
            await goto(app, pilot, section)
        assert json.loads(str(app.session.compile().template and json.dumps(app.session.compile().template)))


async def test_functions_authorizers_logging_advanced(tmp_path):
    app = app_for(tmp_path, "simple-routes")
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "functions")
        app.query_one("#fn-name").value = "bad name"
        await pilot.pause()
        assert "letters, digits" in str(app.query_one("#fn-problems").render())
        app.query_one("#fn-name").value = "getUser"
        app.query_one("#fn-handler").value = "src/users.get"
        app.query_one("#fn-timeout").value = "10"
        await pilot.pause()
        app.query_one("#fn-save").press()
        await pilot.pause()
        assert app.session.service.functions["getUser"].timeout == 10
        await goto(app, pilot, "authorizers")
        app.query_one("#auth-key").value = "cognito"
        app.query_one("#jwt-issuer").value = "https://cognito-idp.us-east-1.amazonaws.com/pool"
        app.query_one("#jwt-audience").value = "app"
        await pilot.pause()
        app.query_one("#auth-save").press()
        await pilot.pause()
        assert "HttpApiAuthorizerCognito" in app.preview_cfn
        assert "HTTPAPI-AUTHORIZER-UNUSED" in app.preview_yaml or any(
            d.code == "HTTPAPI-AUTHORIZER-UNUSED" for d in app.session.compile().diagnostics)
        await save_route(app, pilot, path="/me", authorizer="cognito", scopes="profile/read")
        route = json.loads(app.preview_cfn)["Resources"]["HttpApiRouteGetMe"]["Properties"]
        assert route["AuthorizationType"] == "JWT" and route["AuthorizationScopes"] == ["profile/read"]
        await goto(app, pilot, "logging")
        app.query_one("#logs-on").value = True
        await pilot.pause()
        app.query_one("#apply-logs").press()
        await pilot.pause()
        assert "HttpApiLogGroup" in app.preview_cfn and "JKJaXmPLvHcESHA=" in str(app.query_one("#log-example").render())
        await goto(app, pilot, "advanced")
        app.query_one("#payload").value = "1.0"
        await pilot.pause()
        app.query_one("#apply-advanced").press()
        await pilot.pause()
        assert '"PayloadFormatVersion": "1.0"' in app.preview_cfn


async def test_edit_an_existing_file_changes_only_the_new_route(tmp_path):
    import shutil

    wild = CORPUS / "003-serverless-examples-aws-node-express-dynamodb-api.yml"
    target = tmp_path / "serverless.yml"
    shutil.copy(wild, target)
    original = target.read_text()
    app = WizardApp(Session.from_file(str(target)))
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "routes")
        await save_route(app, pilot, path="/users/{id}")
        await goto(app, pilot, "review")
        assert "+      - httpApi: GET /users/{id}" in app.session.diff()
        app.action_save()
        await pilot.pause()
    saved = target.read_text()
    added = [line for line in saved.splitlines() if line not in original.splitlines()]
    assert added == ["      - httpApi: GET /users/{id}"]
    assert (tmp_path / "serverless.yml.bak").read_text() == original
    assert "${self:custom.tableName}" in saved  # variables stay as written
    assert (tmp_path / "cloudformation-template-update-stack.json").exists()


def test_serve_answers_with_the_page(tmp_path):
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    pytest.importorskip("textual_serve")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=str(root))
    proc = subprocess.Popen([sys.executable, "-m", "wizard", "serve", "--port", str(port), "--token", "t0ken"], env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 30
        while True:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/?token=t0ken", timeout=2).read().decode()
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.3)
        assert "httpapi-wizard" in page and "<html" in page.lower()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


async def test_web_mode_saves_the_project_as_one_zip(tmp_path):
    import io
    import zipfile

    app = WizardApp(Session.from_example("simple-routes", str(tmp_path / "p")), web=True)
    delivered = []
    app.deliver_binary = lambda stream, save_filename=None, mime_type=None, **kw: delivered.append(
        (save_filename, mime_type, stream.read()))
    async with app.run_test(size=(120, 40)) as pilot:
        app.action_save()
        await pilot.pause()
        assert app.sub_title.startswith("saved")
        await goto(app, pilot, "review")
        plan = str(app.query_one("#save-plan").render())
        assert plan.startswith("Saving downloads p.zip") and "src/items.js" in plan and "create" not in plan
        app.query_one("#directory").value = ""
        await pilot.pause()
        assert str(app.query_one("#save-plan").render()).startswith("Saving downloads p.zip")
        app.query_one("#directory").value = "workshop-api"
        await pilot.pause()
        assert str(app.query_one("#save-plan").render()).startswith("Saving downloads workshop-api.zip")
        app.action_save()
        await pilot.pause()
    (name, mime, data), (renamed, _, _) = delivered
    assert renamed == "workshop-api.zip"
    assert (name, mime) == ("p.zip", "application/zip")
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    # Folders and dot files survive, as they would not as separate downloads.
    assert {"p/serverless.yml", "p/src/items.js", "p/.gitignore", "p/package.json"} <= set(names)
    assert dict((f"p/{path}", text) for path, text in app.session.files()) == {n: archive.read(n).decode() for n in names}
    assert not (tmp_path / "p").exists()  # nothing written on the server


async def test_web_mode_save_reports_a_project_it_cannot_write(tmp_path):
    session = Session.from_example("simple-routes", str(tmp_path / "p"))
    next(iter(session.service.functions.values())).handler = "src/items.not-a-name"
    app = WizardApp(session, web=True)
    delivered, told = [], []
    app.deliver_binary = lambda *a, **kw: delivered.append(a)
    app.notify = lambda message, **kw: told.append((message, kw.get("severity")))
    async with app.run_test(size=(120, 40)) as pilot:
        app.action_save()
        await pilot.pause()
        assert delivered == []
        assert any("cannot be a node function name" in m and severity == "error" for m, severity in told)
        assert app.sub_title.startswith("● unsaved")


async def test_change_inspector_and_format_toggle(tmp_path):
    app = app_for(tmp_path, "simple-routes")
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one("#timeout").value = "12"
        await pilot.pause()
        changed = [app.preview_yaml.splitlines()[n - 1] for n in sorted(app.changed_yaml)]
        assert changed == ["  timeout: 12"]
        assert any('"Timeout": 12' in app.preview_cfn.splitlines()[n - 1] for n in app.changed_cfn)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.preview_cfn.startswith("AWSTemplateFormatVersion: '2010-09-09'")
    # Stacked on a narrow terminal; side by side again on a short one, where stacking would
    # leave each pane a line.
    for size, stacked in (((80, 40), True), ((80, 24), False)):
        narrow = app_for(tmp_path, "simple-routes")
        async with narrow.run_test(size=size) as pilot:
            await pilot.pause()
            assert narrow.query_one("#preview").has_class("narrow") is stacked
            assert narrow.query_one("#yaml-pane").size.height >= 4


async def test_problem_jumps_to_its_field_and_palette_offers_actions(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one("#memory").value = "64"
        await pilot.pause()
        await goto(app, pilot, "routes")
        table = app.query_one("#problems")
        row = next(i for i, d in enumerate(app.problems) if d.code == "HTTPAPI-FUNCTION-MEMORY")
        table.focus()
        table.move_cursor(row=row)
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one("#editor").current == "service" and app.focused.id == "memory"
        from wizard.tui.commands import WizardCommands

        provider = WizardCommands(app.screen)
        hits = [hit async for hit in provider.search("add route")]
        assert any("Add a route" in str(hit.text) for hit in hits)


async def test_try_a_request_answers_live_and_follows_edits(tmp_path):
    import time

    from wizard.explaining.jwt import encode_unsigned

    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "try")
        section = app.query_one("#try")
        # Its own room: the preview gives way to the event pane.
        assert not app.query_one("#preview").display
        # It opens on a request that the first route answers.
        assert app.query_one("#try-request").value == "PATCH /elo"
        assert section.explanation.match.route.api_route_key == "PATCH /elo"

        # A protected route without a token: 401 and no event.
        app.query_one("#try-request").value = "POST /some-post"
        await pilot.pause()
        assert section.explanation.status == 401
        assert "401" in str(app.query_one("#try-answer").render())
        assert not app.query_one("#try-event").display

        # With a token that has the scopes: the event carries its claims.
        claims = {"iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example", "aud": "client1Id",
                  "exp": int(time.time()) + 600, "sub": "u1", "scope": "user.id user.email"}
        app.query_one("#try-headers").text = f"Authorization: Bearer {encode_unsigned(claims)}\nOrigin: https://x.example"
        await pilot.pause()
        assert section.explanation.status is None
        event = json.loads(app.query_one("#try-event").text)
        assert event["routeKey"] == "POST /some-post"
        assert event["requestContext"]["authorizer"]["jwt"]["claims"]["sub"] == "u1"
        assert app.query_one("#try-event").display

        # A malformed request line says what is wrong instead of failing.
        app.query_one("#try-request").value = "FETCH /x"
        await pilot.pause()
        assert "not an HTTP method" in str(app.query_one("#try-answer").render())

        # Adding a route elsewhere changes the answer here.
        app.query_one("#try-request").value = "GET /orders/7"
        await pilot.pause()
        assert section.explanation.match.route.api_route_key == "$default"
        app.session.add_route("simple", "GET", "/orders/{id}")
        app.refresh_preview()
        await pilot.pause()
        assert section.explanation.match.route.api_route_key == "GET /orders/{id}"
        assert json.loads(app.query_one("#try-event").text)["pathParameters"] == {"id": "7"}

        await goto(app, pilot, "routes")
        assert app.query_one("#preview").display


async def test_try_the_selected_route_from_the_routes_table(tmp_path):
    from wizard.explaining.route_words import sample_line

    assert sample_line("GET /users/{id}/files/{path+}") == "GET /users/42/files/a/b"
    assert sample_line("ANY /x") == "GET /x"
    assert sample_line("*") == "GET /anything"
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "routes")
        table = app.query_one("#routes-table")
        table.focus()
        routes = [table.get_row(row)[0] for row in table.rows]
        table.move_cursor(row=routes.index("GET /get/for/any/{param}"))
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert app.query_one("#editor").current == "try"
        assert app.query_one("#try-request").value == "GET /get/for/any/42"
        explanation = app.query_one("#try").explanation
        assert explanation.match.route.api_route_key == "GET /get/for/any/{param}"
        assert explanation.event["pathParameters"] == {"param": "42"}


async def test_function_runtime_description_and_environment(tmp_path):
    app = app_for(tmp_path, "simple-routes")
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "functions")
        key = next(iter(app.session.service.functions))
        app.query_one("#functions-table").move_cursor(row=0)
        await pilot.pause()
        assert app.query_one("#fn-name").value == key
        app.query_one("#fn-environment").text = "TABLE=users\nAWS_REGION=x"
        await pilot.pause()
        assert "Lambda sets AWS_REGION" in str(app.query_one("#fn-problems").render())
        app.query_one("#fn-save").press()
        await pilot.pause()
        assert app.session.service.functions[key].environment is None  # refused, nothing half-applied
        app.query_one("#fn-environment").text = "TABLE=users"
        app.query_one("#fn-description").value = "Lists users"
        app.query_one("#fn-runtime").value = "python3.12"
        await pilot.pause()
        app.query_one("#fn-save").press()
        await pilot.pause()
        props = next(r["Properties"] for r in json.loads(app.preview_cfn)["Resources"].values()
                     if r["Type"] == "AWS::Lambda::Function")
        assert props["Environment"] == {"Variables": {"TABLE": "users"}}
        assert props["Description"] == "Lists users" and props["Runtime"] == "python3.12"
        assert "TABLE: users" in app.preview_yaml


async def test_untouched_environment_keeps_its_values_as_written(tmp_path):
    target = tmp_path / "serverless.yml"
    target.write_text(
        "service: s\nframeworkVersion: '3'\nprovider:\n  name: aws\n  runtime: nodejs20.x\n"
        "functions:\n  api:\n    handler: h.main\n    environment:\n      PORT: 3000\n      TABLE: !Ref Table\n"
        "    events:\n      - httpApi: GET /\n"
    )
    original = target.read_text()
    app = WizardApp(Session.from_file(str(target)))
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "functions")
        app.query_one("#functions-table").move_cursor(row=0)
        await pilot.pause()
        assert app.query_one("#fn-environment").read_only  # !Ref cannot round-trip through KEY=value
        app.query_one("#fn-timeout").value = "9"
        await pilot.pause()
        app.query_one("#fn-save").press()
        await pilot.pause()
    saved = app.session.serverless_yml()
    assert "      PORT: 3000\n      TABLE: !Ref Table\n" in saved
    changed = [line for line in saved.splitlines() if line not in original.splitlines()]
    assert changed == ["    timeout: 9"]


async def test_edit_a_route_in_place(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "routes")
        table = app.query_one("#routes-table")
        rows = [table.get_row(row) for row in table.rows]
        # The table shows each route's authorizer and scopes.
        assert ["POST /some-post", "someFunction", "someJwtAuthorizer", "user.id, user.email"] in rows
        table.focus()
        table.move_cursor(row=[r[0] for r in rows].index("GET /get/for/any/{param}"))
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RouteScreen)
        assert dialog.query_one("#route-path").value == "/get/for/any/{param}"
        assert "pathParameters.param" in str(dialog.query_one("#route-hint").render())  # the path in words
        # Editing does not count the route itself as a duplicate.
        assert not dialog.query_one("#route-hint").has_class("error")
        dialog.query_one("#route-path").value = "/elo"
        dialog.query_one("#route-method").value = "PATCH"
        await pilot.pause()
        assert dialog.query_one("#route-hint").has_class("error")  # PATCH /elo belongs to another route
        dialog.query_one("#route-method").value = "GET"
        dialog.query_one("#route-path").value = "/things/{id}/{rest+}"
        dialog.query_one("#route-authorizer").value = "someJwtAuthorizer"
        dialog.query_one("#route-scopes").value = "things.read"
        await pilot.pause()
        hint = str(dialog.query_one("#route-hint").render())
        assert "one segment" in hint and "rest of the path" in hint
        dialog.query_one("#add").press()
        await pilot.pause()
        events = app.session.service.functions["params"].events
        assert [e.route_key for e in events] == ["GET /things/{id}/{rest+}"]
        route = json.loads(app.preview_cfn)["Resources"]["HttpApiRouteGetThingsIdVarRestVar"]["Properties"]
        assert route["AuthorizationScopes"] == ["things.read"]
        assert "HttpApiRouteGetGetForAnyParamVar" not in app.preview_cfn
        # Scopes without a JWT authorizer are refused on the spot.
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#route-authorizer").value = ""
        await pilot.pause()
        assert "JWT" in str(app.screen.query_one("#route-hint").render())
        # The catch-all needs no path; moving the route to another function.
        app.screen.query_one("#route-scopes").value = ""
        app.screen.query_one("#route-method").value = "*"
        await pilot.pause()
        assert app.screen.query_one("#route-path").disabled
        assert "catchAllAny" in str(app.screen.query_one("#route-hint").render()) or app.screen.query_one("#route-hint").has_class("error")
        app.screen.query_one("#route-method").value = "DELETE"
        app.screen.query_one("#route-path").value = "/things/{id}"
        app.screen.query_one("#route-function").value = "simple"
        await pilot.pause()
        app.screen.query_one("#add").press()
        await pilot.pause()
        assert app.session.service.functions["params"].events == []
        assert [e.route_key for e in app.session.service.functions["simple"].events] == ["PATCH /elo", "DELETE /things/{id}"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [e.route_key for e in app.session.service.functions["params"].events] == ["GET /things/{id}/{rest+}"]


async def test_editing_a_route_of_a_file_changes_only_its_lines(tmp_path):
    target = tmp_path / "serverless.yml"
    target.write_text(
        "service: s\nframeworkVersion: '3'\nprovider:\n  name: aws\n  runtime: nodejs20.x\n"
        "functions:\n  api:\n    handler: h.main\n    events:\n      - httpApi: GET /\n"
        "      # the users route\n      - httpApi: GET /users\n"
    )
    original = target.read_text().splitlines()
    app = WizardApp(Session.from_file(str(target)))
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "routes")
        await save_route(app, pilot, row=1, path="/users/{id}")
    saved = app.session.serverless_yml().splitlines()
    assert [line for line in saved if line not in original] == ["      - httpApi: GET /users/{id}"]
    assert [line for line in original if line not in saved] == ["      - httpApi: GET /users"]
    assert "      # the users route" in saved


async def test_authorizers_edit_in_place_and_lambda_settings(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "authorizers")
        section = app.query_one("#authorizers")
        app.query_one("#authorizers-table").move_cursor(row=0)
        await pilot.pause()
        # Selecting an authorizer fills the form; saving replaces it.
        assert app.query_one("#auth-key").value == "someJwtAuthorizer"
        assert app.query_one("#jwt-audience").value == "client1Id, client2Id"
        assert app.query_one("#jwt-fields").display and not app.query_one("#lambda-fields").display
        app.query_one("#auth-key").value = "cognito"
        app.query_one("#jwt-audience").value = "client1Id"
        await pilot.pause()
        app.query_one("#auth-save").press()
        await pilot.pause()
        authorizers = app.session.service.provider.http_api.authorizers
        assert list(authorizers) == ["cognito"] and authorizers["cognito"].audience == ["client1Id"]
        assert app.session.routes_using("cognito") == ["POST /some-post"]  # the route followed the rename
        assert "someJwtAuthorizer" not in app.preview_yaml

        # A Lambda authorizer with every setting.
        app.query_one("#auth-new").press()
        await pilot.pause()
        app.query_one("#auth-key").value = "apiKey"
        app.query_one("#auth-kind").value = "request"
        await pilot.pause()
        assert app.query_one("#lambda-fields").display and not app.query_one("#jwt-fields").display
        app.query_one("#auth-sources").value = "$request.header.x-api-key, $request.querystring.tenant"
        app.query_one("#lambda-function").value = "simple"
        app.query_one("#lambda-ttl").value = "5000"
        await pilot.pause()
        assert "3600" in str(app.query_one("#auth-problems").render())  # checked as you type
        app.query_one("#auth-save").press()
        await pilot.pause()
        assert "apiKey" not in app.session.service.provider.http_api.authorizers  # refused, nothing half-applied
        app.query_one("#lambda-ttl").value = "300"
        app.query_one("#lambda-simple").value = True
        app.query_one("#lambda-payload").value = "1.0"
        await pilot.pause()
        assert "payloadVersion" in str(app.query_one("#auth-problems").render())
        app.query_one("#lambda-payload").value = "2.0"
        await pilot.pause()
        assert str(app.query_one("#auth-problems").render()) == "OK"
        app.query_one("#auth-save").press()
        await pilot.pause()
        props = json.loads(app.preview_cfn)["Resources"]["HttpApiAuthorizerApiKey"]["Properties"]
        assert props["AuthorizerType"] == "REQUEST" and props["EnableSimpleResponses"] is True
        assert props["AuthorizerResultTtlInSeconds"] == 300
        assert props["IdentitySource"] == ["$request.header.x-api-key", "$request.querystring.tenant"]
        assert "HttpApiAuthorizerApiKeyLambdaPermission" in app.preview_cfn or any(
            "Permission" in k and "Simple" in k for k in json.loads(app.preview_cfn)["Resources"])
        # Managed externally: no permission is added for API Gateway.
        app.query_one("#lambda-managed").value = True
        await pilot.pause()
        app.query_one("#auth-save").press()
        await pilot.pause()
        assert app.session.service.provider.http_api.authorizers["apiKey"].managed_externally is True, str(app.query_one("#auth-problems").render())
        # Routes offer it, and the table says who uses it.
        await goto(app, pilot, "routes")
        await save_route(app, pilot, row=0, authorizer="apiKey")
        await goto(app, pilot, "authorizers")
        rows = [app.query_one("#authorizers-table").get_row(r) for r in app.query_one("#authorizers-table").rows]
        assert ["apiKey", "Lambda", "function simple", "PATCH /elo"] in rows
        assert section.loaded == "apiKey"


async def test_service_and_function_tags(tmp_path):
    app = app_for(tmp_path, "simple-routes")
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one("#service-tags").text = "team=payments\naws:x=1"
        await pilot.pause()
        assert "reserved for AWS" in str(app.query_one("#service-tags-problems").render())
        assert app.session.service.provider.tags is None  # nothing applied while a line is wrong
        app.query_one("#service-tags").text = "team=payments"
        await pilot.pause()
        assert app.session.service.provider.tags == {"team": "payments"}
        assert "  tags:\n    team: payments" in app.preview_yaml
        await goto(app, pilot, "functions")
        app.query_one("#functions-table").move_cursor(row=0)
        await pilot.pause()
        key = app.query_one("#fn-name").value
        app.query_one("#fn-tags").text = "owner=ana"
        await pilot.pause()
        app.query_one("#fn-save").press()
        await pilot.pause()
        assert app.session.service.functions[key].tags == {"owner": "ana"}
        props = next(r["Properties"] for r in json.loads(app.preview_cfn)["Resources"].values()
                     if r["Type"] == "AWS::Lambda::Function")
        assert {"Key": "team", "Value": "payments"} in props["Tags"] and {"Key": "owner", "Value": "ana"} in props["Tags"]


async def test_external_api_turns_off_what_that_api_owns(tmp_path):
    app = app_for(tmp_path)  # seed: default CORS, access logs, a JWT authorizer used by one route
    async with app.run_test(size=(120, 40)) as pilot:
        await goto(app, pilot, "advanced")
        app.query_one("#api-id").value = "abc123"
        app.query_one("#metrics").value = True
        await pilot.pause()
        app.query_one("#apply-advanced").press()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # it explains why, and asks
        question = str(app.screen.question)
        assert "CORS" in question and "access logs" in question and "someJwtAuthorizer" in question
        assert "POST /some-post" in question  # the route that must get the external authorizer's id
        app.screen.query_one("#yes").press()
        await pilot.pause()
        http_api = app.session.service.provider.http_api
        assert http_api.id == "abc123" and http_api.metrics is True
        assert http_api.cors is None and http_api.authorizers == {} and app.session.service.provider.access_logs is None
        # The route still names the removed authorizer: an error says so, nothing opened silently.
        assert any(d.code == "UNRECOGNIZED_HTTP_API_AUTHORIZER" for d in app.session.compile().diagnostics)
        # The sections that no longer apply say why, and cannot be applied.
        for section, button in (("cors", "#apply-cors"), ("logging", "#apply-logs"), ("authorizers", "#auth-save")):
            await goto(app, pilot, section)
            note = app.query_one(f"#{section} .external-note")
            assert note.display and "abc123" in str(note.render())
            assert app.query_one(button).disabled
        # The route takes the external API's authorizer by id.
        await goto(app, pilot, "routes")
        table = app.query_one("#routes-table")
        table.move_cursor(row=[table.get_row(r)[0] for r in table.rows].index("POST /some-post"))
        app.action_edit_route()
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#route-authorizer").value = "\tby-id"
        await pilot.pause()
        assert dialog.query_one("#route-authorizer-id").display
        assert "id of the external" in str(dialog.query_one("#route-hint").render())
        dialog.query_one("#route-authorizer-id").value = "auth9"
        await pilot.pause()
        dialog.query_one("#add").press()
        await pilot.pause()
        result = app.session.compile()
        assert result.errors == []
        route = result.template["Resources"]["HttpApiRoutePostSomeDashpost"]["Properties"]
        assert route["AuthorizerId"] == "auth9" and route["ApiId"] == "abc123"
        assert "          authorizer:\n            id: auth9\n" in app.preview_yaml
        # One undo step puts it all back.
        await goto(app, pilot, "advanced")
        app.session.undo()
        app.session.undo()
        app.refresh_preview()
        await pilot.pause()
        assert app.session.service.provider.http_api.cors is not None and app.query_one("#api-id").value == ""


SEED_FUNCTIONS = [  # (name, handler, method, path, authorizer, scopes): the seed example, route by route
    ("simple", "handler.simple", "PATCH", "/elo", "", ""),
    ("extended", "handler.extended", "POST", "/post/just/to/this/path", "", ""),
    ("catchAllAny", "index.catchAllAny", "*", "", "", ""),
    ("catchAllMethod", "handler.catchAllMethod", "ANY", "/any/method", "", ""),
    ("params", "handler.params", "GET", "/get/for/any/{param}", "", ""),
    ("someFunction", "index.handler", "POST", "/some-post", "someJwtAuthorizer", "user.id, user.email"),
]


async def test_build_the_seed_example_from_an_empty_service_through_save(tmp_path):
    """A newcomer's whole path: empty `new`, every section through the UI, save; the result is the seed example."""
    app = WizardApp(Session.from_example("empty", str(tmp_path / "project")))
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one("#service-name").value = "seed-example"
        app.query_one("#region").value = "us-east-1"
        await pilot.pause()
        await goto(app, pilot, "authorizers")
        app.query_one("#auth-key").value = "someJwtAuthorizer"
        app.query_one("#jwt-issuer").value = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example"
        app.query_one("#jwt-audience").value = "client1Id, client2Id"
        await pilot.pause()
        app.query_one("#auth-save").press()
        await pilot.pause()
        await goto(app, pilot, "functions")
        for name, handler, *_ in SEED_FUNCTIONS:
            app.query_one("#fn-name").value = name
            app.query_one("#fn-handler").value = handler
            await pilot.pause()
            app.query_one("#fn-save").press()
            await pilot.pause()
        assert list(app.session.service.functions) == [f[0] for f in SEED_FUNCTIONS]
        await goto(app, pilot, "routes")
        for name, _, method, path, authorizer, scopes in SEED_FUNCTIONS:
            await pilot.press("a")
            await pilot.pause()
            dialog = app.screen
            dialog.query_one("#route-function").value = name
            dialog.query_one("#route-method").value = method
            if method != "*":
                dialog.query_one("#route-path").value = path
            dialog.query_one("#route-authorizer").value = authorizer
            dialog.query_one("#route-scopes").value = scopes
            await pilot.pause()
            assert not dialog.query_one("#route-hint").has_class("error"), str(dialog.query_one("#route-hint").render())
            dialog.query_one("#add").press()
            await pilot.pause()
        await goto(app, pilot, "cors")
        app.query_one("#cors-default").value = True
        await pilot.pause()
        app.query_one("#apply-cors").press()
        await pilot.pause()
        await goto(app, pilot, "logging")
        app.query_one("#logs-on").value = True
        await pilot.pause()
        app.query_one("#apply-logs").press()
        await pilot.pause()
        assert [d.code for d in app.session.compile().diagnostics if d.is_error] == []
        await goto(app, pilot, "review")
        app.query_one("#directory").value = str(tmp_path / "built")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    built = tmp_path / "built"
    saved = compile_file(str(built / "serverless.yml"))
    assert saved.errors == []
    # The saved template is what the compiler makes of the saved serverless.yml ...
    assert json.loads((built / "cloudformation-template-update-stack.json").read_text()) == saved.template
    # ... and the service built by hand is the seed example, resource for resource.
    seed = compile_file(str(Path(__file__).resolve().parents[1] / "wizard" / "examples" / "seed.yml"))
    assert saved.template == seed.template
    assert (built / "handler.js").exists() and (built / "index.js").exists()


async def test_route_keys_live_in_the_routes_section_and_the_palette_follows_the_section(tmp_path):
    from wizard.tui.commands import WizardCommands

    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        shown = {b.binding.action for b in app.active_bindings.values() if b.enabled}
        assert "save" in shown and "add_route" not in shown  # not offered where it makes no sense
        await pilot.press("a")  # typed outside Routes: nothing opens
        await pilot.pause()
        assert not isinstance(app.screen, RouteScreen)
        await goto(app, pilot, "routes")
        assert app.check_action("edit_route", ()) and app.check_action("try_route", ())
        await goto(app, pilot, "functions")
        hits = [str(hit.text) async for hit in WizardCommands(app.screen).search("duplicate")]
        assert any("Duplicate the selected function" in h for h in hits)
        hits = [hit async for hit in WizardCommands(app.screen).search("add a route")]
        await hits[0].command()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, RouteScreen) and app.query_one("#editor").current == "routes"


async def test_opening_the_wizard_changes_nothing(tmp_path):
    """Fields report their first value when they appear: that is not an edit to undo or save."""
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        for section in SECTION_TITLES:
            await goto(app, pilot, section)
        assert app.session._undo == [] and not app.action_undo()
        assert app.session.serverless_yml() == Session.from_example("seed", str(tmp_path / "project")).serverless_yml()


async def test_keyboard_only_edit_of_a_route(tmp_path):
    """From the start, arrows to Routes, `e`, type, Enter: no mouse and no Tab hunting."""
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.focused.id == "sections"
        await pilot.press("down", "down")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, RouteScreen) and app.focused.id == "route-path"
        await pilot.press("end", "2", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, RouteScreen)
        assert [e.route_key for e in app.session.service.functions["simple"].events] == ["PATCH /elo2"]


async def test_started_with_the_collector_off_the_wizard_turns_it_on_after_its_first_frame(tmp_path):
    # The command line starts the wizard with the collector off (start-up speed); a session
    # left without it would grow without bound.
    import gc

    app = app_for(tmp_path)
    gc.disable()
    try:
        async with app.run_test() as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
    finally:
        gc.enable()
        gc.unfreeze()


async def test_started_with_the_collector_on_the_wizard_leaves_it_alone(tmp_path):
    import gc

    app = app_for(tmp_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert gc.isenabled() and gc.get_freeze_count() == 0


async def test_problems_title_counts_notes_apart_from_warnings(tmp_path):
    # The seed's nodejs22.x draws Serverless's schema warning and our note explaining it.
    app = app_for(tmp_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        table = app.query_one("#problems")
        assert table.border_title == "Problems: 0 error(s), 1 warning(s), 1 note(s)"
        assert [d.severity for d in app.problems] == ["warning", "info"]
