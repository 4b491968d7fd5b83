"""Serverless v3 variables resolved offline, with v3's quirks, and located errors."""

from __future__ import annotations

import pytest

from wizard.loading.config import load_config_text
from wizard.loading.variables import Options


def load(text, tmp_path, *, stage=None, region=None, env=None, lenient=False, params=None):
    path = tmp_path / "serverless.yml"
    path.write_text(text)
    return load_config_text(
        text, str(path), options=Options(stage=stage, region=region, params=params), env=env or {}, lenient=lenient
    )


BASE = "service: svc\nprovider:\n  name: aws\n"


def test_sources_and_types(tmp_path):
    (tmp_path / "x.yml").write_text("a:\n  b: from-file\n  c: ${self:service}\n")
    (tmp_path / "x.json").write_text('{"k": [1, 2]}')
    cfg = load(
        BASE
        + "custom:\n  num: 5\n  dev:\n    memory: 256\n"
        + "  whole: ${self:custom.num}\n"
        + "  part: v-${self:custom.num}\n"
        + "  nested: ${self:custom.${sls:stage}.memory}\n"
        + "  env: ${env:HOME_X, 'dflt'}\n"
        + "  emptyEnv: ${env:EMPTY, 'dflt'}\n"
        + "  file: ${file(./x.yml):a.b}\n"
        + "  fileVar: ${file(./x.yml):a.c}\n"
        + "  json: ${file(./x.json):k}\n"
        + "  missingFile: ${file(./nope.yml), 'fallback'}\n"
        + "  bool: ${strToBool(true)}\n"
        + "  region: ${aws:region}\n"
        + "  stage: ${opt:stage, 'dev'}\n"
        + "  sub: !Sub 'arn:${AWS::Partition}:s3:::${self:service}'\n"
        + "  escaped: \\${self:service}\n"
        + "  chain: ${env:NOPE, self:custom.num}\n",
        tmp_path,
        env={"EMPTY": ""},
    )
    assert not cfg.diagnostics
    c = cfg.raw["custom"]
    assert c["whole"] == 5 and c["part"] == "v-5" and c["nested"] == 256
    assert c["env"] == "dflt" and c["emptyEnv"] == ""  # an empty string is a value
    assert c["file"] == "from-file" and c["fileVar"] == "svc" and c["json"] == [1, 2]
    assert c["missingFile"] == "fallback" and c["bool"] is True
    assert c["region"] == "us-east-1" and c["stage"] == "dev"
    assert c["sub"] == {"Fn::Sub": "arn:${AWS::Partition}:s3:::svc"}
    assert c["escaped"] == "${self:service}"
    assert c["chain"] == 5


def test_cli_options_and_params(tmp_path):
    cfg = load(
        BASE + "params:\n  prod:\n    size: 512\n  default:\n    size: 128\n    name: d\n"
        "custom:\n  a: ${sls:stage}-${opt:region}\n  b: ${param:size}\n  c: ${param:name}\n  d: ${param:cli}\n",
        tmp_path,
        stage="prod",
        region="eu-west-1",
        params={"cli": "x"},
    )
    assert not cfg.diagnostics
    assert cfg.raw["custom"] == {"a": "prod-eu-west-1", "b": 512, "c": "d", "d": "x"}


def test_strtobool_false_literal_is_the_v3_bug(tmp_path):
    cfg = load(BASE + "custom:\n  a: ${strToBool(false)}\n  b: ${strToBool('false')}\n", tmp_path)
    assert cfg.raw["custom"]["b"] is False
    (d,) = cfg.diagnostics
    assert (d.code, d.reason, d.line) == ("VARIABLES_RESOLUTION_ERROR", "VARIABLE_MISSING_PARAM", 5)


@pytest.mark.parametrize(
    "value,code",
    [
        ("${env:NOPE}", "VARIABLE_VALUE_NOT_FOUND"),
        ("${ssm:/path}", "VARIABLE_NEEDS_AWS"),
        ("${aws:accountId}", "VARIABLE_NEEDS_AWS"),
        ("${self:custom.a", "UNTERMINATED_VARIABLE"),
        ("${opt:stage, dev}", "INVALID_VARIABLE_LITERAL_SOURCE"),
        ("${self:custom.a}", "VARIABLE_CIRCULAR_REFERENCE"),
        ("x-${self:custom}", "VARIABLE_CIRCULAR_REFERENCE"),
    ],
)
def test_errors_name_the_variable_and_its_line(tmp_path, value, code):
    cfg = load(BASE + f"custom:\n  a: '{value}'\n", tmp_path)
    # Serverless's one code for them all; ours says which kind it was.
    assert {d.code for d in cfg.diagnostics} == {"VARIABLES_RESOLUTION_ERROR"}
    reasons = [d.reason for d in cfg.diagnostics]
    assert code in reasons
    d = next(d for d in cfg.diagnostics if d.reason == code)
    assert d.severity == "error" and d.line == 5 and d.column == 6
    assert "custom.a" in d.message


