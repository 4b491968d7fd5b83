"""The design-time checks, finding for finding.

Each rule has a folder of fixtures under tests/checks/<CODE>/ (see check_fixtures.py):
every bad file gives exactly the findings of its committed snapshot (code, severity,
path, line, column, message), every good file gives none of that code. The snapshots
are rewritten by scripts/check_snapshots.py. The tests below the fixtures pin what the
fixtures cannot: the typed findings, ignoring, the date, and the library calls.
"""

from __future__ import annotations

import copy
import json
import pickle
import random
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from check_fixtures import AS_OF, bad_files, findings, folders, good_files, snapshot_path, validate_json
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard.api import compile_file, compile_text
from wizard.checking import RULES, RULES_BY_CODE, checks_at, run_checks
from wizard.checking.context import CheckContext, variable_name
from wizard.checking.rule import Finding, Rule
from wizard.diagnostics import CHECK_KIND, SCHEMA_KIND, SERVERLESS_KIND, WIZARD_KIND, Diagnostic

REPO = Path(__file__).resolve().parents[1]


def _rel(path: Path) -> str:
    return str(path.relative_to(REPO / "tests" / "checks"))


# ---------------------------------------------------------------- fixtures, one folder per rule


def test_every_rule_has_a_fixture_folder_and_every_folder_a_rule():
    assert [f.name for f in folders()] == sorted(RULES_BY_CODE)
    for folder in folders():
        assert bad_files(folder), f"{folder.name} has no bad*.yml"
        assert good_files(folder), f"{folder.name} has no good*.yml"
        for bad in bad_files(folder):
            assert snapshot_path(bad).exists(), f"{_rel(bad)} has no snapshot: run scripts/check_snapshots.py"
        strays = {p.stem for p in folder.glob("*.json")} - {p.stem for p in bad_files(folder)}
        assert not strays, f"{folder.name}: snapshots without a bad file: {sorted(strays)}"


@pytest.mark.parametrize("bad", bad_files(), ids=_rel)
def test_bad_fixture_gives_exactly_its_snapshot(bad):
    expected = json.loads(snapshot_path(bad).read_text(encoding="utf-8"))
    rule = RULES_BY_CODE[bad.parent.name]
    assert expected, f"{_rel(bad)}: an empty snapshot would pin nothing"
    assert {(e["code"], e["severity"]) for e in expected} == {(rule.code, rule.severity)}
    assert findings(bad) == expected


@pytest.mark.parametrize("good", good_files(), ids=_rel)
def test_good_fixture_gives_no_finding_of_its_rule(good):
    assert findings(good) == []


SERVERLESS_RECORD = json.loads((REPO / "tests" / "checks" / "serverless-v3.39.json").read_text(encoding="utf-8"))


def test_serverless_packaged_every_fixture():
    """The real `serverless package` v3.39.0 (scripts/oracle/package_check_fixtures.py) ran on each fixture."""
    fixtures = {_rel(p) for p in bad_files() + good_files()}
    assert set(SERVERLESS_RECORD) == fixtures
    assert [name for name, run in SERVERLESS_RECORD.items() if not run["packaged"]] == []


@pytest.mark.parametrize("fixture", bad_files() + good_files(), ids=_rel)
def test_our_template_of_each_fixture_is_serverless(fixture):
    """The same resources count (the stack rules count them) and route authorization (the scopes rules read it)."""
    run = SERVERLESS_RECORD[_rel(fixture)]
    template = compile_file(str(fixture), checks=False).template
    routes = {p["RouteKey"]: [p["AuthorizationType"], p.get("AuthorizationScopes")]
              for r in template["Resources"].values() if r["Type"] == "AWS::ApiGatewayV2::Route"
              for p in [r["Properties"]] if "AuthorizationType" in p}
    assert (len(template["Resources"]), routes) == (run["resources"], run["authorized_routes"])


