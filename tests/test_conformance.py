"""Golden tests: our template equals what Serverless v3.39.0 wrote for the same file.

The expected outputs were produced by the real `serverless package`
(scripts/oracle/regenerate.py). Only the artifact timestamp in S3Key and the
zip-dependent version hash are masked.
"""

from __future__ import annotations

import json
import re

import pytest
from conformance_cases import error_cases, masked, serverless_message, success_cases, wanted_message

from wizard.model.refusals import NOT_BLOCKING

_SCHEMA_LINE = re.compile(r"^\s+at ('[^']*'|root): (.*)$")


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
    ours_schema = {re.match(r"at ('[^']*'|root)", d.message).group(1) for d in result.diagnostics if d.code == "CONFIG_SCHEMA"}
    ours_timeouts = {d.message for d in result.diagnostics if d.code.startswith("HTTP_API_FUNCTION_TIMEOUT")}
    assert ours_timeouts == expected_timeouts
    assert ours_schema == expected_schema


@pytest.mark.parametrize("case", error_cases(), ids=lambda c: c.name)
def test_error_matches_serverless(case):
    """Where Serverless refuses the file, ours is an error with its code and its message."""
    expected = json.loads(case.expected_error.read_text())
    if expected["code"] == "UNSUPPORTED_CLI_OPTIONS":
        from wizard.cli.main import build_parser

        with pytest.raises(SystemExit) as info:  # argparse refuses unknown options too
            build_parser().parse_args(["compile", *[f"--{k}" for k in case.options]])
        assert info.value.code == 2
        return
    result = case.compile()
    errors = result.compile_errors + result.refusals
    # A file for another major version, or whose artifact is not built, is refused and still
    # shown as v3.39 would write it.
    assert (result.template is None) is (expected["code"] not in NOT_BLOCKING)
    for d in result.errors:
        assert d.file and d.line and d.column, d.format()  # every error points into the file
    if expected["code"] is None:
        # Serverless crashed (TypeError); we say what is wrong instead, where it is.
        assert [(d.code, d.path) for d in errors] == WHEN_SERVERLESS_CRASHED[case.name], [d.format() for d in errors]
        return
    ours = [d for d in errors if d.code == expected["code"]]
    assert ours, (expected, [d.format() for d in errors])


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
    # `events:` a mapping: "events.some is not a function".
    "149-events-not-a-list": [("EVENTS_NOT_A_LIST", ("functions", "a", "events"))],
    # A null entry in `events`: "Cannot destructure property 'stream' of 'object null'".
    "150-event-entry-null": [("EVENT_IS_NULL", ("functions", "a", "events", 0))],
    # A new Cognito User Pool without a name: Serverless calls .replace on undefined for its logical id.
    "1413-cognito-pool-missing": [("COGNITO_POOL_NOT_A_STRING", ("functions", "a", "events", 0, "cognitoUserPool"))],
    # A cloudwatchEvent description with a double quote: spliced into JSON text unescaped.
    "1416-cloudwatch-event-description-quote": [
        ("CLOUDWATCH_EVENT_NOT_VALID_JSON", ("functions", "a", "events", 0, "cloudwatchEvent")),
    ],
    # An iot event without sql, an alexaSmartHome event without appId: .replace on undefined.
    "1417-iot-without-sql": [("IOT_VALUE_NOT_TEXT", ("functions", "a", "events", 0, "iot"))],
    "1418-alexa-smart-home-without-app-id": [("ALEXA_APP_ID_NOT_TEXT", ("functions", "a", "events", 0, "alexaSmartHome"))],
    # A kafka event without accessConfigurations: Serverless destructures undefined.
    "1428-kafka-without-access-configurations": [
        ("KAFKA_ACCESS_CONFIGURATIONS_MISSING", ("functions", "a", "events", 0, "kafka")),
    ],
    # `resources:` a string: "Cannot create property 'Resources' on string".
    "151-resources-string": [("RESOURCES_NOT_A_MAPPING", ("resources",))],
    # An authorizer written with no value (`myAuth:`): "Cannot read properties of null (reading 'type')".
    "910-authorizer-null-value": [("HTTP_API_AUTHORIZER_EMPTY", ("provider", "httpApi", "authorizers", "myAuth"))],
    # A resource written as `~`: strip-null-props-from-template-resources.js reads null.Properties.
    "1715-resources-generated-set-null": [("RESOURCE_IS_NULL", ("resources", "Resources", "HttpApiStage"))],
}
@pytest.mark.parametrize("case", [c for c in error_cases() if json.loads(c.expected_error.read_text())["code"]],
                         ids=lambda c: c.name)
def test_error_message_is_serverless_message(case):
    """The message Serverless printed, less what js-yaml appends (its own file path and snippet)."""
    expected = json.loads(case.expected_error.read_text())
    if expected["code"] == "UNSUPPORTED_CLI_OPTIONS":
        pytest.skip("argparse's words for an unknown option (exit 2)")
    result = case.compile()
    ours = [d for d in result.compile_errors + result.refusals if d.code == expected["code"]]
    wanted = wanted_message(expected["message"])
    if expected["code"] == "INVALID_CONFIGURATION_STRUCTURE":
        wanted = wanted.split("\n", 1)[0].rsplit(": ", 1)[1]  # "Converting circular structure to JSON"
        assert wanted in ours[0].message
        return
    assert serverless_message(expected["code"], ours, case.folder) == wanted


