"""Help and hint text: **bold** and `code` marks shown as such, every other character as written.

Textual's markup only treats ``[`` specially, so ``<region>`` and ``$context.requestId``
stay visible (Markdown took ``<region>`` for an HTML tag and dropped it).
"""

from __future__ import annotations

import re

from textual.content import Content
from textual.widgets import Static


def markup(text: str) -> str:
    escaped = text.replace("[", "\\[")
    escaped = re.sub(r"\*\*(.+?)\*\*", r"[b]\1[/b]", escaped)
    return re.sub(r"`(.+?)`", r"[$accent]\1[/]", escaped)


def help_content(text: str) -> Content:
    return Content.from_markup(markup(text))


class Hint(Static):
    """A line of help under a title or a field (muted)."""

    DEFAULT_CSS = """
    Hint { color: $text-muted; height: auto; }
    """

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(help_content(text), **kwargs)

    def say(self, text: str) -> None:
        self.update(help_content(text))


def update(widget: Static, content, key=None) -> None:
    """``widget.update(content)`` unless it shows that already: each update costs a layout pass, and a
    section redraws on every keystroke."""
    if key is None:
        key = content if isinstance(content, str) else (getattr(content, "plain", None), repr(getattr(content, "spans", content)))
    if getattr(widget, "_shown_key", None) != key:
        widget._shown_key = key
        widget.update(content)