def test_the_snapshot_script_finds_nothing_to_rewrite():
    done = subprocess.run([sys.executable, "scripts/check_snapshots.py", "--check", "HTTPAPI-ROUTE-SCOPES"],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (0, "")


# ---------------------------------------------------------------- typed, immutable findings


def test_one_severity_per_code():
    assert len(RULES_BY_CODE) == len(RULES)
    for rule in RULES:
        assert rule.severity in ("error", "warning", "info")
        assert rule.origin.kind == CHECK_KIND and rule.origin.name == rule.code


def test_a_rule_yields_findings_and_nothing_else():
    good = Rule("HTTPAPI-X", "error", "x", "https://example.com", lambda context: iter([Finding(("a", 0), "m")]))
    [diagnostic] = good.run(None)
    assert (diagnostic.code, diagnostic.severity, diagnostic.path, diagnostic.message) == ("HTTPAPI-X", "error", ("a", 0), "m")
    assert diagnostic.origin == good.origin and diagnostic.source == "https://example.com"
    tuple_rule = Rule("HTTPAPI-X", "error", "x", "s", lambda context: iter([(("a",), "m")]))
    with pytest.raises(TypeError, match="not a Finding"):
        tuple_rule.run(None)


def test_diagnostics_are_immutable_and_placing_one_returns_a_located_copy():
    d = Diagnostic("CODE", "warning", "message", ["functions", "a"])
    assert d.path == ("functions", "a") and d.origin.kind == SERVERLESS_KIND
    with pytest.raises(AttributeError, match="Diagnostic is immutable: cannot set 'line'"):
        d.line = 3
    with pytest.raises(AttributeError):
        del d.message
    with pytest.raises(AttributeError):
        d.origin.kind = "check"
    placed = d.located("serverless.yml", 4, 5)
    assert (placed.file, placed.line, placed.column) == ("serverless.yml", 4, 5)
    assert (d.file, d.line, d.column) == (None, None, None)
    assert placed != d and hash(placed) == hash(d.located("serverless.yml", 4, 5))
    assert pickle.loads(pickle.dumps(placed)) == placed and copy.deepcopy(placed) is placed
    # The constructor's positional and keyword parameters are what they were.
    assert Diagnostic("C", "error", "m", ("p",), "f.yml", 1, 2, "src") == Diagnostic(
        code="C", severity="error", message="m", path=("p",), file="f.yml", line=1, column=2, source="src")


def test_each_diagnostic_says_where_it_came_from():
    text = """\
service: svc
provider:
  name: aws
  runtime: nodejs22.x
  timeot: 3
  vpc: {securityGroupIds: [sg-1], subnetIds: [subnet-1]}
  cloudFront: {cachePolicies: {p: {MinTTL: 0, MaxTTL: 1, DefaultTTL: 0}}}
functions:
  api:
    handler: src/api.handler
    timeout: 30
    events:
      - httpApi: GET /a
"""
    result = compile_text(text, "serverless.yml", env={}, as_of=AS_OF)
    origins = {(d.code, str(d.origin)) for d in result.diagnostics}
    assert origins == {
        ("CONFIG_SCHEMA", "schema:additionalProperties"),
        ("CONFIG_SCHEMA", "schema:enum"),
        ("CONFIG_VALIDATION_MODE_DEFAULT_V3", "serverless"),
        ("UNSUPPORTED_PROVIDER_PROPERTY", "wizard"),
        ("HTTP_API_FUNCTION_TIMEOUT_AT_LIMIT", "serverless"),
        ("HTTPAPI-FUNCTION-TIMEOUT", "check:HTTPAPI-FUNCTION-TIMEOUT"),
        ("HTTPAPI-RUNTIME-NEWER-THAN-SERVERLESS", "check:HTTPAPI-RUNTIME-NEWER-THAN-SERVERLESS"),
    }
    by_origin = {d.origin.name: d for d in result.diagnostics if d.origin.kind == SCHEMA_KIND}
    # An unrecognized key is pointed at the key; a wrong value at the value.
    assert (by_origin["additionalProperties"].line, by_origin["additionalProperties"].column) == (5, 3)
    assert (by_origin["enum"].line, by_origin["enum"].column) == (4, 12)
    assert {d.origin.kind for d in result.diagnostics} == {SCHEMA_KIND, WIZARD_KIND, SERVERLESS_KIND, CHECK_KIND}


def test_check_errors_are_not_compile_errors():
    result = compile_text("service: svc\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  a:\n"
                          "    handler: h.a\n    events:\n      - httpApi: GET /a/\n", "serverless.yml", env={})
    assert [d.code for d in result.errors] == ["HTTPAPI-ROUTE-EMPTY-SEGMENT"]
    assert result.compile_errors == [] and result.template is not None and not result.ok


def test_the_seed_example_is_clean():
    result = compile_file("wizard/examples/seed.yml", as_of=AS_OF)
    findings_ = [(d.code, d.severity, d.line, d.column) for d in result.diagnostics if d.is_check]
    # Only the note that explains Serverless's warning about nodejs22.x.
    assert findings_ == [("HTTPAPI-RUNTIME-NEWER-THAN-SERVERLESS", "info", 9, 3)]


def test_a_newer_runtime_is_explained_exactly_where_serverless_warns():
    text = """\
service: svc
provider:
  name: aws
  runtime: nodejs22.x
functions:
  a: {handler: a.h, runtime: python3.13}
  b: {handler: b.h, runtime: nodejs20.x}
  c: {handler: c.h}
"""
    result = compile_text(text, "serverless.yml", env={}, as_of="2026-05-01")
    warned = [(d.line, d.path) for d in result.diagnostics if d.code == "CONFIG_SCHEMA"]
    explained = [(d.line, d.path) for d in result.diagnostics if d.code == "HTTPAPI-RUNTIME-NEWER-THAN-SERVERLESS"]
    assert sorted(warned) == sorted(explained) == [(4, ("provider", "runtime")), (6, ("functions", "a", "runtime"))]


# ---------------------------------------------------------------- the date


def test_the_date_is_a_parameter_of_the_library_and_the_cli(tmp_path):
    path = tmp_path / "serverless.yml"
    path.write_text("service: svc\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  a:\n    handler: h.a\n")
    by_day = {day: [(d.code, d.severity) for d in compile_file(str(path), as_of=day).diagnostics if d.is_check]
              for day in ("2026-04-29", "2026-04-30", "2026-05-31", "2026-06-01")}
    assert by_day == {
        "2026-04-29": [],
        "2026-04-30": [("HTTPAPI-FUNCTION-RUNTIME-DEPRECATED", "warning")],
        "2026-05-31": [("HTTPAPI-FUNCTION-RUNTIME-DEPRECATED", "warning")],
        "2026-06-01": [("HTTPAPI-FUNCTION-RUNTIME", "error")],
    }
    import datetime

    service = compile_file(str(path), checks=False)
    assert run_checks(service.service, service.http_api, as_of=datetime.date(2026, 6, 1))[0].code == "HTTPAPI-FUNCTION-RUNTIME"
    with pytest.raises(ValueError):
        run_checks(service.service, service.http_api, as_of="next tuesday")


def test_cli_as_of_for_validate_and_compile_checks(tmp_path, capsys):
    from wizard.cli.main import main

    path = tmp_path / "serverless.yml"
    path.write_text("service: svc\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  a:\n    handler: h.a\n")
    assert main(["validate", str(path), "--as-of", "2026-05-31"]) == 0
    assert "warning HTTPAPI-FUNCTION-RUNTIME-DEPRECATED" in capsys.readouterr().out
    assert main(["validate", str(path), "--as-of", "2026-06-01"]) == 1
    assert f"{path}:4:3: error HTTPAPI-FUNCTION-RUNTIME provider.runtime (used by a)" in capsys.readouterr().out
    assert main(["compile", str(path), "--checks", "--as-of", "2026-06-01"]) == 0
    assert f"{path}:4:3: error HTTPAPI-FUNCTION-RUNTIME" in capsys.readouterr().err
    for wrong in ("2026-6-1", "20260601", "2026-02-30"):
        with pytest.raises(SystemExit) as exit_:
            main(["validate", str(path), "--as-of", wrong])
        assert exit_.value.code == 2
        assert f"argument --as-of: expected a date as YYYY-MM-DD, got '{wrong}'" in capsys.readouterr().err


# ---------------------------------------------------------------- ignoring a finding

IGNORABLE = """\
service: svc
provider:
  name: aws
  runtime: nodejs22.x
custom:
  httpapiWizard:
    ignore: [HTTPAPI-ROUTE-REDUNDANT]
functions:
  api:
    handler: src/api.handler
    events:
      - httpApi: ANY /a
      - httpApi: GET /a
      - httpApi: GET /b/
"""


def _checks(result) -> list[tuple]:
    return [(d.code, d.line, d.column) for d in result.diagnostics if d.code.startswith("HTTPAPI-")]


def test_ignore_in_the_file_and_on_the_command_line(tmp_path):
    path = tmp_path / "serverless.yml"
    path.write_text(IGNORABLE)
    assert _checks(compile_file(str(path), as_of=AS_OF)) == [
        ("HTTPAPI-ROUTE-EMPTY-SEGMENT", 14, 9), ("HTTPAPI-RUNTIME-NEWER-THAN-SERVERLESS", 4, 3)]
    path.write_text(IGNORABLE.replace("    ignore: [HTTPAPI-ROUTE-REDUNDANT]\n", "    ignore: []\n"))
    assert ("HTTPAPI-ROUTE-REDUNDANT", 13, 9) in _checks(compile_file(str(path), as_of=AS_OF))
    result = compile_file(str(path), as_of=AS_OF, ignore=["HTTPAPI-ROUTE-REDUNDANT", "httpapi-route-empty-segment"])
    assert _checks(result) == [("HTTPAPI-RUNTIME-NEWER-THAN-SERVERLESS", 4, 3)]
    # An ignored error no longer fails validate.
    code, _ = validate_json(path, "--ignore", "HTTPAPI-ROUTE-EMPTY-SEGMENT")
    assert code == 0
    code, _ = validate_json(path)
    assert code == 1


def test_an_unknown_or_serverless_code_is_itself_a_finding_where_it_was_written(tmp_path):
    path = tmp_path / "serverless.yml"
    path.write_text(IGNORABLE.replace("[HTTPAPI-ROUTE-REDUNDANT]",
                                      "[HTTPAPI-ROUTE-REDUNDANT, CONFIG_SCHEMA, HTTPAPI-NOPE, null, {a: 1}]")
                    .replace("    ignore:", "    ignores: true\n    ignore:"))
    code, diagnostics = validate_json(path, "--ignore", "HTTPAPI-TYPO,HTTPAPI-ROUTE-EMPTY-SEGMENT", "--ignore", "")
    mine = [(d["code"], d["severity"], d["file"], d["line"], d["column"], d["path"], d["message"]) for d in diagnostics
            if d["code"] in ("HTTPAPI-IGNORE-UNKNOWN", "HTTPAPI-WIZARD-SETTINGS")]
    tail = ("is not the code of a design-time check, so it ignores nothing; only the checks' HTTPAPI- codes can be "
            "ignored (README, Design-time checks), not Serverless's own errors and warnings")
    assert mine == [
        ("HTTPAPI-IGNORE-UNKNOWN", "warning", "--ignore", None, None, "", f"'HTTPAPI-TYPO' {tail}"),
        ("HTTPAPI-WIZARD-SETTINGS", "warning", str(path), 7, 5, "custom.httpapiWizard.ignores",
         "custom.httpapiWizard.ignores is not a setting of httpapi-wizard (there is: ignore); it is left unused"),
        ("HTTPAPI-IGNORE-UNKNOWN", "warning", str(path), 8, 39, "custom.httpapiWizard.ignore.1", f"'CONFIG_SCHEMA' {tail}"),
        ("HTTPAPI-IGNORE-UNKNOWN", "warning", str(path), 8, 54, "custom.httpapiWizard.ignore.2", f"'HTTPAPI-NOPE' {tail}"),
        ("HTTPAPI-IGNORE-UNKNOWN", "warning", str(path), 8, 68, "custom.httpapiWizard.ignore.3", f"'null' {tail}"),
        ("HTTPAPI-IGNORE-UNKNOWN", "warning", str(path), 8, 74, "custom.httpapiWizard.ignore.4", f"'{{\"a\": 1}}' {tail}"),
    ]
    assert code == 0  # the one error was ignored; the warnings do not fail validate


def test_a_malformed_setting_is_a_finding(tmp_path):
    for custom, path_, line, message in (
        ("  httpapiWizard: [HTTPAPI-ROUTE-REDUNDANT]\n", "custom.httpapiWizard", 6,
         "custom.httpapiWizard must be a mapping, e.g. `ignore: [HTTPAPI-ROUTE-REDUNDANT]`"),
        ("  httpapiWizard:\n    ignore: HTTPAPI-ROUTE-REDUNDANT\n", "custom.httpapiWizard.ignore", 7,
         "custom.httpapiWizard.ignore must be a list of check codes, e.g. [HTTPAPI-ROUTE-REDUNDANT]"),
    ):
        path = tmp_path / "serverless.yml"
        path.write_text(IGNORABLE.replace("  httpapiWizard:\n    ignore: [HTTPAPI-ROUTE-REDUNDANT]\n", custom))
        _, diagnostics = validate_json(path)
        assert [(d["path"], d["line"], d["message"]) for d in diagnostics if d["code"] == "HTTPAPI-WIZARD-SETTINGS"] == [
            (path_, line, message)]
        assert any(d["code"] == "HTTPAPI-ROUTE-REDUNDANT" for d in diagnostics)  # nothing was ignored


def test_serverless_errors_cannot_be_ignored(tmp_path):
    path = tmp_path / "serverless.yml"
    path.write_text(IGNORABLE.replace("ignore: [HTTPAPI-ROUTE-REDUNDANT]", "ignore: [DUPLICATE_HTTP_API_ROUTE]")
                    + "      - httpApi: GET /a\n")
    result = compile_file(str(path), ignore=["DUPLICATE_HTTP_API_ROUTE"])
    assert result.template is None
    assert [d.code for d in result.compile_errors] == ["DUPLICATE_HTTP_API_ROUTE"]
    assert [(d.file, d.line) for d in result.diagnostics if d.code == "HTTPAPI-IGNORE-UNKNOWN"] == [
        ("--ignore", None), (str(path), 7)]


def test_the_setting_does_not_trouble_serverless_schema():
    result = compile_text(IGNORABLE, "serverless.yml", env={}, as_of=AS_OF)
    assert [d.code for d in result.diagnostics if d.origin.kind == SCHEMA_KIND] == ["CONFIG_SCHEMA"]  # the runtime only
    assert "runtime" in next(d.message for d in result.diagnostics if d.origin.kind == SCHEMA_KIND)


def test_the_wizard_problems_honour_the_files_ignore_list(tmp_path):
    from wizard.authoring.session import Session

    path = tmp_path / "serverless.yml"
    path.write_text(IGNORABLE)
    codes = [d.code for d in Session.from_file(str(path)).compile().diagnostics]
    assert "HTTPAPI-ROUTE-REDUNDANT" not in codes and "HTTPAPI-ROUTE-EMPTY-SEGMENT" in codes


# ---------------------------------------------------------------- the library for the wizard's forms


def test_checks_at_answers_for_one_part_of_the_configuration():
    result = compile_text(IGNORABLE.replace("    ignore: [HTTPAPI-ROUTE-REDUNDANT]\n", "    ignore: []\n"),
                          "serverless.yml", env={}, checks=False)
    event = ("functions", "api", "events", 2, "httpApi")
    at_event = checks_at(event, result.service, result.http_api, as_of=AS_OF)
    assert [(d.code, d.path) for d in at_event] == [("HTTPAPI-ROUTE-EMPTY-SEGMENT", event)]
    assert [d.code for d in checks_at(("functions", "api"), result.service, result.http_api, as_of=AS_OF)] == [
        "HTTPAPI-ROUTE-EMPTY-SEGMENT", "HTTPAPI-ROUTE-REDUNDANT"]
    assert checks_at(("provider", "httpApi"), result.service, result.http_api, as_of=AS_OF) == []
    # The same question of a whole compile: every kind of diagnostic about that part.
    full = compile_text(IGNORABLE.replace("  runtime: nodejs22.x\n", "  runtime: nodejs22.x\n  timeot: 3\n  cloudFront: {}\n"),
                        "serverless.yml", env={}, as_of=AS_OF)
    # Schema warnings in Ajv's order: the unknown key (line 5) before the runtime's enum (line 4).
    assert [(d.code, d.line) for d in full.at(("provider",))] == [
        ("CONFIG_SCHEMA", 5), ("CONFIG_SCHEMA", 4), ("UNSUPPORTED_PROVIDER_PROPERTY", 6),
        ("HTTPAPI-RUNTIME-NEWER-THAN-SERVERLESS", 4)]
    assert [(d.code, d.line) for d in full.at(["functions", "api", "events", 2])] == [("HTTPAPI-ROUTE-EMPTY-SEGMENT", 16)]


def test_the_stack_rules_say_nothing_without_a_template():
    # checks_at and the wizard's forms run the checks without a template: nothing to count then.
    for code, fixture in (("HTTPAPI-STACK-RESOURCES", "bad.yml"), ("HTTPAPI-STACK-RESOURCES-NEAR-LIMIT", "bad-at-80-percent.yml")):
        result = compile_file(str(REPO / "tests" / "checks" / code / fixture), checks=False)
        assert [d.code for d in run_checks(result.service, result.http_api, result.template, as_of=AS_OF)
                if d.code == code] == [code]
        assert [d.code for d in run_checks(result.service, result.http_api, as_of=AS_OF) if d.code == code] == []


def test_the_checks_go_on_past_a_route_serverless_refuses():
    # Serverless throws on an httpApi event without a method; the checks still judge the rest.
    text = ("service: checks\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  api:\n"
            "    handler: src/api.handler\n    events:\n      - httpApi: {path: /x}\n      - httpApi: GET /Y\n"
            "  other:\n    handler: src/other.handler\n    events:\n      - httpApi: GET /y\n")
    result = compile_text(text, "serverless.yml", env={}, as_of=AS_OF)
    assert [(d.code, d.line) for d in result.diagnostics if not d.code.startswith("CONFIG_")] == [
        ("MISSING_HTTP_API_METHOD", 9), ("HTTPAPI-LOGICAL-ID-COLLISION", 14),
        ("HTTPAPI-RUNTIME-NEWER-THAN-SERVERLESS", 4)]


@pytest.mark.parametrize("name,lenient", [("{Ref: OrdersFunctionName}", False), ("${self:custom.missing}", True),
                                          ("orders-${self:custom.missing}", True)])
def test_a_function_name_known_only_at_deploy_time_is_not_judged(name, lenient):
    # A CloudFormation function, or (lenient) a variable left unresolved: the default name it replaces is too long,
    # but it is not the name Lambda gets.
    text = ("service: checks-a-rather-long-service-name\nprovider:\n  name: aws\n  runtime: nodejs22.x\n"
            "  stage: production\nfunctions:\n  listAllOrdersOfTheCustomerSinceTheBeginning:\n"
            f"    handler: src/orders.handler\n    name: {name}\n    events:\n      - httpApi: GET /orders\n")
    result = compile_text(text, "serverless.yml", env={}, lenient=lenient, as_of=AS_OF)
    assert result.template is not None
    assert [d for d in result.diagnostics if d.code == "HTTPAPI-FUNCTION-NAME"] == []


# ---------------------------------------------------------------- route_redundant: near-linear, same findings


def _quadratic_redundant(context) -> list[tuple]:
    """The rule's definition, pair by pair (what the rule did before it was made near-linear)."""
    from wizard.checking.rules.route_redundant import _auth_key

    out = []
    by_function: dict = {}
    for rp in context.paths:
        by_function.setdefault(rp.route.function.key, []).append(rp)
    for rps in by_function.values():
        for rp in rps:
            for other in rps:
                if other is rp or _auth_key(other.route) != _auth_key(rp.route):
                    continue
                same_path = other.segments == rp.segments
                greedy = bool(other.segments) and (variable_name(other.segments[-1]) or "").endswith("+")
                under = (greedy and len(rp.segments) >= len(other.segments)
                         and rp.segments[: len(other.segments) - 1] == other.segments[:-1])
                if ((other.route.method == "ANY" and rp.route.method != "ANY" and same_path)
                        or (under and other.route.method in ("ANY", rp.route.method) and not same_path)):
                    out.append((rp.where, other.route.route_key))
                    break
    return out


_SEGMENTS = ["a", "b", "{id}", "{proxy+}", "{p+}"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.sampled_from(["GET", "POST", "ANY"]),
                          st.lists(st.sampled_from(_SEGMENTS), min_size=1, max_size=3), st.booleans()),
                min_size=1, max_size=12))
