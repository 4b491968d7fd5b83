"""The wizard driven by Textual's Pilot, with keys: the whole path a newcomer takes, and the keyboard's promises.

What each change does to the model is tested in test_session*.py; each section's fields
in test_tui_sections.py; crashes and recovery in test_tui_safety.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea
from tui_keys import app_for, burst, focus, open_section, type_into

from wizard.api import compile_file
from wizard.authoring.session import Session
from wizard.tui.app import SECTION_TITLES, WizardApp
from wizard.tui.screens.help import HelpScreen
from wizard.tui.screens.problem import ProblemScreen
from wizard.tui.screens.quit import QuitScreen
from wizard.tui.screens.route import RouteScreen

pytestmark = pytest.mark.cost(1.4)  # CPU-seconds per test, about (tests/conftest.py)

ROOT = Path(__file__).resolve().parents[1]

SEED_FUNCTIONS = [  # (name, handler, method, path, authorizer, scopes): the seed example, route by route
    ("simple", "handler.simple", "PATCH", "/elo", "", ""),
    ("extended", "handler.extended", "POST", "/post/just/to/this/path", "", ""),
    ("catchAllAny", "index.catchAllAny", "*", "", "", ""),
    ("catchAllMethod", "handler.catchAllMethod", "ANY", "/any/method", "", ""),
    ("params", "handler.params", "GET", "/get/for/any/{param}", "", ""),
    ("someFunction", "index.handler", "POST", "/some-post", "someJwtAuthorizer", "user.id, user.email"),
]


@pytest.mark.cost(7.5)
async def test_build_the_seed_example_from_an_empty_service_with_keys_only(tmp_path, monkeypatch):
    """A newcomer's whole path, keys only, through the dialogs: `new --example empty`, every section, save;
    the saved template is the seed example's, resource for resource."""
    monkeypatch.chdir(tmp_path)
    app = WizardApp(Session.from_example("empty", "project"))
    async with app.run_test(size=(80, 24)) as pilot:
        press = pilot.press

        async def typed(*keys: str) -> None:  # keys without a repaint between them, as a fast typist
            await burst(pilot, *keys)

        assert app.focused.id == "sections"
        await press("enter")  # into Service
        await typed("end", *["backspace"] * len("my-http-api"), *"seed-example")
        await press("tab", "tab")
        await typed(*"us-east-1")
        assert (app.session.service.service, app.session.service.provider.region) == ("seed-example", "us-east-1")
        await press("shift+tab", "shift+tab", "shift+tab")
        assert app.focused.id == "sections"
        await press("down", "down", "down", "down", "n")  # Authorizers, New
        await pilot.pause()
        await typed(*"someJwtAuthorizer")
        await press("tab", "tab", "tab")
        await typed(*"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example")
        await press("tab")
        await typed(*"client1Id, client2Id", "enter")
        assert list(app.session.service.provider.http_api.authorizers) == ["someJwtAuthorizer"]
        await press("up", "up", "up", "n")  # Functions (from the sections list: the section's keys work there)
        for name, handler, *_ in SEED_FUNCTIONS:
            await pilot.pause()
            await typed(*name)
            if not handler.startswith("handler."):  # the suggestion follows the name: only these differ
                await press("tab")
                await typed("end", *["backspace"] * len(f"handler.{name}"), *handler)
            await typed("enter")
            await press("n")
        await press("escape")
        assert [(f.key, f.handler) for f in app.session.service.functions.values()] == [(f[0], f[1]) for f in SEED_FUNCTIONS]
        await press("down", "a")  # Routes, Add
        for name, _, method, path, authorizer, scopes in SEED_FUNCTIONS:
            await pilot.pause()
            assert isinstance(app.screen, RouteScreen)
            await press("shift+tab", "enter")  # the method's list
            await typed(*("* catch-all" if method == "*" else method), "enter")
            if method != "*":
                await press("tab")
                await typed(*path)
            await press("tab", "enter")  # the function's list
            await typed(*name, "enter")
            if authorizer:
                await press("tab", "enter")
                await typed(*authorizer, "enter")
                await press("tab")
                await typed(*scopes)
            assert not app.screen.query_one("#add").disabled, str(app.screen.query_one("#route-findings").render())
            await focus(pilot, "#add")
            await press("enter")
            await pilot.pause()
            await press("a")
        await press("escape")
        await pilot.pause()
        await app.goto_section("cors", focus=True)  # the palette's "Go to" (tested below): the keyboard lands in it
        await pilot.pause()
        await press("down", "enter")  # Default
        await app.goto_section("logging", focus=True)
        await pilot.pause()
        await press("space")  # access logs on
        await pilot.pause()
        assert [d.code for d in app.problems if d.is_error] == []
        await app.goto_section("review", focus=True)
        await pilot.pause()
        assert app.focused.id == "directory"
        await typed("end", *["backspace"] * len("project"), *"built")
        await press("ctrl+s")
        await pilot.pause()
        result = str(app.query_one("#save-result").render())
        assert result == "Saved 7 file(s) in built", result  # the seed project's files
    built = tmp_path / "built"
    saved = compile_file(str(built / "serverless.yml"))
    assert saved.errors == []
    # The saved template is what the compiler makes of the saved serverless.yml ...
    assert json.loads((built / ".serverless" / "httpapi-wizard" / "cloudformation-template-update-stack.json").read_text()) == saved.template
    # ... and the service built by hand is the seed example, resource for resource.
    assert saved.template == compile_file(str(ROOT / "wizard" / "examples" / "seed.yml")).template
    assert (built / "handler.js").exists() and (built / "index.js").exists()


