"""What a rule is: a code, a severity, a summary, a source, and a function of the context.

A rule's function yields :class:`Finding` objects: where (a config path) and what (the
message, with what to change). The code, severity and source are the rule's, one of
each, so a code means one thing; :meth:`Rule.run` turns the findings into Diagnostics.
"""

from __future__ import annotations

from collections import namedtuple

from ..diagnostics import CHECK_KIND, Diagnostic, Origin

# One thing a rule found: the config path it is about and the message (with the fix).
# (collections' namedtuple, not typing's: typing costs milliseconds to import.)
Finding = namedtuple("Finding", ("path", "message"))


class Rule:
    """One check: ``check(context)`` yields :class:`Finding` objects."""

    __slots__ = ("code", "severity", "summary", "source", "check", "origin")

    def __init__(self, code: str, severity: str, summary: str, source: str, check) -> None:
        self.code = code
        self.severity = severity
        self.summary = summary
        self.source = source
        self.check = check
        self.origin = Origin(CHECK_KIND, code)

    def run(self, context) -> list[Diagnostic]:
        out = []
        for finding in self.check(context):
            if type(finding) is not Finding:
                raise TypeError(f"{self.code} yielded {finding!r}, not a Finding")
            out.append(Diagnostic(self.code, self.severity, finding.message, finding.path, source=self.source,
                                  origin=self.origin))
        return out

    def __repr__(self) -> str:
        return f"Rule({self.code!r}, {self.severity!r})"


def rule(code: str, severity: str, summary: str, source: str):
    """Decorator: turn a generator function into a Rule."""

    def wrap(check) -> Rule:
        return Rule(code, severity, summary, source, check)

    return wrap
