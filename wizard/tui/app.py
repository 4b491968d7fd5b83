"""The httpapi-wizard app: sections on the left, the section's form, the live preview below it.

State flows one way. The session's model is the only state; every change goes through
the session, which tells the app; the app refreshes the preview (the serverless.yml that
saving writes, the CloudFormation it compiles to, the problems) and publishes one
synchronous signal on which every section redraws itself from the model, in the same
frame as the keystroke. No exception from an action ends the app (see guard.py), and
unsaved work is copied aside as it changes, to be offered back after a crash.
"""

from __future__ import annotations

import datetime
import gc
import os
import traceback

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import Reactive
from textual.screen import Screen
from textual.signal import Signal
from textual.widgets import ContentSwitcher, DataTable, Header, Label, ListItem, ListView

from ..authoring.save import SaveError
from ..authoring.session import Change
from ..authoring.session.recovery import state_dir
from ..authoring.text_diff import changed_span
from ..compiling.output import to_json, to_yaml
from ..diagnostics import tally
from .after_keys import AfterKeys
from .commands import WizardCommands
from .guard import Guarded, guarded, guarded_call, on
from .layout_once import install as lay_out_once
from .screens.help import HelpScreen
from .screens.problem import ProblemScreen
from .screens.quit import QuitChoice, QuitScreen
from .screens.steady import SteadyScreen
from .sections import SECTION_TITLES, section_class, section_of
from .sections.service import ServiceSection
from .widgets.code_view import CodeView
from .widgets.footer import KeysFooter
from .widgets.tables import EntryTable

# Seconds after the last change before the recovery copy is written.
RECOVERY_DELAY = 1.0


def _size_classes(size) -> tuple[bool, bool, bool]:
    """(narrow, short, the preview's panes stacked) for a terminal of ``size``: side by side when
    there is room, stacked when the terminal is narrow; but not on a short one too (80x24),
    where stacking left each pane one line."""
    narrow = size.width < 100
    return narrow, size.height < 32, narrow and size.height >= 32


def _section_keys() -> list[Binding]:
    """The keys of every section's entries, for the sections list (each shown while its section is)."""
    from .sections.advanced import AdvancedSection
    from .sections.authorizers import AuthorizersSection
    from .sections.functions import FunctionsSection
    from .sections.routes import RoutesSection
    from .sections.try_request import TrySection

    return [Binding(b.key, f"section_action('{b.action}')", b.description, tooltip=b.tooltip)
            for cls in (FunctionsSection, RoutesSection, AuthorizersSection, AdvancedSection, TrySection)
            for b in cls.BINDINGS]


class SectionList(Guarded, ListView):
    """The sections; ↑ ↓ shows one, Enter goes into it. The shown section's keys work from here too."""

    BINDINGS = _section_keys()

    def check_action(self, action: str, parameters) -> bool | None:
        if action != "section_action":
            return True
        section = self.app.current_section()
        if section is None or parameters[0] not in {b.action for b in section.BINDINGS}:
            return False
        return section.check_action(parameters[0], ())

    async def action_section_action(self, name: str) -> None:
        await self.app.run_action(name, self.app.current_section())


class MainScreen(SteadyScreen, Screen):
    """The wizard's screen. A focus change repaints the widget that had the keyboard and the one that
    gets it (their :focus styles), not every widget on the screen as Textual's Screen.focused did:
    a Tab cost a repaint of the whole terminal."""

    focused: Reactive = Reactive(None, repaint=False)


