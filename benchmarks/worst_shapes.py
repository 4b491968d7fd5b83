"""Time the worst-shaped 1 MB serverless.yml files through every command and edit mode's path.

Issue 11, item 9: any input under 1 MB finishes in seconds. Each shape below is generated
to about 1 MB (deep nesting, one long line, many keys, many anchors and merge keys, many
routes, shadowing routes, functions, authorizers, resources, CORS origins, audiences,
scopes, chained variables, parameters) and timed, in this process, through what each
command does with it:

- ``compile``: ``compile_text`` with the checks (what ``compile --checks`` and ``validate`` do);
- ``routes``: the route table with its shadowing notes (``routes``);
- ``explain``: one request explained (``explain``);
- ``edit``: ``Session.from_file``, one change, ``serverless_yml()`` and its compile (opening a
  file in ``httpapi-wizard edit`` and the first keystroke); ``keystroke``: the next change alone.

Each time is printed next to the target (5 s: "in seconds"); nothing is asserted. Files
that are refused (a located error, by design) say so. Run from a venv with ``pip install .``:

    python benchmarks/worst_shapes.py [--shape NAME ...] [--size BYTES]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

TARGET_S = 5.0
BASE = "service: svc\nprovider:\n  name: aws\n  runtime: nodejs22.x\n"
ROUTE = "functions:\n  a:\n    handler: index.a\n    events:\n      - httpApi: 'GET /x'\n"
JWT = ("  httpApi:\n    authorizers:\n      j:\n        issuerUrl: https://x.example.com\n"
       "        identitySource: $request.header.Authorization\n")


def _fill(head: str, line, size: int, tail: str = "") -> str:
    """``head``, then ``line(i)`` for i = 0, 1, ... while the whole stays under ``size`` bytes, then ``tail``."""
    parts, total, i = [head], len(head) + len(tail), 0
    while True:
        text = line(i)
        if total + len(text) > size:
            return "".join(parts) + tail
        parts.append(text)
        total += len(text)
        i += 1


def _deep(i: int) -> str:  # 95 levels, under yaml_loader.MAX_DEPTH
    return "".join(" " * (2 * d + 2) + (f"k{i}:\n" if d == 0 else f"n{d}:\n") for d in range(95)) + " " * 192 + "v: 1\n"


def shapes(size: int) -> dict[str, str]:
    events = "functions:\n  a:\n    handler: index.a\n    events:\n"
    return {
        "deep-nesting": _fill(BASE + ROUTE + "custom:\n", _deep, size),
        "long-line": BASE + ROUTE + "custom:\n  x: '" + "a" * (size - 200) + "'\n",
        "long-line-of-variables": BASE + ROUTE + "custom:\n  s: v\n  x: '" + "${self:custom.s}" * ((size - 200) // 16) + "'\n",
        "many-keys": _fill(BASE + ROUTE + "custom:\n", lambda i: f"  k{i}: v{i}\n", size),
        "wide-flow-list": _fill(BASE + ROUTE + "custom:\n  l: [", lambda i: f"{i},", size, "0]\n"),
        "many-anchors": _fill(BASE + ROUTE + "custom:\n", lambda i: f"  a{i}: &a{i} {{x: {i}}}\n  b{i}: *a{i}\n", size),
        "many-merge-keys": _fill(BASE + ROUTE + "custom:\n  base: &base {a: 1, b: 2, c: 3}\n",
                                 lambda i: f"  m{i}:\n    <<: [*base, *base, *base]\n    k: {i}\n", size),
        "chained-self-variables": _fill(BASE + ROUTE + "custom:\n  k0: v\n", lambda i: f"  k{i + 1}: ${{self:custom.k{i}}}\n", size),
        "chained-params": _fill(BASE + ROUTE + "params:\n  default:\n    p0: v\n", lambda i: f"    p{i + 1}: ${{param:p{i}}}\n", size),
        "many-routes": _fill(BASE + events, lambda i: f"      - httpApi: 'GET /r{i}/{{id}}/x'\n", size),
        "shadowing-routes": _fill(BASE + events, lambda i: f"      - httpApi: 'GET /{{p{i % 7}}}/r{i}'\n" if i % 2
                                  else f"      - httpApi: 'ANY /r{i}/{{proxy+}}'\n", size),
        "many-functions": _fill(BASE + "functions:\n",
                                lambda i: f"  f{i}:\n    handler: index.f{i}\n    events:\n      - httpApi: 'POST /f{i}'\n", size),
        "many-authorizers": _fill(BASE + "  httpApi:\n    authorizers:\n", lambda i: (
            f"      j{i}:\n        issuerUrl: https://x{i}.example.com\n        audience: [a]\n"
            "        identitySource: $request.header.Authorization\n"), size, ROUTE),
        "many-resources": _fill(BASE + ROUTE + "resources:\n  Resources:\n", lambda i: (
            f"    B{i}:\n      Type: AWS::S3::Bucket\n      Properties: {{BucketName: !Sub 'b-${{AWS::Region}}-{i}'}}\n"), size),
        "many-cors-origins": _fill(BASE + "  httpApi:\n    cors:\n      allowedOrigins:\n",
                                   lambda i: f"        - https://o{i}.example.com\n", size, ROUTE),
        "many-audiences": _fill(BASE + JWT + "        audience:\n", lambda i: f"          - a{i}\n", size,
                                ROUTE.replace("- httpApi: 'GET /x'", "- httpApi: {method: GET, path: /x, authorizer: j}")),
        "many-scopes": _fill(BASE + JWT + "        audience: [a]\n" + events + "      - httpApi:\n          method: GET\n"
                             "          path: /x\n          authorizer:\n            name: j\n            scopes:\n",
                             lambda i: f"              - s{i}\n", size),
    }


def _timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    value = call()
    return time.perf_counter() - started, value


def measure(text: str, folder: str) -> dict[str, float | str]:
    from wizard.api import compile_text
    from wizard.authoring.save import SaveError
    from wizard.authoring.session import Session
    from wizard.cli.main import _route_rows
    from wizard.explaining import Request, explain, to_text
    from wizard.explaining.shadowing import analyse

    path = os.path.join(folder, "serverless.yml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    out: dict[str, float | str] = {}
    out["compile"], result = _timed(lambda: compile_text(text, path, env={}))
    if result.http_api is not None and result.service is not None:
        out["routes"], _ = _timed(lambda: (_route_rows(result), analyse(result.http_api)))
        request = Request.parse("GET /r5/x/x", ["Authorization: Bearer a.b.c"])
        out["explain"], _ = _timed(lambda: to_text(explain(result.service, result.http_api, request)))

    def edit():
        session = Session.from_file(path)
        session.set_service("name", "renamed")
        session.compile()
        return session

    try:
        out["edit"], session = _timed(edit)
    except SaveError as exc:
        out["edit"] = f"refused: {str(exc).splitlines()[0][:60]}"
    else:
        def keystroke():
            session.set_service("name", "renamed-again")
            session.compile()

        out["keystroke"], _ = _timed(keystroke)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", action="append", help="only this shape (repeatable)")
    parser.add_argument("--size", type=int, default=1 << 20, help="bytes per file (default 1 MiB)")
    args = parser.parse_args(argv)
    columns = ("compile", "routes", "explain", "edit", "keystroke")
    print(f"{'shape':24} {'bytes':>8}  " + "  ".join(f"{c:>9}" for c in columns) + f"   (seconds; target < {TARGET_S:.0f} s each)")
    worst = 0.0
    for name, text in shapes(args.size).items():
        if args.shape and name not in args.shape:
            continue
        with tempfile.TemporaryDirectory() as folder:
            times = measure(text, folder)
        cells = []
        for column in columns:
            value = times.get(column, "-")
            if isinstance(value, float):
                worst = max(worst, value)
                cells.append(f"{value:9.2f}" + ("!" if value > TARGET_S else " "))
            else:
                cells.append(f"{value:>9} ")
        note = next((v for v in times.values() if isinstance(v, str)), "")
        print(f"{name:24} {len(text):>8}  " + " ".join(cells) + (f"  {note}" if note else ""), flush=True)
    print(f"slowest: {worst:.2f} s (target < {TARGET_S:.0f} s; '!' marks a time past it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
