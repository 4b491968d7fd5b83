"""The session's files: opening a project, and what saving writes, where, and how.

A new project saves as a folder (serverless.yml, its CloudFormation template, a handler
per function and the rest, see scaffold.py); an opened serverless.yml saves in place
with only what changed, beside its template. In a browser the same files go into one zip.
"""

from __future__ import annotations

import copy
import os

from ...api import compile_file, compile_text
from ..opened_file import read_for_edit
from ..save import DEFAULT_TEMPLATE, EARLIER_LOCATIONS, SaveError, file_digest, recover, save_service
from ..scaffold import new_project, plan_project
from .state import SAVED, TARGET, Change

# DEFAULT_TEMPLATE: where saving writes the CloudFormation template, relative to the project
# folder (under .serverless/, which `serverless package` never zips); .yml/.yaml writes YAML.


class ProjectFiles:
    """Mixed into Session."""

    template_path = DEFAULT_TEMPLATE

    @classmethod
    def from_file(cls, path: str):
        """Edit an existing serverless.yml: saving changes only the entries that changed."""
        recover(os.path.dirname(os.path.abspath(path)))  # finish (or undo) a save that was cut short first
        opened = read_for_edit(path)  # an OpenError (a SaveError) says where and why a file cannot be edited
        text = opened.text
        try:
            result = compile_text(text, path, env=dict(os.environ), lenient=True)
        except Exception as exc:  # noqa: BLE001 - a file the compiler cannot take is refused, never a crash
            raise SaveError(f"{path}: cannot be read as a service ({type(exc).__name__}: {exc})") from None
        if result.service is None:
            raise SaveError("\n".join(d.format() for d in result.errors) or f"{path}: cannot be read as a service")
        session = cls(result.service, os.path.dirname(os.path.abspath(path)))
        session.original_text = session.saved_text = text
        session.original_digest, session.opened = opened.digest, opened
        session._base = copy.deepcopy(result.service)
        return session

    @classmethod
    def from_example(cls, name: str, directory: str = ".", confined: bool = False):
        """A new project from a built-in example; what the example itself draws (Serverless's schema
        warning on a current runtime, say) is the starting point's, not the user's."""
        from ... import examples

        result = compile_file(examples.path(name))
        if result.service is None:
            raise SaveError(f"example {name!r} does not load: {[d.format() for d in result.errors]}")
        session = cls(result.service, directory, confined=confined)
        session.expect_current_findings()
        return session

    # ----- where saving writes -------------------------------------------------------------

    def set_target(self, directory: str | None = None, template_path: str | None = None) -> None:
        """The folder a new project is saved in, and the template's path in it."""
        if directory is not None and not self.editing:
            self.directory = directory
        if template_path is not None:
            self.template_path = template_path
        self.publish(Change(TARGET))

    def _template_file(self) -> tuple[str, str] | None:
        """(relative path, text) of the template to save beside serverless.yml, if the service compiles."""
        from ...compiling.output import to_json, to_yaml

        template = self.compile().template
        if template is None:
            return None
        yaml_out = self.template_path.lower().endswith((".yml", ".yaml"))
        return self.template_path, to_yaml(template) if yaml_out else to_json(template)

    def _check_template_path(self) -> str:
        path = self.template_path.strip()
        if os.path.normpath(path) == "serverless.yml" or not path.lower().endswith((".json", ".yml", ".yaml")):
            raise SaveError(f"{path or '(empty)'}: the template's file name ends in .json, .yml or .yaml and is not serverless.yml")
        return path

    def files(self) -> list[tuple[str, str]]:
        """(path, text) of everything saving writes: for downloads when the wizard runs in a browser."""
        template = self._template_file()
        if self.editing:
            return [("serverless.yml", self.opened.on_disk(self.serverless_yml()))] + ([template] if template else [])
        return [(item.relpath, item.text) for item in plan_project(self.service, template=template)]

    def archive_folder(self, folder: str | None = None) -> str:
        """The folder the project's zip unpacks to: the last part of ``folder`` (or of the session's)."""
        chosen = folder or self.directory or self.home
        if self.confined:
            # The visitor's own words: `.`, `..` or `/` name no folder of theirs, and looking
            # them up here would hand them the names of this machine's folders.
            name = os.path.basename(os.path.normpath(chosen.replace("\\", "/")))
            return name if name not in ("", ".", "..") else os.path.basename(os.path.normpath(self.home)) or "my-http-api"
        return os.path.basename(os.path.normpath(os.path.abspath(chosen))) or "my-http-api"

    def archive(self, folder: str | None = None) -> tuple[str, bytes]:
        """(file name, bytes) of the project as one zip, for the wizard running in a browser."""
        from ..archive import zip_project

        name = self.archive_folder(folder)
        return f"{name}.zip", zip_project(name, self.files())

    def save_plan(self, directory: str | None = None) -> list[tuple[str, str]]:
        """(relative path, what saving does to it: create, replace or keep) for every file saving touches."""
        root = self.directory if self.editing else (directory or self.directory or ".")
        if self.editing:
            template = self._template_file()
            names = [("serverless.yml", False)] + ([(template[0], False)] if template else [])
        else:
            names = [(item.relpath, item.create_only) for item in plan_project(self.service, template=self._template_file())]
        plan = []
        for name, create_only in names:
            exists = os.path.exists(os.path.join(root, name))
            plan.append((name, "keep (exists)" if exists and create_only else ("replace" if exists else "create")))
        return plan

    def earlier_saves_zipped(self) -> list[str]:
        """Editing: the template and backups an earlier version saved beside serverless.yml, which
        `serverless package` zips (saving now writes them under .serverless/ and leaves these alone)."""
        if not self.editing:
            return []
        chosen = os.path.normpath(self.template_path.strip())
        return [name for name in EARLIER_LOCATIONS
                if name != chosen and os.path.isfile(os.path.join(self.directory, name))]

    def disk_changed(self) -> bool:
        """Editing: whether serverless.yml changed on disk since it was opened (saving would refuse)."""
        return self.editing and file_digest(os.path.join(self.directory, "serverless.yml")) != self.original_digest

    def save(self, directory: str | None = None) -> list[str]:
        """Write serverless.yml and the template together (a new project: with its handlers and the rest)."""
        path = self._check_template_path()
        template = self._template_file()
        if self.editing:
            text = self.serverless_yml()
            if self.edit_error:
                raise SaveError(self.edit_error)
            written = save_service(self.directory, self.opened.on_disk(text), self.compile().template, opened=True,
                                   opened_digest=self.original_digest,
                                   template_path=path, template_format="yaml" if path.lower().endswith((".yml", ".yaml")) else "json")
            self.original_text = self.saved_text = text
            self.original_digest = self.opened.digest_of(text)
            self._base = copy.deepcopy(self.service)
            self._saved()
            return written
        written = new_project(directory or self.directory or ".", self.service, template=template)
        self.directory = directory or self.directory or "."
        self.saved_text = self.serverless_yml()
        self._saved()
        return written

    def mark_delivered(self) -> None:
        """The files were handed over as a download (the wizard in a browser): nothing is left unsaved."""
        self.saved_text = self.serverless_yml()
        self._saved()

    def _saved(self) -> None:
        # What is saved is a point to come back to: typing on in the same field after a save starts a
        # new undo step, so ctrl+z returns to the saved text rather than to before the field was entered.
        self.seal()
        self.publish(Change(SAVED))

    def restore(self, copy) -> None:
        """Put the work held by a recovery copy (see recovery.py) in place of the model, as one undoable step."""
        result = self._compile_text(copy.text)
        if result.service is None:
            raise SaveError("the recovery copy cannot be read as a service: "
                            + "; ".join(d.message for d in result.errors))
        if copy.template_path:
            self.template_path = copy.template_path
        self.replace(result.service, "restored from the recovery copy")
