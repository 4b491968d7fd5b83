"""A seeded mutation fuzz over the wild corpus: no input makes any command raise or hang.

Each case takes a real serverless.yml (tests/corpus/wild) and puts, in place of one to
three of its values, a value of another kind: a mapping or a list where a scalar goes,
CloudFormation tags, impossible dates, numbers past what JS or Python hold, aliases (to an
anchor the mutation plants), ${file()} of the file itself, variables that loop, odd
strings; or it deletes a line. The built-in examples are mutated too. The case then goes
through everything a user reaches: compile_text with the checks, the `routes` table with
its shadowing notes, `explain` of a few requests (JWT, preflight, a route's own path), and
for one case in EDIT_EVERY `edit`'s path: ``Session.from_file`` (a SaveError is its
refusal), one change, and the change carried into the file's text (an EditError is its
refusal). Issue 11 found crashes this way in 60,000 mutations; this keeps a few thousand
of them in CI (HTTPAPI_FUZZ_CASES=20000 for a longer run).

Zero exceptions, every result sound (test_robustness.assert_sound: coded, located errors,
a template exactly when nothing stops it), and every case under a time bound: CASE_SECONDS is a hang detector
(a case takes milliseconds), not a speed test. HTTPAPI_FUZZ_CASES and HTTPAPI_FUZZ_SEED
replay or widen a run; a failure prints the seed, file and mutations that reproduce it.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import time
import traceback
from pathlib import Path

import pytest
from test_robustness import assert_sound
from wild import FILES

from wizard import examples
from wizard.api import compile_text
from wizard.authoring.changes import apply
from wizard.authoring.edit import EditError
from wizard.authoring.save import SaveError
from wizard.authoring.session import Session
from wizard.compiling.output import to_json, to_yaml

pytestmark = pytest.mark.cost(1.5)  # CPU-seconds per test, about (tests/conftest.py)

CASES = int(os.environ.get("HTTPAPI_FUZZ_CASES", "2500"))
SEED = int(os.environ.get("HTTPAPI_FUZZ_SEED", "11"))
# The cases run as PARTS tests of their own (each its own random stream, from SEED and the part), so
# that pytest-xdist shares them out: one test of 2500 cases was the longest of the suite.
PARTS = 5
CASE_SECONDS = 5.0
# PyYAML's emitter is most of a case's time and the same for every template: one in 8 is written as YAML.
YAML_EVERY = 8
# Opening for edit compiles again and copies the model: one case in 4 takes that path.
EDIT_EVERY = int(os.environ.get("HTTPAPI_FUZZ_EDIT_EVERY", "4"))

_ENTRY = re.compile(r"^(?P<lead>\s*(?:-\s+)?(?:[^\s#'\"{}\[\]][^:#]*|'[^']*'|\"[^\"]*\"):[ \t]+)(?P<value>[^\s#|>].*)$")
_BLOCK_KEY = re.compile(r"^\s*(?:-\s+)?[^\s#'\"{}\[\]-][^:#]*:\s*$")
_ITEM = re.compile(r"^(?P<lead>\s*-\s+)(?P<value>[^\s#|>{\[](?:(?!: ).)*)(?<!:)$")  # a scalar item, not `- key: ...`

# Values of every kind, in one-line flow style so that any place takes them.
VALUES = [
    # a mapping or a list where a scalar goes, and empty ones
    "{a: 1, b: [x, {c: d}]}", "[1, two, {three: 3}]", "{}", "[]", "[[[]]]", "{name: {a: 1}}", "[GET /x, '*']",
    # CloudFormation functions
    "!Ref X", "!GetAtt A.Arn", "!GetAtt [A, Arn]", "!Sub '${AWS::Region}-x'", "!Join ['', [a, !Ref B]]",
    "!If [c, a, !Ref AWS::NoValue]", "!ImportValue shared", "!Select [0, !GetAZs '']", "!Base64 x", "!Split [',', a]",
    "!Ref [1, 2]", "!Sub [x, {y: 1}]", "!GetAtt {a: 1}",
    # dates js-yaml rolls over, and odd timestamps
    "2024-02-30", "2023-00-00", "0000-01-01", "9999-99-99T99:99:99.5+99:99", "2023-1-1 1:00:00 -5", "!!timestamp 2020-01-01",
    # numbers past JS's and Python's ranges, and odd ones
    "9" * 5000, "1" + "0" * 400, "-0x" + "f" * 300, "1e400", "-2e308", ".inf", "-.inf", ".nan", "-0", "0.1", "1.5e3",
    "0o777", "0b101", "+12", "0x1F", "!!int 12", "!!float 1", "!!int x", "!!bool yes", "!!null ''", "!!str 5", "!!binary aGk=",
    # words that are not what they look like
    "yes", "no", "on", "True", "NULL", "~", "''", "' '", "'0'", "null",
    # variables: every source, fallbacks, nesting, loops, files (the file itself included)
    "${self:service}", "${self:provider}", "${self:functions}", "${self:custom.nope}", "${self:}", "${self:custom.loop}",
    "x-${self:provider.name}", "${opt:stage}", "${opt:region, 'eu-west-1'}", "${sls:stage}", "${sls:instanceId}",
    "${aws:region}", "${aws:accountId}", "${env:HOME}", "${env:LOOP}", "${env:NOPE, 'd'}", "${env:}", "${param:p}",
    "${param:q, 5}", "${file(./x.yml)}", "${file(./x.yml):a.b}", "${file(./serverless.yml)}",
    "${file(./serverless.yml):provider}", "${file(./nope.yml), null}", "${file(./bad.json)}", "${file(./deep.json)}",
    "${file(./x.js)}", "${file(../../etc/passwd)}", "${strToBool(true)}", "${strToBool(maybe)}", "${ssm:/a/b}",
    "${cf:stack.out}", "${s3:b/k}", "${unknown:x}", "${self:${self:service}}", "${self:custom.${sls:stage}}", "${self:",
    "\\${self:service}", "${AWS::Region}", "${Foo}", "${self:service, ${self:provider.name}}", "${1}", "${'lit'}",
    # strings of every shape
    "'GET /x'", "'*'", "'GET /{proxy+}'", "'ANY /a/{b}/{c+}'", "'POST'", "'/no/method'", "'GET  /two spaces'",
    "'$request.header.Authorization'", "'$context.requestId'", "https://issuer.example.com/", "'\u00e9\u00e8\u4e2d\U0001f600'",
    '"\\t\\u0000x"', "'" + "a" * 3000 + "'", "'#not a comment'", "'a: b'", "'- c'", "!Sub", "&anchor_only v",
]
# A loop and an anchor the mutations can reach.
PRELUDE_KEYS = {"custom.loop": "${self:custom.loop2}", "custom.loop2": "${self:custom.loop}"}


def _alarm(signum, frame):
    raise TimeoutError(f"a case ran past {CASE_SECONDS} s (a hang)")


def mutate(text: str, rng: random.Random) -> tuple[str, list[str]]:
    lines = text.split("\n")
    done: list[str] = []
    anchored = False
    for _ in range(rng.randint(1, 3)):
        spots = [i for i, line in enumerate(lines) if _ENTRY.match(line) or _ITEM.match(line)]
        if not spots:
            break
        index = rng.choice(spots)
        match = _ENTRY.match(lines[index]) or _ITEM.match(lines[index])
        roll = rng.random()
        if roll < 0.04:
            done.append(f"line {index + 1}: deleted")
            del lines[index]
            continue
        if roll < 0.07:
            # an alias inside the mapping it names: a loop js-yaml builds and JSON cannot hold
            parents = [i for i, line in enumerate(lines[:index]) if _BLOCK_KEY.match(line)
                       and len(line) - len(line.lstrip()) < len(lines[index]) - len(lines[index].lstrip())]
            if parents and not anchored:
                parent = parents[-1]
                lines[parent] = lines[parent].rstrip() + " &fz"
                lines[index] = match["lead"] + "*fz"
                done.append(f"line {index + 1}: an alias of its own mapping at line {parent + 1}")
                anchored = True
                continue
        if roll < 0.2 and not anchored:
            # an anchor on this value, an alias to it further down (or to its own mapping)
            lines[index] = match["lead"] + "&fz " + match["value"]
            later = [i for i in spots if i > index]
            if later:
                target = rng.choice(later)
                other = _ENTRY.match(lines[target]) or _ITEM.match(lines[target])
                lines[target] = other["lead"] + "*fz"
                done.append(f"line {index + 1}: anchored, aliased at line {target + 1}")
                anchored = True
                continue
        value = rng.choice(VALUES)
        lines[index] = match["lead"] + value
        done.append(f"line {index + 1}: {value[:40]!r}")
    return "\n".join(lines), done


REQUESTS = [
    ("GET /", []), ("POST /users/42?x=1&x=2", ["Authorization: Bearer eyJhbGciOiJub25lIn0.eyJzY29wZSI6ImEgYiIsImV4cCI6MX0."]),
    ("OPTIONS /items", ["Origin: https://app.example.com", "Access-Control-Request-Method: PUT"]),
]


def exercise(result, rng: random.Random) -> None:
    """What the CLI and the wizard do with a result: write it, list the routes, explain requests."""
    from wizard.cli.main import _route_rows
    from wizard.explaining import Request, RequestError, explain, to_text
    from wizard.explaining.shadowing import analyse, summary

    for d in result.diagnostics:
        d.format()
        json.dumps(d.to_dict())
    if result.template is not None:
        to_json(result.template)
        if rng.randrange(YAML_EVERY) == 0:
            to_yaml(result.template)
    if result.http_api is None or result.service is None:
        return
    rows = _route_rows(result)
    shadows = analyse(result.http_api)
    for row in rows:
        summary(shadows[row["routeKey"]])
    json.dumps(rows)
    requests = list(REQUESTS)
    for route in list(result.http_api.routes.values())[:2]:
        path = route.route_key.split(" ", 1)[-1] if route.route_key != "*" else "/any"
        requests.append((f"{route.method if route.method != 'ANY' else 'GET'} {re.sub(r'{[^}]+}', 'v', path)}",
                         ["Authorization: Bearer a.b.c"]))
    for line, headers in requests:
        try:
            request = Request.parse(line, headers, '{"k": [1]}')
        except RequestError:
            continue
        explanation = explain(result.service, result.http_api, request)
        to_text(explanation)
        json.dumps(explanation.to_dict())


CHANGES = [
    lambda s, f: s.set_service("name", "fuzzed-name"),
    lambda s, f: s.set_service("memory_size", 512),
    lambda s, f: f and s.update_function(f, handler="src/fuzz.main", timeout=7),
    lambda s, f: f and s.add_route(f, "GET", "/fuzz/{id}"),
    lambda s, f: f and s.rename_function(f, "fuzzRenamed"),
    lambda s, f: f and s.delete_function(f),
    lambda s, f: s.add_function("fuzzAdded", "src/added.main"),
    lambda s, f: s.set_cors_mode("default"),
]


def exercise_edit(path, rng: random.Random) -> None:
    """`edit`'s path: open (a SaveError refuses the file), one change, the change carried into the text."""
    try:
        session = Session.from_file(str(path))
    except SaveError:
        return
    function = next(iter(session.service.functions), None)
    rng.choice(CHANGES)(session, function)
    try:
        text = apply(session.original_text, session._base, session.service)
    except EditError:
        return
    assert isinstance(text, str)
    assert session.serverless_yml() == text


