"""No crash loses work (issue 11, item 5): an exception is reported and the work kept; a copy of
unsaved work outlives the wizard and is offered back at the next start."""

from __future__ import annotations

import io
import json
import os
from contextlib import redirect_stderr

import pytest
from tui_keys import open_section, type_into

from wizard.authoring.session import Session
from wizard.authoring.session.recovery import RecoveryStore, state_dir
from wizard.tui import app as app_module
from wizard.tui.app import WizardApp
from wizard.tui.screens.recovery import RecoveryScreen

pytestmark = pytest.mark.cost(0.5)  # CPU-seconds per test, about (tests/conftest.py)


def notes(app) -> list[tuple[str, str]]:
    return [(n.severity, n.message) for n in app._notifications]


# ----- exceptions: reported, the app goes on, the model as it was ------------------------------


async def test_an_exception_from_an_action_is_reported_and_changes_nothing(tmp_path, monkeypatch):
    session = Session.from_example("seed", str(tmp_path / "p"))

    def broken(key, new_key=None):
        with session.changing("duplicate"):
            session.service.functions.pop(key)  # half done, then it fails
            raise RuntimeError("the duplicate went wrong")

    monkeypatch.setattr(session, "duplicate_function", broken)
    before = session.serverless_yml()
    app = WizardApp(session)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_section(pilot, "functions")
        await pilot.press("c")
        await pilot.pause()
        assert app.is_running
        assert session.serverless_yml() == before and session.history.depth == 0
        ((severity, message),) = notes(app)
        assert severity == "error" and "RuntimeError: the duplicate went wrong" in message and "nothing was lost" in message
        log = open(os.path.join(state_dir(), "wizard.log")).read()
        assert "RuntimeError: the duplicate went wrong" in log and "action_duplicate_function" in log
        await pilot.press("n")  # the section still answers
        await pilot.pause()
        assert app.screen.query_one("#new-fn-name")


async def test_an_exception_while_redrawing_is_reported_once_and_the_app_goes_on(tmp_path, monkeypatch):
    from wizard.tui.sections.service import ServiceSection

    app = WizardApp(Session.from_example("seed", str(tmp_path / "p")))
    async with app.run_test(size=(100, 40)) as pilot:
        await open_section(pilot, "service")

        def failing(self):
            raise KeyError("a section that cannot draw")

        monkeypatch.setattr(ServiceSection, "reload", failing)
        await type_into(pilot, "#region", "eu-west-1")  # every keystroke redraws: reported once, not per key
        assert app.is_running and app.session.service.provider.region == "eu-west-1"
        assert len([m for _, m in notes(app) if "a section that cannot draw" in m]) == 1


@pytest.mark.parametrize("how", ["a folder where a handler goes", "a name too long for the file system", "a NUL in a name"])
async def test_a_save_that_cannot_be_written_is_said_and_the_work_stays(tmp_path, how):
    project = tmp_path / "p"
    session = Session.from_example("seed", str(project))
    if how == "a folder where a handler goes":
        (project / "handler.js").mkdir(parents=True)
    elif how == "a name too long for the file system":
        session.update_function("simple", handler=f"{'h' * 300}.simple")
    else:
        session.update_function("simple", handler="ha\x00ndler.simple")
    before = session.serverless_yml()
    app = WizardApp(session)
    async with app.run_test(size=(100, 40)) as pilot:
        review = await open_section(pilot, "review")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.is_running
        said = str(review.query_one("#save-result").render())
        assert said.startswith("Not saved: ") and len(said) > len("Not saved: ")
        assert [s for s, m in notes(app) if m.startswith("Not saved: ")] == ["error"]
        assert session.serverless_yml() == before and session.saved_text is None
    assert not (project / "serverless.yml").exists()  # nothing half-written


async def test_try_a_request_survives_claims_the_engine_does_not_expect(tmp_path):
    import base64

    def segment(data) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    app = WizardApp(Session.from_example("seed", str(tmp_path / "p")))
    async with app.run_test(size=(120, 40)) as pilot:
        section = await open_section(pilot, "try")
        await type_into(pilot, "#try-request", "POST /some-post")
        for claims in ({"scope": 5}, {"exp": "-Infinity"}, {"nbf": [1]}, {"iss": {"a": 1}}):
            token = f"{segment({'alg': 'none'})}.{segment(claims)}."
            await type_into(pilot, "#try-headers", f"Authorization: Bearer {token}")
            assert app.is_running
            assert str(section.query_one("#try-answer").render())  # an answer, or why there is none


