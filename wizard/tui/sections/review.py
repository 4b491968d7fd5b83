"""Review & save: where saving writes, what it writes, and, editing a file, the diff against the disk."""

from __future__ import annotations

from rich.syntax import Syntax
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Button, Input, Label, Static

from ...authoring.save import WIZARD_FOLDER, SaveError, backup_of, left_out_of_package
from ..guard import on
from ..widgets.fields import FieldRow, TextField
from ..widgets.text import update
from .base import Section


class DiffView(VerticalScroll):
    """The diff against the file on disk; a Tab stop (its border shows it) so ↑ ↓ scroll it."""

    DEFAULT_CSS = """
    DiffView { height: auto; max-height: 30; border: round $panel; }
    DiffView:focus { border: round $accent; }
    """


class ReviewSection(Section):
    KEY = "review"
    TITLE = "Review & save"
    SUMMARY = "**Review & save**: what saving writes, and where. ctrl+s saves from anywhere."
    HELP_NEW = ("**Review & save.** Saving writes the project into the folder: serverless.yml, the CloudFormation "
                f"template it compiles to (in {WIZARD_FOLDER}/, which `serverless package` leaves out of the Lambda "
                "zip), a handler file for each function (never overwriting one you already have), package.json or "
                "requirements.txt, .gitignore and a README. Then run `npx serverless@3 deploy` in that folder.")
    HELP_EDIT = ("**Review & save.** Saving writes serverless.yml in place, changing only the lines of what you changed "
                 "(comments and ${...} variables stay as written), and the CloudFormation template. The previous "
                 f"versions are kept as .bak files in {WIZARD_FOLDER}/: `serverless package` leaves that folder out of "
                 "the Lambda zip (and deletes it when it runs). Nothing else is written.")
    HELP = HELP_NEW
    FIELD_HELP = {
        "directory": "The folder to write the project into (created if missing), relative to where the wizard started.",
        "template-path": "Where the CloudFormation template is saved, relative to the folder: .json as `serverless "
        "package` writes it, or .yml/.yaml for YAML. Under .serverless/ it stays out of the Lambda zip (`serverless "
        "package` deletes that folder when it runs); a path elsewhere, to commit it, is zipped with your code unless "
        "package.patterns leaves it out.",
        "save": "Write the files listed above (ctrl+s from anywhere).",
        "diff": "The changes saving makes to serverless.yml on disk: ↑ ↓ scroll.",
    }
    OWNS = ()

    def form(self):
        yield Static("", id="save-where", classes="summary")
        yield FieldRow("Folder", TextField(id="directory", placeholder="."), id="row-directory")
        yield FieldRow("Template", TextField(id="template-path"), id="row-template-path")
        yield Static("", id="save-plan")
        yield Static("", id="known")
        yield Button("Save (ctrl+s)", id="save", variant="success", compact=True)
        yield Label("", id="save-result")
        with DiffView(id="diff"):
            yield Static("", id="diff-text")

    DEFAULT_CSS = """
    ReviewSection #save-plan, ReviewSection #known { height: auto; margin: 1 0; }
    ReviewSection #known { color: $text-muted; }
    ReviewSection #save-result { margin: 1 0; }
    """

    def prepare(self) -> None:
        self.HELP = self.HELP_EDIT if self.session.editing else self.HELP_NEW
        self.query_one("#row-directory").display = not self.session.editing
        self.query_one("#diff").display = self.session.editing

    def reload(self) -> None:
        session = self.session
        self.query_one("#directory", TextField).show(None if session.editing else session.directory)
        self.query_one("#template-path", TextField).show(session.template_path)
        if session.editing:
            update(self.query_one("#save-where"),
                f"Editing {session.directory}/serverless.yml. Saving writes two files: serverless.yml (only the lines of "
                f"what you changed; the previous one is kept as {backup_of('serverless.yml')}) and the template "
                f"{session.template_path}.")
        else:
            update(self.query_one("#save-where"), "A new project: saving writes it into the folder below.")
        self._show_plan()
        self._show_known()
        if session.editing:
            diff = session.diff()
            update(self.query_one("#diff-text"), Syntax(diff, "diff") if diff else "No changes yet.", key=diff)

    def _show_plan(self) -> None:
        plan = self.query_one("#save-plan", Static)
        if self.app.in_browser:
            self._show_download(plan)
            return
        if self.session.disk_changed():
            update(plan, Text(f"serverless.yml changed on disk since you opened it: saving would overwrite that change, so "
                             f"it is refused. Reopen the file (httpapi-wizard edit {self.session.directory}/serverless.yml) "
                             "to edit what is there now; the diff below shows your changes.", style="bold red"))
            return
        try:
            self.session._check_template_path()
            entries = self.session.save_plan()
        except SaveError as exc:  # a handler that cannot be named in its language, a template path that is no file name
            update(plan, Text(str(exc), style="bold red"))
            return
        text = Text("Saving writes:\n")
        for name, action in entries:
            text.append(f"  {action:14}", style="bold" if action != "create" else "")
            text.append(f"{name}\n")
        template = self.session.template_path.strip()
        if not left_out_of_package(template):
            text.append(f"`serverless package` zips {template} with your functions' code (it leaves out only "
                        f".serverless/ and a few others): add '!{template}' to package.patterns to keep it out.\n",
                        style="yellow")
        earlier = self.session.earlier_saves_zipped()
        if earlier:
            text.append(f"{', '.join(earlier)}: saved beside serverless.yml by an earlier version of the wizard, so "
                        f"`serverless package` zips them with your code; saving now keeps them in {WIZARD_FOLDER}/ "
                        "and leaves these as they are: delete them.\n", style="yellow")
        update(plan, text)

    def _show_download(self, plan: Static) -> None:
        # In a browser nothing is written on the server: the files go into one zip.
        try:
            files = self.session.files()
        except SaveError as exc:
            update(plan, Text(str(exc), style="bold red"))
            return
        folder = self.session.archive_folder()
        text = Text(f"Saving downloads {folder}.zip; unzipped, it is the folder {folder}/ with:\n")
        for name, _ in files:
            text.append(f"  {name}\n")
        update(plan, text)

    def _show_known(self) -> None:
        """What the starting point itself draws (the user did not cause it): said here, not raised as a problem."""
        known = self.session.known(self.session.compile().diagnostics)
        box = self.query_one("#known", Static)
        box.display = bool(known)
        if known:
            update(box, "Also said by `httpapi-wizard validate` and by Serverless at deploy, because of the starting "
                       "example (expected, nothing to fix):\n" + "\n".join(f"  {d.severity} {d.code}: {d.message}" for d in known))

    def say(self, text: str, error: bool = False) -> None:
        """The last save's outcome."""
        label = self.query_one("#save-result", Label)
        update(label, Text(text, style="bold red" if error else "bold"))

    @on(Input.Changed, "#directory")
    def _directory(self, event: Input.Changed) -> None:
        typed = event.input.value.strip()
        if not self.session.editing and typed != self.session.directory:
            self.session.set_target(directory=typed)  # empty: the current folder, kept empty while typing

    @on(Input.Changed, "#template-path")
    def _template(self, event: Input.Changed) -> None:
        typed = event.input.value.strip()
        if typed != self.session.template_path:
            self.session.set_target(template_path=typed)

    @on(Button.Pressed, "#save")
    async def _save(self) -> None:
        await self.app.run_action("save")
