"""`.env` files as Serverless v3.39 loads them: dotenv 16's grammar, dotenv-expand 10's expansion.

The expected values were printed by the dotenv 16.6.1 and dotenv-expand 10.0.0 that
serverless@3.39.0 installs (dotenv.parse, the process variables dotenv.config sets, then
expand); tests/conformance/cases/0310-dotenv-expand is the same through `serverless package`.
"""

from __future__ import annotations

import pytest

from wizard.diagnostics import PipelineError
from wizard.loading import dotenv
from wizard.loading.config import load_config_text


def loaded(text: str, environment: dict | None = None) -> dict:
    parsed = dotenv.parse(text)
    dotenv.expand(parsed, dict(environment or {}))
    return parsed


@pytest.mark.parametrize("text, environment, expected", [
    ("A=1\nB=${A}-$A-${C:-d}\nQ=\"x\\ny\"\nS='${A}'\nE=\\$A\nX=a$$b\nY=${X}\n", {"Z": "z"},
     {"A": "1", "B": "1-1-d", "Q": "x\ny", "S": "1", "E": "$A", "X": "a$", "Y": "a"}),
    # a later key, the process's value first, a default only when both are empty
    ("B=${L}-b\nL=l\nP=${PROC}\nD=${PROC:-no}\nO=file\n", {"PROC": "p", "O": "process"},
     {"B": "l-b", "L": "l", "P": "p", "D": "p", "O": "process"}),
    # dotenv's grammar: export, `:`, inline comments, quotes of three kinds, blank values
    ("export E=e\nC: c\nI=v # note\nT=`t`\nN=\n# K=skipped\n  W = spaced  \n", {},
     {"E": "e", "C": "c", "I": "v", "T": "t", "N": "", "W": "spaced"}),
])
def test_values_are_what_dotenv_expand_10_gives(text, environment, expected):
    assert loaded(text, environment) == expected


def test_the_process_keeps_its_values_and_gets_the_files(tmp_path):
    (tmp_path / ".env").write_text("A=from-file\nB=${A}/b\n")
    text = "service: s\nuseDotenv: true\nprovider:\n  name: aws\ncustom:\n  a: ${env:A}\n  b: ${env:B}\n"
    cfg = load_config_text(text, str(tmp_path / "serverless.yml"), env={"A": "from-process"})
    assert cfg.raw["custom"] == {"a": "from-process", "b": "from-process/b"}


def test_the_stage_file_is_read_instead_of_the_default_one(tmp_path):
    (tmp_path / ".env").write_text("A=default\n")
    (tmp_path / ".env.prod").write_text("A=prod\n")
    text = "service: s\nuseDotenv: true\nprovider:\n  name: aws\n  stage: prod\ncustom:\n  a: ${env:A}\n"
    assert load_config_text(text, str(tmp_path / "serverless.yml"), env={}).raw["custom"]["a"] == "prod"


def test_a_value_that_expands_into_itself_is_a_located_error(tmp_path):
    # Node's stack overflows on it (RangeError from dotenv-expand): refused here, at its line.
    (tmp_path / ".env").write_text("# loop\nA=${B}\nB=${A}\n")
    text = "service: s\nuseDotenv: true\nprovider:\n  name: aws\n"
    with pytest.raises(PipelineError) as caught:
        load_config_text(text, str(tmp_path / "serverless.yml"), env={})
    (d,) = caught.value.diagnostics
    assert (d.code, d.file, d.line, d.column) == ("DOTENV_LOAD_ERROR", str(tmp_path / ".env"), 2, 1)
    assert d.message.startswith(f'Failed to load environment variables from "{tmp_path / ".env"}": "A" expands')


def test_a_confined_compile_reads_no_env_file(tmp_path):
    (tmp_path / ".env").write_text("A=secret\n")
    text = "service: s\nuseDotenv: true\nprovider:\n  name: aws\ncustom:\n  a: ${env:A, 'none'}\n"
    cfg = load_config_text(text, str(tmp_path / "serverless.yml"), env={}, confined=True)
    assert cfg.raw["custom"]["a"] == "none"
