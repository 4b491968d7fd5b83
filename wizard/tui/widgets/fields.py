"""Form fields bound to the model: each shows a model value and reads back what was typed.

A field never holds a value of its own. ``show(value)`` puts the model's value in it,
unless what it holds already reads as that value (``"a, b"`` and ``"a,b"`` are one list):
re-rendering from the model then never moves the cursor under the user's fingers.
``read()`` is the value typed, or ``DRAFT`` while the text cannot be a value yet (``-``
in a number, a line without ``=`` among environment variables); a draft is not put in
the model, and its row says why.
"""

from __future__ import annotations

import re

from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from ...authoring.pairs import format_environment, parse_environment, parse_tags
from .steady import SteadySize

# The messages a bound field says its value changed with (the section's handlers put it in the model).
_CHANGES = (Input.Changed, TextArea.Changed, Select.Changed, Checkbox.Changed)


class _Draft:
    def __repr__(self) -> str:
        return "DRAFT"


DRAFT = _Draft()
_INTEGER = re.compile(r"[-+]?\d+\Z")


class KeysInOrder:
    """A text field that runs its own editing keys (backspace, delete, arrows...) where it receives them.

    Textual lets a key that is not a character bubble up through every parent to the app,
    which then runs the field's binding. A section redraws itself on every change, so its
    queue is busy while someone types fast: a backspace that waits there lands after the
    letters typed behind it ("my-http-" + "workshop-api" became "my-http-work"). Run here,
    keys keep the order they were typed in.
    """

    _own_keys: dict[type, dict[str, str]] = {}

    @classmethod
    def _key_actions(cls) -> dict[str, str]:
        found = KeysInOrder._own_keys.get(cls)
        if found is None:
            found = {}
            for klass in reversed(cls.__mro__):
                for binding in vars(klass).get("BINDINGS", ()):
                    keys, action = (binding.key, binding.action) if hasattr(binding, "key") else (binding[0], binding[1])
                    for key in keys.split(","):
                        found[key.strip()] = action
            KeysInOrder._own_keys[cls] = found
        return found

    async def _on_key(self, event) -> None:
        action = None if event.is_printable else self._key_actions().get(event.key)
        if action is not None and not getattr(self, "read_only", False):
            event.stop()
            event.prevent_default()
            await self.run_action(action)
            return
        await super()._on_key(event)


class PlainInput(SteadySize, KeysInOrder, Input):
    """A text input that is no model value (Try a request's request line): keys in the order typed."""


class PlainTextArea(SteadySize, KeysInOrder, TextArea):
    """A text area that is no model value (Try a request's headers): keys in the order typed."""


class Bound:
    """What every bound field has: ``path`` (the config path its findings come from), ``draft_problems``.

    Each field class beside it gives ``read()`` (the value the model would hold) and
    ``show(value)`` (draws the model's value, leaving the field alone when it already reads so).
    """

    path: tuple = ()
    draft_problems: list[str] = []

    def post_message(self, message) -> bool:
        # The field's own change reaches the model in the keystroke that made it, not after the
        # keys still queued behind it: posted, it would travel up through each ancestor's queue,
        # and ctrl+s or ctrl+z (priority keys, run by the app at once) could act on the model
        # before the last letters of a paste were in it (a save wrote "...-${f" of a longer name).
        form = self._form() if isinstance(message, _CHANGES) and message.control is self else None
        if form is not None and type(message) not in self._get_prevented_messages():
            form.take_change(message)
            return True
        return super().post_message(message)

    def _form(self):
        """The section this field is a field of (a dialog's fields answer to their dialog instead)."""
        for node in self.ancestors:
            if hasattr(node, "take_change"):
                return node
        return None


class TextField(SteadySize, KeysInOrder, Bound, Input):
    """Text; empty is "not set" (None)."""

    def __init__(self, *, placeholder: str = "", id: str | None = None, **kwargs) -> None:
        super().__init__(placeholder=placeholder, id=id, compact=True, **kwargs)

    def read(self):
        return self.value.strip() or None

    def show(self, value) -> None:
        if self.read() != (value if value not in ("", None) else None):
            self.value = "" if value is None else str(value)


class IntField(TextField):
    """A whole number; empty is None; ``-`` alone is a draft."""

    def __init__(self, **kwargs) -> None:
        super().__init__(type="integer", **kwargs)

    def read(self):
        text = self.value.strip()
        if not text:
            return None
        return int(text) if _INTEGER.match(text) else DRAFT

    @property
    def draft_problems(self) -> list[str]:
        return ["write a whole number"] if self.read() is DRAFT else []


class ListField(TextField):
    """Values separated by commas; none is None."""

    def read(self):
        return [part.strip() for part in self.value.split(",") if part.strip()] or None

    def show(self, value) -> None:
        shown = value if isinstance(value, list) else ([value] if value not in (None, "") else None)
        if self.read() != ([str(v) for v in shown] if shown else None):
            self.value = ", ".join(str(v) for v in shown or [])


