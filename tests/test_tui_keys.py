"""The keys a newcomer sees: the palette with an empty query, the footer of each screen (issue 14, item 5).

Found in tmux at 80x24: the palette opened on Textual's scrolling keys and a second line
under every "Go to" saying the same thing; a dialog's footer offered the section's keys
underneath it (n, r, c, d) instead of its own; the footer could come back from a dialog
without ^z/^y; and Functions' four keys pushed "f1 Help" off the screen.
"""

from __future__ import annotations

import io
from contextlib import redirect_stderr

import pytest
from textual.command import CommandPalette
from textual.widgets._footer import FooterKey
from tui_keys import app_for, burst, focus, open_section

from wizard.authoring.session import Session
from wizard.tui.app import WizardApp
from wizard.tui.screens.names import NewFunctionScreen
from wizard.tui.screens.problem import ProblemScreen
from wizard.tui.screens.quit import QuitScreen
from wizard.tui.sections import SECTION_TITLES
from wizard.tui.widgets.footer import KeysFooter

pytestmark = pytest.mark.cost(0.8)  # CPU-seconds per test, about (tests/conftest.py)


def palette_lines(app) -> list[list[str]]:
    """Each entry the open palette lists: its lines (the title, then its help if it has one)."""
    return [str(option.prompt).split("\n") for option in app.screen.query_one("CommandList").options]


def footer_keys(screen) -> list[str]:
    """The keys the footer of ``screen`` draws (its own footer: a dialog's, or the wizard's)."""
    footer = screen.query_one(KeysFooter)
    return [key.key for key in footer.query(FooterKey)]


def fits(app, screen) -> None:
    """Every key of the footer drawn whole inside the terminal, none over another."""
    keys = list(screen.query_one(KeysFooter).query(FooterKey))
    spans = sorted((key.region.x, key.region.right, key.key) for key in keys)
    for x, right, key in spans:
        assert 0 <= x and right <= app.size.width, f"{key} is cut at the terminal's edge"
        assert right - x >= len(key), f"{key} is drawn cut"
    for (_, right, key), (x, _, after) in zip(spans, spans[1:], strict=False):
        assert right <= x, f"{key} and {after} overlap"


async def test_the_palette_with_an_empty_query_lists_the_wizard_s_actions_once_and_no_scrolling_keys(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "service")
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        entries = palette_lines(app)
        titles = [lines[0] for lines in entries]
        assert not [t for t in titles if t.startswith(("Scroll", "Page"))], "Textual's scrolling keys are no action"
        assert len(titles) == len(set(titles)), "an entry is listed twice"
        # Each entry says something once: no help line repeating its title in other words.
        for lines in entries:
            assert len(lines) == 1 or lines[1].lower() != lines[0].lower() and not lines[1].startswith("Section:")
        # The wizard's actions first (Service has no entry keys), before going elsewhere and Textual's own.
        assert titles[0] == "Save"
        first_go_to = titles.index("Go to Functions")
        assert titles.index("Help for what has the focus") < first_go_to < titles.index("Theme")
        assert [t for t in titles if t.startswith("Go to")] == [f"Go to {t}" for k, t in SECTION_TITLES.items() if k != "service"]
        # Undo is offered only when there is something to undo (the palette cannot grey it out).
        assert "Undo" not in titles


async def test_the_palette_lists_undo_once_there_is_a_change_and_the_section_s_keys_first(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "service")
        await burst(pilot, "x")
        await open_section(pilot, "authorizers")
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        titles = [lines[0] for lines in palette_lines(app)]
        assert titles[:3] == ["New (n)", "Rename (r)", "Delete (d)"]
        assert "Undo" in titles and "Redo" not in titles