@pytest.mark.parametrize("text,words", [
    (b"service: s\nframeworkVersion: '3'\nprovider:\n  - name: aws\n", "provider is a list here"),
    (b"service: s\nframeworkVersion: '3'\nprovider:\n  name: aws\nfunctions:\n  - a:\n      handler: h.a\n", "functions is a list here"),
    (b"service: s\nprovider:\n  name: caf\xe9\n", "not UTF-8 text"),
])
def test_edit_of_a_file_it_cannot_edit_says_where_and_exits_2(tmp_path, monkeypatch, text, words):
    from wizard.cli import main as cli

    target = tmp_path / "serverless.yml"
    target.write_bytes(text)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setattr(app_module, "run", lambda *a, **k: pytest.fail("the wizard must not start"))
    err = io.StringIO()
    with redirect_stderr(err):
        code = cli.main(["edit", str(target)])
    assert code == 2
    message = err.getvalue()
    assert f"{target}:" in message and words in message and "Traceback" not in message


# ----- recovery copies -------------------------------------------------------------------------------


def store_for(project) -> RecoveryStore:
    return RecoveryStore(str(project))


async def test_unsaved_work_outlives_a_crash_and_the_next_start_offers_it_back(tmp_path, monkeypatch):
    monkeypatch.setattr(app_module, "RECOVERY_DELAY", 0.05)
    project = tmp_path / "p"
    first = WizardApp(Session.from_example("seed", str(project)), recovery=store_for(project))
    async with first.run_test(size=(100, 40)) as pilot:
        await open_section(pilot, "service")
        await type_into(pilot, "#region", "eu-west-1")
        await pilot.pause(0.2)  # a moment after the change, the copy is written
        (copy,) = RecoveryStore(str(project)).others()
        assert "region: eu-west-1" in copy.text
        assert not str(copy.path).startswith(str(project))  # never where `serverless package` would zip it
    # The run ended without saving or quitting (a crash, a closed terminal): the copy stays.
    second = WizardApp(Session.from_example("seed", str(project)), recovery=store_for(project))
    async with second.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(second.screen, RecoveryScreen) and second.focused.id == "restore"
        assert "+  region: eu-west-1" in second.screen.diff  # what it holds, shown as a diff
        await pilot.press("enter")
        await pilot.pause()
        assert second.session.service.provider.region == "eu-west-1" and second.session.dirty
        await pilot.pause(0.2)
        # The copy restored is gone; what is left is this run's own copy of the (unsaved) restored work.
        assert [c.path for c in RecoveryStore(str(project)).others()] == [second.recovery.own]
        await pilot.press("ctrl+z")  # restoring is one step
        await pilot.pause()
        assert second.session.service.provider.region == "us-east-1"


async def test_a_copy_can_be_left_for_later_or_discarded(tmp_path):
    project = tmp_path / "p"
    session = Session.from_example("seed", str(project))
    session.set_service("stage", "prod")
    RecoveryStore(str(project)).write(session)
    for key, left in (("escape", 1), ("tab", 0)):  # Escape: decide later; Tab to Discard, Enter
        app = WizardApp(Session.from_example("seed", str(project)), recovery=store_for(project))
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, RecoveryScreen)
            await pilot.press(key)
            if key == "tab":
                assert app.focused.id == "discard"
                await pilot.press("enter")
            await pilot.pause()
            assert app.session.service.provider.stage is None
        assert len(RecoveryStore(str(project)).others()) == left


async def test_the_copy_goes_once_the_work_is_saved_or_discarded(tmp_path, monkeypatch):
    monkeypatch.setattr(app_module, "RECOVERY_DELAY", 0.05)
    project = tmp_path / "p"
    for finish in ("ctrl+s", "quit without saving"):
        app = WizardApp(Session.from_example("seed", str(project)), recovery=store_for(project))
        async with app.run_test(size=(100, 40)) as pilot:
            await open_section(pilot, "service")
            await type_into(pilot, "#stage", "prod")
            await pilot.pause(0.2)
            assert os.path.exists(app.recovery.own)
            if finish == "ctrl+s":
                await pilot.press("ctrl+s")
            else:
                await pilot.press("ctrl+q")
                await pilot.pause()
                await pilot.press("tab", "enter")  # Quit without saving
            await pilot.pause(0.2)
            assert not os.path.exists(app.recovery.own)


async def test_an_exception_textual_itself_raises_still_leaves_the_copy(tmp_path):
    project = tmp_path / "p"
    app = WizardApp(Session.from_example("seed", str(project)), recovery=store_for(project))
    with pytest.raises(RuntimeError, match="from Textual's own code"):
        async with app.run_test(size=(100, 40)) as pilot:
            app.session.set_service("stage", "prod")
            app._handle_exception(RuntimeError("from Textual's own code"))  # what Textual calls, then it ends
            await pilot.pause()
    (copy,) = RecoveryStore(str(project)).others()
    assert "stage: prod" in copy.text
