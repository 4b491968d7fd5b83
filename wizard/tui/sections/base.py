"""What every section is: a form drawn from the session's model, and redrawn on each change.

A section holds no state of its own. It subscribes to the app's change signal; on each
change it puts the model's values back in its widgets (``reload``) and shows, under each
field, what the compiler and the checks say about that field's config path. A widget's
handler changes the model through the session only; the signal then redraws everything.
Hidden sections catch up when they are shown.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, Input, RadioSet, Select, Static, Switch, TextArea

from ...diagnostics import ERROR
from ..guard import Guarded, guarded_call, on
from ..widgets.fields import DRAFT, Bound, FieldRow, FindingsText
from ..widgets.tables import EntryTable
from ..widgets.text import Hint

# What an HTTP API made elsewhere disables in a form.
_CONTROLS = (Input, Select, Checkbox, Switch, RadioSet, TextArea)


class Findings(FindingsText):
    """What the checks say about one config path exactly (an entry's own name, say)."""


class Section(Guarded, VerticalScroll, can_focus=False):
    """One part of the service; subclasses give KEY, TITLE, SUMMARY, HELP, FIELD_HELP and ``form``."""

    DEFAULT_CSS = """
    Section { padding: 0 1; }
    /* Inside a scrolling section a container's default 1fr height would clip what it holds
       (the issue's buttons that drew only their top edge): every container takes its content's. */
    Section Vertical, Section Horizontal { height: auto; }
    Section > .summary { margin-bottom: 1; }
    Section .buttons { height: auto; margin-bottom: 1; }
    Section .buttons Button { margin-right: 1; min-width: 8; }
    Section .entry-title { text-style: bold; margin-top: 1; }
    Section .external-note { background: $warning-muted; color: $text; padding: 0 1; margin-bottom: 1; display: none; }
    Section .external-note.-shown { display: block; }
    """

    KEY: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    SUMMARY: ClassVar[str] = ""
    HELP: ClassVar[str] = ""
    FIELD_HELP: ClassVar[dict[str, str]] = {}
    # Config paths (prefixes) whose problems this section shows; the first match wins across sections.
    OWNS: ClassVar[tuple[tuple, ...]] = ()

    def __init__(self, session, **kwargs) -> None:
        super().__init__(id=self.KEY, **kwargs)
        self.session = session
        self.stale = False

    def compose(self):
        yield Hint(self.SUMMARY, classes="summary")
        yield from self.form()

    def form(self):
        return iter(())

    def on_mount(self) -> None:
        # Textual calls every class's on_mount: subclasses put their own start in ``prepare``.
        self.prepare()
        # Guarded: Textual's Signal would swallow a failure into its log, unreported.
        self.app.session_changed.subscribe(self, guarded_call(self, self._changed, f"{type(self).__name__} redrawing"),
                                           immediate=True)
        self.refresh_from_model()

    def prepare(self) -> None:
        """What a section does once mounted, before its first redraw (subclasses)."""

    def _changed(self, change) -> None:
        if self.display:
            self.refresh_from_model()
        else:
            self.stale = True

    def refresh_from_model(self) -> None:
        """Put the model's values in the widgets and the checks' findings under them (a compile: once
        the keys typed meanwhile are handled, see after_keys)."""
        self.stale = False
        self.reload()
        self.app.after_keys.run(self.show_findings)

    def reload(self) -> None:
        """Show the model's values (subclasses)."""

    # ----- findings -------------------------------------------------------------------------

    def _targets(self) -> tuple[list, list]:
        """Where findings are said: (config path, exact?, widget) for each shown field row (its path and
        below) and each ``Findings`` box (its path only); and the rows bound to no path (drafts only)."""
        # One walk by type, not queries: a query matches a CSS selector against every node's path to
        # the screen, and this runs on every keystroke (a sixth of one, in Service).
        rows, exact, pathless = [], [], []
        for node in self.walk_children(Widget):
            if isinstance(node, FieldRow):
                path = getattr(node.control, "path", ())
                if not path:
                    pathless.append(node)
                elif node.display:
                    rows.append((path, False, node))
            elif isinstance(node, Findings) and node.path:
                exact.append((node.path, True, node))
        return rows + exact, pathless

    def show_findings(self) -> None:
        """Under each field, what the compiler and the checks say about its value (or why a draft
        is not applied yet)."""
        targets, pathless = self._targets()
        said: dict[int, list[tuple[str, str]]] = {id(t): [] for _, _, t in targets}
        rank = {ERROR: 0, "warning": 1}
        for d in sorted(self.session.shown(self.session.compile().diagnostics), key=lambda d: rank.get(d.severity, 2)):
            best = None
            path = tuple(d.path)
            for where, exact, target in targets:
                fits = path == where if exact else path[: len(where)] == where
                if fits and (best is None or len(where) > len(best[0])):
                    best = (where, target)
            if best is not None:
                said[id(best[1])].append((d.severity, d.message))
        for _, _, target in targets:
            drafts = [("error", problem) for problem in getattr(getattr(target, "control", None), "draft_problems", [])]
            target.say(drafts + said[id(target)])
        for row in pathless:
            row.say([("error", p) for p in getattr(row.control, "draft_problems", [])])

    # ----- changing the model from a field ------------------------------------------------------

    def commit(self, field: Bound, current, change) -> None:
        """Put ``field``'s value in the model through ``change(value, group)``: not a draft, not
        what the model holds already. The keystrokes typed into one field make one undo step."""
        value = field.read()
        if value is DRAFT or value == current:
            # No change to redraw the form: say here why a draft is not applied, or take its message
            # away once the text is back to what the model holds ("-" typed in Memory, then deleted).
            self.show_findings()
            return
        change(value, (self.KEY, field.id, self.entry_key()))

    def take_change(self, message) -> None:
        """Run this section's handlers for a field's change now, inside the field's keystroke (``Bound``)."""
        for _cls, handler in self._get_dispatch_methods(message.handler_name, message):
            handler(message)

    def entry_key(self) -> str | None:
        """The entry the form shows (a function, an authorizer), for sections with a table."""
        return None

    def scroll_to_region(self, region, **kwargs):
        # Focus brings a field into view by scrolling every container it is in (Textual's
        # focus scrolling): here at once, never animated, so the field is in view when the
        # keyboard gets there and a screenshot never catches the form halfway.
        kwargs["animate"] = False
        return super().scroll_to_region(region, **kwargs)

    def on_descendant_blur(self, event) -> None:
        self.session.seal()  # leaving a field ends its undo step

    @on(Input.Submitted)
    def _sealed(self, event: Input.Submitted) -> None:
        self.session.seal()

    # ----- keyboard ------------------------------------------------------------------------------

    def own_bindings(self) -> list[Binding]:
        """The section's own keys: those its classes declare, not the scrolling keys Textual's
        scroll container gives every section (the palette and F1 list these, never those)."""
        if "BINDINGS" in vars(self):  # a section that turns its keys off for this run (Try a request in a browser)
            return list(self.BINDINGS)
        own: list[Binding] = []
        for klass in type(self).__mro__:
            if klass is Section:
                break
            own += [b for b in vars(klass).get("BINDINGS", ()) if isinstance(b, Binding)]
        return own

    def check_action(self, action: str, parameters) -> bool | None:
        # A letter key (n, r, a, d...) while a field has the keyboard is the field's: Textual leaves
        # it out of the footer itself (the focused Input's or TextArea's check_consume_key).
        return self.action_state(action)

    def action_state(self, action: str) -> bool | None:
        """Whether the section's ``action`` can be done now, whatever has the keyboard (None: not now,
        e.g. no entry is selected). The palette offers what can be done; the footer also hides the
        keys that a field would type."""
        return True

    def first_focus(self) -> Widget | None:
        """Where the keyboard goes when the section is opened from the palette or a problem."""
        for widget in self.query("*"):
            if widget.focusable and widget.display and widget.visible:
                return widget
        return None

    def select_for(self, path: tuple) -> None:
        """Show the entry ``path`` is about (sections with a table)."""

    def focus_path(self, path: tuple) -> bool:
        """Bring the field of ``path`` (the deepest one it is under) into view, with the keyboard."""
        self.select_for(path)
        self.refresh_from_model()
        best = None
        for where, _, target in self._targets()[0]:
            if tuple(path[: len(where)]) == where and (best is None or len(where) > len(best[0])):
                best = (where, target)
        widget = None
        if best is not None:
            widget = getattr(best[1], "control", None)
        if widget is None or not widget.focusable:
            widget = next(iter(self.query(EntryTable)), None) or self.first_focus()
        if widget is not None:
            widget.focus()
            return True
        return False

    def help_for(self, widget: Widget | None) -> str:
        """F1 for ``widget``: its own help, else the help of the row it is in."""
        node = widget
        while node is not None and node is not self:
            if node.id and node.id in self.FIELD_HELP:
                return self.FIELD_HELP[node.id]
            node = node.parent
        return ""

    # ----- entries (sections with a table) ------------------------------------------------------

    def ask_rename(self, kind: str, key: str, probe, rename, help_text: str = "") -> None:
        """The rename dialog for the entry ``key``; ``rename(old, new)`` makes the change, and the form
        follows the entry under its new name."""
        from ..screens.names import RenameScreen

        def renamed(name) -> None:
            if name and name != key:
                rename(key, name)
                self.selected = name
                self.refresh_from_model()

        self.app.push_screen(RenameScreen(kind, key, probe, help_text=help_text), guarded_call(self, renamed))

    def ask_delete(self, question: str, delete) -> None:
        """Ask ``question`` (the keyboard on Delete, Escape keeps it); ``delete()`` when confirmed."""
        from ..screens.confirm import ConfirmScreen

        def confirmed(yes: bool) -> None:
            if yes:
                delete()

        self.app.push_screen(ConfirmScreen(question, confirm="Delete"), guarded_call(self, confirmed))

    @classmethod
    def owns(cls, path: tuple) -> bool:
        return any(tuple(path[: len(prefix)]) == prefix for prefix in cls.OWNS)

    # ----- an HTTP API made elsewhere --------------------------------------------------------------

    def show_external(self, what: str) -> bool:
        """Say (and disable the form) when the routes go to an HTTP API another stack owns: its
        ``what`` is set there. Returns whether it does."""
        api_id = self.session.service.provider.http_api.id
        # One walk by type, not queries (every redraw of these sections runs this; see _targets).
        note = None
        for node in self.walk_children(Widget):
            if isinstance(node, _CONTROLS):
                if not node.has_class("keep-enabled"):
                    node.disabled = bool(api_id)
            elif note is None and isinstance(node, Static) and node.has_class("external-note"):
                note = node
        if note is not None:
            note.set_class(bool(api_id), "-shown")
            if api_id:
                note.update(f"The routes go to the HTTP API {api_id}, which another stack owns: its {what} are set where "
                            "it is defined, and Serverless refuses them here. To set them here, clear the external API id "
                            "under Advanced.")
        return bool(api_id)


def entry_bindings(*bindings: tuple[str, str, str, str]) -> list[Binding]:
    """Footer keys of a section's entries: (key, action, description, tooltip)."""
    return [Binding(key, action, description, tooltip=tooltip) for key, action, description, tooltip in bindings]


__all__ = ["Section", "Findings", "entry_bindings"]