@pytest.mark.parametrize("part", range(PARTS))
def test_mutated_wild_files_never_raise_or_hang(tmp_path, part):
    cases = CASES // PARTS + (part < CASES % PARTS)
    (tmp_path / "x.yml").write_text("a:\n  b: from-file\n  c: ${self:service}\n")
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "deep.json").write_text("[" * 5000 + "]" * 5000)
    (tmp_path / "x.js").write_text("module.exports = {}")
    sources = [(path.name, path.read_text(encoding="utf-8")) for path in FILES]
    sources += [(f"example {name}", Path(examples.path(name)).read_text(encoding="utf-8")) for name in examples.names()]
    sources += [source for source in sources if "httpApi" in source[1]] * 2  # routes reach explain and the table
    rng = random.Random(SEED * PARTS + part)
    failures: list[str] = []
    slowest = (0.0, "")
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for case in range(cases):
            name, original = rng.choice(sources)
            text, mutations = mutate(original, rng)
            lenient = rng.random() < 0.8  # lenient (the wizard's mode) lets more cases reach the checks and explain
            path = tmp_path / "serverless.yml"
            path.write_text(text, encoding="utf-8")
            started = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)
            try:
                result = compile_text(text, str(path), env={"LOOP": "${env:LOOP}", "HOME": "/home/x"}, lenient=lenient,
                                      params={"p": "${param:p}"} if rng.random() < 0.1 else None)
                assert_sound(result, str(path))
                exercise(result, rng)
                if rng.randrange(EDIT_EVERY) == 0:
                    exercise_edit(path, rng)
            except Exception as exc:  # noqa: BLE001 - every exception (and broken promise) is a finding
                failures.append(f"case {case} of part {part} (HTTPAPI_FUZZ_SEED={SEED}) {name} lenient={lenient} {mutations}: "
                                f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-3)}")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            spent = time.perf_counter() - started
            if spent > slowest[0]:
                slowest = (spent, f"{name} {mutations}")
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert not failures, f"{len(failures)} of {cases} cases failed; the first:\n" + "\n".join(failures[:3])
    assert slowest[0] < CASE_SECONDS, slowest
