"""Functions: the table of functions, and the form of the one under the cursor (changed as you type)."""

from __future__ import annotations

from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Input, Label, Select, TextArea

from ...model.service import Function
from ..guard import guarded_call, on
from ..screens.names import NewFunctionScreen
from ..widgets.fields import ChoiceField, FieldRow, IntField, PairsField, TextField
from ..widgets.tables import EntryTable
from ..widgets.text import update
from .base import Findings, Section, entry_bindings
from .service import current_runtimes


class FunctionsSection(Section):
    KEY = "functions"
    TITLE = "Functions"
    SUMMARY = "**Functions**: your code that answers requests. The form below changes the selected one as you type."
    HELP = ("**Functions.** Each function is code of yours that answers requests. Its handler tells Lambda where "
            "that code is, in the form of its runtime: `src/users.get` is the export `get` of `src/users.js` (or "
            "`.py`, `.rb`); Java takes `package.Class::method`, .NET `Assembly::Namespace.Class::Method`, Go and "
            "other OS-only runtimes the executable (`bootstrap`). Memory, timeout and runtime here override the "
            "service's. Routes are added under Routes; a function's name is its key in serverless.yml.")
    FIELD_HELP = {
        "functions-table": "The functions of the service; ↑ ↓ selects one and the form below shows it. n adds one, "
        "r renames the selected one, c duplicates it (its settings as written, without its routes or other "
        "events), d deletes it with its routes.",
        "fn-handler": "Where Lambda finds the code, in the runtime's form: file.export for Node.js, Python and Ruby "
        "(src/users.get), package.Class::method for Java (example.Handler::handleRequest), "
        "Assembly::Namespace.Class::Method for .NET, an executable for Go and provided.* (bootstrap, bin/hello).",
        "fn-runtime": "Leave at the service's runtime unless this one function is written in another language or version.",
        "fn-memory": "Memory in MB for this function (128 to 10240); more memory also means more CPU. Empty: the service's.",
        "fn-timeout": "Seconds this function may run (1 to 900); behind an HTTP API keep it at 28 or less. Empty: the service's.",
        "fn-description": "A note for people reading the AWS console; it does not change what the function does.",
        "fn-environment": "Settings your code reads at run time (process.env.NAME in Node.js, os.environ['NAME'] in "
        "Python), one KEY=value per line. Never put secrets here in plain text: they show in the console.",
        "fn-tags": "Labels for this function's resources, one Key=value per line, added to the service's tags.",
        "fn-new": "Add a function: its name and handler (n).",
        "fn-rename": "Give the selected function another name; its routes go with it (r).",
        "fn-duplicate": "Copy the selected function's settings into a new one, as they are written in the file "
        "(variables kept), without its routes or other events (c).",
        "fn-delete": "Delete the selected function and its routes, after asking (d).",
    }
    OWNS = (("functions",),)
    BINDINGS = entry_bindings(
        ("n", "new_function", "New", "Add a function"),
        ("r", "rename_function", "Rename", "Rename the selected function"),
        ("c", "duplicate_function", "Duplicate", "Copy the selected function without its routes"),
        ("d", "delete_function", "Delete", "Delete the selected function and its routes"),
    )

    def __init__(self, session, **kwargs) -> None:
        super().__init__(session, **kwargs)
        self.selected: str | None = None  # the function the form shows (which entry is viewed, not model state)

    def form(self):
        yield EntryTable("function", "handler", "runtime", "memory", "timeout", "routes", id="functions-table")
        with Horizontal(classes="buttons"):
            yield Button("New (n)", id="fn-new", variant="primary", compact=True)
            yield Button("Rename (r)", id="fn-rename", compact=True)
            yield Button("Duplicate (c)", id="fn-duplicate", compact=True)
            yield Button("Delete (d)", id="fn-delete", variant="error", compact=True)
        yield Label("No functions yet: New (n) adds one.", id="fn-empty", classes="entry-title")
        with Vertical(id="fn-form"):
            yield Label("", id="fn-title", classes="entry-title")
            yield Findings(id="fn-findings")
            yield FieldRow("Handler", TextField(id="fn-handler", placeholder="src/users.get"), id="row-fn-handler")
            yield FieldRow("Runtime", ChoiceField([(r, r) for r in current_runtimes()], prompt="(the service's)", id="fn-runtime"),
                           id="row-fn-runtime")
            yield FieldRow("Memory (MB)", IntField(id="fn-memory", placeholder="(the service's)"), id="row-fn-memory")
            yield FieldRow("Timeout (s)", IntField(id="fn-timeout", placeholder="(the service's)"), id="row-fn-timeout")
            yield FieldRow("Description", TextField(id="fn-description", placeholder="(none)"), id="row-fn-description")
            yield FieldRow("Environment", PairsField(kind="environment", id="fn-environment", placeholder="TABLE=users"),
                           id="row-fn-environment")
            yield FieldRow("Tags", PairsField(kind="tags", id="fn-tags", placeholder="owner=ana"), id="row-fn-tags")

    DEFAULT_CSS = """
    FunctionsSection #fn-findings { margin-bottom: 1; }
    """

    def entry_key(self) -> str | None:
        return self.selected

    def reload(self) -> None:
        functions = self.session.service.functions
        table = self.query_one("#functions-table", EntryTable)
        table.refill([((key, str(fn.handler or ""), str(fn.runtime or ""), str(fn.memory_size or ""), str(fn.timeout or ""),
                        str(len(fn.events))), key) for key, fn in functions.items()], self.selected)
        if self.selected not in functions:
            self.selected = table.selected_key
        fn = functions.get(self.selected) if self.selected else None
        self.query_one("#fn-form").display = fn is not None
        self.query_one("#fn-empty").display = fn is None
        for button in ("#fn-rename", "#fn-duplicate", "#fn-delete"):
            self.query_one(button, Button).disabled = fn is None
        if fn is None:
            return
        where = ("functions", fn.key)
        update(self.query_one("#fn-title"), f"Function {fn.key}")
        self.query_one("#fn-findings", Findings).path = where
        for selector, attribute in (
            ("#fn-handler", "handler"), ("#fn-runtime", "runtime"), ("#fn-memory", "memory_size"),
            ("#fn-timeout", "timeout"), ("#fn-description", "description"),
            ("#fn-environment", "environment"), ("#fn-tags", "tags"),
        ):
            field = self.query_one(selector)
            field.path = where + (Function.yaml_key(attribute),)
            field.show(getattr(fn, attribute))

    def select_for(self, path: tuple) -> None:
        if len(path) > 1 and path[0] == "functions" and path[1] in self.session.service.functions:
            self.selected = path[1]

    @on(DataTable.RowHighlighted, "#functions-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key is not None else None
        # Refilling the table moves its cursor on the way: only where it rests now is a choice.
        if key != event.data_table.selected_key:
            return
        if key is not None and key != self.selected:
            self.selected = key
            self.session.seal()
            self.refresh_from_model()

    def _update(self, setting: str):
        key = self.selected
        return lambda value, group: self.session.update_function(key, group, **{setting: value})

    def _current(self, setting: str):
        fn = self.session.service.functions.get(self.selected)
        return getattr(fn, setting) if fn is not None else None

    @on(Input.Changed, "#fn-handler")
    def _handler(self, event: Input.Changed) -> None:
        self.commit(event.input, self._current("handler"), self._update("handler"))

    @on(Select.Changed, "#fn-runtime")
    def _runtime(self, event: Select.Changed) -> None:
        self.commit(event.select, self._current("runtime"), self._update("runtime"))

    @on(Input.Changed, "#fn-memory")
    def _memory(self, event: Input.Changed) -> None:
        self.commit(event.input, self._current("memory_size"), self._update("memory_size"))

    @on(Input.Changed, "#fn-timeout")
    def _timeout(self, event: Input.Changed) -> None:
        self.commit(event.input, self._current("timeout"), self._update("timeout"))

    @on(Input.Changed, "#fn-description")
    def _description(self, event: Input.Changed) -> None:
        self.commit(event.input, self._current("description"), self._update("description"))

    @on(TextArea.Changed, "#fn-environment")
    def _environment(self, event: TextArea.Changed) -> None:
        self.commit(event.text_area, self._current("environment"), self._update("environment"))

    @on(TextArea.Changed, "#fn-tags")
    def _tags(self, event: TextArea.Changed) -> None:
        self.commit(event.text_area, self._current("tags"), self._update("tags"))

    # ----- entries ------------------------------------------------------------------------------

    @on(Button.Pressed, "#fn-new")
    def action_new_function(self) -> None:
        def added(answer) -> None:
            if answer is None:
                return
            self.session.add_function(answer.name, answer.handler)
            self.selected = answer.name  # the keyboard stays where it was: n adds another, Tab goes into its form
            self.refresh_from_model()

        self.app.push_screen(NewFunctionScreen(self.session), guarded_call(self, added))

    @on(Button.Pressed, "#fn-rename")
    def action_rename_function(self) -> None:
        key = self.selected
        if key is None:
            return
        self.ask_rename("function", key, lambda name: self.session.probe_function(name, renaming=key),
                        self.session.rename_function, self.FIELD_HELP["fn-rename"])

    @on(Button.Pressed, "#fn-duplicate")
    def action_duplicate_function(self) -> None:
        if self.selected is None:
            return
        self.selected = self.session.duplicate_function(self.selected)
        self.refresh_from_model()
        self.app.notify(f"Duplicated as {self.selected}, without routes (the same routes twice would clash): "
                        "r renames it, Routes adds its routes")

    @on(Button.Pressed, "#fn-delete")
    def action_delete_function(self) -> None:
        key = self.selected
        if key is None:
            return
        routes = self.session.routes_of(key)
        question = f"Delete the function {key}" + (f" and its {len(routes)} route(s) ({', '.join(routes)})?" if routes else "?")
        self.ask_delete(question, lambda: self.session.delete_function(key))

    def action_state(self, action: str) -> bool | None:
        if action in ("rename_function", "duplicate_function", "delete_function") and self.selected is None:
            return None  # greyed out: there is no function to act on
        return True
