"""What every dialog is: a framed box, the keyboard on its first control, Enter confirms, Escape cancels,
and a footer of its own keys."""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import Reactive
from textual.screen import ModalScreen
from textual.widget import Widget

from ..guard import Guarded
from ..widgets.footer import KeysFooter
from .steady import SteadyScreen

Answer = TypeVar("Answer")


class DialogBox(VerticalScroll, can_focus=False):
    """The dialog's frame: it scrolls when the terminal is short, and is no Tab stop of its own."""


class Dialog(Guarded, SteadyScreen, ModalScreen[Answer], Generic[Answer]):
    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > DialogBox { width: 78; max-width: 100%; height: auto; max-height: 100%;
                         border: thick $primary; background: $surface; padding: 0 1; }
    Dialog .buttons { height: auto; margin-top: 1; }
    Dialog .buttons Button { margin-right: 2; }
    Dialog .question { margin-bottom: 1; }
    """
    # A focus change repaints the two widgets concerned (their :focus styles), not the whole screen
    # (Textual's Screen.focused repaints it): under a dialog, that redrew the dimmed wizard behind it
    # on every Tab. The main screen does the same (app.MainScreen).
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("f1", "help", "Help"),
    ]
    TITLE: ClassVar[str] = ""
    HELP: ClassVar[str] = ""
    FIELD_HELP: ClassVar[dict[str, str]] = {}
    # What Escape answers.
    CANCELLED: ClassVar[object] = None
    # The frame (a dialog to read takes the keyboard in its frame).
    BOX: ClassVar[type] = DialogBox

    def compose(self):
        with self.BOX(id="dialog") as box:
            box.border_title = self.title_text()
            yield from self.body()
        # The dialog's own keys: the wizard's footer underneath would offer keys that do not work here.
        yield KeysFooter()

    def title_text(self) -> str:
        return self.TITLE

    def body(self):
        return iter(())

    def on_mount(self) -> None:
        # Textual calls every class's on_mount: subclasses put their own start in ``prepare``.
        self.prepare()
        first = self.first_control()
        if first is not None:
            first.focus()

    def prepare(self) -> None:
        """Fill the dialog's fields before the keyboard goes to the first control (subclasses)."""

    def first_control(self) -> Widget | None:
        for widget in self.query("#dialog *"):
            if widget.focusable and widget.display:
                return widget
        return None

    def action_cancel(self) -> None:
        self.dismiss(self.CANCELLED)

    def action_help(self) -> None:
        from .help import HelpScreen

        focused = self.focused
        text = ""
        node = focused
        while node is not None and node is not self and not text:
            text = self.FIELD_HELP.get(node.id or "", "")
            node = node.parent
        self.app.push_screen(HelpScreen(field=text, section=self.HELP, bindings=self.BINDINGS, title=self.title_text()))