def test_route_redundant_finds_what_the_pairwise_definition_finds(routes):
    from wizard.checking.rules import route_redundant

    functions: dict = {}
    seen = set()
    for fn, method, segments, secured in routes:
        key = f"{method} /{'/'.join(segments)}"
        if key in seen:
            continue
        seen.add(key)
        event = {"method": method, "path": "/" + "/".join(segments)}
        if secured:
            event["authorizer"] = {"type": "aws_iam"}
        functions.setdefault(f"f{fn}", {"handler": "h.f", "events": []})["events"].append({"httpApi": event})
    config = {"service": "svc", "provider": {"name": "aws", "runtime": "nodejs22.x"}, "functions": functions}
    result = compile_text(yaml.safe_dump(config), "serverless.yml", env={}, checks=False)
    context = CheckContext(result.service, result.http_api, result.template)
    found = [(f.path, f.message.split("which '")[1].split("'")[0]) for f in route_redundant.RULE.check(context)]
    assert found == _quadratic_redundant(context)


def test_route_redundant_on_hundreds_of_routes_of_one_function():
    rng = random.Random(12)
    events = [f"      - httpApi: GET /r{i}/{{id}}\n" for i in range(400)]
    events += [f"      - httpApi: ANY /g{rng.randrange(50)}/{{proxy+}}\n" for _ in range(20)]
    events += [f"      - httpApi: POST /g{i}/x/y\n" for i in range(50)]
    text = "service: svc\nprovider:\n  name: aws\nfunctions:\n  api:\n    handler: h.api\n    events:\n" + "".join(dict.fromkeys(events))
    result = compile_text(text, "serverless.yml", env={}, checks=False)
    context = CheckContext(result.service, result.http_api, result.template)
    from wizard.checking.rules import route_redundant

    found = [(f.path, f.message.split("which '")[1].split("'")[0]) for f in route_redundant.RULE.check(context)]
    assert found == _quadratic_redundant(context) and found