async def test_a_fresh_new_project_opens_clean_and_quits_without_asking(tmp_path):
    app = app_for(tmp_path, "empty")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # Serverless's schema warns on every current runtime: the wizard chose it, so it is no problem of the user's ...
        assert app.problems == [] and app.query_one("#problems").border_title.startswith("Problems: 0 error(s), 0 warning(s)")
        assert "!" not in str(app.query_one("#nav-service").render())
        # ... and Review says it, with what `validate` will print.
        review = await open_section(pilot, "review")
        known = str(review.query_one("#known").render())
        assert "CONFIG_SCHEMA" in known and "HTTPAPI-RUNTIME-NEWER-THAN-SERVERLESS" in known
        assert app.sub_title.startswith("new project, nothing to save yet")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running  # nothing changed: nothing to ask


async def test_quitting_with_unsaved_work_asks_and_escape_stays(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "service")
        await type_into(pilot, "#region", "eu-west-1")
        assert app.sub_title.startswith("● unsaved changes")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen) and app.focused.id == "save"
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, QuitScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("enter")  # Save and quit
        await pilot.pause()
    assert not app.is_running
    assert "region: eu-west-1" in (tmp_path / "project" / "serverless.yml").read_text()


async def test_f1_says_how_to_move_first_then_the_field_with_its_placeholders(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "authorizers")
        await focus(pilot, "#jwt-issuer")
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        assert text.startswith("How to move. Tab and shift+Tab go from field to field")
        assert "https://cognito-idp.<region>.amazonaws.com/<userPoolId>" in text  # not eaten as a tag
        assert text.index("How to move") < text.index("This field.") < text.index("Authorizers.")
        assert "Keys here. n new, r rename, d delete." in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused.id == "jwt-issuer"


async def test_the_palette_lists_the_section_s_actions_before_any_word_and_go_to_lands_in_the_section(tmp_path):
    from textual.command import CommandPalette

    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "functions")
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        listed = [str(option.prompt).split("\n")[0] for option in app.screen.query_one("CommandList").options]
        assert [p for p in listed[:4]] == ["New (n)", "Rename (r)", "Duplicate (c)", "Delete (d)"]
        await pilot.press(*"go to cors", "enter")
        await pilot.pause()
        assert app.current_section().KEY == "cors" and app.focused.id == "cors-mode"


