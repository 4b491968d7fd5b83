"""Problems found anywhere in the pipeline, in one shape, so every layer reports alike.

A diagnostic carries a stable code, a severity, a message and where it comes from: the
config path (``("functions", "hello", "events", 0, "httpApi")``) and, once a source map
has located it, the file, line and column (1-based).
"""

from __future__ import annotations

ERROR = "error"
WARNING = "warning"
INFO = "info"

_SEVERITY_RANK = {ERROR: 0, WARNING: 1, INFO: 2}


class Diagnostic:
    """One finding. Plain attributes; cheap to create on every keystroke."""

    __slots__ = ("code", "severity", "message", "path", "file", "line", "column", "source")

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
    ) -> None:
        self.code = code
        self.severity = severity
        self.message = message
        self.path = tuple(path)
        self.file = file
        self.line = line
        self.column = column
        # A documentation link or source file that states the rule.
        self.source = source

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

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
        }

    def __repr__(self) -> str:
        return f"Diagnostic({self.format()!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Diagnostic):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash((self.code, self.severity, self.message, self.path))


def format_path(path: tuple) -> str:
    """The dotted form Serverless uses in its messages: ``functions.a.events.0.httpApi``."""
    return ".".join(str(p) for p in path)


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
