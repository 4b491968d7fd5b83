"""frameworkVersion as Serverless v3.39.0 checks it: node-semver's validRange and satisfies.

Each answer is what the node-semver that serverless@3.39.0 installs printed for
`semver.validRange(range)` and `semver.satisfies('3.39.0', range)`; cases 147 and 155 are
the refusal through the real `serverless package`.
"""

from __future__ import annotations

import pytest

from wizard.api import compile_text
from wizard.model.framework_version import satisfies, valid_range

NODE_SEMVER = {
    "4": False, "3": True, "^3": True, "~3": True, "3.x": True, "3.39": True, "3.39.0": True, ">=3.40.0": False,
    ">=3.0.0": True, "<4": True, ">3": False, ">=3": True, "^3.38.0": True, "^3.40.0": False, "~3.39.1": False,
    "~3.39.0": True, "*": True, "x": True, "": True, "2 || 3": True, "2 || 4": False, "3.0.0 - 3.40": True,
    "1 - 2": False, ">3.38 <3.40": True, "> 3.38.0": True, "3.39.0-beta": False, "^2.0.0": False, "=3.39.0": True,
    "v3.39.0": True, ">=3.39.0-0": True, "<=3.39": True, "<=3.38": False, ">3.39": False, "~>3.39.0": True,
    "3.39.x": True, "^0.0.1": False, "3.*": True, "3.39.1": False, ">= 3": True, "^4.0.0": False, "1.2.3 - 2": False,
    "3 - 4": True, "<3.39.0": False, "<=3.39.0": True,
}
INVALID = ["abc", "9999999999999999999999", "9007199254740991", "^9007199254740991", "3..1", ">=>3"]


@pytest.mark.parametrize("wanted, expected", NODE_SEMVER.items())
def test_satisfies_as_node_semver(wanted, expected):
    assert valid_range(wanted) is not None
    assert satisfies("3.39.0", wanted) is expected


@pytest.mark.parametrize("wanted", INVALID)
def test_invalid_ranges_as_node_semver(wanted):
    assert valid_range(wanted) is None


BASE = "service: svc\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h.a\n    events:\n      - httpApi: GET /a\n"


def test_another_major_is_refused_and_the_template_is_still_v3_39_s():
    result = compile_text(BASE + "frameworkVersion: '4'\n", env={})
    assert result.compile_errors == []  # it stops no template: routes, explain and run still work
    (d,) = result.refusals
    assert (d.code, d.line, d.column) == ("FRAMEWORK_VERSION_MISMATCH", 9, 1)
    assert d.message == ('The Serverless version (3.39.0) does not satisfy the "frameworkVersion" (4) in serverless.yml: '
                         "httpapi-wizard writes the template of Serverless v3.39.0 only; the one shown is what v3.39.0 "
                         "would write if it accepted the file")
    assert result.template is not None and not result.ok


def test_an_invalid_range_is_skipped_unless_validation_is_an_error():
    assert compile_text(BASE + "frameworkVersion: abc\n", env={}).compile_errors == []
    (d,) = compile_text(BASE + "frameworkVersion: abc\nconfigValidationMode: error\n", env={}).compile_errors
    assert d.code == "INVALID_FRAMEWORK_VERSION"


def test_the_command_line_shows_the_template_and_exits_1(tmp_path, capsys):
    from wizard.cli.main import main

    f = tmp_path / "serverless.yml"
    f.write_text(BASE + "frameworkVersion: '4'\n")
    assert main(["compile", str(f)]) == 1
    out, err = capsys.readouterr()
    assert '"AWSTemplateFormatVersion"' in out and f"{f}:9:1: error FRAMEWORK_VERSION_MISMATCH" in err
    assert main(["explain", "GET /a", str(f)]) == 0
