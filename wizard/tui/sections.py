"""The wizard's sections. Each reads the session and changes it only through its methods."""

from __future__ import annotations

import datetime
import re

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, DataTable, Input, Label, RadioButton, RadioSet, Select, Static, TextArea

from ..authoring.pairs import format_environment, parse_tags
from ..authoring.save import SaveError
from ..checking.data.runtimes import RUNTIMES
from .help_text import FIELDS, SECTIONS
from .legacy_session import LegacySession


def changed(widget) -> None:
    """The session changed: refresh the preview now, not through a message, so that the
    frame that shows the keystroke also shows its effect (a message costs a frame)."""
    widget.app.refresh_preview()


def _hint(text: str) -> Static:
    """Help text, with its **bold** and `code` marks shown as such."""
    markup = re.sub(r"\*\*(.+?)\*\*", r"[bold]\1[/bold]", text.replace("[", "\\["))
    markup = re.sub(r"`(.+?)`", r"[italic]\1[/italic]", markup)
    # Textual's own markup: a Rich Text here loses the space after each styled word when wrapped.
    return Static(markup, classes="hint", markup=True)


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


def tags_area(widget_id: str, tags) -> TextArea:
    """Tags as ``Key=value`` lines; read-only when they hold values lines cannot carry (!Ref, numbers...)."""
    editable = tags is None or (isinstance(tags, dict) and all(isinstance(v, str) for v in tags.values()))
    area = TextArea(format_environment(tags) if isinstance(tags, dict) else str(tags or ""), id=widget_id,
                    soft_wrap=False, read_only=not editable, tooltip=FIELDS["tags"], classes="pairs")
    area.border_title = "Tags, one Key=value per line"
    area.border_subtitle = "" if editable else "holds CloudFormation values: edit them in serverless.yml"
    return area


def external_note(what: str) -> Static:
    """A note that stands in for a section's form when the routes go to an HTTP API made elsewhere."""
    note = Static("", classes="external-note")
    note.what = what
    return note