async def test_a_problem_opens_whole_and_enter_goes_to_its_field(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "service")
        await type_into(pilot, "#memory", "64")
        table = await focus(pilot, "#problems")
        row = next(i for i, d in enumerate(app.problems) if d.code == "HTTPAPI-FUNCTION-MEMORY")
        table.move_cursor(row=row)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProblemScreen) and app.focused.id == "go"
        message = str(app.screen.query_one("#problem-message").render())
        assert message == app.problems[row].message  # whole, however wide the column was
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_section().KEY == "service" and app.focused.id == "memory"


async def test_dialogs_start_on_their_first_control_enter_confirms_escape_cancels(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "routes")
        await pilot.press("d")
        await pilot.pause()
        assert app.focused.id == "confirm"
        await pilot.press("escape")
        await pilot.pause()
        assert len(list(app.session.service.http_api_events())) == 6
        await pilot.press("d", "enter")
        await pilot.pause()
        assert len(list(app.session.service.http_api_events())) == 5
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, RouteScreen) and app.focused.id == "route-path"  # the route under the cursor has a path
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, RouteScreen)


async def test_a_section_opened_is_drawn_without_another_key(tmp_path):
    """Opening a section draws one frame, once it is mounted whole (its waves are not drawn one by
    one): that frame comes by itself, with no key or Pilot pause to prompt it, and leaves the
    screen drawing again (a change typed next is shown)."""
    import asyncio

    app = app_for(tmp_path, "simple-routes")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key, control in (("functions", "#functions-table"), ("routes", "#routes-table"), ("service", "#service-name")):
            await app.goto_section(key)  # as the sidebar's highlight does: no pause after it
            widget = app.current_section().query_one(control)
            for _ in range(200):  # Pilot's pause would force a frame: here the app must draw by itself
                if widget.region:
                    break
                await asyncio.sleep(0.01)
            assert widget.region, f"{key}: opened, but not drawn"
            for _ in range(200):  # a footer redrawing its keys holds the frames a moment too: not for good
                if not app._batch_count:
                    break
                await asyncio.sleep(0.01)
            assert not app._batch_count, f"{key}: the screen is still held"


@pytest.mark.cost(5)
async def test_every_section_at_80x24_and_120x40(tmp_path):
    """Each section in turn, at both sizes: no invisible Tab stops (a scroll area, a frame): Tab's order holds
    controls only, every button among them; the last control of each form (the farthest down) and its first
    button come into view when they get the keyboard (the top of one taller than the view); every control has
    F1 help; and opening them all changed nothing (fields report their first value as they appear: that is
    not an edit to undo or save)."""
    from textual.widgets import Button, Checkbox, DataTable, RadioSet, Select

    from wizard.tui.widgets.code_view import CodeView

    CONTROLS = (Input, TextArea, Select, Checkbox, RadioSet, Button, DataTable, CodeView)
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        # One app, resized between the passes as a user's terminal is (cheaper than a second app; the
        # second pass also proves the forms lay out again at the new size).
        for size in ((80, 24), (120, 40)):
            if size != app.size:
                await pilot.resize_terminal(*size)
                await pilot.pause()
                assert app.size == size
            for key in SECTION_TITLES:
                section = await open_section(pilot, key)
                if key == "cors" and size == (80, 24):
                    await pilot.press("down", "down", "enter")  # custom: every field (it stays custom)
                    await pilot.pause()
                chain = [w for w in app.screen.focus_chain if section in w.ancestors]
                # A container as a stop is a frame the keyboard lands on and nothing shows it (Review's diff
                # is one on purpose: a bordered view to scroll, lit when it has the keyboard).
                containers = [w for w in chain if not isinstance(w, CONTROLS) and w.id != "diff"]
                assert chain and containers == [], f"{key}: invisible Tab stops {containers}"
                assert all(w.id for w in chain), f"{key}: a Tab stop without a name"
                buttons = [b for b in section.query("Button") if b.display and not b.disabled]
                assert set(buttons) <= set(chain), f"{key}: buttons Tab never reaches"
                for widget in {chain[-1], *buttons[:1]}:
                    widget.focus()
                    await pilot.pause()
                    await pilot.pause()
                    shown = widget.region.intersection(section.region)
                    assert shown.height and shown.y == widget.region.y, \
                        f"{key} at {size}: {widget.id} is not in view when it has the keyboard ({widget.region} in {section.region})"
                if key == "authorizers":
                    lambda_fields = section.query_one("#lambda-fields")
                    shown_before, lambda_fields.display = lambda_fields.display, True  # the other kind's fields too
                assert [w.id for w in section.query("*") if w.focusable and not section.help_for(w)] == [], f"{key}: no F1 help"
                if key == "authorizers":
                    lambda_fields.display = shown_before  # as the form had it, for the next pass
        assert app.session.history.depth == 1  # CORS custom, chosen above: nothing else


