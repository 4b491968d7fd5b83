"""Routes: every route of every function, added and edited through the route dialog."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.widgets import Button, DataTable

from ...explaining.route_words import sample_line
from ..guard import guarded_call, on
from ..screens.route import RouteScreen
from ..widgets.tables import EntryTable
from .base import Section, entry_bindings


class RoutesSection(Section):
    KEY = "routes"
    TITLE = "Routes"
    SUMMARY = "**Routes**: which function answers which request. F1 explains paths and methods."
    HELP = RouteScreen.HELP
    FIELD_HELP = {
        "routes-table": "Every route: its key, its function, who may call it and the scopes a token needs. ↑ ↓ "
        "selects; Enter or e edits the route, a adds one, d deletes it, t tries a request on it.",
        "add-route": "Add a route: method, path, function, authorizer (a).",
        "edit-route": "Change the selected route in place (e, or Enter on the table).",
        "delete-route": "Delete the selected route, after asking (d).",
        "try-route": "Open Try a request on a request the selected route answers (t).",
    }
    BINDINGS = entry_bindings(
        ("a", "add_route", "Add", "Add a route"),
        ("e", "edit_route", "Edit", "Edit the selected route"),
        ("d", "delete_route", "Delete", "Delete the selected route"),
        ("t", "try_route", "Try it", "Try a request on the selected route"),
    )

    @classmethod
    def owns(cls, path: tuple) -> bool:
        return len(path) > 2 and path[0] == "functions" and path[2] == "events"

    def form(self):
        yield EntryTable("route", "function", "authorizer", "scopes", id="routes-table")
        with Horizontal(classes="buttons"):
            yield Button("Add (a)", id="add-route", variant="primary", compact=True)
            yield Button("Edit (e)", id="edit-route", compact=True)
            yield Button("Delete (d)", id="delete-route", variant="error", compact=True)
            yield Button("Try it (t)", id="try-route", compact=True)

    DEFAULT_CSS = """
    RoutesSection #routes-table { max-height: 100%; }
    """

    def reload(self) -> None:
        rows = []
        for key, fn in self.session.service.functions.items():
            for index, event in enumerate(fn.events):
                auth = event.authorizer
                who = "open" if auth is None else ("IAM" if auth.type == "aws_iam" else (auth.name or f"id {auth.id}"))
                scopes = ", ".join(map(str, auth.scopes or [])) if auth is not None else ""
                rows.append(((event.route_key or "?", key, who, scopes), f"{key}\t{index}"))
        self.query_one("#routes-table", EntryTable).refill(rows)
        for button in ("#edit-route", "#delete-route", "#try-route"):
            self.query_one(button, Button).disabled = not rows

    def selected(self) -> tuple[str, int] | None:
        key = self.query_one("#routes-table", EntryTable).selected_key
        if key is None:
            return None
        function, _, index = key.partition("\t")
        return function, int(index)

    def select_for(self, path: tuple) -> None:
        if len(path) > 3:
            self.query_one("#routes-table", EntryTable).select(f"{path[1]}\t{path[3]}")

    def first_focus(self):
        return self.query_one("#routes-table")

    @on(DataTable.RowSelected, "#routes-table")
    def _enter(self) -> None:
        self.action_edit_route()

    @on(Button.Pressed, "#add-route")
    def action_add_route(self) -> None:
        if not self.session.service.functions:
            self.app.notify("Add a function first (Functions, n): a route calls one", severity="warning")
            return

        def added(answer) -> None:
            if answer is not None:
                self.session.add_route(answer.function, answer.method, answer.path, **answer.route())
                events = self.session.service.functions[answer.function].events
                self.query_one("#routes-table", EntryTable).select(f"{answer.function}\t{len(events) - 1}")

        self.app.push_screen(RouteScreen(self.session), guarded_call(self, added))

    @on(Button.Pressed, "#edit-route")
    def action_edit_route(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return

        def edited(answer) -> None:
            if answer is not None:
                self.session.update_route(*chosen, answer.method, answer.path, target=answer.function, **answer.route())

        self.app.push_screen(RouteScreen(self.session, editing=chosen), guarded_call(self, edited))

    @on(Button.Pressed, "#delete-route")
    def action_delete_route(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        function, index = chosen
        route = self.session.service.functions[function].events[index].route_key or "?"

        self.ask_delete(f"Delete the route {route} of {function}?", lambda: self.session.remove_route(function, index))

    @on(Button.Pressed, "#try-route")
    async def action_try_route(self) -> None:
        """Open Try a request on a request that the selected route answers."""
        chosen = self.selected()
        if chosen is None:
            return
        route_key = self.session.service.functions[chosen[0]].events[chosen[1]].route_key
        if route_key is None:
            self.app.notify("This route has no method yet: nothing can reach it", severity="warning")
            return
        await self.app.try_request(sample_line(route_key))

    def action_state(self, action: str) -> bool | None:
        if action in ("edit_route", "delete_route", "try_route") and self.selected() is None:
            return None
        return True