async def test_a_dialog_shows_its_own_keys_not_the_section_s(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "functions")
        await focus(pilot, "#functions-table")
        assert {"n", "r", "c", "d"} <= set(footer_keys(app.screen))
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewFunctionScreen)
        shown = footer_keys(app.screen)
        assert shown == ["escape", "f1"]  # Cancel, Help: what works here
        fits(app, app.screen)
        await pilot.press("escape")
        await pilot.pause()
        assert {"n", "r", "c", "d", "f1"} <= set(footer_keys(app.screen))


@pytest.mark.parametrize("field", ["#fn-handler", "#fn-environment"])
async def test_a_text_field_hides_the_section_s_letter_keys_and_keeps_ctrl_ones(tmp_path, field):
    """In a field, n, r, c and d type letters: the footer does not offer them as keys, and typing
    one writes it; ^s and F1 stay."""
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "functions")
        await focus(pilot, "#functions-table")
        assert {"n", "r", "c", "d"} <= set(footer_keys(app.screen))
        await focus(pilot, field)
        await pilot.pause()
        shown = set(footer_keys(app.screen))
        assert not shown & {"n", "r", "c", "d"}
        assert {"ctrl+s", "f1"} <= shown
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, NewFunctionScreen)


async def test_the_footer_comes_back_from_a_dialog_with_undo_and_redo(tmp_path):
    """The footer redrawn just as a dialog opened (the keystroke's refresh after it) drew the keys
    of the screen on top, without ^z/^y, and kept them when the dialog closed."""
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "service")
        await burst(pilot, "x")
        await pilot.press("ctrl+z")  # something to undo and to redo
        await burst(pilot, "y")
        await pilot.press("ctrl+z")
        footer = app.screen.query_one(KeysFooter)
        assert {"ctrl+z", "ctrl+y"} <= set(footer_keys(app.screen))
        base = app.screen
        # A refresh of the footer is pending when a dialog opens (a key that changes the keys and
        # opens a dialog at once): it runs under the dialog.
        footer.call_later(footer.recompose)
        app.push_screen(NewFunctionScreen(app.session))
        await pilot.pause()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is base
        assert {"ctrl+z", "ctrl+y", "f1", "ctrl+s"} <= set(footer_keys(app.screen))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_keys_a_newcomer_needs_fit_the_footer(tmp_path, size):
    app = app_for(tmp_path)
    async with app.run_test(size=size) as pilot:
        for key, where in (("functions", "#functions-table"), ("routes", "#routes-table"),
                           ("authorizers", "#authorizers-table"), ("service", "#service-name")):
            section = await open_section(pilot, key)
            await focus(pilot, where)
            await pilot.pause()
            shown = footer_keys(app.screen)
            fits(app, app.screen)
            entry_keys = [b.key for b in section.own_bindings()] if where.endswith("table") else []
            for needed in [*entry_keys, "f1", "ctrl+z", "ctrl+s", "ctrl+p"]:
                assert needed in shown, f"{needed} is not in the footer of {key} at {size}"
            if size[0] >= 120:  # room for every key
                assert {"ctrl+y", "ctrl+q", "ctrl+t"} <= set(shown)
            # What is left out for want of room is in F1's list of keys and the palette.
            assert set(app.screen.query_one(KeysFooter).dropped) <= {"toggle_format", "redo", "quit"}