class PairsField(SteadySize, KeysInOrder, Bound, TextArea):
    """``KEY=value`` lines (environment variables, or tags); a mapping with other than text values
    (``!Ref``, numbers) cannot round-trip through lines, so it is shown read-only."""

    def __init__(self, *, kind: str = "environment", id: str | None = None, **kwargs) -> None:
        super().__init__("", id=id, soft_wrap=False, show_line_numbers=False, compact=True, **kwargs)
        self.kind = kind
        self._parse = parse_environment if kind == "environment" else parse_tags

    def read(self):
        if self.read_only:
            return DRAFT
        values, problems = self._parse(self.text)
        return DRAFT if problems else (values or None)

    @property
    def draft_problems(self) -> list[str]:
        if self.read_only:
            return []
        return [f"{'tags, ' if self.kind == 'tags' else ''}{problem} (not applied yet)" for problem in self._parse(self.text)[1]]

    def show(self, value) -> None:
        editable = value is None or (isinstance(value, dict) and all(isinstance(v, str) for v in value.values()))
        self.read_only = not editable
        subtitle = "" if editable else "holds CloudFormation values: edit them in serverless.yml"
        if (self.border_subtitle or "") != subtitle:  # each assignment repaints the field
            self.border_subtitle = subtitle
        text = format_environment(value) if isinstance(value, dict) else ("" if value is None else str(value))
        if not editable or self.read() != value:
            if self.text != text:
                self.text = text


class ChoiceField(Bound, Select):
    """One of a list; ``prompt`` stands for "not set" (None). A value the list lacks (a retired
    runtime, say) is shown as an extra option named so, rather than dropped."""

    def __init__(self, options: list[tuple[str, object]], *, prompt: str = "(not set)", allow_blank: bool = True,
                 id: str | None = None, **kwargs) -> None:
        super().__init__(options, prompt=prompt, allow_blank=allow_blank, id=id, compact=True, **kwargs)
        self.options = list(options)
        self.extra_label = "{} (not in the list)"
        self._extra = None  # the value shown as an extra option, if any

    def read(self):
        return None if self.value is Select.NULL else self.value

    def show(self, value) -> None:
        extra = value if value is not None and value not in [v for _, v in self.options] else None
        if extra != self._extra:
            self._extra = extra
            self.set_options(([(self.extra_label.format(extra), extra)] if extra is not None else []) + self.options)
        if self.read() != value:
            self.value = Select.NULL if value is None else value

    def offer(self, options: list[tuple[str, object]]) -> None:
        """Change the list (the functions of the service, say), keeping the value shown."""
        if options != self.options:
            current = self.read()
            self.options = list(options)
            self.set_options(self.options)
            if current in [v for _, v in options]:
                self.value = current


class Toggle(Bound, Checkbox):
    def __init__(self, label: str, *, id: str | None = None, **kwargs) -> None:
        super().__init__(label, id=id, compact=True, **kwargs)

    def read(self) -> bool:
        return bool(self.value)

    def show(self, value) -> None:
        if self.value != bool(value):
            self.value = bool(value)


_MARK = {"error": ("✗", "$text-error"), "warning": ("!", "$text-warning"), "info": ("·", "$text-muted")}


class FindingsText(Static):
    """(severity, message) lines, marked ✗ ! ·; takes no room when there are none. ``path``: the config
    path whose findings it shows exactly (an entry's own name, say), for a section to fill."""

    DEFAULT_CSS = """
    FindingsText { height: auto; display: none; }
    FindingsText.-shown { display: block; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.path: tuple = ()
        self.said: tuple = ()

    def say(self, findings: list[tuple[str, str]]) -> None:
        said = tuple(findings)
        if said == self.said:
            return
        self.said = said
        self.update(Content("\n").join(Content.from_markup(f"[{_MARK[s][1]}]{_MARK[s][0]}[/] $message", message=m) for s, m in said))
        self.set_class(bool(said), "-shown")


class FieldRow(Vertical):
    """A label and its control on one line, and under them what the checks say about its value."""

    DEFAULT_CSS = """
    FieldRow { height: auto; }
    FieldRow > Horizontal { height: auto; }
    FieldRow > Horizontal > Label { width: 16; color: $text-muted; }
    FieldRow > Horizontal > Input, FieldRow > Horizontal > Select { width: 1fr; }
    FieldRow > Horizontal > TextArea { width: 1fr; height: 5; }
    FieldRow > FindingsText { padding-left: 16; }
    """

    def __init__(self, label: str, control, **kwargs) -> None:
        super().__init__(**kwargs)
        self.label = label
        self.control = control
        self._findings: FindingsText | None = None
        self._composed = False

    def compose(self):
        self._composed = True
        with Horizontal():
            yield Label(self.label)
            yield self.control
        if self._findings is not None:
            yield self._findings

    def say(self, findings: list[tuple[str, str]]) -> None:
        """Show (severity, message) pairs under the field; nothing when there are none."""
        if self._findings is None:
            if not findings:
                return
            # Made when there is first something to say: most fields never have a finding, and every
            # widget on a screen is work for each layout, restyle and key (a tenth of a form's widgets).
            self._findings = FindingsText()
            if self._composed:
                self.mount(self._findings)
        self._findings.say(findings)

    @property
    def said(self) -> tuple:
        return self._findings.said if self._findings is not None else ()
