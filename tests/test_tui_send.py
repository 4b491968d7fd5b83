"""Send in Try a request (issue 13, "In the wizard"): the request runs against the service as the
wizard holds it, the functions start on demand, and the answer shows beside the explanation.

Projects are scaffolded by the wizard itself (``Session.from_example`` then saved, as ctrl+s
does), their handlers then rewritten where a test needs a function that logs, throws or
hangs. What the panes show is compared with what the core's Exchange holds, exactly: the
core's own rules (statuses, bodies, API Gateway's answers) are tested in test_run_*.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tui_keys import focus, open_section, type_into

from wizard.authoring.session import Session
from wizard.tui.app import WizardApp

pytestmark = pytest.mark.cost(0.75)  # CPU-seconds per test, about (tests/conftest.py)

NODE = pytest.mark.skipif(shutil.which("node") is None, reason="no `node` on PATH: the Node.js examples cannot run")
PY = f"python{sys.version_info[0]}.{sys.version_info[1]}"

SEED_HANDLERS = """\
export const simple = async (event, context) => {
  console.log("simple got", event.rawPath, event.body);
  return { statusCode: 201, headers: { "x-answer": "42" }, body: `created ${event.body}` };
};
export const extended = async () => {
  throw new TypeError("boom");
};
export const catchAllMethod = async () => ({ memory: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, pid: process.pid });
export const params = async () => new Promise(() => {});
"""


def saved(tmp_path: Path, example: str, files: dict[str, str] | None = None) -> Session:
    """A project of ``example`` saved by the wizard in tmp_path/project, then ``files`` written over its own."""
    session = Session.from_example(example, str(tmp_path / "project"))
    session.save()
    for name, text in (files or {}).items():
        (tmp_path / "project" / name).write_text(textwrap.dedent(text))
    return session


async def send(pilot, line: str | None = None, timeout: float = 20.0):
    """Press ctrl+r in Try a request (on ``line``) and wait for the answer; returns the section."""
    section = pilot.app.current_section()
    if line is not None:
        section.ask(line)
        await pilot.pause()
    before = section.outcome
    await pilot.press("ctrl+r")
    for _ in range(int(timeout / 0.05)):
        if section.outcome is not before:
            break
        await pilot.pause(0.05)
    assert section.outcome is not before, "no answer came"
    await pilot.pause()
    return section


def pane(section, selector: str) -> str:
    return str(section.query_one(selector).render())


def gateway_answer(section, status_line: str) -> str:
    """What the response pane shows for an answer API Gateway gives itself (``{"message": ...}``)."""
    message = status_line.split(" ", 1)[1]
    return (f"{status_line}\ncontent-type: application/json\napigw-requestid: {section.outcome.exchange.request_id}\n\n"
            f'{{"message":"{message}"}}')


def alive(pid: int) -> bool:
    """Whether ``pid`` is a process that has not ended (a zombie has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


# ----- what a Send shows ------------------------------------------------------------------------


@NODE
async def test_status_headers_body_and_log_are_shown_exactly(tmp_path):
    app = WizardApp(saved(tmp_path, "seed", {"handler.js": SEED_HANDLERS}))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "try")
        await type_into(pilot, "#try-headers", "Content-Type: text/plain")
        await type_into(pilot, "#try-body", "hi")
        section = await send(pilot, "PATCH /elo")
        exchange = section.outcome.exchange
        assert exchange.answer.status == 201 and exchange.function == "simple"
        request_id = exchange.request_id
        assert pane(section, "#try-response") == (
            "201 Created\n"
            "x-answer: 42\n"
            "content-type: text/plain; charset=utf-8\n"
            f"apigw-requestid: {request_id}\n"
            "\n"
            "created hi")
        assert section.query_one("#try-response").border_title.startswith("Response to PATCH /elo (")
        log = exchange.invocation.log
        assert "\tINFO\tsimple got /elo hi\n" in log  # Node's console.log, as Lambda's runtime formats it
        # The log exactly, then what the wizard says about it (here at most that the local Node.js
        # is not the runtime's version, which depends on this machine).
        assert pane(section, "#try-log") == log.rstrip("\n") + "".join(f"\n! {note}" for note in section.outcome.notes)
        assert section.outcome.notes == [] or section.outcome.notes[0].startswith("nodejs22.x runs on the local Node.js ")
        assert section.query_one("#try-log").border_title == "Log of simple"
        assert pane(section, "#try-send-status") == f"Send runs the handlers in {tmp_path / 'project'}."
        # The explanation beside it is the same engine's, for the same request.
        assert section.explanation.match.route.api_route_key == "PATCH /elo"