def show_external(section, session, apply_button: str) -> None:
    """Show the section's external-API note (and block its apply button) when ``provider.httpApi.id`` is set."""
    api_id = session.service.provider.http_api.id
    note = section.query_one(".external-note", Static)
    note.display = bool(api_id)
    section.query_one(apply_button, Button).disabled = bool(api_id)
    if api_id:
        note.update(f"The routes go to the HTTP API {api_id}, which another stack owns: its {note.what} are set "
                    "where it is defined, and Serverless refuses them here. To set them here, clear the external "
                    "API id under Advanced.")


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
        yield tags_area("service-tags", p.tags)
        yield Label("", id="service-tags-problems", classes="hint")

    def on_input_changed(self, event: Input.Changed) -> None:
        field = {"service-name": "name", "region": "region", "stage": "stage", "memory": "memory_size", "timeout": "timeout"}.get(event.input.id)
        if field is None:
            return
        value = event.value.strip()
        if field in ("memory_size", "timeout"):
            value = int(value) if value.isdigit() else None
        elif field != "name":
            value = value or None
        current = self.session.service.service if field == "name" else getattr(self.session.service.provider, field)
        if value == current:  # fields report their first value on mounting: not a change to undo
            return
        self.session.set_service(field, value)
        changed(self)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id != "service-tags" or event.text_area.read_only:
            return
        tags, problems = parse_tags(event.text_area.text)
        label = self.query_one("#service-tags-problems", Label)
        label.update("\n".join(problems))
        label.set_class(bool(problems), "error")
        current = self.session.service.provider.tags
        if not problems and (tags or None) != current and event.text_area.text != format_environment(current):
            self.session.set_service("tags", tags or None)
            changed(self)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "runtime" and event.value not in (Select.NULL, self.session.service.provider.runtime):
            self.session.set_service("runtime", event.value)
            changed(self)


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
    """Off, default or custom CORS; shows the headers API Gateway will answer with."""

    HELP = SECTIONS["cors"]

    def __init__(self, session, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session

    def compose(self) -> ComposeResult:
        cors = self.session.service.provider.http_api.cors
        mode = "off" if cors is None else ("default" if cors.is_default else "custom")
        custom = cors if cors is not None and not cors.is_default else None

        def listed(attribute: str) -> str:
            values = getattr(custom, attribute) if custom is not None else None
            return ", ".join(str(v) for v in values) if isinstance(values, list) else ""

        yield _hint(SECTIONS["cors"])
        yield external_note("CORS rules")
        with RadioSet(id="cors-mode"):
            yield RadioButton("Off: browsers on other sites cannot call the API", value=mode == "off", id="cors-off")
            yield RadioButton("Default (cors: true): any origin, common headers", value=mode == "default", id="cors-default")
            yield RadioButton("Custom: say exactly who and what", value=mode == "custom", id="cors-custom")
        with Vertical(id="cors-fields"):
            yield _field("Origins", Input(listed("allowed_origins"), placeholder="https://app.example.com  (empty: *)",
                                          id="cors-origins", tooltip=FIELDS["cors-origins"]))
            yield _field("Headers", Input(listed("allowed_headers"), placeholder="(empty: the default list below)",
                                          id="cors-headers", tooltip=FIELDS["cors-headers"]))
            yield _field("Methods", Input(listed("allowed_methods"), placeholder="(empty: OPTIONS + your routes' methods)",
                                          id="cors-methods", tooltip=FIELDS["cors-methods"]))
            yield _field("Exposed", Input(listed("exposed_response_headers"), placeholder="(none)", id="cors-exposed",
                                          tooltip=FIELDS["cors-exposed"]))
            yield _field("Max age (s)", Input("" if custom is None or custom.max_age is None else str(custom.max_age),
                                              type="integer", placeholder="(browser's default)", id="cors-max-age",
                                              tooltip=FIELDS["cors-max-age"]))
            yield Checkbox("Allow credentials (cookies, Authorization)", value=bool(custom and custom.allow_credentials),
                           id="cors-credentials", tooltip=FIELDS["cors-credentials"])
        yield Label("", id="cors-problems", classes="hint")
        yield Button("Apply CORS", id="apply-cors", variant="primary")
        yield Static("", id="cors-effect")

    def on_mount(self) -> None:
        self._show_fields()
        self.reload()

    def mode(self) -> str:
        pressed = self.query_one("#cors-mode", RadioSet).pressed_button
        return {"cors-off": "off", "cors-default": "default"}.get(pressed.id if pressed else "", "custom")

    def cors(self):
        """The CORS settings the form describes."""
        def listed(field: str) -> list[str]:
            return [part.strip() for part in self.query_one(field, Input).value.split(",") if part.strip()]

        age = self.query_one("#cors-max-age", Input).value.strip()
        return LegacySession.make_cors(self.mode(), listed("#cors-origins"), self.query_one("#cors-credentials", Checkbox).value,
                                      headers=listed("#cors-headers"), methods=listed("#cors-methods"),
                                      exposed_headers=listed("#cors-exposed"),
                                      max_age=int(age) if age.lstrip("-").isdigit() else None)

    def _show_fields(self) -> None:
        self.query_one("#cors-fields").display = self.mode() == "custom"

    def _show_problems(self) -> list[str]:
        problems = LegacySession.cors_problems(self.session, self.cors())
        label = self.query_one("#cors-problems", Label)
        label.update("\n".join(problems))
        label.set_class(bool(problems), "error")
        return problems

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self._show_fields()
        self._show_problems()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id and event.input.id.startswith("cors-"):
            self._show_problems()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._show_problems()

    def reload(self) -> None:
        """What a browser gets back from the API as it is now, header by header."""
        show_external(self, self.session, "#apply-cors")
        http_api = self.session.compile().http_api
        effect = self.query_one("#cors-effect", Static)
        cors = http_api.cors if http_api is not None else None
        if cors is None:
            effect.update(Text("Now: no CORS headers. A browser refuses a page on another origin the answers of this API "
                               "(calls from servers, curl or mobile apps are not affected).", style="italic"))
            return
        rows = [
            ("Access-Control-Allow-Origin", ", ".join(map(str, cors.allowed_origins))),
            ("Access-Control-Allow-Headers", ", ".join(map(str, cors.allowed_headers))),
            ("Access-Control-Allow-Methods", ", ".join(map(str, cors.allowed_methods))),
            ("Access-Control-Allow-Credentials", "true" if cors.allow_credentials else "(not sent)"),
            ("Access-Control-Expose-Headers", ", ".join(map(str, cors.exposed_response_headers or [])) or "(not sent)"),
            ("Access-Control-Max-Age", "(not sent)" if cors.max_age is None else str(cors.max_age)),
        ]
        text = Text("Now, API Gateway answers browsers with:\n", style="bold")
        for name, value in rows:
            text.append(f"{name}: ", style="bold")
            text.append(f"{value}\n")
        effect.update(text)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "apply-cors":
            return
        if self._show_problems():
            self.app.notify("Fix what the CORS form says first", severity="warning")
            return
        self.session.replace_cors(self.cors())
        changed(self)


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
        yield _field("Template", Input(self.session.template_path, id="template-path", tooltip=FIELDS["template-path"]))
        yield Static("", id="save-plan", classes="hint")
        yield Button("Save (ctrl+s)", id="save", variant="success")
        yield Label("", id="save-result")
        yield Static("", id="diff")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "template-path":
            self.session.template_path = event.value.strip()
        if event.input.id in ("template-path", "directory"):
            self._show_plan()

    def _show_plan(self) -> None:
        typed = None if self.session.editing else self.query_one("#directory", Input).value.strip()
        if getattr(self.app, "web", False) or self.app.is_web:
            self._show_download(typed or None)  # an empty field: the session's folder, as saving does
            return
        directory = None if typed is None else typed or "."
        try:
            plan = self.session.save_plan(directory)
        except SaveError as exc:  # a handler that cannot be named in its language, say
            self._show_refusal(exc)
            return
        text = Text("Saving writes:\n")
        for name, action in plan:
            text.append(f"  {action:14}", style="bold" if action != "create" else "")
            text.append(f"{name}\n")
        self.query_one("#save-plan", Static).update(text)

    def _show_refusal(self, exc: SaveError) -> None:
        self.query_one("#save-plan", Static).update(Text(str(exc), style="bold red"))

    def _show_download(self, directory: str | None) -> None:
        # In a browser nothing is written on the server: the files go into one zip.
        try:
            files = self.session.files()
        except SaveError as exc:
            self._show_refusal(exc)
            return
        folder = self.session.archive_folder(directory)
        text = Text(f"Saving downloads {folder}.zip; unzipped, it is the folder {folder}/ with:\n")
        for name, _ in files:
            text.append(f"  {name}\n")
        self.query_one("#save-plan", Static).update(text)

    def reload(self) -> None:
        self._show_plan()
        if self.session.editing:
            from rich.syntax import Syntax

            diff = self.session.diff()
            self.query_one("#diff", Static).update(Syntax(diff, "diff") if diff else "No changes yet.")