def test_every_crash_case_has_its_expectation():
    crashed = {c.name for c in error_cases() if json.loads(c.expected_error.read_text())["code"] is None}
    assert crashed == set(WHEN_SERVERLESS_CRASHED)


def test_suite_is_large_enough():
    assert len(success_cases()) >= 50
    assert len(error_cases()) >= 15


_DEPRECATION_DOCS = "More Info: https://www.serverless.com/framework/docs/deprecations/#"


def _printed_deprecations(text: str) -> list[tuple[str, str]]:
    """``(code, message)`` of each deprecation Serverless printed: the ``Warning:`` block
    that ends with its ``More Info`` link."""
    found: list[tuple[str, str]] = []
    block: list[str] = []
    for line in text.splitlines():
        if line.startswith("Warning: "):
            block = [line.removeprefix("Warning: ")]
        elif line.startswith(_DEPRECATION_DOCS):
            found.append((line.removeprefix(_DEPRECATION_DOCS), "\n".join(block)))
            block = []
        elif block:
            block.append(line)
    return found


# Every deprecation code `serverless package` v3.39 can print (grep logDeprecation in its lib).
_DEPRECATION_CODES = {
    "CONFIG_VALIDATION_MODE_DEFAULT_V3", "PROJECT_DIR", "VARIABLES_RESOLUTION_MODE", "CONSOLE_CONFIGURATION",
    "PACKAGE_PATTERNS", "PROVIDER_IAM_SETTINGS_V3", "LAMBDA_HASHING_VERSION_PROPERTY",
    "KINESIS_CONSUMER_NAME_CONTAINING_SERVICE", "ALEXA_SKILL_EVENT_WITHOUT_APP_ID",
    "AWS_EVENT_BRIDGE_CUSTOM_RESOURCE_LEGACY_OPT_IN", "AWS_HTTP_API_USE_PROVIDER_TAGS_PROPERTY",
    "AWS_WEBSOCKET_API_USE_PROVIDER_TAGS",
}


@pytest.mark.parametrize("case", success_cases(), ids=lambda c: c.name)
def test_deprecations_match_serverless(case):
    """Serverless's deprecations are ours: the same codes, in the order printed, with its words."""
    result = case.compile()
    text = case.expected_warnings.read_text() if case.expected_warnings.exists() else ""
    ours = [
        (d.code, "\n".join(line.rstrip() for line in d.message.splitlines()))  # regenerate.py strips line ends
        for d in result.diagnostics
        # By its link or by its code: a deprecation reported a second time from elsewhere counts too.
        if (d.source or "").startswith("https://www.serverless.com/framework/docs/deprecations/")
        or d.code in _DEPRECATION_CODES
    ]
    assert ours == _printed_deprecations(text)


@pytest.mark.parametrize("case", success_cases(), ids=lambda c: c.name)
def test_schema_warnings_are_worded_as_serverless_prints_them(case):
    """Each schema warning line, word for word and in order: Ajv's messages as normalize-ajv-errors.js leaves them."""
    result = case.compile()
    text = case.expected_warnings.read_text() if case.expected_warnings.exists() else ""
    expected = [line.strip() for line in text.splitlines() if _SCHEMA_LINE.match(line)]
    ours = [d.message for d in result.diagnostics if d.code == "CONFIG_SCHEMA"]
    assert ours == expected  # in Ajv's order: an object's unknown keys, then its properties in the schema's


_JS_YAML_MARK = re.compile(r' in "[^"]*" \((\d+):(\d+)\)\n')
# Where our line:column for a parse error is not js-yaml's, and why ours is the one to show.
_OUR_PLACE = {
    # js-yaml throws once the tagged node is read, past its end (5:21, 5:22, 4:20, or the next
    # line for a block node); ours is the tag itself, the thing to change.
    "140-yaml-null-tag-empty-string": (5, 12),
    "141-yaml-set-with-values": (5, 10),
    "1507-yaml-unknown-tag": (4, 10),
    # js-yaml stops past the alias (4:16); ours is the alias that names no anchor.
    "1509-yaml-undefined-alias": (4, 10),
    # js-yaml reads to the end of the file (8:1); ours is the quote that never closes.
    "1504-yaml-unclosed-quote": (4, 10),
    # js-yaml's line (5:1, the key after which it wanted a comma); libyaml stops at that key's
    # colon, on the same line.
    "1508-yaml-unclosed-flow": (5, 10),
}


@pytest.mark.parametrize("case", [c for c in error_cases()
                                  if json.loads(c.expected_error.read_text())["code"] == "CONFIGURATION_PARSE_ERROR"],
                         ids=lambda c: c.name)
def test_parse_error_points_where_js_yaml_does(case):
    """A YAML parse error is located at js-yaml's line and column, or where _OUR_PLACE says and why."""
    expected = json.loads(case.expected_error.read_text())
    js_yaml = tuple(map(int, _JS_YAML_MARK.search(expected["message"]).groups()))
    (ours,) = [d for d in case.compile().compile_errors if d.code == "CONFIGURATION_PARSE_ERROR"]
    assert ours.file and (ours.line, ours.column) == _OUR_PLACE.get(case.name, js_yaml)