async def test_duplicating_a_function_of_an_opened_file_by_keys_keeps_its_variables(tmp_path):
    path = tmp_path / "serverless.yml"
    path.write_text("service: dup\nframeworkVersion: '3'\ncustom:\n  mem: 512\nprovider:\n  name: aws\n  runtime: nodejs20.x\n"
                    "functions:\n  hello:\n    handler: handler.hello\n    memorySize: ${self:custom.mem}\n"
                    "    events:\n      - httpApi: GET /hello\n")
    app = WizardApp(Session.from_file(str(path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "functions")
        await focus(pilot, "#functions-table")
        await pilot.press("c")
        await pilot.pause()
        assert "helloCopy" in app.session.service.functions
        assert app.preview_yaml.endswith("  helloCopy:\n    handler: handler.hello\n    memorySize: ${self:custom.mem}\n")


def test_edit_of_a_broken_file_prints_its_diagnostic_once_located_as_validate_does(tmp_path, monkeypatch, capsys):
    from wizard.cli import main as cli
    from wizard.tui import app as app_module

    target = tmp_path / "serverless.yml"
    target.write_text("service: x\nprovider:\n  name: aws\n  runtime: [nodejs20.x\nfunctions: {}\n")
    assert cli.main(["validate", str(target)]) == 1
    validated = capsys.readouterr().out.strip().splitlines()[0]
    assert validated.startswith(f"{target}:5:10: error CONFIGURATION_PARSE_ERROR (YAML_SYNTAX) ")
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setattr(app_module, "run", lambda *a, **k: pytest.fail("the wizard must not start"))
    err = io.StringIO()
    with redirect_stderr(err):
        assert cli.main(["edit", str(target)]) == 2
    assert err.getvalue() == validated + "\n"
    assert err.getvalue().count(str(target)) == 1


async def test_the_footer_follows_changes_made_while_the_terminal_was_not_focused(tmp_path):
    """A change made while the terminal (or the browser tab of `serve`) has not the focus, say the
    end of a request sent from Try a request, was remembered as drawn but not drawn: back in the
    window, the footer still showed ^z greyed out."""
    from textual import events

    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "service")
        footer = app.screen.query_one(KeysFooter)

        async def undo_key_drawn(disabled: bool) -> bool:
            # The footer redraws its keys a few frames after a change (a redraw can be under way, its
            # keys not all mounted yet, when the test looks): what counts is where it settles.
            for _ in range(20):
                if any(key.key == "ctrl+z" and key.has_class("-disabled") == disabled for key in footer.query(FooterKey)):
                    return True
                await pilot.pause()
            return False

        assert await undo_key_drawn(disabled=True)
        app.post_message(events.AppBlur())
        await pilot.pause()
        app.session.set_service("stage", "qa")
        await pilot.pause()
        app.post_message(events.AppFocus())
        assert await undo_key_drawn(disabled=False)


async def test_the_footer_greys_undo_again_once_the_keys_pending_when_it_asked_are_handled(tmp_path):
    """ctrl+z counts as possible while the focused field still has keys queued (they may be a change
    to undo). The footer asks the same question: asked at such a moment, on a loaded machine, it
    showed ^z Undo lit with nothing to undo, until the next change (a snapshot caught it, 1 run in 30)."""
    from textual import events

    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "service")
        field = await focus(pilot, "#service-name")
        footer = app.screen.query_one(KeysFooter)
        assert not app.session.can_undo

        def undo_lit() -> bool:
            return any(key.key == "ctrl+z" and not key.has_class("-disabled") for key in footer.query(FooterKey))

        field.post_message(events.Key("end", None))  # a key queued in the field, not handled yet
        await footer.recompose()  # the footer asks now
        assert undo_lit()
        for _ in range(5):
            await pilot.pause()
        assert not undo_lit()


async def test_the_route_dialog_opens_without_errors_about_the_path_not_typed_yet(tmp_path):
    """It opened saying "✗ Invalid httpApi event 'GET '" and Serverless's schema pattern at once."""
    from wizard.tui.screens.route import RouteScreen

    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "routes")
        await focus(pilot, "#routes-table")
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RouteScreen) and app.focused.id == "route-path"
        assert dialog.query_one("#route-findings").said == ()
        assert str(dialog.query_one("#route-hint").render()).startswith("Type the path the route answers")
        assert dialog.query_one("#add").disabled
        await burst(pilot, *"/hello")
        assert dialog.query_one("#route-findings").said == () and not dialog.query_one("#add").disabled
        await burst(pilot, *"//x")  # what the checks say comes as soon as there is a path
        assert any(severity == "error" for severity, _ in dialog.query_one("#route-findings").said)
        assert dialog.query_one("#add").disabled


