#!/usr/bin/env python3
"""Lint the conformance suite's golden templates with cfn-lint, and record the ones that pass.

    python scripts/lint_templates.py            # lint every expected/template.json, write the record
    python scripts/lint_templates.py --check    # lint and compare with the record, write nothing

cfn-lint takes about half a second per template, so the suite does not lint on every run:
the templates change only when scripts/oracle/regenerate.py writes them (it runs this
script after), and tests/test_cfn_lint.py checks that every committed template is the one
recorded here as linted clean (its SHA-256), and lints the seed example live.
HTTPAPI_WIZARD_CFN_LINT=1 makes the test lint every template again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "conformance" / "cases"
RECORD = ROOT / "tests" / "conformance" / "cfn-lint.json"

# E2533 (runtime lifecycle) depends on today's date, and Serverless v3.39's runtime list
# (nodejs16.x default, nodejs20.x newest) is past AWS's creation block as of 2026; the
# design-time checks report deprecated runtimes themselves.
IGNORED_RULES = {"E2533"}
# 059 writes YAML's ~, null, .inf and .nan into resource Metadata on purpose (to pin how
# Serverless orders and serialises them); CloudFormation rejects null there, as it should.
CASE_EXEMPTIONS = {
    "059-yaml12-scalars": {"E3028"},
    # Content-less tagged nodes in Metadata: `!!null` and `!Ref` with nothing are null there.
    "083-yaml-explicit-collection-tags": {"E3028"},
    # Extension Properties that are a string or a list: Serverless spreads their items into
    # properties named "0", "1" (Object.assign), which the resource does not have.
    "093-extension-properties-string": {"E3002"},
    "094-extension-properties-list": {"E3002"},
    # Values the event schemas only warn about (a rate that is no rate, EARLIEST, a batching
    # window of 500): Serverless writes them as given, which CloudFormation rejects.
    "0408-event-schema-warnings": {"E3027", "E3031", "E3034"},
    # provider.layers reach the image function too (functions.js sets Layers on every function
    # without its own): Serverless writes it, and Lambda refuses layers on an image function.
    "218-function-properties-js-truthiness": {"E3685"},
    # onError and role written as one-item lists: Serverless keeps the lists (Ajv's anyOf
    # quirk), and CloudFormation refuses them, as it should.
    "0304-ajv-one-item-list-anyof": {"E3012"},
    # Integer-like keys on purpose: environment names "3" and "10", a Properties key "1", a
    # mapping merged into ManagedPolicyArns and a policy list with holes (lodash _.merge).
    "0305-merge-integer-like-keys": {"E3002", "E3003", "E3012"},
    # Schema warnings on purpose: a role name with a space, a log retention of 4 days.
    "0309-schema-warning-wording": {"E1155", "E3031", "E3012", "E3030"},
    # anyOf wording and warning order: values the schema only warns about, written as given
    # (a bucket named "5", objects as environment values, a security group id 5, a memory size "big").
    "0501-anyof-wording-scalars-objects-arrays": {"E1161", "E3033", "E3002"},
    "0502-anyof-wording-nested": {"E3012", "E1150", "E1018", "E3031"},
    "0503-anyof-wording-const-oneof": {"E3510", "E3012", "E1150"},
    "0504-schema-warnings-order": {"E3030", "E3012"},
    # IAM statements with Action and NotAction both, neither, an Effect "Maybe"; event ARNs and
    # schedules that are numbers.
    "0506-anyof-wording-events-iam": {"E3510", "E3031", "E3027", "E1158", "E3033"},
    # IAM statements that are a string and a number; an input paths map that is a number.
    "0507-schema-type-after-untyped-keywords": {"E3510", "E3012"},
    # A cloudwatchEvent pattern written as null: Serverless writes the rule without one.
    "0429-cloudwatch-event-null-pattern": {"E3058"},
    # timeout: '1_000' is no number to Ajv (JS reads no "_"), so Serverless writes the text, which cfn-lint
    # reads as 1000 s, past Lambda's 900.
    "835-timeout-odd-strings": {"E3717"},
    # The 07xx cases pin what Serverless writes for what users get wrong: an Outputs key with a variable (left
    # as written), ${AWS::StackName} outside Fn::Sub, placeholder security groups, a layer bucket named "b",
    # a resources merge that leaves a Route without RouteKey, schema problems with validation off or warning
    # (memory "big" and 100000, a boolean "yes"), a function key with a dot in every logical id.
    "0707-variables-in-keys": {"E6001"},
    "0709-escapes-and-literals": {"E1029"},
    "0725-vpc-provider-function-override": {"E1041", "E1150"},
    "0730-kms-and-layers": {"E1161", "E3033"},
    "0744-resources-merge-lodash-quirks": {"E3003"},
    "0750-validation-mode-off-problems": {"E3012"},
    "0752-validation-mode-warn-explicit": {"E3034"},
    "0760-function-properties-mix": {"E6001", "E3001"},
}


def lint_errors(template_json: str, exempt=frozenset()) -> list[str]:
    """cfn-lint's errors (E rules) for a template, as "ID message" lines."""
    from cfnlint import api

    matches = api.lint(template_json, config=api.ManualArgs(regions=["us-east-1"]))
    return [f"{m.rule.id} {m.message}" for m in matches
            if m.rule.id.startswith("E") and m.rule.id not in IGNORED_RULES and m.rule.id not in exempt]


def templates() -> dict[str, Path]:
    return {folder.name: folder / "expected" / "template.json"
            for folder in sorted(CASES.iterdir()) if (folder / "expected" / "template.json").exists()}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the record instead of writing it")
    args = parser.parse_args(argv)
    record, failed = {}, {}
    for name, path in templates().items():
        errors = lint_errors(path.read_text(encoding="utf-8"), CASE_EXEMPTIONS.get(name, set()))
        if errors:
            failed[name] = errors
        else:
            record[name] = digest(path)
    for name, errors in failed.items():
        print(f"{name}: " + "; ".join(errors), file=sys.stderr)
    if args.check:
        same = record == json.loads(RECORD.read_text())
        print(f"{len(record)} template(s) lint clean; the record is {'up to date' if same else 'OUT OF DATE'}")
        return 0 if same and not failed else 1
    RECORD.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    print(f"{len(record)} template(s) lint clean, {len(failed)} with errors; wrote {RECORD.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