async def test_edit_an_existing_file_changes_only_the_new_route_and_review_says_what_it_writes(tmp_path):
    import shutil

    from wild import CORPUS

    target = tmp_path / "serverless.yml"
    shutil.copy(CORPUS / "003-serverless-examples-aws-node-express-dynamodb-api.yml", target)
    original = target.read_text()
    app = WizardApp(Session.from_file(str(target)))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "routes")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"/users/{id}", "enter")
        await pilot.pause()
        review = await open_section(pilot, "review")
        assert not review.query_one("#row-directory").display  # no folder to choose: the file saves in place
        where = str(review.query_one("#save-where").render())
        assert "Saving writes two files: serverless.yml" in where and "elsewhere" not in where
        assert "+      - httpApi: GET /users/{id}" in app.session.diff()
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = target.read_text()
    assert [line for line in saved.splitlines() if line not in original.splitlines()] == ["      - httpApi: GET /users/{id}"]
    assert (tmp_path / ".serverless" / "httpapi-wizard" / "serverless.yml.bak").read_text() == original
    assert "${self:custom.tableName}" in saved  # variables stay as written
    assert (tmp_path / ".serverless" / "httpapi-wizard" / "cloudformation-template-update-stack.json").exists()


async def test_web_mode_saves_the_project_as_one_zip(tmp_path):
    import io
    import zipfile

    app = WizardApp(Session.from_example("simple-routes", str(tmp_path / "p")), web=True)
    delivered = []
    app.deliver_binary = lambda stream, save_filename=None, mime_type=None, **kw: delivered.append((save_filename, mime_type, stream.read()))
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_section(pilot, "review")
        plan = str(review.query_one("#save-plan").render())
        assert plan.startswith("Saving downloads p.zip") and "src/items.js" in plan and "create" not in plan
        await type_into(pilot, "#directory", "")
        assert str(review.query_one("#save-plan").render()).startswith("Saving downloads p.zip")  # emptied: the session's folder
        await type_into(pilot, "#directory", "workshop-api")
        assert str(review.query_one("#save-plan").render()).startswith("Saving downloads workshop-api.zip")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.sub_title.startswith("saved")
    ((name, mime, data),) = delivered
    assert (name, mime) == ("workshop-api.zip", "application/zip")
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert {"workshop-api/serverless.yml", "workshop-api/src/items.js", "workshop-api/.gitignore"} <= set(archive.namelist())
    assert not (tmp_path / "p").exists() and not (tmp_path / "workshop-api").exists()  # nothing written on the server


async def test_change_inspector_and_format_toggle(tmp_path):
    app = app_for(tmp_path, "simple-routes")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "service")
        await type_into(pilot, "#timeout", "12")
        changed = [app.preview_yaml.splitlines()[n - 1] for n in sorted(app.changed_yaml)]
        assert changed == ["  timeout: 12"]
        assert any('"Timeout": 12' in app.preview_cfn.splitlines()[n - 1] for n in app.changed_cfn)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.preview_cfn.startswith("AWSTemplateFormatVersion: '2010-09-09'")
    for size, stacked in (((80, 40), True), ((80, 24), False)):
        narrow = app_for(tmp_path, "simple-routes")
        async with narrow.run_test(size=size) as pilot:
            await pilot.pause()
            assert narrow.query_one("#preview").has_class("narrow") is stacked
            assert narrow.query_one("#yaml-pane").size.height >= 4