@NODE
async def test_a_handler_that_throws_answers_500_and_says_why(tmp_path):
    app = WizardApp(saved(tmp_path, "seed", {"handler.js": SEED_HANDLERS}))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "try")
        section = await send(pilot, "POST /post/just/to/this/path")
        assert pane(section, "#try-response") == gateway_answer(section, "500 Internal Server Error")
        log = pane(section, "#try-log")
        assert '"errorType":"TypeError","errorMessage":"boom"' in log  # the runtime's own report, in the log
        assert log.endswith("! extended failed: TypeError: boom")
        assert section.query_one("#try-response").has_class("-error")


async def test_an_authorizer_401_runs_no_function(tmp_path):
    app = WizardApp(Session.from_example("seed", str(tmp_path / "project")))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "try")
        section = await send(pilot, "POST /some-post")
        assert pane(section, "#try-response") == gateway_answer(section, "401 Unauthorized")
        assert pane(section, "#try-log") == (
            "No function ran: API Gateway answered itself.\n"
            "! no token at $request.header.Authorization: API Gateway answers 401 Unauthorized")
        assert section.sender.pids() == []  # nothing was started for it


@pytest.mark.parametrize("example, line, body", [
    pytest.param("seed", "PATCH /elo", '{"message":"Hello from simple","route":"PATCH /elo"}', marks=NODE),
    ("python-api", "GET /health", '{"message": "Hello from health", "route": "GET /health"}'),
])
async def test_an_unsaved_project_runs_the_handlers_saving_will_write(tmp_path, example, line, body):
    project = tmp_path / "project"
    app = WizardApp(Session.from_example(example, str(project)))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "try")
        section = await send(pilot, line)
        assert section.outcome.exchange.answer.status == 200
        assert pane(section, "#try-response").endswith("\n\n" + body)
        assert pane(section, "#try-send-status") == ("The project is not saved yet: Send runs the handlers saving will "
                                                     "write, from a temporary folder.")
        assert not project.exists()  # nothing written where the project will be saved
        staging = section.sender.staging
        assert staging is not None and not staging.startswith(str(tmp_path))
        # Saved, the project's own files answer: an edit to a handler counts.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert (project / "serverless.yml").exists()
        if example == "python-api":
            (project / "app" / "health.py").write_text('def check(event, context):\n    print("edited")\n'
                                                        '    return {"edited": True}\n')
        else:
            (project / "handler.js").write_text(SEED_HANDLERS)
        section = await send(pilot, line)
        assert pane(section, "#try-send-status") == f"Send runs the handlers in {project}."
        assert pane(section, "#try-response").endswith("\n\n" + ('{"edited": true}' if example == "python-api" else "created undefined"))


async def test_a_function_whose_handler_file_is_not_in_the_saved_project_is_named(tmp_path):
    session = saved(tmp_path, "python-api")
    os.remove(tmp_path / "project" / "app" / "health.py")
    app = WizardApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "try")
        section = await send(pilot, "GET /health")
        assert section.outcome.exchange.answer.status == 500  # Lambda: Runtime.ImportModuleError
        assert pane(section, "#try-log").endswith(
            f"! health: its handler file app/health.py is not in {tmp_path / 'project'}: write it there, then Send again")


async def test_a_service_that_does_not_compile_is_not_sent(tmp_path):
    app = WizardApp(Session.from_example("python-api", str(tmp_path / "project")))
    async with app.run_test(size=(120, 40)) as pilot:
        app.session.set_service("name", "")  # no service name: Serverless refuses to package it
        await open_section(pilot, "try")
        section = await send(pilot, "GET /health")
        assert section.outcome.exchange is None
        assert pane(section, "#try-send-status") == ("The service does not compile yet: fix the errors under Problems "
                                                     "first, then Send again.")
        assert section.query_one("#try-send-status").has_class("-error")
        assert not section.query_one("#try-sent").has_class("-shown")


# ----- the workers follow the wizard, and end with it ---------------------------------------------


