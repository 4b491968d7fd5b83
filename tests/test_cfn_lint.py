"""Every template of the conformance suite passes cfn-lint with no errors.

The golden templates are linted when they are regenerated (scripts/lint_templates.py,
run by scripts/oracle/regenerate.py), which records each clean one's SHA-256; here each
committed template must be the one recorded (the compiler's output is held to these same
templates by test_conformance.py). The seed example's template, which follows the
compiler on every change, is linted live. HTTPAPI_WIZARD_CFN_LINT=1 lints them all again.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from conformance_cases import success_cases

from wizard.api import compile_file
from wizard.compiling.output import to_json

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import lint_templates  # noqa: E402

# cfn-lint takes seconds to import: only the tests that lint import it (lint_errors), not every worker that collects this file.
RECORD = json.loads(lint_templates.RECORD.read_text())


@pytest.mark.parametrize("case", success_cases(), ids=lambda c: c.name)
def test_conformance_template_was_linted_clean(case):
    assert RECORD.get(case.name) == lint_templates.digest(case.expected_template), (
        f"{case.name}: expected/template.json changed since it was linted: python scripts/lint_templates.py")


@pytest.mark.skipif(os.environ.get("HTTPAPI_WIZARD_CFN_LINT") != "1", reason="lints all templates: HTTPAPI_WIZARD_CFN_LINT=1")
@pytest.mark.parametrize("case", success_cases(), ids=lambda c: c.name)
def test_conformance_template_passes_cfn_lint(case):
    pytest.importorskip("cfnlint.api")
    result = case.compile()
    assert lint_templates.lint_errors(to_json(result.template), lint_templates.CASE_EXEMPTIONS.get(case.name, set())) == []


def test_seed_example_passes_cfn_lint():
    pytest.importorskip("cfnlint.api")
    result = compile_file(str(Path(__file__).resolve().parents[1] / "wizard" / "examples" / "seed.yml"))
    assert lint_templates.lint_errors(to_json(result.template)) == []


def test_a_template_changed_after_linting_is_caught(tmp_path, monkeypatch):
    case = success_cases()[0]
    changed = tmp_path / "template.json"
    changed.write_text(case.expected_template.read_text() + " ")
    assert lint_templates.digest(changed) != RECORD[case.name]
