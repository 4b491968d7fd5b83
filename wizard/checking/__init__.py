"""Design-time checks: what AWS would reject at deploy, or what deploys but misbehaves.

Separate from Serverless's own errors (which the model layer reproduces): each rule is
one small module under ``rules/`` with a stable code, a severity, and the document that
states the rule. ``run_checks`` runs them all over a compiled service.
"""

from __future__ import annotations

from .context import CheckContext
from .registry import RULES


def run_checks(service, http_api, template=None) -> list:
    """Every finding of every rule, in rule order, as Diagnostics (not yet located)."""
    context = CheckContext(service, http_api, template)
    findings: list = []
    for rule in RULES:
        findings.extend(rule.run(context))
    return findings


__all__ = ["RULES", "run_checks"]
