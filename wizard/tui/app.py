"""The httpapi-wizard app: sections on the left, the form, and the live preview below it.

The preview shows the serverless.yml that saving writes and the CloudFormation it
compiles to, side by side, refreshed after every change; the problems panel lists what
the compiler and the design-time checks say.
"""

from __future__ import annotations

import gc

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, ContentSwitcher, DataTable, Footer, Header, Input, Label, ListItem, ListView

from ..authoring.save import SaveError
from ..authoring.text_diff import changed_span
from ..compiling.output import to_json, to_yaml
from ..diagnostics import tally
from .code_view import CodeView
from .commands import WizardCommands
from .help_text import FIELDS, SECTIONS
from .more_sections import AdvancedSection, AuthorizersSection, FunctionsSection, LoggingSection
from .screens import ConfirmScreen, HelpScreen, RouteScreen
from .sections import CorsSection, ReviewSection, RoutesSection, ServiceSection, refill

SECTIONS_BY_KEY = {
    "service": ServiceSection, "functions": FunctionsSection, "routes": RoutesSection, "cors": CorsSection,
    "authorizers": AuthorizersSection, "logging": LoggingSection, "advanced": AdvancedSection, "review": ReviewSection,
}


def section_class(key: str):
    if key == "try":  # the request explainer is loaded when first asked for: a faster start
        from .try_section import TrySection

        return TrySection
    return SECTIONS_BY_KEY[key]
SECTION_TITLES = {
    "service": "Service",
    "functions": "Functions",
    "routes": "Routes",
    "cors": "CORS",
    "authorizers": "Authorizers",
    "logging": "Logging",
    "advanced": "Advanced",
    "try": "Try a request",
    "review": "Review & save",
}


def section_of(path: tuple) -> str:
    """Which section a problem at a config path belongs to (for the sidebar's counts)."""
    if path[:1] == ("functions",):
        return "routes" if "events" in path else "functions"
    if path[:3] == ("provider", "httpApi", "cors"):
        return "cors"
    if path[:3] == ("provider", "httpApi", "authorizers"):
        return "authorizers"
    if path[:2] in (("provider", "logs"), ("provider", "logRetentionInDays")):
        return "logging"
    if path[:2] == ("provider", "httpApi"):
        return "advanced"
    return "service"


