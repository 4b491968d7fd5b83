"""Real serverless.yml files from public repositories (tests/corpus/wild).

Each either compiles or fails with located messages; none raises. Expected outcomes
are recorded so that a change in behaviour on real files is visible.
"""

from __future__ import annotations

import pytest
from wild import FILES

from wizard.api import compile_file

# Files that do not compile even in lenient mode, and the first error code of each.
# Reviewed by hand: each is a real problem of the file or a feature we do not model.
LENIENT_FAILURES = {
    # `httpApi: {path: ...}` without `method`: Serverless fails the same way.
    "034-JaredCE-serverless-openapi-documenter-inferred.yml": "MISSING_HTTP_API_METHOD",
    # The file is a template with invalid YAML (the manifest marks it invalid-yaml).
    "077-guiyom-e-sls-apigateway-v2-to-v1-templates.yml": "CONFIGURATION_PARSE_ERROR",
    # configValidationMode: error with a plugin's top-level key (stepFunctions / constructs):
    # without the plugin loaded, Serverless rejects it the same way.
    "098-TheSoftwareHouse-serverless-boilerplate-root.yml": "INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION",
    "116-getlift-lift-storage.yml": "INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION",
    # `provider: ${file(../base.yml):provider}` and ../base.yml is not in the corpus.
    "107-serverless-operations-serverless-step-functions-notifications.yml": "PROVIDER_NOT_AWS",
    # Serverless's own test file for a YAML syntax error.
    "121-serverless-serverless-cli-config-syntax-error.yml": "CONFIGURATION_PARSE_ERROR",
}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_wild_file_compiles_or_fails_clearly(path):
    for lenient in (False, True):
        result = compile_file(str(path), env={}, lenient=lenient)
        for d in result.errors:
            assert d.file and d.line and d.column, d.format()
            assert d.message
        if result.template is not None:
            assert result.template["Resources"]
    expected = LENIENT_FAILURES.get(path.name)
    if expected is None:
        assert result.template is not None, [d.format() for d in result.errors]
    else:
        assert result.template is None
        assert result.errors[0].code == expected


# Design-time findings on the wild files (lenient mode), reviewed by hand; the dated
# runtime rules are left out (most of these files use runtimes AWS has since retired).
RUNTIME_CODES = {"HTTPAPI-FUNCTION-RUNTIME", "HTTPAPI-FUNCTION-RUNTIME-DEPRECATED", "HTTPAPI-RUNTIME-NEWER-THAN-SERVERLESS"}
CHECK_FINDINGS = {
    # GET /todos/{id} beside PUT/DELETE /todos/{todo_id}: API Gateway answers ConflictException.
    "008-serverless-examples-aws-python-http-api-with-pynamodb.yml": {"HTTPAPI-ROUTE-VARIABLE-CONFLICT"},
    # issuerUrl is the template placeholder '<Your Auth0 Issuer URL>'.
    "083-nrdio-aws-api-gateway-http-api-jwt-authorizer-auth0-example-root.yml": {"HTTPAPI-JWT-ISSUER"},
}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_wild_file_check_findings(path):
    result = compile_file(str(path), env={}, lenient=True)
    found = {d.code for d in result.diagnostics if d.code.startswith("HTTPAPI-") and d.code not in RUNTIME_CODES}
    assert found == CHECK_FINDINGS.get(path.name, set())


def test_the_corpus_is_here_and_every_expectation_names_one_of_its_files():
    names = {p.name for p in FILES}
    assert len(FILES) >= 80
    assert set(LENIENT_FAILURES) <= names and set(CHECK_FINDINGS) <= names


# What is still named "not compiled" on real files is what issue 15 leaves out on purpose:
# plugins and the REST API (`http` events, with the provider's REST-only settings in the same
# warning). A key outside Serverless's own schema (lift's constructs, step functions, bref, ...)
# is not "not compiled": Serverless compiles nothing from it either, and the schema warning
# "unrecognized property" names it. Every event kind of Serverless's own in the corpus is
# compiled (cognitoUserPool, the last, in one file).
def _left_out(d) -> bool:
    if d.code == "UNSUPPORTED_PLUGINS":
        return True
    if d.code == "UNSUPPORTED_EVENT":
        return d.message.startswith('"http" events')
    return False


def test_real_files_are_compiled_whole_but_for_plugins_and_rest():
    whole = []
    for path in FILES:
        result = compile_file(str(path), env={}, lenient=True)
        named = [d for d in result.diagnostics if d.code.startswith("UNSUPPORTED_")]
        assert [d.format() for d in named if not _left_out(d)] == [], path.name
        if all(d.code == "UNSUPPORTED_PLUGINS" or d.message.startswith('"http" events') for d in named):
            whole.append(path.name)
    # All 80 files: nothing of theirs is missing from the template but what plugins and the
    # REST API add (before issue 15's round 2: 20 files had no "not compiled" warning).
    assert len(whole) == 80, len(whole)
