"""What a rule is: a code, a severity, a summary, a source, and a function of the context."""

from __future__ import annotations

from ..diagnostics import Diagnostic


class Rule:
    """One check. ``check(context)`` yields ``(path, message)`` or ``(path, message, severity)``."""

    __slots__ = ("code", "severity", "summary", "source", "check")

    def __init__(self, code: str, severity: str, summary: str, source: str, check) -> None:
        self.code = code
        self.severity = severity
        self.summary = summary
        self.source = source
        self.check = check

    def run(self, context) -> list[Diagnostic]:
        out = []
        for finding in self.check(context):
            path, message = finding[0], finding[1]
            severity = finding[2] if len(finding) > 2 else self.severity
            out.append(Diagnostic(self.code, severity, message, path, source=self.source))
        return out


def rule(code: str, severity: str, summary: str, source: str):
    """Decorator: turn a generator function into a Rule."""

    def wrap(check) -> Rule:
        return Rule(code, severity, summary, source, check)

    return wrap