class WizardApp(App[None]):
    CSS_PATH = "app.tcss"
    AUTO_FOCUS = "#sections"  # start where a newcomer chooses what to do, not in the problems table
    TITLE = "httpapi-wizard"
    COMMANDS = App.COMMANDS | {WizardCommands}
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save"),
        Binding("ctrl+z", "undo", "Undo", id="undo"),
        Binding("ctrl+y", "redo", "Redo", id="redo"),
        # Shown in the footer (and active) in the Routes section only.
        Binding("a", "add_route", "Add route", id="add-route"),
        Binding("e", "edit_route", "Edit", id="edit-route"),
        Binding("d", "delete_route", "Delete", id="delete-route"),
        Binding("t", "try_route", "Try it", id="try-route"),
        Binding("f1", "help", "Help", id="help"),
        Binding("ctrl+t", "toggle_format", "JSON/YAML", id="toggle-format"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(self, session, web: bool = False, light: bool = False) -> None:
        super().__init__()
        self.session = session
        if light:  # for projectors; any theme can also be picked from the command palette
            self.theme = "textual-light"
        # In a browser (textual-serve), saving hands the files over as downloads.
        self.web = web
        self.preview_yaml = ""
        self.preview_cfn = ""
        self.cfn_format = "json"
        self.problems: list = []
        # Lines the last change touched, highlighted in the preview (the change inspector).
        self.changed_yaml: set[int] = set()
        self.changed_cfn: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield ListView(*(ListItem(Label(title), id=f"nav-{key}") for key, title in SECTION_TITLES.items()), id="sections")
            with Vertical(id="main"):
                # Only the first section is built now; the others when first shown (a faster first screen).
                with ContentSwitcher(initial="service", id="editor"):
                    yield ServiceSection(self.session, id="service")
                with Horizontal(id="preview"):
                    # Views that draw only the visible lines: a 2000-resource template stays fast.
                    yield CodeView(language="yaml", classes="pane", id="yaml-pane")
                    yield CodeView(language="json", classes="pane", id="cfn-pane")
        problems = DataTable(id="problems", cursor_type="row")
        problems.add_columns("severity", "code", "where", "message")
        yield problems
        yield Footer()

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, lambda _: self.refresh(repaint=True))
        self.query_one("#yaml-pane").border_title = "serverless.yml"
        self.query_one("#cfn-pane").border_title = "CloudFormation (JSON, as serverless package)"
        self.query_one("#problems").border_title = "Problems"
        self.refresh_preview()

    def on_ready(self) -> None:
        # The command line starts the wizard with the collector off (see cli.main). Now that
        # the first frame is up, what start-up built (modules, widgets, the first compile)
        # lives as long as the app: frozen out of the collections to come, those scan only
        # what the session creates, instead of pausing a keystroke to rescan start-up.
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    # ----- keeping the preview live ----------------------------------------------------------

    def refresh_preview(self) -> None:
        # Rendered once per refresh: the compile, the preview and the saved state all read it.
        text = self.session.serverless_yml()
        result = self.session.compile(text)
        # The exact texts shown, kept for the change inspector and tests.
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
        table = self.query_one("#problems", DataTable)
        self.problems = list(result.diagnostics)
        refill(table, [((d.severity, d.code, f"{d.line}:{d.column}" if d.line else "", d.message), str(n))
                       for n, d in enumerate(result.diagnostics)])
        errors = sum(1 for d in result.diagnostics if d.is_error)
        # Assigned only when they change: each assignment costs a layout pass.
        title = f"Problems: {tally(result.diagnostics)}"
        if table.border_title != title:
            table.border_title = title
        sub_title = ("● unsaved" if self.session.saved_text != text else "saved") + f" · {errors} errors"
        if self.sub_title != sub_title:
            self.sub_title = sub_title
        self._update_sidebar(result.diagnostics)
        self._reload_current()
        if self.session.edit_error:
            self.notify(self.session.edit_error, severity="error")

    def _show(self, pane: str, text: str, language: str, changed: set[int]) -> None:
        view = self.query_one(pane, CodeView)
        view.set_language(language)
        rows = {n - 1 for n in changed}
        if view.text != text or view.changed != rows:
            view.load_text(text, rows)
        if rows:  # bring what the last change touched into view
            view.show_rows(min(rows), max(rows))

    def action_toggle_format(self) -> None:
        self.cfn_format = "yaml" if self.cfn_format == "json" else "json"
        self.preview_cfn = ""
        self.query_one("#cfn-pane").border_title = f"CloudFormation ({self.cfn_format.upper()}, as serverless package)"
        self.refresh_preview()

    def on_resize(self, event) -> None:
        # Side by side when there is room, stacked when the terminal is narrow; but not on a
        # short one too (80x24), where stacking left each pane one line.
        self.narrow = event.size.width < 100
        self.query_one("#preview").set_class(self.narrow and event.size.height >= 32, "narrow")
        for result in self.query("#try-result"):
            result.set_class(self.narrow, "narrow")

    def _reload_current(self) -> None:
        """Refresh the tables of the visible section only: hidden ones catch up when shown."""
        section = self.query_one("#editor", ContentSwitcher).current
        if section is None:  # still mounting
            return
        widget = self.query_one(f"#{section}")
        if hasattr(widget, "reload"):
            widget.reload()

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
            label = self.query_one(f"#nav-{key} Label", Label)
            if getattr(label, "shown", None) != text:
                label.update(text)
                label.shown = text

    # ----- navigation ---------------------------------------------------------------------------

    FIELD_OF = {
        ("service",): "#service-name",
        ("provider", "runtime"): "#runtime",
        ("provider", "region"): "#region",
        ("provider", "stage"): "#stage",
        ("provider", "memorySize"): "#memory",
        ("provider", "timeout"): "#timeout",
        ("provider", "httpApi", "cors"): "#cors-origins",
        ("provider", "logs"): "#log-format",
        ("provider", "logRetentionInDays"): "#log-retention",
    }

    async def goto_section(self, section: str) -> None:
        self.query_one("#sections", ListView).index = list(SECTION_TITLES).index(section)
        await self._switch_to(section)

    ROUTE_ACTIONS = frozenset({"add_route", "edit_route", "delete_route", "try_route"})

    def check_action(self, action: str, parameters) -> bool | None:
        if action in self.ROUTE_ACTIONS:
            switcher = self.query("#editor")
            return bool(switcher) and switcher.first().current == "routes"
        return True

    async def _switch_to(self, section: str) -> None:
        switcher = self.query_one("#editor", ContentSwitcher)
        if not switcher.query_children(f"#{section}"):
            widget = section_class(section)(self.session, id=section)
            widget.display = False
            await switcher.mount(widget)
            if section == "try":
                self.query_one("#try-result").set_class(getattr(self, "narrow", False), "narrow")
        switcher.current = section
        self.refresh_bindings()
        # Trying a request needs the room: its event pane stands in for the preview.
        self.query_one("#main").set_class(section == "try", "trying")
        self._reload_current()

    async def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a route edits it; Enter on a problem goes to its section and the field concerned."""
        if event.data_table.id == "routes-table":
            self.action_edit_route()
            return
        if event.data_table.id != "problems" or event.cursor_row >= len(self.problems):
            return
        path = tuple(self.problems[event.cursor_row].path)
        await self.goto_section(section_of(path))
        for length in range(len(path), 0, -1):
            field = self.FIELD_OF.get(path[:length])
            if field:
                self.query_one(field).focus()
                return
        table = {"routes": "#routes-table", "functions": "#functions-table", "authorizers": "#authorizers-table"}.get(section_of(path))
        if table:
            self.query_one(table).focus()

    async def on_list_view_highlighted(self, event: ListView.Highlighted) -> None:
        if event.item is not None and event.item.id:
            await self._switch_to(event.item.id.removeprefix("nav-"))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"add-route": "add_route", "edit-route": "edit_route", "delete-route": "delete_route", "try-route": "try_route",
                   "save": "save", "fn-save": "save_function", "fn-duplicate": "duplicate_function", "fn-delete": "delete_function",
                   "delete-authorizer": "delete_authorizer"}
        if event.button.id in actions:
            await self.run_action(actions[event.button.id])

    async def action_add_route_anywhere(self) -> None:
        await self.goto_section("routes")
        self.action_add_route()

    def action_save_authorizer(self) -> None:
        if not self.query_one(AuthorizersSection).save_authorizer():
            self.notify("Fix what the form says first", severity="warning")

    def action_save_function(self) -> None:
        if not self.query_one(FunctionsSection).save_function():
            self.notify("Fix the function's name and handler first", severity="warning")

    def action_duplicate_function(self) -> None:
        key = self.query_one(FunctionsSection).selected()
        if key is None:
            return
        new_key = next(f"{key}Copy{i or ''}" for i in range(100) if f"{key}Copy{i or ''}" not in self.session.service.functions)
        self.session.duplicate_function(key, new_key)
        self.refresh_preview()

    def action_delete_function(self) -> None:
        key = self.query_one(FunctionsSection).selected()
        if key is None:
            return
        routes = len(self.session.service.functions[key].events)

        def confirmed(yes: bool) -> None:
            if yes:
                self.session.delete_function(key)
                self.refresh_preview()

        self.push_screen(ConfirmScreen(f"Delete function {key} and its {routes} route(s)?"), confirmed)

    def action_delete_authorizer(self) -> None:
        key = self.query_one(AuthorizersSection).selected()
        if key is None:
            return
        used = self.session.routes_using(key)

        def confirmed(yes: bool) -> None:
            if yes:
                self.session.delete_authorizer(key)
                self.query_one(AuthorizersSection).clear()
                self.refresh_preview()

        question = f"Delete authorizer {key}?" + (f" {len(used)} route(s) become open." if used else "")
        self.push_screen(ConfirmScreen(question), confirmed)

    # ----- actions -------------------------------------------------------------------------------

    def _selected_route(self) -> tuple[str, int] | None:
        """The route under the Routes table's cursor (None before that section was first shown)."""
        sections = self.query(RoutesSection)
        return sections.first().selected() if sections else None

    def action_add_route(self) -> None:
        if not self.session.service.functions:
            self.notify("Add a function first", severity="warning")
            return

        def added(answer) -> None:
            if answer:
                self.session.add_route(**answer)
                self.refresh_preview()

        self.push_screen(RouteScreen(self.session), added)

    def action_edit_route(self) -> None:
        chosen = self._selected_route()
        if chosen is None:
            self.notify("Select a route first", severity="warning")
            return

        def edited(answer) -> None:
            if answer:
                self.session.update_route(*chosen, answer.pop("method"), answer.pop("path"), target=answer.pop("function"), **answer)
                self.refresh_preview()

        self.push_screen(RouteScreen(self.session, editing=chosen), edited)

    def action_delete_route(self) -> None:
        chosen = self._selected_route()
        if chosen is None:
            return
        function, index = chosen
        route = self.session.service.functions[function].events[index].route_key

        def confirmed(yes: bool) -> None:
            if yes:
                self.session.remove_route(function, index)
                self.refresh_preview()

        self.push_screen(ConfirmScreen(f"Delete the route {route} of {function}?"), confirmed)

    async def action_try_route(self) -> None:
        """Open Try a request on a request that the selected route answers."""
        chosen = self._selected_route()
        if chosen is None:
            self.notify("Select a route first", severity="warning")
            return
        function, index = chosen
        route_key = self.session.service.functions[function].events[index].route_key
        if route_key is None:
            self.notify("This route has no method yet: nothing can reach it", severity="warning")
            return
        from ..explaining.route_words import sample_line

        line = sample_line(route_key)
        await self.goto_section("try")
        self.query_one("#try-request", Input).value = line
        self.query_one("#try-request", Input).focus()

    def action_undo(self) -> None:
        if self.session.undo():
            self.refresh_preview()

    def action_redo(self) -> None:
        if self.session.redo():
            self.refresh_preview()

    def action_save(self) -> None:
        if self.web or self.is_web:
            from io import BytesIO

            fields = self.query("#directory")  # the Review section may not be built yet
            try:
                name, data = self.session.archive(fields.first(Input).value.strip() if fields else None)
            except SaveError as exc:
                self.notify(str(exc), severity="error", timeout=8)
                return
            self.deliver_binary(BytesIO(data), save_filename=name, mime_type="application/zip")
            self.session.saved_text = self.session.serverless_yml()
            self.notify(f"Your browser is downloading {name}: unzip it for the project's folder")
            self.refresh_preview()
            return
        directory = self.session.directory
        fields = self.query("#directory")  # the Review section may not be built yet
        if not self.session.editing and fields:
            directory = fields.first(Input).value.strip() or "."
        try:
            written = self.session.save(directory)
        except SaveError as exc:
            for label in self.query("#save-result"):
                label.update(str(exc))
            self.notify(str(exc), severity="error", timeout=8)
            return
        for label in self.query("#save-result"):
            label.update(f"Saved {len(written)} files in {directory}")
        self.notify(f"Saved {len(written)} files in {directory}")
        self.refresh_preview()

    def action_help(self) -> None:
        focused = self.focused
        text = FIELDS.get(focused.id, "") if focused is not None and focused.id else ""
        section = self.query_one("#editor", ContentSwitcher).current or "service"
        self.push_screen(HelpScreen((f"{text}\n\n" if text else "") + SECTIONS[section]))

    async def action_quit(self) -> None:
        if not self.session.dirty:
            self.exit()
            return

        def answer(yes: bool) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmScreen("Quit without saving?"), answer)


def changed_lines(before: str, after: str) -> set[int]:
    """1-based numbers of the lines of ``after`` between the first and last that differ."""
    start, _, end = changed_span(before, after)
    return set(range(start + 1, end + 1))


def run(session, web: bool = False, light: bool = False) -> None:
    WizardApp(session, web=web, light=light).run()


__all__ = ["WizardApp", "run"]
