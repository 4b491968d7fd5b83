"""Problems found anywhere in the pipeline, in one shape, so every layer reports alike.

A diagnostic carries a stable code, a severity, a message, where it comes from in the
configuration (the config path ``("functions", "hello", "events", 0, "httpApi")`` and,
once a source map has located it, the file, line and column, 1-based), and its
:class:`Origin`: Serverless itself, Serverless's schema (with the Ajv keyword that
failed), a design-time check (with the rule's code), or the wizard's own notes.

Diagnostics are immutable: locating one returns a located copy (:meth:`Diagnostic.located`).
"""

from __future__ import annotations

ERROR = "error"
WARNING = "warning"
INFO = "info"

_SEVERITY_RANK = {ERROR: 0, WARNING: 1, INFO: 2}
_set = object.__setattr__

# These two classes are written out rather than declared as frozen dataclasses: importing
# dataclasses (and inspect with it) costs about 4 ms, a tenth of a whole `compile` process.


class Immutable:
    """Instances are set once, in ``__init__`` (with ``object.__setattr__``), and never after."""

    __slots__ = ()

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name!r}")

    def _fields(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class Origin(Immutable):
    """Who reports a diagnostic: ``kind`` is one of the constants below; ``name`` says more.

    For :data:`SCHEMA_KIND` the name is the Ajv keyword that failed (``additionalProperties``,
    ``enum``, ...); for :data:`CHECK_KIND` it is the rule's code.
    """

    __slots__ = ("kind", "name")

    def __init__(self, kind: str, name: str = "") -> None:
        _set(self, "kind", kind)
        _set(self, "name", name)

    def __reduce__(self):
        return (Origin, (self.kind, self.name))

    def __str__(self) -> str:
        return f"{self.kind}:{self.name}" if self.name else self.kind

    def __repr__(self) -> str:
        return f"Origin({self.kind!r}, {self.name!r})"


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


def _diagnostic(code, severity, message, path, file, line, column, source, origin, reason=None) -> Diagnostic:
    return Diagnostic(code, severity, message, path, file, line, column, source, origin=origin, reason=reason)


class Diagnostic(Immutable):
    """One finding; immutable, and cheap to create on every keystroke of the wizard.

    Where Serverless refuses a file, ``code`` is Serverless's own (``VARIABLES_RESOLUTION_ERROR``,
    ``CONFIGURATION_PARSE_ERROR``, ...) and ``reason`` is the wizard's finer one
    (``VARIABLE_VALUE_NOT_FOUND``, ``YAML_SYNTAX``, ...); elsewhere ``reason`` is ``code``.
    """

    __slots__ = ("code", "severity", "message", "path", "file", "line", "column", "source", "origin", "reason")

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
        reason: str | None = None,
    ) -> None:
        _set(self, "code", code)
        _set(self, "severity", severity)
        _set(self, "message", message)
        _set(self, "path", path if type(path) is tuple else tuple(path))
        _set(self, "file", file)
        _set(self, "line", line)
        _set(self, "column", column)
        # A documentation link or source file that states the rule.
        _set(self, "source", source)
        _set(self, "origin", origin)
        _set(self, "reason", code if reason is None else reason)

    def __reduce__(self):
        return (_diagnostic, self._fields())

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
                          origin=self.origin, reason=self.reason)

    def as_serverless(self, code: str) -> Diagnostic:
        """A copy under Serverless's ``code``, this one's code kept as its reason."""
        if code == self.code:
            return self
        return Diagnostic(code, self.severity, self.message, self.path, self.file, self.line, self.column,
                          self.source, origin=self.origin, reason=self.reason)

    def location(self) -> str:
        """``file:line:col`` as far as it is known."""
        parts = [self.file or "<config>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        code = self.code if self.reason == self.code else f"{self.code} ({self.reason})"
        return f"{self.location()}: {self.severity} {code} {self.message}"

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
            "reason": self.reason,
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