class WizardApp(Guarded, App[None]):
    CSS_PATH = "app.tcss"
    AUTO_FOCUS = "#sections"  # start where a newcomer chooses what to do, not in the problems table
    TITLE = "httpapi-wizard"
    # One provider lists every command, the section's first (Textual's system commands included, last).
    COMMANDS = {WizardCommands}
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save", priority=True),
        # Priority: a text area's own undo would otherwise undo its text apart from the model.
        Binding("ctrl+z", "undo", "Undo", id="undo", priority=True),
        Binding("ctrl+y", "redo", "Redo", id="redo", priority=True),
        Binding("f1", "help", "Help", id="help"),
        Binding("ctrl+t", "toggle_format", "JSON/YAML", id="toggle-format"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        # Enter on a section goes into its form; Escape comes back out to the sections list.
        Binding("escape", "to_sections", "Back to the sections", id="to-sections", show=False),
        # Tab moves the keyboard before the keys typed after it are handed out: as the screen's
        # own (non-priority) binding it ran after them, and "x<Tab>yz" typed fast put "yz" in the old field.
        Binding("tab", "focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "focus_previous", "Previous field", show=False, priority=True),
    ]

    def __init__(self, session, web: bool = False, light: bool = False, recovery=None, allow_run: bool = True) -> None:
        lay_out_once()
        super().__init__()
        self.session = session
        # Whether Try a request may run the functions on this machine (in a browser: `serve --allow-run`).
        self.allow_run = allow_run
        # Awaited when the app ends, however it ends: what a section started (Send's function workers).
        self.closers: list = []
        if light:  # for projectors; any theme can also be picked from the command palette
            self.theme = "textual-light"
        # In a browser (textual-serve), saving hands the files over as one zip.
        self.web = web
        # Where unsaved work is copied (authoring/session/recovery.py); None: not kept (tests, browsers).
        self.recovery = recovery
        self._recovery_timer = None
        self.session_changed: Signal[Change] = Signal(self, "session-changed")
        self.preview_yaml = ""
        self.preview_cfn = ""
        self.cfn_format = "json"
        self.problems: list = []
        # Lines the last change touched, highlighted in the preview (the change inspector).
        self.changed_yaml: set[int] = set()
        self.changed_cfn: set[int] = set()
        self._reported: dict[tuple, float] = {}
        self._bindings_state: tuple = ()
        self._bindings_recheck = None  # the field whose pending keys, once handled, call for a footer refresh
        self.after_keys = AfterKeys(self)  # the preview and the findings: redrawn once the keys typed are in
        # The widgets every change redraws, kept as composed (compose), not looked up: a query walks the whole
        # screen matching each node's CSS path (the sidebar's eight per change: 45 µs, 3-6 µs kept).
        self._nav_labels: dict[str, Label] = {}
        self._nav_shown = dict(SECTION_TITLES)
        self._panes: dict[str, CodeView] = {}
        self._problems: EntryTable | None = None

    def get_default_screen(self) -> Screen:
        return MainScreen(id="_default")

    @property
    def in_browser(self) -> bool:
        return self.web or self.is_web

    # ----- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The screen and the preview are born with the classes of the terminal's size: set later
        # (the first Resize), they would restyle every widget already there, on every start.
        narrow, short, stacked = _size_classes(self.size)
        self.screen.set_class(narrow, "-narrow", update=False)
        self.screen.set_class(short, "-short", update=False)
        self._nav_labels = {key: Label(title) for key, title in SECTION_TITLES.items()}
        self._panes = {"#yaml-pane": CodeView(language="yaml", classes="pane", id="yaml-pane"),
                       "#cfn-pane": CodeView(language="json", classes="pane", id="cfn-pane")}
        self._problems = EntryTable("severity", "code", "where", "message", id="problems")
        yield Header()
        with Horizontal(id="body"):
            yield SectionList(*(ListItem(label, id=f"nav-{key}") for key, label in self._nav_labels.items()), id="sections")
            with Vertical(id="main"):
                # Only the first section is built now; the others when first shown (a faster first screen).
                with ContentSwitcher(initial="service", id="editor"):
                    yield ServiceSection(self.session)
                with Horizontal(id="preview", classes="narrow" if stacked else ""):
                    # Views that draw only the visible lines: a 2000-resource template stays fast.
                    yield from self._panes.values()
        yield self._problems
        yield KeysFooter()

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, lambda _: self.refresh(repaint=True))
        self.query_one("#yaml-pane").border_title = "serverless.yml"
        self.query_one("#cfn-pane").border_title = "CloudFormation (JSON, as serverless package)"
        self.query_one("#problems").border_title = "Problems"
        self.session.subscribe(self._session_changed)
        self.refresh_preview()

    async def on_unmount(self) -> None:
        self.session.unsubscribe(self._session_changed)
        for close in self.closers:
            try:
                await close()
            except Exception as exc:  # noqa: BLE001 - the others are still closed
                self.log_exception(exc, "closing")

    def on_ready(self) -> None:
        # The command line starts the wizard with the collector off (see cli.main). Now that
        # the first frame is up, what start-up built (modules, widgets, the first compile)
        # lives as long as the app: frozen out of the collections to come, those scan only
        # what the session creates, instead of pausing a keystroke to rescan start-up.
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
        self.offer_recovery()

    def on_resize(self, event) -> None:
        narrow, short, stacked = _size_classes(event.size)
        self.screen.set_class(narrow, "-narrow")
        self.screen.set_class(short, "-short")
        self.query_one("#preview").set_class(stacked, "narrow")
        for result in self._try_panes():
            result.set_class(narrow, "narrow")

    def _try_panes(self) -> list:
        """Try a request's two side-by-side panes (none until it is first opened): looked up in its
        section, not across the whole screen (a walk of every section built so far, twice a switch)."""
        sections = self.query_one("#editor", ContentSwitcher).query_children("#try")
        return list(sections.first().query("#try-result, #try-sent")) if sections else []

    # ----- one way: a change, then the preview, then every section ----------------------------------

    def _session_changed(self, change: Change) -> None:
        self.after_keys.run(self.refresh_preview)
        self.session_changed.publish(change)
        # The footer is rebuilt when the keys it shows change: not on every keystroke.
        can = (self.session.can_undo, self.session.can_redo, change.kind)
        if can != self._bindings_state:
            self._bindings_state = can
            self.refresh_bindings()
        self._schedule_recovery()

    @guarded
    def refresh_preview(self) -> None:
        # Rendered once per refresh: the compile, the preview and the saved state all read it.
        session = self.session
        text = session.serverless_yml()
        result = session.compile(text)
        old_yaml, old_cfn = self.preview_yaml, self.preview_cfn
        self.preview_yaml = text
        if result.template is None:
            self.preview_cfn = "# no template: see Problems"
        else:
            self.preview_cfn = to_yaml(result.template) if self.cfn_format == "yaml" else to_json(result.template)
        self.changed_yaml = changed_lines(old_yaml, self.preview_yaml) if old_yaml else set()
        self.changed_cfn = changed_lines(old_cfn, self.preview_cfn) if old_cfn and old_cfn[:1] == self.preview_cfn[:1] else set()
        self._show("#yaml-pane", self.preview_yaml, "yaml", self.changed_yaml)
        self._show("#cfn-pane", self.preview_cfn, self.cfn_format, self.changed_cfn)
        # Errors first (then warnings, then notes), each kind in the file's order: at 80x24 the
        # panel shows two rows, and a warning listed by line came before six errors.
        rank = {"error": 0, "warning": 1}
        self.problems = sorted(session.shown(result.diagnostics), key=lambda d: rank.get(d.severity, 2))
        table = self._problems
        table.refill([((d.severity, d.code, f"{d.line}:{d.column}" if d.line else "", d.message), str(n))
                      for n, d in enumerate(self.problems)])
        title = f"Problems: {tally(self.problems)} (Enter on one shows it whole)"
        if table.border_title != title:  # each assignment costs a layout pass
            table.border_title = title
        errors = sum(1 for d in self.problems if d.is_error)
        if session.dirty_for(text):
            state = "● unsaved changes"
        elif session.saved_text is None:
            state = "new project, nothing to save yet"
        else:
            state = "saved"
        sub_title = f"{state} · {errors} error(s)"
        if self.sub_title != sub_title:
            self.sub_title = sub_title
        self._update_sidebar(self.problems)
        if session.edit_error:
            self.notify(session.edit_error, severity="error")

    def _show(self, pane: str, text: str, language: str, changed: set[int]) -> None:
        view = self._panes[pane]
        view.set_language(language)
        rows = {n - 1 for n in changed}
        if view.text != text or view.changed != rows:
            view.load_text(text, rows)
        if rows:  # bring what the last change touched into view
            view.show_rows(min(rows), max(rows))

    def _update_sidebar(self, diagnostics) -> None:
        service = self.session.service
        http_api = service.provider.http_api
        state = {
            "functions": str(len(service.functions)),
            "routes": str(sum(len(f.events) for f in service.functions.values())),
            "cors": "on" if http_api.cors else "off",
            "authorizers": str(len(http_api.authorizers)),
            "logging": "on" if service.provider.access_logs else "off",
        }
        counts: dict[str, list[int]] = {}
        for d in diagnostics:
            slot = counts.setdefault(section_of(d.path), [0, 0])
            slot[0 if d.is_error else 1] += d.severity != "info"
        for key, title in SECTION_TITLES.items():
            errors, warnings = counts.get(key, [0, 0])
            badge = f" ({state[key]})" if key in state else ""
            marks = (f" ✗{errors}" if errors else "") + (f" !{warnings}" if warnings else "")
            text = f"{title}{badge}{marks}"
            if self._nav_shown[key] != text:
                self._nav_labels[key].update(text)
                self._nav_shown[key] = text

    def action_toggle_format(self) -> None:
        self.cfn_format = "yaml" if self.cfn_format == "json" else "json"
        self.preview_cfn = ""
        self.query_one("#cfn-pane").border_title = f"CloudFormation ({self.cfn_format.upper()}, as serverless package)"
        self.refresh_preview()

    # ----- sections -----------------------------------------------------------------------------------

    def current_section(self):
        """The section on screen (None while mounting)."""
        switcher = self.query_one("#editor", ContentSwitcher)
        return switcher.get_child_by_id(switcher.current) if switcher.current else None

    async def goto_section(self, key: str, focus: bool = False) -> None:
        """Show the section ``key``; ``focus``: and put the keyboard in it (the palette's "Go to")."""
        self.query_one("#sections", ListView).index = list(SECTION_TITLES).index(key)
        await self._switch_to(key)
        if focus:
            first = self.current_section().first_focus()
            if first is not None:
                first.focus()

    async def _switch_to(self, key: str) -> None:
        switcher = self.query_one("#editor", ContentSwitcher)
        if switcher.current == key and not self.current_section().stale:
            return  # shown already (goto_section's switch, then the list's Highlighted for the same one)
        # One frame for the switch: a section built here mounts in waves (its rows, then their fields),
        # and each wave drawn was a layout pass of the whole screen (opening Functions: four, 0.3 s).
        with self.batch_update():
            if not switcher.query_children(f"#{key}"):
                widget = section_class(key)(self.session)
                widget.display = False
                await switcher.mount(widget)
            switcher.current = key
            section = self.current_section()
            if section.stale:
                section.refresh_from_model()
            self.refresh_bindings()
            # Trying a request needs the room: its event pane stands in for the preview. Set on the two
            # widgets themselves: a class on a container restyles everything in it (every section built
            # so far, a third of a second with all of them), on the way into Try and out of it.
            trying = key == "try"
            self.query_one("#preview").display = not trying
            self.query_one("#editor").styles.height = "1fr" if trying else None
            for result in self._try_panes():
                result.set_class(self.size.width < 100, "narrow")
        self.screen.check_idle()  # the screen draws once the batch is over, with or without another event

    @on(ListView.Highlighted, "#sections")
    async def _section_highlighted(self, event: ListView.Highlighted) -> None:
        if event.item is not None and event.item.id:
            await self._switch_to(event.item.id.removeprefix("nav-"))

    @on(ListView.Selected, "#sections")
    async def _section_chosen(self, event: ListView.Selected) -> None:
        """Enter on a section puts the keyboard in it."""
        first = self.current_section().first_focus()
        if first is not None:
            first.focus()

    @on(DataTable.RowSelected, "#problems")
    def _problem_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter on a problem shows it whole; from there, Enter goes to the field concerned."""
        if not 0 <= event.cursor_row < len(self.problems):
            return
        problem = self.problems[event.cursor_row]
        key = section_of(problem.path)

        async def go(yes: bool) -> None:
            if yes:
                await self.goto_section(key)
                if not self.current_section().focus_path(tuple(problem.path)):
                    self.query_one("#sections").focus()

        self.push_screen(ProblemScreen(problem, SECTION_TITLES[key]), guarded_call(self, go))

    def action_to_sections(self) -> None:
        self.query_one("#sections").focus()

    async def action_add_route_anywhere(self) -> None:
        await self.goto_section("routes", focus=True)
        await self.run_action("add_route", self.current_section())

    async def try_request(self, line: str) -> None:
        """Open Try a request on ``line`` (the Routes section's t)."""
        await self.goto_section("try")
        self.current_section().ask(line)

    # ----- undo, save, help, quit ------------------------------------------------------------------------

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("focus_next", "focus_previous"):
            from textual.command import CommandPalette

            return not isinstance(self.screen, CommandPalette)  # the palette's own keys stay its own
        if action == "to_sections":
            return self.focused is not None and self.focused.id != "sections"
        if action in ("undo", "redo") and self.screen.is_modal:
            return False  # a dialog's own fields: undo there is theirs, not the model's
        if action in ("undo", "redo") and self.focused is not None and self.focused.message_queue_size:
            # Keys typed just before are not in the model yet: the action waits for them. The footer
            # asks this too, and would show ^z as possible with nothing to undo until the next change:
            # once those keys are handled, it asks again.
            if self._bindings_recheck is not self.focused:  # once per field (one removed meanwhile never answers)
                self._bindings_recheck = self.focused
                self.focused.call_later(self._recheck_bindings)
            return True
        return self.action_state(action)

    def _recheck_bindings(self) -> None:
        self._bindings_recheck = None
        self.refresh_bindings()

    def action_state(self, action: str) -> bool | None:
        """Whether the wizard's ``action`` can be done now, whatever screen is on top (None: not now)."""
        if action == "undo":
            return True if self.session.can_undo else None
        if action == "redo":
            return True if self.session.can_redo else None
        return True

    def get_system_commands(self, screen):
        for command in super().get_system_commands(screen):
            if command.title == "Quit":  # not "as soon as possible": unsaved changes are asked about first
                command = command._replace(help="Leave the wizard (ctrl+q); unsaved changes are asked about first")
            yield command

    def _after_typing(self, callback) -> None:
        """Run ``callback`` once the focused widget has handled the keys typed before this one.

        ctrl+s, ctrl+z, ctrl+y and ctrl+q are priority keys: the app runs them as soon as its own
        queue reaches them, while the keys typed just before may still wait in the field's queue
        (a paste arrives as one burst). Queued behind those keys, they act on everything typed.
        """
        callback = guarded_call(self, callback)
        focused = self.focused
        if focused is None or not focused.call_later(callback):
            self.call_later(callback)

    def action_undo(self) -> None:
        self._after_typing(self.session.undo)

    def action_redo(self) -> None:
        self._after_typing(self.session.redo)

    def action_save(self) -> None:
        self._after_typing(self.save_project)

    def save_project(self) -> bool:
        """Write the project (in a browser: hand it over as one zip). Returns whether it was written."""
        review = next(iter(self.query("#review")), None)
        try:
            said = self._deliver() if self.in_browser else self._write()
        except SaveError as exc:
            message = str(exc)
        except OSError as exc:
            message = f"{exc.filename or self.session.directory}: {exc.strerror or exc}"
        except Exception as exc:  # noqa: BLE001 - any failure to save is said, and the work stays as it was
            self.log_exception(exc, "save")
            message = f"{type(exc).__name__}: {exc} (details in the wizard's log)"
        else:
            if review is not None:
                review.say(said)
            self.notify(said)
            if self.recovery is not None and not self.session.dirty:
                self.recovery.discard_own()
            return True
        if review is not None:
            review.say(f"Not saved: {message}", error=True)
        self.notify(f"Not saved: {message}", severity="error", timeout=10)
        return False

    def _write(self) -> str:
        if self.session.disk_changed():
            raise SaveError("serverless.yml changed on disk since it was opened: saving would overwrite that change, so "
                            "nothing was written (Review says more)")
        written = self.session.save()
        return f"Saved {len(written)} file(s) in {self.session.directory}"

    def _deliver(self) -> str:
        from io import BytesIO

        name, data = self.session.archive()
        self.deliver_binary(BytesIO(data), save_filename=name, mime_type="application/zip")
        self.session.mark_delivered()
        return f"Your browser is downloading {name}: unzip it for the project's folder"

    def action_help(self) -> None:
        section = self.current_section()
        focused = self.focused
        field = section.help_for(focused) if section is not None else ""
        if not field and focused is not None and focused.id in ("problems", "sections", "yaml-pane", "cfn-pane"):
            field = {
                "problems": "Every problem the compiler and the checks find, errors first. Enter on one shows it whole "
                "and goes to its field.",
                "sections": "The sections of the service: ↑ ↓ shows one, Enter goes into its form. ✗ counts errors, ! warnings.",
                "yaml-pane": "The serverless.yml saving writes; the lines the last change touched are highlighted.",
                "cfn-pane": "The CloudFormation template it compiles to, as `serverless package` writes it (ctrl+t: YAML).",
            }[focused.id]
        bindings = section.own_bindings() if section is not None else []
        self.push_screen(HelpScreen(field=field, section=section.HELP if section is not None else "", bindings=bindings,
                                    title=section.TITLE if section is not None else "httpapi-wizard"))

    def action_quit(self) -> None:
        self._after_typing(self._quit)

    def _quit(self) -> None:
        if not self.session.dirty:
            self._leave(discard=True)
            return

        def answer(choice: QuitChoice) -> None:
            if choice is QuitChoice.SAVE:
                if self.save_project():
                    self._leave(discard=True)
            elif choice is QuitChoice.DISCARD:
                self._leave(discard=True)

        self.push_screen(QuitScreen(web=self.in_browser), guarded_call(self, answer))

    def _leave(self, discard: bool) -> None:
        if self.recovery is not None and discard:
            self.recovery.discard_own()
        self.exit()

    # ----- recovery copies --------------------------------------------------------------------------------

    def _schedule_recovery(self) -> None:
        if self.recovery is None:
            return
        if self._recovery_timer is not None:
            self._recovery_timer.stop()
        self._recovery_timer = self.set_timer(RECOVERY_DELAY, guarded_call(self, self.write_recovery))

    def write_recovery(self) -> None:
        """Copy the unsaved work aside now (or delete the copy when nothing is unsaved)."""
        if self.recovery is None:
            return
        if self.session.dirty:
            self.recovery.write(self.session)
        else:
            self.recovery.discard_own()

    def offer_recovery(self) -> None:
        """At start: offer back the newest copy another run left of this project."""
        if self.recovery is None:
            return
        copy = self.recovery.newest()
        if copy is None:
            return
        current = self.session.serverless_yml()
        if copy.text == current:
            self.recovery.discard_others()  # nothing in it that is not here already
            return
        import difflib

        from .screens.recovery import RecoveryChoice, RecoveryScreen

        diff = "".join(difflib.unified_diff(current.splitlines(True), copy.text.splitlines(True), "opens now", "recovered"))
        warnings = []
        if copy.mode == "edit" and copy.opened_digest != self.session.original_digest:
            warnings.append("serverless.yml changed on disk after that run opened it: restoring puts that run's values "
                            "back where both changed.")
        if (copy.mode == "edit") != self.session.editing:
            warnings.append("That run was " + ("editing the file" if copy.mode == "edit" else "a new project") + "; this one is "
                            + ("editing it." if self.session.editing else "a new project."))

        def chosen(choice) -> None:
            if choice is RecoveryChoice.RESTORE:
                self.session.restore(copy)
                self.recovery.discard_others()
                self.notify("Restored. ctrl+z takes it back.")
            elif choice is RecoveryChoice.DISCARD:
                self.recovery.discard_others()

        self.push_screen(RecoveryScreen(copy, diff, warnings), guarded_call(self, chosen))

    # ----- exceptions: said, logged, never the end of the app ---------------------------------------------------

    def log_exception(self, exc: BaseException, where: str) -> str | None:
        """Append ``exc`` with its traceback to the wizard's log; returns the log's path (None if it cannot be written)."""
        self.log.error(f"{where}: {exc!r}")
        path = os.path.join(state_dir(), "wizard.log")
        try:
            os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
            with open(path, "a", encoding="utf-8") as log:
                log.write(f"--- {datetime.datetime.now().isoformat(timespec='seconds')} {where}\n")
                log.write("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
        except OSError:
            return None
        return path

    def report_exception(self, exc: Exception, where: str) -> None:
        """An action or a handler failed: the model is as it was before it (the session undoes a failed
        change); say so, keep a copy of the work, log the details, and go on."""
        path = self.log_exception(exc, where)
        try:
            self.write_recovery()
        except Exception as again:  # noqa: BLE001 - the report goes on without the copy
            self.log_exception(again, "writing the recovery copy")
        key = (where, type(exc).__name__, str(exc))
        now = datetime.datetime.now().timestamp()
        if now - self._reported.get(key, 0.0) < 10:
            return  # the same failure again (on every keystroke, say): logged, not shown again
        self._reported[key] = now
        self.notify(f"That did not work ({type(exc).__name__}: {exc}). Your work is as it was before; nothing was lost."
                    + (f" Details: {path}" if path else ""), title="Something went wrong", severity="error", timeout=12)

    def _handle_exception(self, error: Exception) -> None:
        # The last resort, for an exception from Textual's own code: Textual ends the app
        # here, so the unsaved work is copied aside first (the next start offers it back).
        try:
            self.write_recovery()
            self.log_exception(error, "the app")
        except Exception:  # noqa: BLE001 - ending anyway
            pass
        super()._handle_exception(error)


def changed_lines(before: str, after: str) -> set[int]:
    """1-based numbers of the lines of ``after`` between the first and last that differ."""
    start, _, end = changed_span(before, after)
    return set(range(start + 1, end + 1))


def run(session, web: bool = False, light: bool = False, recovery=None, allow_run: bool = True) -> None:
    WizardApp(session, web=web, light=light, recovery=recovery, allow_run=allow_run).run()


__all__ = ["WizardApp", "run", "SECTION_TITLES"]
