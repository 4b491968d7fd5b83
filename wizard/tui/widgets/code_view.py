"""A read-only code view that draws only the lines on screen.

The preview shows texts of up to tens of thousands of lines that change on every
keystroke, often all over (a service-wide timeout touches every function). An editor
widget re-parses, re-wraps and re-highlights what changed, which grows with the text;
this view keeps a list of lines and colours each visible one from its own text, so a
change costs the same whatever the template's size. The lines the last change touched
get a background, so a learner sees cause and effect.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .line_highlight import TOKENIZERS
from .steady import SteadySize

# Token colours on dark and light themes (after Monokai and GitHub's light theme).
_COLOURS = {
    True: {"key": "#f92672", "string": "#e6db74", "number": "#ae81ff", "literal": "italic #66d9ef", "tag": "#a6e22e",
           "comment": "#75715e", "punct": "#f8f8f2"},
    False: {"key": "#6f42c1", "string": "#032f62", "number": "#005cc5", "literal": "italic #d73a49", "tag": "#22863a",
            "comment": "#6a737d", "punct": "#24292e"},
}
PALETTES = {dark: {kind: Style.parse(spec) for kind, spec in colours.items()} for dark, colours in _COLOURS.items()}


class CodeView(SteadySize, ScrollView, can_focus=True):
    DEFAULT_CSS = """
    CodeView { background: $surface; }
    CodeView > .code-view--gutter { color: $text-muted; }
    CodeView > .code-view--changed { background: $accent 30%; }
    """
    COMPONENT_CLASSES = {"code-view--gutter", "code-view--changed"}
    BINDINGS = [
        Binding("up", "scroll_up", "Up", show=False),
        Binding("down", "scroll_down", "Down", show=False),
        Binding("left", "scroll_left", "Left", show=False),
        Binding("right", "scroll_right", "Right", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Bottom", show=False),
    ]

    def __init__(self, text: str = "", language: str = "json", **kwargs) -> None:
        super().__init__(**kwargs)
        self.language = language
        self.lines: list[str] = []
        self.changed: set[int] = set()  # 0-based rows drawn with the "changed" background
        self._cache: dict[tuple, Strip] = {}
        self.load_text(text)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def load_text(self, text: str, changed: set[int] | None = None) -> None:
        """Show ``text``; ``changed`` (0-based rows) get the changed background."""
        self.lines = text.split("\n") if text else []
        self.changed = set(changed or ())
        # The line cache stays: it is keyed by each row's text, so unchanged rows are reused.
        width = max(map(len, self.lines), default=0)
        self.virtual_size = Size(width + self._gutter_width() + 1, len(self.lines))
        self.refresh()

    def set_language(self, language: str) -> None:
        if language != self.language:
            self.language = language
            self._cache.clear()
            self.refresh()

    def show_rows(self, first: int, last: int) -> None:
        """Scroll so rows ``first``..``last`` (0-based) are in view, centred when they fit; column 0."""
        height = self.scrollable_content_region.height or self.size.height
        top, span = int(self.scroll_y), last - first + 1
        first_visible = top <= first < top + height
        # Already in view (or, taller than the view, starting in its upper half): scrolling
        # would repaint the whole view for nothing.
        if self.scroll_x == 0 and first_visible and (last < top + height or first < top + height // 2):
            return
        top = first - max((height - span) // 2, 0) if span < height else first
        self.scroll_to(x=0, y=max(top, 0), animate=False, immediate=True)

    def _gutter_width(self) -> int:
        return len(str(max(len(self.lines), 1))) + 2

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if row >= len(self.lines):
            return Strip.blank(width, base)
        gutter_width = self._gutter_width()
        key = (row, self.lines[row], row in self.changed, scroll_x, width, self.app.current_theme.dark)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(row, scroll_x, width, gutter_width, base)
            if len(self._cache) > 4096:
                self._cache.clear()
            self._cache[key] = strip
        return strip

    def _render_row(self, row: int, scroll_x: int, width: int, gutter_width: int, base: Style) -> Strip:
        changed = row in self.changed
        line_style = base + self.get_component_rich_style("code-view--changed") if changed else base
        gutter_style = line_style + self.get_component_rich_style("code-view--gutter", partial=True)
        palette = PALETTES[self.app.current_theme.dark]
        tokenize = TOKENIZERS.get(self.language)
        pieces = tokenize(self.lines[row]) if tokenize else [(self.lines[row], None)]
        segments = [Segment(text, line_style + palette[kind] if kind else line_style) for text, kind in pieces]
        body_width = max(width - gutter_width, 0)
        body = Strip(segments).crop(scroll_x, scroll_x + body_width).extend_cell_length(body_width, line_style)
        gutter = Strip([Segment(f"{row + 1:>{gutter_width - 2}}  ", gutter_style)])
        return Strip.join([gutter, body])