async def test_try_a_request_answers_live_and_follows_edits(tmp_path):
    import time

    from wizard.explaining.jwt import encode_unsigned

    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        section = await open_section(pilot, "try")
        assert not app.query_one("#preview").display  # its own room: the event pane stands in for the preview
        assert app.query_one("#try-request").value == "PATCH /elo"  # a request the first route answers
        assert section.explanation.match.route.api_route_key == "PATCH /elo"
        await type_into(pilot, "#try-request", "POST /some-post")
        assert section.explanation.status == 401 and not app.query_one("#try-event").display
        claims = {"iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example", "aud": "client1Id",
                  "exp": int(time.time()) + 600, "sub": "u1", "scope": "user.id user.email"}
        await type_into(pilot, "#try-headers", f"Authorization: Bearer {encode_unsigned(claims)}")
        assert section.explanation.status is None
        event = json.loads(app.query_one("#try-event").text)
        assert event["requestContext"]["authorizer"]["jwt"]["claims"]["sub"] == "u1"
        await type_into(pilot, "#try-request", "FETCH /x")
        assert "not an HTTP method" in str(app.query_one("#try-answer").render())
        await type_into(pilot, "#try-request", "GET /orders/7")
        assert section.explanation.match.route.api_route_key == "$default"
        app.session.add_route("simple", "GET", "/orders/{id}")  # a change made elsewhere
        await pilot.pause()
        assert section.explanation.match.route.api_route_key == "GET /orders/{id}"
        await open_section(pilot, "routes")
        assert app.query_one("#preview").display


async def test_try_the_selected_route_from_the_routes_table(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "routes")
        table = app.query_one("#routes-table")
        table.move_cursor(row=[cells[0] for cells, _ in table.shown_rows].index("GET /get/for/any/{param}"))
        await pilot.press("t")
        await pilot.pause()
        assert app.current_section().KEY == "try" and app.query_one("#try-request").value == "GET /get/for/any/42"
        assert app.current_section().explanation.event["pathParameters"] == {"param": "42"}


async def test_keyboard_only_edit_of_a_route(tmp_path):
    """From the start: arrows to Routes, `e` (the section's keys work from the list), type, Enter."""
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.focused.id == "sections"
        await pilot.press("down", "down", "e")
        await pilot.pause()
        assert isinstance(app.screen, RouteScreen) and app.focused.id == "route-path"
        await pilot.press("end", "2", "enter")
        await pilot.pause()
        assert [e.route_key for e in app.session.service.functions["simple"].events] == ["PATCH /elo2"]


async def test_text_areas_undo_through_the_model_not_their_own(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "service")
        await type_into(pilot, "#service-tags", "team=a")
        area = app.focused
        assert isinstance(area, TextArea) and app.session.service.provider.tags == {"team": "a"}
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.session.service.provider.tags is None and area.text == ""


@pytest.fixture
def unfrozen():
    """The collector as a process starts: the test run's own freeze (conftest) undone for the test, redone after."""
    import gc

    frozen = gc.get_freeze_count()
    gc.unfreeze()
    yield
    if frozen:
        # The young generations only: what the test made. A full collection rescanned the whole
        # worker (every module, every test run so far), a second of CPU for a one-second test.
        gc.collect(1)
        gc.freeze()


async def test_started_with_the_collector_off_the_wizard_turns_it_on_after_its_first_frame(tmp_path, unfrozen):
    import gc

    app = app_for(tmp_path)
    gc.disable()
    try:
        async with app.run_test() as pilot:
            await pilot.pause()
            assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.enable()
        gc.unfreeze()


async def test_started_with_the_collector_on_the_wizard_leaves_it_alone(tmp_path, unfrozen):
    import gc

    app = app_for(tmp_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert gc.isenabled() and gc.get_freeze_count() == 0


async def test_problems_title_counts_notes_apart_from_warnings(tmp_path):
    target = tmp_path / "serverless.yml"
    target.write_text((ROOT / "wizard" / "examples" / "seed.yml").read_text())
    app = WizardApp(Session.from_file(str(target)))  # a file of the user's: its findings are theirs
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.query_one("#problems").border_title.startswith("Problems: 0 error(s), 2 warning(s), 1 note(s)")
        assert [d.severity for d in app.problems] == ["warning", "warning", "info"]
