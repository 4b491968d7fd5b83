"""Golden tests: our template equals what Serverless v3.39.0 wrote for the same file.

The expected outputs were produced by the real `serverless package`
(scripts/oracle/regenerate.py). Only the artifact timestamp in S3Key and the
zip-dependent version hash are masked.
"""

from __future__ import annotations

import json
import re

import pytest
from conformance_cases import error_cases, masked, success_cases

_SCHEMA_LINE = re.compile(r"^\s+at '([^']*)': (.*)$")


@pytest.mark.parametrize("case", success_cases(), ids=lambda c: c.name)
def test_template_matches_serverless(case):
    result = case.compile()
    assert result.compile_errors == [], [d.format() for d in result.compile_errors]
    expected = json.loads(case.expected_template.read_text())
    if any(d.code in ("UNSUPPORTED_FUNCTION_PROPERTY", "UNSUPPORTED_PROVIDER_PROPERTY") for d in result.diagnostics):
        # Properties we say we do not compile change resources in place (e.g. the role's
        # statements for tracing or KMS): what we emit must still exist with the same type.
        types = {re.sub(r"LambdaVersion\w+", "V", k): v["Type"] for k, v in expected["Resources"].items()}
        for key, resource in result.template["Resources"].items():
            assert types.get(re.sub(r"LambdaVersion\w+", "V", key)) == resource["Type"], key
        return
    if any(d.code == "UNSUPPORTED_EVENT" for d in result.diagnostics):
        # We say we leave other event types out; the rest must still be exact.
        ours = {re.sub(r"LambdaVersion\w+", "LambdaVersion", k) for k in result.template["Resources"]}
        missing = [k for k in expected["Resources"] if re.sub(r"LambdaVersion\w+", "LambdaVersion", k) not in ours]
        assert missing, "an unsupported event was reported but nothing is missing"
        for key in missing:
            del expected["Resources"][key]
    assert masked(result.template) == masked(expected)


@pytest.mark.parametrize("case", success_cases(), ids=lambda c: c.name)
def test_warnings_match_serverless(case):
    """Serverless's schema and timeout warnings are ours too (same paths, same timeout texts)."""
    result = case.compile()
    text = case.expected_warnings.read_text() if case.expected_warnings.exists() else ""
    expected_schema = {m.group(1) for m in map(_SCHEMA_LINE.match, text.splitlines()) if m}
    expected_timeouts = {line.removeprefix("Warning: ").strip() for line in text.splitlines() if line.startswith("Warning: Function (")}
    ours_schema = {re.match(r"at '([^']*)'", d.message).group(1) for d in result.diagnostics if d.code == "CONFIG_SCHEMA"}
    ours_timeouts = {d.message for d in result.diagnostics if d.code.startswith("HTTP_API_FUNCTION_TIMEOUT")}
    assert ours_timeouts == expected_timeouts
    assert ours_schema == expected_schema


@pytest.mark.parametrize("case", error_cases(), ids=lambda c: c.name)
def test_error_matches_serverless(case):
    expected = json.loads(case.expected_error.read_text())
    if expected["code"] == "UNSUPPORTED_CLI_OPTIONS":
        from wizard.cli.main import build_parser

        with pytest.raises(SystemExit) as info:  # argparse refuses unknown options too
            build_parser().parse_args(["compile", *[f"--{k}" for k in case.options]])
        assert info.value.code == 2
        return
    result = case.compile()
    assert result.template is None
    errors = result.compile_errors
    codes = [d.code for d in errors]
    if expected["code"] is None:
        # Serverless crashed (TypeError); we say what is wrong instead, where it is.
        assert [(d.code, d.path) for d in errors] == WHEN_SERVERLESS_CRASHED[case.name], [d.format() for d in errors]
    else:
        assert _ours(expected["code"], codes), (expected, [d.format() for d in errors])
    for d in result.errors:
        assert d.file and d.line, d.format()  # every error points into the file


# Serverless reports every variable failure under one code; ours says which kind it was.
_VARIABLE_CODES = ("VARIABLE_", "UNTERMINATED_VARIABLE", "INVALID_VARIABLE_", "EXCESSIVE_RESOLVED_")
# Cases where Serverless v3.39 crashes with a TypeError (no code): what we report instead.
WHEN_SERVERLESS_CRASHED = {
    # `httpApi: 'GET users'` (no slash): Serverless's regexp does not match and it iterates null.
    "129-string-event-no-match": [("INVALID_HTTP_API_EVENT", ("functions", "a", "events", 0, "httpApi"))],
    # A schedule description with a double quote: schedule.js splices it into JSON text unescaped.
    "1408-schedule-description-with-quote": [("SCHEDULE_NOT_VALID_JSON", ("functions", "a", "events", 0, "schedule"))],
    # An authorizer `name` that is a mapping or a list: Serverless calls .replace on it.
    "182-authorizer-name-mapping": [
        ("HTTP_API_AUTHORIZER_NAME_NOT_A_STRING", ("provider", "httpApi", "authorizers", "j", "name")),
        ("HTTP_API_AUTHORIZER_NAME_NOT_A_STRING", ("provider", "httpApi", "authorizers", "k", "name")),
    ],
}


# Serverless codes we report under our own, more precise ones.
_OURS = {
    "INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION": ("CONFIG_SCHEMA",),
    "INVALID_CONFIGURATION_STRUCTURE": ("YAML_RECURSIVE_ALIAS",),  # "Converting circular structure to JSON"
}


def _ours(expected: str, codes: list[str]) -> bool:
    """Whether ``codes`` hold Serverless's ``expected`` code, or the one code of ours that stands for it."""
    if expected == "VARIABLES_RESOLUTION_ERROR":
        return any(c.startswith(_VARIABLE_CODES) for c in codes)
    return any(c in _OURS.get(expected, (expected,)) for c in codes)


def test_every_crash_case_has_its_expectation():
    crashed = {c.name for c in error_cases() if json.loads(c.expected_error.read_text())["code"] is None}
    assert crashed == set(WHEN_SERVERLESS_CRASHED)


def test_suite_is_large_enough():
    assert len(success_cases()) >= 50
    assert len(error_cases()) >= 15