@pytest.mark.parametrize("value,code,message", [
    ("${foo:bar}", "UNRECOGNIZED_VARIABLE_SOURCES", 'Unrecognized configuration variable sources: "foo"'),
    # Without `org`, no resolver knows "output" (the Dashboard plugin's); Serverless's message opens with a stray quote.
    ("${output:other.Key}", "DASHBOARD_VARIABLE_SOURCES_MISUSE", '"Cannot resolve configuration: "output" variable can only '
     'be used in services deployed with Serverless Dashboard (with "org" setting configured)'),
])
def test_a_source_no_resolver_knows_is_serverless_s_own_error_where_it_is_used(tmp_path, value, code, message):
    """scripts/serverless.js names such sources after resolving the rest, under codes of their own
    (tests/conformance/cases/1709-unknown-variable-source, 1716-output-source-without-org)."""
    cfg = load(BASE + f"custom:\n  a: '{value}'\n", tmp_path)
    (d,) = cfg.diagnostics
    assert (d.code, d.severity, d.line, d.column, d.message) == (code, "error", 5, 6, message)


def test_lenient_mode_keeps_placeholders(tmp_path):
    cfg = load(BASE + "custom:\n  a: ${ssm:/x}\n  b: pre-${cf:stack.Out}-post\n", tmp_path, lenient=True)
    assert cfg.raw["custom"] == {"a": "${ssm:/x}", "b": "pre-${cf:stack.Out}-post"}
    assert [d.severity for d in cfg.diagnostics] == ["warning", "warning"]


@pytest.mark.parametrize("slashes", range(1, 7))
def test_backslashes_before_a_variable_halve_and_an_odd_run_escapes_it(tmp_path, slashes):
    """parse.js: an odd run of n backslashes before `${` leaves (n-1)/2 of them and the `${...}` as text
    (registerVarEscape); an even run leaves n/2 and the variable is resolved (registerSlashEscape).
    tests/conformance/cases/0709-escapes-and-literals holds what Serverless wrote for 2, 3 and 4."""
    cfg = load(BASE + "custom:\n  a: 'x" + "\\" * slashes + "${self:service}'\n", tmp_path)
    assert not cfg.diagnostics
    kept = "\\" * (slashes // 2)
    assert cfg.raw["custom"]["a"] == ("x" + kept + ("${self:service}" if slashes % 2 else "svc"))


def test_a_param_that_is_nowhere_takes_the_fallback_and_says_why_without_one(tmp_path):
    """The param source reports no value and the reason (dashboard-plugin lib/variables.js, eventualErrorMessage):
    a fallback is then used (0706-params-cli-and-stage); without one the reason is the error (1700)."""
    cfg = load(BASE + "custom:\n  a: ${param:nope, 'fallback'}\n  b: ${param:nope, env:NOPE, 7}\n", tmp_path, env={})
    assert not cfg.diagnostics and cfg.raw["custom"] == {"a": "fallback", "b": 7}
    cfg = load(BASE + "custom:\n  a: ${param:nope}\n", tmp_path)
    (d,) = cfg.diagnostics
    assert (d.code, d.reason, d.line) == ("VARIABLES_RESOLUTION_ERROR", "VARIABLE_VALUE_NOT_FOUND", 5)
    assert d.message == ('Cannot resolve variable at "custom.a": The param "nope" cannot be resolved from CLI options or '
                         "stage params. If you are using Serverless Framework Compose, make sure to run commands via "
                         "Compose so that all parameters can be resolved")


def test_a_cli_param_loses_its_trailing_blanks_only(tmp_path):
    # resolve-params.js: `res.groups.value.trimEnd()` (0706: "spaces=  x  " is "  x").
    cfg = load(BASE + "custom:\n  a: ${param:p}\n", tmp_path, params={"p": "  x \t"})
    assert cfg.raw["custom"]["a"] == "  x"


@pytest.mark.parametrize("address,value", [
    ("custom.s.0", "a"), ("custom.s.length", 3), ("custom.list.length", 2), ("custom.list.1.0", "d"),
    ("custom.list.01", None), ("custom.list.-1", None), ("custom.s.3", None), ("custom.map.length", None),
])
def test_an_address_steps_as_js_does_into_strings_and_lengths(tmp_path, address, value):
    """resolve.js walks an address with `value[key]`: a string's characters and any string's or list's length
    are there, a list takes only true indexes (0702-file-deep-keys holds what Serverless wrote for some)."""
    text = BASE + "custom:\n  s: abc\n  list: [x, dd]\n  map: {k: v}\n  out: ${self:" + address + ", 'none'}\n"
    cfg = load(text, tmp_path)
    assert not cfg.diagnostics
    assert cfg.raw["custom"]["out"] == ("none" if value is None else value)


def test_a_file_that_does_not_parse_is_named_as_serverless_names_it(tmp_path):
    # sources/file.js: the path from the service folder, normalised; JSON.parse's words where they map (1703, 1705).
    (tmp_path / "bad.json").write_text('{"a": 1,}')
    (tmp_path / "bad.yml").write_text("a: [1, 2\nb: 3\n")
    cfg = load(BASE + "custom:\n  j: ${file(./bad.json)}\n  y: ${file(./sub/../bad.yml)}\n", tmp_path)
    messages = sorted(d.message for d in cfg.diagnostics)
    assert messages[0] == ('Cannot resolve variable at "custom.j": Cannot parse "bad.json": JSON parse error: Expected '
                           "double-quoted property name in JSON at position 8")
    assert messages[1].startswith('Cannot resolve variable at "custom.y": Cannot parse "bad.yml": missed comma between '
                                  f'flow collection entries in "{tmp_path / "bad.yml"}" (')