@NODE
async def test_an_edit_restarts_the_functions_it_changes(tmp_path):
    app = WizardApp(saved(tmp_path, "seed", {"handler.js": SEED_HANDLERS}))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "try")
        section = await send(pilot, "GET /any/method")
        first = section.outcome.exchange
        assert first.answer.body.startswith(b'{"memory":"1024"')
        old = section.sender.workers["catchAllMethod"].pid
        untouched = section.sender.workers["catchAllMethod"]
        await send(pilot, "PATCH /elo")
        other = section.sender.workers["simple"].pid
        # Change the function's memory in the Functions section, with keys.
        functions = await open_section(pilot, "functions")
        functions.query_one("#functions-table").select("catchAllMethod")
        await pilot.pause()
        await type_into(pilot, "#fn-memory", "256")
        await focus(pilot, "#fn-handler")
        assert app.session.service.functions["catchAllMethod"].memory_size == 256
        assert not alive(old)  # stopped at once: it was idle
        assert untouched.dead and alive(other)  # the function that did not change keeps its worker
        await open_section(pilot, "try")
        section = await send(pilot, "GET /any/method")
        assert section.outcome.exchange.answer.body.startswith(b'{"memory":"256"')
        assert section.sender.workers["catchAllMethod"].pid != old
        assert section.sender.workers["simple"].pid == other


@NODE
async def test_a_hanging_function_shows_progress_refuses_a_second_send_and_answers_its_timeout(tmp_path):
    session = saved(tmp_path, "seed", {"handler.js": SEED_HANDLERS})
    # The wizard's value, not yet saved: it is the one that counts. Three seconds: the second Send below must
    # arrive while the first still waits, also on a loaded machine (with 1 s it sometimes came after the answer).
    session.update_function("params", timeout=3)
    app = WizardApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        section = await open_section(pilot, "try")
        section.ask("GET /get/for/any/1")
        await pilot.press("ctrl+r")
        for _ in range(100):
            await pilot.pause(0.05)
            if "waiting" in pane(section, "#try-send-status"):
                break
        status = pane(section, "#try-send-status")
        assert status.startswith("Sending GET /get/for/any/1: waiting ") and status.endswith(
            " s for params; API Gateway gives up after 3 s"), status
        await pilot.press("ctrl+r")  # a second Send while the first runs: said, not queued
        await pilot.pause()
        assert any(str(n.message).startswith("GET /get/for/any/1 is still running: Send again when its answer is in")
                   for n in app._notifications)
        for _ in range(100):
            if section.outcome is not None:
                break
            await pilot.pause(0.05)
        exchange = section.outcome.exchange
        assert exchange.answer.status == 500
        assert pane(section, "#try-log").endswith(
            '! params timed out after 3 s (its timeout): Lambda stops it ("Task timed out") and API Gateway answers 500; '
            "its worker is restarted")


@NODE
async def test_no_function_process_or_staged_file_survives_the_app(tmp_path):
    app = WizardApp(Session.from_example("seed", str(tmp_path / "project")))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "try")
        section = await send(pilot, "PATCH /elo")
        await send(pilot, "GET /get/for/any/7")
        pids = section.sender.pids()
        staging = section.sender.staging
        assert len(pids) == 2 and all(alive(pid) for pid in pids)
        assert os.path.isdir(staging)
        await pilot.press("ctrl+q")  # nothing unsaved was changed: the app ends at once
        await pilot.pause()
    assert not any(alive(pid) for pid in pids)
    assert not os.path.exists(staging)


# ----- where Send is not offered -------------------------------------------------------------------


async def test_without_allow_run_there_is_no_send(tmp_path):
    app = WizardApp(Session.from_example("python-api", str(tmp_path / "project")), web=True, allow_run=False)
    async with app.run_test(size=(120, 40)) as pilot:
        section = await open_section(pilot, "try")
        assert not section.query_one("#try-send-row").display
        shown = {binding.description for _, binding, enabled, _ in app.screen.active_bindings.values() if binding.show and enabled}
        assert "Send" not in shown
        await pilot.press("ctrl+r")
        await focus(pilot, "#try-request")
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert section.sender is None and section.outcome is None  # nothing ran
        await pilot.press("f1")
        await pilot.pause()
        help_text = str(app.screen.query_one("#help-text").render())
        assert "ctrl+r" not in help_text
        assert "httpapi-wizard serve --allow-run" in help_text