# ---------------------------------------------------------------- the conformance cases and the README

# Conformance cases that Serverless compiles but AWS would reject: written on purpose to
# pin Serverless's behaviour. Every other case must raise no error from the checks.
AWS_REJECTS = {
    # logRetentionInDays: 4 and a stage with a space (in every function name), on purpose.
    "0309-schema-warning-wording": {"HTTPAPI-LOG-RETENTION", "HTTPAPI-FUNCTION-NAME"},
    "005-logical-id-normalisation": {"HTTPAPI-ROUTE-EMPTY-SEGMENT"},  # 'GET /a//b/'
    "013-cors-allow-credentials-true": {"HTTPAPI-CORS-CREDENTIALS-WILDCARD"},
    # Simple responses with payload 1.0; scopes on a route of a Lambda authorizer (CUSTOM).
    "023-request-authorizer-function-name": {"HTTPAPI-LAMBDA-AUTHORIZER", "HTTPAPI-ROUTE-SCOPES-LAMBDA-AUTHORIZER"},
    "036-payload-unquoted": {"HTTPAPI-PAYLOAD-VERSION"},
    "070-ajv-coercion": {"HTTPAPI-PAYLOAD-VERSION"},
    # `type: jwt` on the event does not change reqAuth's type: the route is CUSTOM, with scopes.
    "074-authorizer-event-type-ignored": {"HTTPAPI-ROUTE-SCOPES-LAMBDA-AUTHORIZER"},
    # Numbers past 1.8e308: Infinity, written as null (issue 11, item 8).
    "088-integer-past-double-range": {"HTTPAPI-FUNCTION-TIMEOUT-RANGE"},
    "089-float-past-double-range": {"HTTPAPI-FUNCTION-TIMEOUT-RANGE"},
    "090-integer-over-4300-digits": {"HTTPAPI-FUNCTION-MEMORY"},
    # Values the schema only warns about, written to pin the warnings' words and order: an
    # access-log format 5; an authorizer with a numeric identity source and a 9999 s TTL; a
    # payload "3.0", a log retention of 4 days and an allowed origin 5.
    "0501-anyof-wording-scalars-objects-arrays": {"HTTPAPI-LOG-REQUEST-ID"},
    "0503-anyof-wording-const-oneof": {"HTTPAPI-IDENTITY-SOURCE", "HTTPAPI-LAMBDA-AUTHORIZER"},
    "0504-schema-warnings-order": {"HTTPAPI-CORS-ORIGIN-FORMAT", "HTTPAPI-LOG-RETENTION", "HTTPAPI-PAYLOAD-VERSION"},
    # The 8xx cases pin how Serverless compiles what users get wrong: paths with a trailing or a double
    # slash, %20 and {id}:publish; {id} and {ID} at one level; two identity sources on a JWT authorizer.
    "800-paths-unusual-characters": {"HTTPAPI-ROUTE-PARTIAL-VARIABLE", "HTTPAPI-ROUTE-EMPTY-SEGMENT",
                                     "HTTPAPI-ROUTE-INVALID-CHARACTERS"},
    "801-route-id-collisions": {"HTTPAPI-ROUTE-VARIABLE-CONFLICT"},
    "804-jwt-identity-variants": {"HTTPAPI-IDENTITY-SOURCE"},
    # Scopes on Lambda authorizers' routes, simple responses with payload 1.0, unquoted 2.0 and 1.0, 30.5 s.
    "805-request-authorizers-mixed": {"HTTPAPI-ROUTE-SCOPES-LAMBDA-AUTHORIZER", "HTTPAPI-LAMBDA-AUTHORIZER"},
    "817-payload-mixes": {"HTTPAPI-PAYLOAD-VERSION"},
    "818-timeouts-memory": {"HTTPAPI-FUNCTION-TIMEOUT-RANGE"},
    "826-scopes-on-request-and-jwt-name-and-type": {"HTTPAPI-ROUTE-SCOPES-LAMBDA-AUTHORIZER"},
    "831-authorizer-coerced-values": {"HTTPAPI-PAYLOAD-VERSION"},
    # JWT authorizers without an issuer or an audience: `type: REQUEST` (not "request") and a list of
    # authorizers (Object.entries names it "0") are JWT ones with nothing set.
    "828-jwt-without-audience": {"HTTPAPI-JWT-ISSUER", "HTTPAPI-JWT-AUDIENCE", "HTTPAPI-IDENTITY-SOURCE"},
    "829-authorizer-type-uppercase": {"HTTPAPI-JWT-ISSUER", "HTTPAPI-JWT-AUDIENCE"},
    "839-authorizers-as-list": {"HTTPAPI-JWT-ISSUER", "HTTPAPI-JWT-AUDIENCE", "HTTPAPI-IDENTITY-SOURCE"},
    "841-authorizers-as-string": {"HTTPAPI-JWT-ISSUER", "HTTPAPI-JWT-AUDIENCE", "HTTPAPI-IDENTITY-SOURCE"},
    # A memory of 100000 MB with the schema set to warn; a function named 'other.fn' (its dot stays in the logical id).
    "0752-validation-mode-warn-explicit": {"HTTPAPI-FUNCTION-MEMORY"},
    "0760-function-properties-mix": {"HTTPAPI-FUNCTION-LOGICAL-ID"},
}
# The cases were written for Serverless v3.39, whose runtimes AWS still created functions with then.
CONFORMANCE_AS_OF = "2024-01-01"


def _conformance_cases():
    from conformance_cases import success_cases

    return success_cases()


@pytest.mark.parametrize("case", _conformance_cases(), ids=lambda c: c.name)
def test_checks_accept_what_aws_accepts(case):
    result = case.compile(as_of=CONFORMANCE_AS_OF)
    assert {d.code for d in result.errors if d.is_check} == AWS_REJECTS.get(case.name, set())


def test_the_readme_table_is_the_rules():
    sys.path.insert(0, str(REPO / "scripts"))
    from checks_table import rewritten

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme == rewritten(readme), "run scripts/checks_table.py"
    assert f"`validate` runs {len(RULES)} checks" in readme