async def test_escape_leaves_a_form_for_the_sections_list_with_undo_and_redo_still_shown(tmp_path):
    """Enter on a section goes into its form; Escape comes back out (it did nothing in a field), and the
    footer there still offers ^z/^y for what was typed. Escape in an open list only closes the list."""
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await focus(pilot, "#sections")
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused.id == "service-name"
        await burst(pilot, *"workshop-api")
        await pilot.press("ctrl+z", "escape")
        await pilot.pause()
        await pilot.pause()
        assert app.focused.id == "sections"
        assert app.session.service.service == "seed-example" and app.session.can_redo
        assert {"ctrl+z", "ctrl+y", "f1"} <= set(footer_keys(app.screen))
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused.id == "service-name"
        runtime = await focus(pilot, "#runtime")
        await pilot.press("enter")
        await pilot.pause()
        assert runtime.expanded
        await pilot.press("escape")
        await pilot.pause()
        assert not runtime.expanded and app.focused is runtime


async def test_the_palette_offers_the_section_s_actions_while_a_field_has_the_keyboard(tmp_path):
    """The footer hides n/r/c/d while a field has the keyboard (the letters type there); the palette,
    where they are chosen by name, offered none of them then either."""
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "functions")
        await focus(pilot, "#fn-handler")
        assert not {"n", "r", "c", "d"} & set(footer_keys(app.screen))
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        titles = [lines[0] for lines in palette_lines(app)]
        assert titles[:4] == ["New (n)", "Rename (r)", "Duplicate (c)", "Delete (d)"]
        await pilot.press(*"duplicate")
        await pilot.pause(0.3)  # the palette searches as one types
        await pilot.press("enter")
        await pilot.pause()
        assert "simpleCopy" in app.session.service.functions


async def test_f1_at_80x24_opens_on_how_to_move_and_the_keys_read_on(tmp_path):
    """A help taller than the terminal opened scrolled to its end (the keyboard was on Close, below
    it): "How to move", which comes first, was out of sight."""
    from wizard.tui.screens.help import HelpBox, HelpScreen

    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "functions")
        await focus(pilot, "#fn-handler")
        await pilot.press("f1")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one(HelpBox)
        assert app.focused is box and box.max_scroll_y > 0  # taller than the terminal: the case at hand
        assert box.scroll_y == 0
        text = app.screen.query_one("#help-text")
        assert text.region.y >= box.content_region.y  # its first line is in view
        await pilot.press("pagedown")
        await pilot.pause()
        assert box.scroll_y > 0
        await pilot.press("enter")  # Enter closes it, as Escape does
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen) and app.focused.id == "fn-handler"


