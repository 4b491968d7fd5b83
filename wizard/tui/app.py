"""The httpapi-wizard app: sections on the left, the form, and the live preview below it.

The preview shows the serverless.yml that saving writes and the CloudFormation it
compiles to, side by side, refreshed after every change; the problems panel lists what
the compiler and the design-time checks say.
"""

from __future__ import annotations

from rich.syntax import Syntax
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, ContentSwitcher, DataTable, Footer, Header, Input, Label, ListItem, ListView, Static

from ..authoring.save import SaveError
from ..compiling.output import to_json
from .help_text import FIELDS, SECTIONS
from .screens import AddRouteScreen, ConfirmScreen, HelpScreen
from .sections import Changed, CorsSection, ReviewSection, RoutesSection, ServiceSection

SECTION_TITLES = {"service": "Service", "routes": "Routes", "cors": "CORS", "review": "Review & save"}


class WizardApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "httpapi-wizard"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save"),
        Binding("ctrl+z", "undo", "Undo", id="undo"),
        Binding("ctrl+y", "redo", "Redo", id="redo"),
        Binding("a", "add_route", "Add route", id="add-route", show=False),
        Binding("d", "delete_route", "Delete route", id="delete-route", show=False),
        Binding("f1", "help", "Help", id="help"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(self, session) -> None:
        super().__init__()
        self.session = session
        self.preview_yaml = ""
        self.preview_cfn = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield ListView(*(ListItem(Label(title), id=f"nav-{key}") for key, title in SECTION_TITLES.items()), id="sections")
            with Vertical(id="main"):
                with ContentSwitcher(initial="service", id="editor"):
                    yield ServiceSection(self.session, id="service")
                    yield RoutesSection(self.session, id="routes")
                    yield CorsSection(self.session, id="cors")
                    yield ReviewSection(self.session, id="review")
                with Horizontal(id="preview"):
                    with VerticalScroll(classes="pane", id="yaml-pane"):
                        yield Static(id="yaml")
                    with VerticalScroll(classes="pane", id="cfn-pane"):
                        yield Static(id="cfn")
        problems = DataTable(id="problems", cursor_type="row")
        problems.add_columns("severity", "code", "where", "message")
        yield problems
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#yaml-pane").border_title = "serverless.yml"
        self.query_one("#cfn-pane").border_title = "CloudFormation (serverless package)"
        self.query_one("#problems").border_title = "Problems"
        self.refresh_preview()

    # ----- keeping the preview live ----------------------------------------------------------

    def on_changed(self, message: Changed) -> None:
        self.refresh_preview()

    def refresh_preview(self) -> None:
        result = self.session.compile()
        # The exact texts shown, kept for the change inspector and tests.
        self.preview_yaml = self.session.serverless_yml()
        self.preview_cfn = to_json(result.template) if result.template is not None else "// no template: see Problems"
        self.query_one("#yaml", Static).update(Syntax(self.preview_yaml, "yaml", line_numbers=True))
        self.query_one("#cfn", Static).update(Syntax(self.preview_cfn, "json", line_numbers=True))
        table = self.query_one("#problems", DataTable)
        table.clear()
        for d in result.diagnostics:
            where = f"{d.line}:{d.column}" if d.line else ""
            table.add_row(d.severity, d.code, where, d.message)
        errors = sum(1 for d in result.diagnostics if d.is_error)
        warnings = len(result.diagnostics) - errors
        table.border_title = f"Problems: {errors} error(s), {warnings} warning(s)"
        routes = sum(len(f.events) for f in self.session.service.functions.values())
        self.query_one("#nav-routes Label", Label).update(f"Routes ({routes})")
        self.query_one("#nav-cors Label", Label).update("CORS (on)" if self.session.service.provider.http_api.cors else "CORS (off)")
        self.sub_title = ("● unsaved" if self.session.dirty else "saved") + f" · {errors} errors"
        self.query_one(RoutesSection).reload()

    # ----- navigation ---------------------------------------------------------------------------

    def on_list_view_highlighted(self, event: ListView.Highlighted) -> None:
        if event.item is not None and event.item.id:
            self.query_one("#editor", ContentSwitcher).current = event.item.id.removeprefix("nav-")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"add-route": self.action_add_route, "delete-route": self.action_delete_route, "save": self.action_save}
        if event.button.id in actions:
            actions[event.button.id]()

    # ----- actions -------------------------------------------------------------------------------

    def action_add_route(self) -> None:
        if not self.session.service.functions:
            self.notify("Add a function first", severity="warning")
            return

        def added(answer) -> None:
            if answer:
                method, path, function = answer
                self.session.add_route(function, method, path)
                self.refresh_preview()

        self.push_screen(AddRouteScreen(self.session), added)

    def action_delete_route(self) -> None:
        chosen = self.query_one(RoutesSection).selected()
        if chosen is None:
            return
        function, index = chosen
        route = self.session.service.functions[function].events[index].route_key

        def confirmed(yes: bool) -> None:
            if yes:
                self.session.remove_route(function, index)
                self.refresh_preview()

        self.push_screen(ConfirmScreen(f"Delete the route {route} of {function}?"), confirmed)

    def action_undo(self) -> None:
        if self.session.undo():
            self.refresh_preview()

    def action_redo(self) -> None:
        if self.session.redo():
            self.refresh_preview()

    def action_save(self) -> None:
        directory = self.query_one("#directory", Input).value.strip() or "."
        label = self.query_one("#save-result", Label)
        try:
            written = self.session.save(directory)
        except SaveError as exc:
            label.update(str(exc))
            self.notify(str(exc), severity="error", timeout=8)
            return
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


def run(session) -> None:
    WizardApp(session).run()


__all__ = ["WizardApp", "run"]