async def test_in_a_terminal_send_is_a_key_in_the_footer_and_in_f1(tmp_path):
    app = WizardApp(Session.from_example("python-api", str(tmp_path / "project")))
    async with app.run_test(size=(120, 40)) as pilot:
        section = await open_section(pilot, "try")
        assert section.query_one("#try-send-row").display
        shown = {binding.key: binding.description for _, binding, enabled, _ in app.screen.active_bindings.values()
                 if binding.show and enabled}
        assert shown["ctrl+r"] == "Send"
        await pilot.press("f1")
        await pilot.pause()
        help_text = str(app.screen.query_one("#help-text").render())
        assert "This field. A method and a path" in help_text
        assert "Send (ctrl+r, or Enter in the request line) runs the request on this machine" in help_text
        assert "^r send" in help_text or "ctrl+r send" in help_text.lower()


# ----- how it looks -----------------------------------------------------------------------------------


def test_snapshot_after_a_send(snap_compare, tmp_path):
    """Try a request after Send at 120x40 (python-api, unsaved: its scaffolded handler answers). The request's
    id and latency differ on every run: they are masked before the picture is taken."""
    app = WizardApp(Session.from_example("python-api", str(tmp_path / "project")))

    async def run_before(pilot):
        await open_section(pilot, "try")
        section = await send(pilot, "GET /health")
        outcome = section.outcome
        exchange = outcome.exchange
        exchange.answer.headers = [(k, "REQUEST-ID" if k == "apigw-requestid" else v) for k, v in exchange.answer.headers]
        exchange.latency_ms = 12.0
        outcome.notes = [n for n in outcome.notes if not n.startswith("python")]  # the local Python's version
        section.show_outcome(outcome)
        for widget in app.screen.query("Input, TextArea"):
            widget.cursor_blink = False
        section.scroll_home(animate=False, immediate=True)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_a_staging_folder_left_by_a_wizard_that_was_killed_is_removed_by_the_next(tmp_path):
    from wizard.running.send import STAGING_PREFIX, remove_abandoned_staging

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = tmp_path / f"{STAGING_PREFIX}{dead.stdout.strip()}-abc"
    (left / "src").mkdir(parents=True)
    (left / "src" / "handler.js").write_text("x")
    mine = tmp_path / f"{STAGING_PREFIX}{os.getpid()}-def"
    mine.mkdir()
    other = tmp_path / "httpapi-wizard-sendings"
    other.mkdir()
    remove_abandoned_staging(str(tmp_path))
    assert not left.exists() and mine.exists() and other.exists()


async def test_an_opened_project_with_a_lambda_authorizer_shows_both_logs(tmp_path):
    """``edit`` of an existing project: its own files run; the authorizer's log comes first, each under its name."""
    project = tmp_path / "api"
    project.mkdir()
    (project / "serverless.yml").write_text(textwrap.dedent("""\
        service: keys
        provider:
          name: aws
          runtime: python3.13
          httpApi:
            authorizers:
              apiKey:
                type: request
                functionName: auth
                identitySource: $request.header.x-api-key
                enableSimpleResponses: true
        functions:
          auth:
            handler: app.auth
          hello:
            handler: app.hello
            events:
              - httpApi:
                  method: GET
                  path: /hello
                  authorizer: apiKey
        """))
    (project / "app.py").write_text(textwrap.dedent("""\
        def auth(event, context):
            print("checking", event["identitySource"])
            return {"isAuthorized": event["identitySource"] == ["good"], "context": {"user": "ana"}}

        def hello(event, context):
            print("hello", event["requestContext"]["authorizer"]["lambda"]["user"])
            return {"hi": event["requestContext"]["authorizer"]["lambda"]["user"]}
        """))
    app = WizardApp(Session.from_file(str(project / "serverless.yml")))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "try")
        await type_into(pilot, "#try-headers", "x-api-key: good")
        section = await send(pilot, "GET /hello")
        assert section.outcome.exchange.answer.body == b'{"hi": "ana"}'
        notes = "".join(f"\n! {note}" for note in section.outcome.notes)  # at most the local Python's version
        assert pane(section, "#try-log") == "auth:\nchecking ['good']\nhello:\nhello ana" + notes
        assert section.query_one("#try-log").border_title == "Log of auth and hello"
        await type_into(pilot, "#try-headers", "x-api-key: bad")
        section = await send(pilot)
        assert section.outcome.exchange.answer.status == 403
        assert pane(section, "#try-log").startswith("checking ['bad']\n")  # only the authorizer ran