async def test_every_dialog_at_80x24_opens_on_its_top_with_its_first_control_in_view(tmp_path):
    """A dialog taller than the terminal scrolls; it must open on its top (the question, the first
    field) with the keyboard's control in view: the recovery dialog opened scrolled past its question."""
    from wizard.authoring.session.recovery import RecoveryCopy
    from wizard.diagnostics import Diagnostic
    from wizard.tui.screens.confirm import ConfirmScreen
    from wizard.tui.screens.external_api import ExternalApiScreen
    from wizard.tui.screens.names import NewAuthorizerScreen, RenameScreen
    from wizard.tui.screens.problem import ProblemScreen
    from wizard.tui.screens.recovery import RecoveryScreen
    from wizard.tui.screens.route import RouteScreen

    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        session = app.session
        copy = RecoveryCopy("/x", str(tmp_path), "edit", "service: x\n", "serverless.yml", None, "2026-11-29T10:00:00")
        long_diff = "".join(f"-line {i}\n+line {i} changed\n" for i in range(40))
        problem = Diagnostic("CONFIG_SCHEMA", "warning", "at 'functions.x': " + "a long message " * 40,
                             file="serverless.yml", line=3, column=5, path=("functions", "x"))
        dialogs = [
            RecoveryScreen(copy, long_diff, ["serverless.yml changed on disk after that run opened it: restoring puts "
                                             "that run's values back where both changed."]),
            ProblemScreen(problem, "Functions"),
            RouteScreen(session, ("someFunction", 0)),
            NewAuthorizerScreen(session),
            NewFunctionScreen(session),
            RenameScreen("function", "simple", lambda name: []),
            ExternalApiScreen(session),
            ConfirmScreen("Delete the function simple and its 1 route(s) (GET /simple)?", confirm="Delete"),
            QuitScreen(),
        ]
        for dialog in dialogs:
            app.push_screen(dialog)
            await pilot.pause()
            await pilot.pause()
            box = dialog.query_one("#dialog")
            name = type(dialog).__name__
            assert box.scroll_y == 0, f"{name} opens scrolled past its top"
            focused = app.focused
            assert focused is not None and dialog in focused.ancestors, f"{name}: nothing has the keyboard"
            shown = focused.region.intersection(box.content_region)
            assert shown.height, f"{name}: {focused.id} has the keyboard out of sight"
            dialog.dismiss(dialog.CANCELLED)
            await pilot.pause()


async def test_problems_at_80x24_list_errors_first_two_rows_in_view(tmp_path):
    """Memory 64 MB at 80x24: the panel showed one row, the schema's warning (by line), above six
    errors, with a sideways scrollbar in the other row."""
    from tui_keys import type_into

    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "service")
        await type_into(pilot, "#memory", "64")
        await pilot.pause()
        severities = [d.severity for d in app.problems]
        assert "warning" in severities and severities == sorted(severities, key=lambda s: s != "error")
        table = app.query_one("#problems")
        assert table.scrollable_content_region.height - 1 >= 2  # the header, then two rows
        assert table.show_horizontal_scrollbar is False
        table.focus()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProblemScreen) and app.screen.diagnostic.is_error


async def test_the_footer_refits_when_the_terminal_is_resized(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "functions")
        await focus(pilot, "#functions-table")
        assert "ctrl+t" in footer_keys(app.screen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        fits(app, app.screen)
        assert "f1" in footer_keys(app.screen) and "ctrl+t" not in footer_keys(app.screen)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        assert "ctrl+t" in footer_keys(app.screen)


# ----- keys typed fast, then a ctrl key: the ctrl key acts on everything typed before it -------------
# ctrl+s, ctrl+z and ctrl+y are the app's priority keys: Textual runs them as soon as the app's own
# queue reaches them, while the letters before them still wait in the field's queue (a paste in a
# browser arrives as one such burst). Found in test_serve: a save wrote "...-${f" of a longer name.

NAME = "workshop-api-${sls:stage}-and-a-long-tail"


async def test_ctrl_s_right_after_fast_typing_saves_every_key_typed(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "service")
        await focus(pilot, "#service-name")
        await burst(pilot, "home", "shift+end", *NAME, "ctrl+s")
        await pilot.pause()
        saved = (tmp_path / "project" / "serverless.yml").read_text()
        assert f"service: {NAME}\n" in saved
        assert not app.session.dirty


async def test_ctrl_z_right_after_fast_typing_undoes_all_of_it_and_the_field_shows_the_model(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "service")
        before = app.session.service.service
        field = await focus(pilot, "#service-name")
        await burst(pilot, "end", *"-x1", "ctrl+z")
        await pilot.pause()
        assert app.session.service.service == before
        assert field.value == before
        await burst(pilot, "ctrl+y")
        assert app.session.service.service == field.value == before + "-x1"


async def test_ctrl_q_right_after_fast_typing_asks_about_what_was_typed(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "service")
        await focus(pilot, "#service-name")
        await burst(pilot, "end", *"-x1", "ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen), "quit without asking would lose '-x1'"
        assert app.is_running
