"""The wizard's sections. Each reads the session and changes it only through its methods."""

from __future__ import annotations

import datetime
import re

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, DataTable, Input, Label, RadioButton, RadioSet, Select, Static

from ..checking.data.runtimes import RUNTIMES
from .help_text import FIELDS, SECTIONS


class Changed(Message):
    """The session changed: the app recompiles and refreshes the preview."""


def _hint(text: str) -> Static:
    """Help text, with its **bold** and `code` marks shown as such."""
    markup = re.sub(r"\*\*(.+?)\*\*", r"[bold]\1[/bold]", text.replace("[", "\\["))
    markup = re.sub(r"`(.+?)`", r"[italic]\1[/italic]", markup)
    return Static(Text.from_markup(markup), classes="hint")


def current_runtimes() -> list[str]:
    """The runtimes Lambda still accepts for new functions today."""
    today = datetime.date.today().isoformat()
    return sorted(r for r, (_, blocked, _) in RUNTIMES.items() if blocked > today)


def refill(table: DataTable, rows: list[tuple[tuple, str]], select: str | None = None) -> None:
    """Show ``rows`` ((cells, key) pairs) in ``table``, the cursor on ``select`` or on the row it was on.

    Unchanged rows are left alone: this runs after every change, and a 200-route table
    rebuilt per keystroke would cost more than the change itself.
    """
    keys = [key for _, key in rows]
    if getattr(table, "shown_rows", None) == rows:
        if select in keys and table.cursor_row != keys.index(select):
            table.move_cursor(row=keys.index(select))
        return
    row = table.cursor_row
    old_keys = [key for _, key in getattr(table, "shown_rows", [])]
    select = select if select in keys else (old_keys[row] if 0 <= row < len(old_keys) else None)
    table.clear()
    for cells, key in rows:
        table.add_row(*cells, key=key)
    table.shown_rows = rows
    if rows:
        table.move_cursor(row=keys.index(select) if select in keys else min(row, len(rows) - 1))


def _field(label: str, widget) -> Horizontal:
    return Horizontal(Label(label), widget, classes="field")


class ServiceSection(VerticalScroll):
    HELP = SECTIONS["service"]

    def __init__(self, session, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session

    def compose(self) -> ComposeResult:
        s = self.session.service
        p = s.provider
        runtimes = current_runtimes()
        current = p.runtime if p.runtime in runtimes else None
        yield _hint(SECTIONS["service"])
        yield _field("Service", Input(s.service, id="service-name", tooltip=FIELDS["service-name"]))
        options = [(r, r) for r in runtimes]
        if p.runtime and p.runtime not in runtimes:
            options.insert(0, (f"{p.runtime} (retired)", p.runtime))
            current = p.runtime
        yield _field("Runtime", Select(options, value=current or Select.NULL, id="runtime", tooltip=FIELDS["runtime"]))
        yield _field("Region", Input(p.region or "", placeholder="us-east-1", id="region", tooltip=FIELDS["region"]))
        yield _field("Stage", Input(p.stage or "", placeholder="dev", id="stage", tooltip=FIELDS["stage"]))
        yield _field("Memory (MB)", Input(str(p.memory_size or ""), placeholder="1024", id="memory", type="integer",
                                          tooltip=FIELDS["memory"]))
        yield _field("Timeout (s)", Input(str(p.timeout or ""), placeholder="6", id="timeout", type="integer",
                                          tooltip=FIELDS["timeout"]))

    def on_input_changed(self, event: Input.Changed) -> None:
        field = {"service-name": "name", "region": "region", "stage": "stage", "memory": "memory_size", "timeout": "timeout"}.get(event.input.id)
        if field is None:
            return
        value = event.value.strip()
        if field in ("memory_size", "timeout"):
            value = int(value) if value.isdigit() else None
        elif field != "name":
            value = value or None
        self.session.set_service(field, value)
        self.post_message(Changed())

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "runtime" and event.value is not Select.NULL:
            self.session.set_service("runtime", event.value)
            self.post_message(Changed())


class RoutesSection(VerticalScroll):
    HELP = SECTIONS["routes"]

    def __init__(self, session, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session

    def compose(self) -> ComposeResult:
        yield _hint(SECTIONS["routes"])
        table = DataTable(id="routes-table", cursor_type="row")
        table.add_columns("route", "function", "authorizer", "scopes")
        yield table
        with Horizontal():
            yield Button("Add route (a)", id="add-route", variant="primary")
            yield Button("Edit (e)", id="edit-route")
            yield Button("Delete route (d)", id="delete-route", variant="error")
            yield Button("Try it (t)", id="try-route")

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        rows = []
        for key, fn in self.session.service.functions.items():
            for index, event in enumerate(fn.events):
                auth = event.authorizer
                who = "open" if auth is None else ("IAM" if auth.type == "aws_iam" else (auth.name or "(by id)"))
                scopes = ", ".join(auth.scopes or []) if auth is not None else ""
                rows.append(((event.route_key or "?", key, who, scopes), f"{key}\t{index}"))
        refill(self.query_one("#routes-table", DataTable), rows)

    def selected(self) -> tuple[str, int] | None:
        table = self.query_one("#routes-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        function, _, index = key.partition("\t")
        return function, int(index)


class CorsSection(VerticalScroll):
    HELP = SECTIONS["cors"]

    def __init__(self, session, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session

    def compose(self) -> ComposeResult:
        cors = self.session.service.provider.http_api.cors
        mode = "off" if cors is None else ("default" if cors.is_default else "custom")
        yield _hint(SECTIONS["cors"])
        with RadioSet(id="cors-mode"):
            yield RadioButton("Off", value=mode == "off", id="cors-off")
            yield RadioButton("Default (any origin)", value=mode == "default", id="cors-default")
            yield RadioButton("Custom origins", value=mode == "custom", id="cors-custom")
        origins = ", ".join(cors.allowed_origins or []) if cors is not None and not cors.is_default else ""
        yield _field("Origins", Input(origins, placeholder="https://app.example.com", id="cors-origins", tooltip=FIELDS["cors-origins"]))
        yield Checkbox("Allow credentials (cookies)", value=bool(cors and cors.allow_credentials), id="cors-credentials")
        yield Button("Apply CORS", id="apply-cors", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "apply-cors":
            return
        pressed = self.query_one("#cors-mode", RadioSet).pressed_button
        mode = {"cors-off": "off", "cors-default": "default"}.get(pressed.id if pressed else "", "custom")
        origins = [o.strip() for o in self.query_one("#cors-origins", Input).value.split(",") if o.strip()]
        self.session.set_cors(mode, origins, self.query_one("#cors-credentials", Checkbox).value)
        self.post_message(Changed())


class ReviewSection(VerticalScroll):
    HELP = SECTIONS["review"]

    def __init__(self, session, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session

    def compose(self) -> ComposeResult:
        yield _hint(SECTIONS["review"])
        if self.session.editing:
            yield Static(f"Editing {self.session.directory}/serverless.yml: saving changes only the lines below "
                         "(the previous file is kept as serverless.yml.bak).", classes="hint")
        else:
            yield _field("Folder", Input(self.session.directory, id="directory", tooltip=FIELDS["directory"]))
        yield Button("Save (ctrl+s)", id="save", variant="success")
        yield Label("", id="save-result")
        yield Static("", id="diff")

    def reload(self) -> None:
        if self.session.editing:
            from rich.syntax import Syntax

            diff = self.session.diff()
            self.query_one("#diff", Static).update(Syntax(diff, "diff") if diff else "No changes yet.")
