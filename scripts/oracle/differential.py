#!/usr/bin/env python3
"""Differential check of the compiler against the real Serverless v3.39.0, on random files.

Usage:
    python scripts/oracle/differential.py --count 60 --seed 3000 --out /tmp/diff
    python scripts/oracle/differential.py --check /tmp/diff      # compare again, no Node

Each seed gives one serverless.yml drawn from the keys people combine (httpApi routes in both
forms, JWT / Lambda / IAM authorizers, CORS, access logs, provider and function settings, the
other event kinds, `resources:` overrides). Each is packaged by `serverless package` (the
conformance suite's runner, regenerate.py, with the case folder layout) and compiled by us;
the script prints one line per file that disagrees (a different template, or not the same error
code) and a count. The conformance cases pin rules one by one; this finds the combinations
nobody wrote a case for. A disagreement found here becomes a conformance case.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import regenerate  # noqa: E402
from conformance_cases import Case, masked, serverless_message, wanted_message  # noqa: E402

# Stubs for every handler the generator writes (index.a, app.handler, bootstrap): without them
# `serverless package` stops at NO_MATCHED_FILES before it compiles anything.
STUBS = ("index.js", "app.py", "bootstrap")
# The errors Serverless collects and lists in one message; it throws at the first of the others.
_LISTED = ("VARIABLES_RESOLUTION_ERROR", "INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION")


def maybe(r: random.Random, p: float = 0.5) -> bool:
    return r.random() < p


def gen(seed: int) -> dict:
    """One service, drawn from the seed: the same seed gives the same file."""
    r = random.Random(seed)
    prov = {"name": "aws", "runtime": r.choice(["nodejs18.x", "nodejs20.x", "python3.11", "provided.al2023"])}
    if maybe(r, 0.3):
        prov["stage"] = r.choice(["prod", "qa-1", "Dev"])
    if maybe(r, 0.3):
        prov["region"] = r.choice(["eu-west-1", "ap-southeast-2"])
    if maybe(r, 0.3):
        prov["memorySize"] = r.choice([128, 512, 2048])
    if maybe(r, 0.3):
        prov["timeout"] = r.choice([3, 29, 30, 60])
    if maybe(r, 0.3):
        prov["tags"] = {"team": "a", "1": "one"}
    if maybe(r, 0.2):
        prov["stackTags"] = {"x": "y"}
    if maybe(r, 0.3):
        prov["environment"] = {"A": "1", "B": r.choice(["x", 2, True])}
    if maybe(r, 0.2):
        prov["tracing"] = {"lambda": True}
    if maybe(r, 0.3):
        prov["iam"] = {"role": {"statements": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": r.choice(["*", [{"Fn::GetAtt": ["T", "Arn"]}]])}]}}
    http = {}
    if maybe(r, 0.5):
        http["cors"] = True if maybe(r) else {
            k: v for k, v in {
                "allowedOrigins": ["https://a.example.com"] if maybe(r) else None,
                "allowedHeaders": ["Content-Type", "X-Custom"] if maybe(r) else None,
                "allowedMethods": ["GET", "POST"] if maybe(r) else None,
                "allowCredentials": r.choice([True, False]) if maybe(r) else None,
                "exposedResponseHeaders": ["X-Exp"] if maybe(r) else None,
                "maxAge": r.choice([0, 60, 86400]) if maybe(r) else None,
            }.items() if v is not None}
    auths = {}
    if maybe(r, 0.6):
        auths["jwtA"] = {"identitySource": "$request.header.Authorization", "issuerUrl": "https://cognito-idp.us-east-1.amazonaws.com/pool",
                         "audience": r.choice(["aud1", ["aud1", "aud2"]])}
        if maybe(r, 0.3):
            auths["jwtA"]["name"] = "MyJwt"
    if maybe(r, 0.4):
        a = {"type": "request", "functionName": "authz"}
        if maybe(r):
            a["resultTtlInSeconds"] = r.choice([0, 300])
        if maybe(r):
            a["enableSimpleResponses"] = True
        if maybe(r):
            a["payloadVersion"] = r.choice(["1.0", "2.0"])
        if maybe(r):
            a["identitySource"] = ["$request.header.Auth", "$request.querystring.t"]
        auths["custom"] = a
    if auths:
        http["authorizers"] = auths
    for k, vals in {"payload": ["1.0", "2.0"], "metrics": [True], "disableDefaultApiGatewayEndpoint": [True],
                    "name": ["my-api"], "shouldStartNameWithService": [True], "useProviderTags": [True]}.items():
        if maybe(r, 0.15):
            http[k] = r.choice(vals)
    if http:
        prov["httpApi"] = http
    if maybe(r, 0.3):
        prov["logs"] = {"httpApi": True if maybe(r) else {"format": '{"requestId":"$context.requestId"}'}}
    fns = {}
    paths = ["/", "/users", "/users/{id}", "/items/{proxy+}", "/a/b/c", "/Users", "/users/{id}/orders"]
    methods = ["GET", "POST", "put", "*", "DELETE", "patch", "ANY"]
    for i in range(r.randint(1, 3)):
        name = r.choice(["hello", "users", "itemsGet", "a-b", "x_y"]) + str(i)
        fn = {"handler": "index.a" if prov["runtime"].startswith("node") else ("app.handler" if prov["runtime"].startswith("python") else "bootstrap")}
        if maybe(r, 0.3):
            fn["memorySize"] = r.choice([256, 1024])
        if maybe(r, 0.3):
            fn["timeout"] = r.choice([10, 30, 900])
        if maybe(r, 0.2):
            fn["environment"] = {"C": "3"}
        if maybe(r, 0.2):
            fn["tags"] = {"2": "two", "fn": "t"}
        if maybe(r, 0.15):
            fn["name"] = f"custom-{i}"
        if maybe(r, 0.15):
            fn["reservedConcurrency"] = 5
        if maybe(r, 0.15):
            fn["url"] = True if maybe(r) else {"cors": r.choice([True, {"allowedOrigins": ["https://x"], "maxAge": 5}]), "authorizer": "aws_iam"}
        if maybe(r, 0.1):
            fn["provisionedConcurrency"] = 2
        if maybe(r, 0.1):
            fn["layers"] = ["arn:aws:lambda:us-east-1:123456789012:layer:l:1"]
        if maybe(r, 0.1):
            fn["destinations"] = {"onFailure": "arn:aws:sqs:us-east-1:123456789012:dlq"}
        if maybe(r, 0.1):
            fn["vpc"] = {"securityGroupIds": ["sg-1"], "subnetIds": ["subnet-1"]}
        if maybe(r, 0.1):
            fn["ephemeralStorageSize"] = 1024
        if maybe(r, 0.1):
            fn["architecture"] = "arm64"
        if maybe(r, 0.1):
            fn["logRetentionInDays"] = 14
        if maybe(r, 0.1):
            fn["description"] = "fn desc"
        events = []
        for _ in range(r.randint(0, 3)):
            m, p = r.choice(methods), r.choice(paths)
            if maybe(r, 0.1):
                events.append({"httpApi": "*"})
                continue
            if maybe(r, 0.4):
                events.append({"httpApi": f"{m if m != '*' or maybe(r, 0.1) else 'ANY'} {p}"})
                continue
            ev = {"method": m, "path": p}
            if auths and maybe(r, 0.6):
                an = r.choice(list(auths))
                if maybe(r):
                    ev["authorizer"] = an
                else:
                    ev["authorizer"] = {"name": an}
                    if an == "jwtA" and maybe(r):
                        ev["authorizer"]["scopes"] = ["read", "write"]
            elif maybe(r, 0.15):
                ev["authorizer"] = {"type": "aws_iam"}
            events.append({"httpApi": ev})
        if maybe(r, 0.15):
            events.append({"schedule": r.choice(["rate(5 minutes)", {"rate": ["cron(0 12 * * ? *)"], "enabled": False}])})
        if maybe(r, 0.1):
            events.append({"sqs": {"arn": "arn:aws:sqs:us-east-1:123456789012:q", "batchSize": 5}})
        if maybe(r, 0.1):
            events.append({"sns": "topic-" + str(i)})
        if maybe(r, 0.1):
            events.append({"eventBridge": {"pattern": {"source": ["a.b"]}}})
        if maybe(r, 0.1):
            events.append({"s3": {"bucket": f"bkt{i}", "event": "s3:ObjectCreated:*", "rules": [{"prefix": "up/"}]}})
        if maybe(r, 0.1):
            events.append({"stream": {"type": "dynamodb", "arn": "arn:aws:dynamodb:us-east-1:123456789012:table/T/stream/1"}})
        if maybe(r, 0.08):
            events.append({"websocket": {"route": "$connect"}})
        if maybe(r, 0.05):
            events.append({"cloudwatchEvent": {"event": {"source": ["aws.ec2"]}}})
        if maybe(r, 0.08):
            events.append({"cognitoUserPool": {"pool": r.choice(["Users", "my-pool"]), "trigger": r.choice(["PreSignUp", "PostConfirmation"]),
                                               **({"existing": True} if maybe(r, 0.3) else {})}})
        if maybe(r, 0.06):
            events.append({"cloudwatchLog": {"logGroup": f"/aws/lambda/other{i}", "filter": r.choice(["", "ERROR"])}})
        if maybe(r, 0.05):
            events.append({"iot": {"sql": "SELECT * FROM 'topic'", "enabled": maybe(r)}})
        if maybe(r, 0.05):
            events.append({"alb": {"listenerArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/a/1/2",
                                   "priority": r.randint(1, 9), "conditions": {"path": "/alb"}}})
        if maybe(r, 0.05):
            events.append({"msk": {"arn": "arn:aws:kafka:us-east-1:123456789012:cluster/c/1", "topic": "t"}})
        if events:
            fn["events"] = events
        fns[name] = fn
    if "custom" in auths:
        fns["authz"] = {"handler": fns[next(iter(fns))]["handler"]}
    doc = {"service": r.choice(["svc", "my-service", "Api2"]), "frameworkVersion": "3", "provider": prov, "functions": fns}
    if maybe(r, 0.2):
        doc["resources"] = {"Outputs": {"Out": {"Value": {"Ref": "HttpApi"}}}}
    if maybe(r, 0.2):
        doc.setdefault("resources", {})["Resources"] = {"HttpApiStage": {"Properties": {"StageVariables": {"a": "b"}}}} if "httpApi" in str(fns) else {"T": {"Type": "AWS::DynamoDB::Table", "Properties": {"BillingMode": "PAY_PER_REQUEST", "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]}}}
    if maybe(r, 0.1):
        doc["package"] = {"individually": True}
    return doc


EDGY_PATHS = ["/users/", "/{id}", "/a/{b}/{c}", "/{proxy+}", "/x-y_z.json", "/\u00fcber", "/a//b", "/USERS", "/users"]


def edgy(doc: dict, r: random.Random) -> dict:
    """The same service with one to three of the shapes where compilers go wrong."""
    http = doc["provider"].setdefault("httpApi", {})
    fns = doc["functions"]
    first = next(iter(fns.values()))
    events = first.setdefault("events", [])
    for _ in range(r.randint(1, 3)):
        choice = r.randrange(12)
        if choice == 0:  # an API made elsewhere: no CORS, authorizers only by id
            http.clear()
            http["id"] = "abc123"
            if maybe(r):
                events.append({"httpApi": {"method": "GET", "path": "/ext", "authorizer": {"id": "auth1", "scopes": ["s"]}}})
        elif choice == 1:
            events.append({"httpApi": f"{r.choice(['GET', 'post', 'ANY'])} {r.choice(EDGY_PATHS)}"})
        elif choice == 2:
            events.append({"httpApi": {"method": r.choice(["GET", "*", "options"]), "path": r.choice(EDGY_PATHS)}})
        elif choice == 3:
            first["name"] = r.choice(["Upper-Case-Name", "with.dots", "x" * 64])
        elif choice == 4:
            first["disableLogs"] = True
            doc["provider"]["logs"] = {"httpApi": True}
        elif choice == 5:
            http["payload"] = "1.0"
            http.setdefault("authorizers", {})["simple"] = {
                "type": "request", "functionArn": "arn:aws:lambda:us-east-1:123456789012:function:auth",
                "enableSimpleResponses": True, "payloadVersion": r.choice(["1.0", "2.0"])}
            events.append({"httpApi": {"method": "GET", "path": "/simple", "authorizer": "simple"}})
        elif choice == 6:
            http.setdefault("authorizers", {})["ext"] = {
                "type": "request", "functionName": next(iter(fns)), "managedExternally": r.choice([True, False]),
                "resultTtlInSeconds": 60}
            events.append({"httpApi": {"method": "PUT", "path": "/ext", "authorizer": {"name": "ext"}}})
        elif choice == 7:
            http["cors"] = {"allowedOrigins": ["*"], "allowCredentials": True, "maxAge": r.choice([-1, 0, 86400])}
        elif choice == 8:
            doc["service"] = r.choice(["a" * 60, "svc-with-Upper", "s1"])
            doc["provider"]["stage"] = r.choice(["under_score", "PROD", "x" * 20])
        elif choice == 9:
            fns["a-b"] = {"handler": first["handler"], "events": [{"httpApi": "GET /ab"}]}
            fns["aDashb"] = {"handler": first["handler"], "events": [{"httpApi": "GET /adashb"}]}
        elif choice == 10:
            events.append({"httpApi": {"method": "GET", "path": "/iam", "authorizer": {"type": "aws_iam", "scopes": r.choice([None, ["x"]])}}})
        else:
            doc["provider"]["logs"] = {"httpApi": {"format": r.choice(['{"a":"$context.requestId"}', "$context.requestId", ""])}}
    if not http:
        del doc["provider"]["httpApi"]
    return doc


def invalid(doc: dict, r: random.Random) -> dict:
    """The same service under `configValidationMode: error` with one to three values its schema refuses."""
    doc["configValidationMode"] = "error"
    fns = doc["functions"]
    first = next(iter(fns.values()))
    http = doc["provider"].setdefault("httpApi", {})
    for _ in range(r.randint(1, 3)):
        choice = r.randrange(10)
        if choice == 0:
            first["memorySize"] = r.choice([64, "lots", 20000])
        elif choice == 1:
            first["timeout"] = r.choice([0, "5s", -1])
        elif choice == 2:
            doc["provider"]["runtime"] = r.choice(["node99", "python2.7", 12])
        elif choice == 3:
            http["cors"] = r.choice(["yes", {"allowedOrigins": "https://x"}, {"maxAge": "1h"}, {"bogus": 1}])
        elif choice == 4:
            http["authorizers"] = {"j": r.choice([{"type": "jwt2"}, {"identitySource": 5, "issuerUrl": "x", "audience": "a"}, "name"])}
        elif choice == 5:
            first.setdefault("events", []).append({"httpApi": r.choice([{"method": "FETCH", "path": "/x"}, {"path": "x"}, 5, {"method": "GET"}])})
        elif choice == 6:
            first["tags"] = r.choice([["a"], "t", {"k": {"nested": 1}}])
        elif choice == 7:
            doc["provider"]["logRetentionInDays"] = r.choice([2, "week", 4000])
        elif choice == 8:
            first[r.choice(["handlr", "memory", "evnts"])] = 1
        else:
            doc["provider"]["stage"] = r.choice(["has space", "", "x" * 300])
    return doc


def write_case(folder: Path, seed: int, invalid_values: bool = False) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    doc = gen(seed)
    if seed % 2:  # odd seeds take the edgy shapes too
        doc = edgy(doc, random.Random(-seed))
    if invalid_values:
        doc = invalid(doc, random.Random(seed * 7919))
    (folder / "serverless.yml").write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    (folder / "case.json").write_text(json.dumps({"description": f"differential seed {seed}"}), encoding="utf-8")
    for name in STUBS:
        (folder / name).write_text("stub\n", encoding="utf-8")


def compare(folder: Path) -> tuple[bool, str]:
    """Whether our compile agrees with what Serverless recorded in folder/expected."""
    expected = folder / "expected"
    result = Case(folder).compile()
    if (expected / "error.json").exists():
        error = json.loads((expected / "error.json").read_text(encoding="utf-8"))
        codes = [d.code for d in result.compile_errors + result.refusals]
        # Serverless crashed (no code): ours must be an error, of our own code.
        agree = error["code"] in codes or (error["code"] is None and bool(codes))
        if agree and error["code"] is not None:
            ours = [d for d in result.compile_errors + result.refusals if d.code == error["code"]]
            if error["code"] not in _LISTED:
                ours = ours[:1]  # Serverless throws at the first
            wanted = wanted_message(error["message"])
            if serverless_message(error["code"], ours, folder) != wanted:
                return False, f"{error['code']}: Serverless says {wanted!r}; ours {[d.message for d in ours]!r}"
        return agree, f"Serverless: error {error['code'] or error.get('name')}; ours: {codes or 'a template'}"
    if result.template is None:
        return False, "Serverless: a template; ours: " + "; ".join(d.format() for d in result.errors)
    wanted = json.loads((expected / "template.json").read_text(encoding="utf-8"))
    agree = masked(result.template) == masked(wanted)
    not_compiled = sorted({d.code for d in result.diagnostics if d.code.startswith("UNSUPPORTED_")})
    return agree, "template " + ("identical" if agree else "differs") + (f" (ours names {not_compiled})" if not_compiled else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1000, help="the first seed; files are seed, seed+1, ...")
    parser.add_argument("--out", type=Path, default=Path("differential-cases"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--invalid", action="store_true",
                        help="under configValidationMode: error, with values the schema refuses (Ajv's words)")
    parser.add_argument("--check", type=Path, help="compare the cases already packaged in this folder again")
    args = parser.parse_args(argv)
    if args.check is not None:
        folders = sorted(p for p in args.check.glob("seed-*") if (p / "expected").exists())
    else:
        sls = regenerate.find_serverless()
        regenerate.check_version(sls)
        folders = [args.out / f"seed-{seed}" for seed in range(args.seed, args.seed + args.count)]

        def package(folder: Path) -> Path:
            write_case(folder, int(folder.name.split("-")[1]), args.invalid)
            regenerate.regenerate(folder, sls)
            return folder

        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            folders = list(pool.map(package, folders))
    disagree = 0
    for folder in folders:
        agree, what = compare(folder)
        if not agree:
            disagree += 1
            print(f"{folder}: {what}")
    print(f"{len(folders) - disagree} of {len(folders)} files agree with serverless package v3.39.0")
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main())
