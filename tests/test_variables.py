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
        ("${foo:bar}", "VARIABLE_UNRECOGNIZED_SOURCE"),
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


def test_lenient_mode_keeps_placeholders(tmp_path):
    cfg = load(BASE + "custom:\n  a: ${ssm:/x}\n  b: pre-${cf:stack.Out}-post\n", tmp_path, lenient=True)
    assert cfg.raw["custom"] == {"a": "${ssm:/x}", "b": "pre-${cf:stack.Out}-post"}
    assert [d.severity for d in cfg.diagnostics] == ["warning", "warning"]
