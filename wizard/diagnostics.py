"""Problems found anywhere in the pipeline, in one shape, so every layer reports alike.

A diagnostic carries a stable code, a severity, a message, where it comes from in the
configuration (the config path ``("functions", "hello", "events", 0, "httpApi")`` and,
once a source map has located it, the file, line and column, 1-based), and its
:class:`Origin`: Serverless itself, Serverless's schema (with the Ajv keyword that
failed), a design-time check (with the rule's code), or the wizard's own notes.

Diagnostics are immutable: locating one returns a located copy (:meth:`Diagnostic.located`).
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
INFO = "info"

_SEVERITY_RANK = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True, slots=True)
class Origin:
    """Who reports a diagnostic: ``kind`` is one of the constants below; ``name`` says more.

    For :data:`SCHEMA` the name is the Ajv keyword that failed (``additionalProperties``,
    ``enum``, ...); for :data:`CHECK` it is the rule's code.
    """

    kind: str
    name: str = ""

    def __str__(self) -> str:
        return f"{self.kind}:{self.name}" if self.name else self.kind


# Kinds of origin.
SERVERLESS_KIND = "serverless"  # what `serverless package` v3.39 itself reports (stops it, or warns)
SCHEMA_KIND = "schema"  # Serverless's configuration schema, validated as Ajv does
CHECK_KIND = "check"  # a design-time check: what AWS would reject at deploy, or what misbehaves
WIZARD_KIND = "wizard"  # the wizard about itself: what it does not compile, its own settings

SERVERLESS = Origin(SERVERLESS_KIND)
WIZARD = Origin(WIZARD_KIND)

_SCHEMA_ORIGINS: dict[str, Origin] = {}


def schema_origin(keyword: str) -> Origin:
    """The origin of a schema problem found by Ajv's ``keyword`` (one shared object per keyword)."""
    origin = _SCHEMA_ORIGINS.get(keyword)
    if origin is None:
        origin = _SCHEMA_ORIGINS[keyword] = Origin(SCHEMA_KIND, keyword)
    return origin


_set = object.__setattr__


@dataclass(frozen=True, slots=True, init=False, repr=False)
class Diagnostic:
    """One finding; immutable, and cheap to create on every keystroke of the wizard."""

    code: str
    severity: str
    message: str
    path: tuple
    file: str | None
    line: int | None
    column: int | None
    # A documentation link or source file that states the rule.
    source: str | None
    origin: Origin

    def __init__(
        self,
        code: str,
        severity: str,
        message: str,
        path: tuple = (),
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        source: str | None = None,
        *,
        origin: Origin = SERVERLESS,
    ) -> None:
        # Written by hand (not dataclass's __init__) to take any sequence as the path at
        # the cost of one type check; object.__setattr__ is how a frozen class sets itself.
        _set(self, "code", code)
        _set(self, "severity", severity)
        _set(self, "message", message)
        _set(self, "path", path if type(path) is tuple else tuple(path))
        _set(self, "file", file)
        _set(self, "line", line)
        _set(self, "column", column)
        _set(self, "source", source)
        _set(self, "origin", origin)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def is_check(self) -> bool:
        """A design-time check's finding (the only kind that can be ignored)."""
        return self.origin.kind == CHECK_KIND

    def located(self, file: str | None, line: int | None, column: int | None) -> Diagnostic:
        """A copy placed at ``file:line:column``."""
        return Diagnostic(self.code, self.severity, self.message, self.path, file, line, column, self.source,
                          origin=self.origin)

    def location(self) -> str:
        """``file:line:col`` as far as it is known."""
        parts = [self.file or "<config>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        return f"{self.location()}: {self.severity} {self.code} {self.message}"

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "path": format_path(self.path),
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "source": self.source,
            "origin": str(self.origin),
        }

    def __repr__(self) -> str:
        return f"Diagnostic({self.format()!r})"


def format_path(path: tuple) -> str:
    """The dotted form Serverless uses in its messages: ``functions.a.events.0.httpApi``."""
    return ".".join(str(p) for p in path)


def is_under(diagnostic: Diagnostic, path: tuple) -> bool:
    """Whether ``diagnostic`` is about ``path`` or something inside it."""
    path = tuple(path)
    return diagnostic.path[: len(path)] == path


def tally(diagnostics) -> str:
    """"1 error(s), 2 warning(s)", with ", 1 note(s)" when there are infos: the CLI's summary and the TUI's title."""
    errors = sum(1 for d in diagnostics if d.severity == ERROR)
    warnings = sum(1 for d in diagnostics if d.severity == WARNING)
    notes = len(diagnostics) - errors - warnings
    return f"{errors} error(s), {warnings} warning(s)" + (f", {notes} note(s)" if notes else "")


def sort_key(d: Diagnostic) -> tuple:
    return (d.file or "", d.line or 0, d.column or 0, _SEVERITY_RANK.get(d.severity, 3), d.code)


class PipelineError(Exception):
    """Raised when a stage cannot go on; carries the diagnostics that stopped it."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))
