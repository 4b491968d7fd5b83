"""The wild corpus against the real `serverless package` v3.39.0.

tests/corpus/wild-expected/<file>.json holds what Serverless wrote for each corpus file
packaged alone, offline (scripts/oracle/package_wild.py). Where our compile says nothing
is left out, the whole template must be Serverless's; where it names what it does not
compile, what it emits must still be there with the same resource types.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conformance_cases import masked
from wild import CORPUS

from wizard.api import compile_file

RECORDS = Path(__file__).parent / "corpus" / "wild-expected"
PACKAGED = sorted(p for p in RECORDS.glob("*.json") if "template" in json.loads(p.read_text(encoding="utf-8")))
_LEFT_OUT = ("UNSUPPORTED_EVENT", "UNSUPPORTED_FUNCTION_PROPERTY", "UNSUPPORTED_PROVIDER_PROPERTY", "UNSUPPORTED_SECTION", "UNSUPPORTED_PLUGINS")
_VERSION = re.compile(r"LambdaVersion\w+")


def _compile(record: Path):
    result = compile_file(str(CORPUS / (record.stem + ".yml")), env={})
    assert result.template is not None, [d.format() for d in result.errors]
    return result


@pytest.mark.parametrize("record", PACKAGED, ids=lambda p: p.stem)
def test_wild_template_matches_serverless(record):
    expected = json.loads(record.read_text(encoding="utf-8"))["template"]
    result = _compile(record)
    if any(d.code in _LEFT_OUT for d in result.diagnostics):
        types = {_VERSION.sub("V", k): v["Type"] for k, v in expected["Resources"].items()}
        for key, resource in result.template["Resources"].items():
            assert types.get(_VERSION.sub("V", key)) == resource["Type"], key
        return
    assert masked(result.template) == masked(expected)


def test_the_express_dynamodb_example_compiles_whole():
    """serverless/examples aws-node-express-dynamodb-api: `Resource: [Fn::GetAtt: ...]` stays a list."""
    record = RECORDS / "003-serverless-examples-aws-node-express-dynamodb-api.json"
    result = _compile(record)
    assert not [d.code for d in result.diagnostics if d.code in _LEFT_OUT]
    statement = result.template["Resources"]["IamRoleLambdaExecution"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"][-1]
    assert statement["Resource"] == [{"Fn::GetAtt": ["UsersTable", "Arn"]}]
    assert masked(result.template) == masked(json.loads(record.read_text(encoding="utf-8"))["template"])


def test_records_name_corpus_files():
    assert len(PACKAGED) >= 9
    assert {p.stem for p in RECORDS.glob("*.json")} <= {p.stem for p in CORPUS.glob("*.yml")}
