"""Design-time checks: what AWS would reject at deploy, or what deploys but misbehaves.

Separate from Serverless's own errors (which the model layer reproduces): each rule is
one small module under ``rules/`` with a stable code, one severity, and the document
that states the rule. ``run_checks`` runs them all over a compiled service;
``checks_at`` answers what they say about one part of the configuration (a form).
"""

from __future__ import annotations

import datetime

from ..diagnostics import Diagnostic, is_under
from .context import CheckContext
from .registry import RULES, RULES_BY_CODE


def run_checks(service, http_api, template=None, *, as_of: datetime.date | str | None = None,
               rules=RULES) -> list[Diagnostic]:
    """Every finding of every rule (or of ``rules``), in rule order, as Diagnostics (not yet located).

    ``as_of`` is the day the date-dependent rules judge by (``YYYY-MM-DD`` or a date;
    default today): pass one to make a run reproducible. ``template`` is needed only by
    the rules about the whole stack (resource counts).
    """
    context = CheckContext(service, http_api, template, as_of)
    findings: list = []
    for rule in rules:
        findings.extend(rule.run(context))
    return findings


def checks_at(path: tuple, service, http_api, template=None, *, as_of: datetime.date | str | None = None) -> list[Diagnostic]:
    """What the rules say about ``path`` and everything under it (e.g. one function, one route)."""
    path = tuple(path)
    return [d for d in run_checks(service, http_api, template, as_of=as_of) if is_under(d, path)]


__all__ = ["RULES", "RULES_BY_CODE", "checks_at", "run_checks"]
