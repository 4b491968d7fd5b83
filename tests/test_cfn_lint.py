"""Every template we compile in the conformance suite passes cfn-lint with no errors.

E2533 (runtime lifecycle) is left out: it depends on today's date, and Serverless
v3.39's runtime list (nodejs16.x default, nodejs20.x newest) is past AWS's creation
block as of 2026. The design-time checks report deprecated runtimes themselves.
"""

from __future__ import annotations

import pytest
from conformance_cases import success_cases

from wizard.api import compile_file
from wizard.compiling.output import to_json

cfnlint_api = pytest.importorskip("cfnlint.api")

IGNORED_RULES = {"E2533"}
# 059 writes YAML's ~, null, .inf and .nan into resource Metadata on purpose (to pin how
# Serverless orders and serialises them); CloudFormation rejects null there, as it should.
CASE_EXEMPTIONS = {
    "059-yaml12-scalars": {"E3028"},
    # Extension Properties that are a string or a list: Serverless spreads their items into
    # properties named "0", "1" (Object.assign), which the resource does not have.
    "093-extension-properties-string": {"E3002"},
    "094-extension-properties-list": {"E3002"},
}


def _lint_errors(template: dict, exempt: frozenset | set = frozenset()) -> list[str]:
    matches = cfnlint_api.lint(to_json(template), config=cfnlint_api.ManualArgs(regions=["us-east-1"]))
    return [
        f"{m.rule.id} {m.message}"
        for m in matches
        if m.rule.id.startswith("E") and m.rule.id not in IGNORED_RULES and m.rule.id not in exempt
    ]


@pytest.mark.parametrize("case", success_cases(), ids=lambda c: c.name)
def test_conformance_template_passes_cfn_lint(case):
    result = case.compile()
    assert _lint_errors(result.template, CASE_EXEMPTIONS.get(case.name, set())) == []


def test_seed_example_passes_cfn_lint():
    result = compile_file("wizard/examples/seed.yml")
    assert _lint_errors(result.template) == []
