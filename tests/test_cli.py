"""The command line as a user runs it: data on stdout, diagnostics on stderr, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "wizard" / "examples" / "seed.yml"


def run(*args, cwd=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "wizard", *args], capture_output=True, text=True, cwd=cwd, env=env)


def test_compile_prints_the_template():
    proc = run("compile", str(SEED))
    assert proc.returncode == 0, proc.stderr
    template = json.loads(proc.stdout)
    assert "HttpApi" in template["Resources"]
    assert template["Resources"]["HttpApiRouteDefault"]["Properties"]["RouteKey"] == "$default"


def test_compile_yaml_and_output_file(tmp_path):
    out = tmp_path / "template.yml"
    proc = run("compile", "--example", "seed", "--format", "yaml", "-o", str(out))
    assert proc.returncode == 0 and proc.stdout == ""
    import yaml

    assert yaml.safe_load(out.read_text())["Resources"]["HttpApi"]["Type"] == "AWS::ApiGatewayV2::Api"


# The CLI with the rename that would put the new template in place failing, as on a full
# or read-only disk: root ignores permissions, so the OS is made to refuse instead.
FAILING_RENAME = """
import os, sys
def refuse(src, dst):
    raise OSError(30, "Read-only file system")
os.replace = refuse
from wizard.cli.main import run
sys.argv = ["httpapi-wizard", *sys.argv[1:]]
run()
"""


def test_unwritable_output_keeps_the_old_file(tmp_path):
    target = tmp_path / "t.json"
    target.write_text("old")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", FAILING_RENAME, "compile", "--example", "seed", "-o", str(target)],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == (f"httpapi-wizard: {target}: cannot write (Read-only file system); "
                                                    "the file was left as it was")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.json"]  # no temporary left beside it


def test_output_under_a_file_or_a_missing_folder_is_exit_2(tmp_path):
    (tmp_path / "file").write_text("x")
    for out in (tmp_path / "file" / "t.json", tmp_path / "missing" / "t.json"):
        proc = run("compile", "--example", "seed", "-o", str(out))
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert proc.stderr.strip().splitlines()[-1].startswith(f"httpapi-wizard: {out}: cannot write (")
    assert (tmp_path / "file").read_text() == "x" and not (tmp_path / "missing").exists()


def test_validate_lists_problems_with_locations(tmp_path):
    f = tmp_path / "serverless.yml"
    f.write_text(
        "service: svc\nprovider:\n  name: aws\n  runtime: nodejs22.x\n  httpApi:\n    timeout: 5\n"
        "functions:\n  a:\n    handler: h.a\n    events:\n      - httpApi: 'GET /x'\n      - httpApi: 'GET /x'\n"
    )
    proc = run("validate", str(f))
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert f"{f}:6:5: warning CONFIG_SCHEMA at 'provider.httpApi': unrecognized property 'timeout'" in lines
    assert any(line.startswith(f"{f}:12:") and "error DUPLICATE_HTTP_API_ROUTE" in line for line in lines)
    proc = run("validate", str(f), "--format", "json")
    codes = {d["code"] for d in json.loads(proc.stdout)}
    assert codes == {"CONFIG_SCHEMA", "CONFIG_VALIDATION_MODE_DEFAULT_V3", "DUPLICATE_HTTP_API_ROUTE", "HTTPAPI-RUNTIME-NEWER-THAN-SERVERLESS"}


def test_bad_input_never_shows_a_traceback(tmp_path):
    f = tmp_path / "serverless.yml"
    f.write_text("service: svc\nprovider:\n  name: aws\n  runtime: [a,\n")
    proc = run("compile", str(f))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and f"{f}:5:1: error CONFIGURATION_PARSE_ERROR (YAML_SYNTAX)" in proc.stderr
    proc = run("compile", str(tmp_path / "missing.yml"))
    assert proc.returncode == 2 and "no such file" in proc.stderr


def test_routes_table():
    proc = run("routes", "--example", "seed")
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[0].split() == ["ROUTE", "FUNCTION", "PAYLOAD", "AUTHORIZER", "SCOPES", "NOTES"]
    assert "POST /some-post               someFunction    2.0      someJwtAuthorizer (jwt)  user.id user.email" in proc.stdout
    rows = json.loads(run("routes", "--example", "seed", "--format", "json").stdout)
    assert {k: rows[2][k] for k in ("routeKey", "function", "payload", "authorizer", "scopes", "unreachable")} == {
        "routeKey": "$default", "function": "catchAllAny", "payload": "2.0", "authorizer": "", "scopes": [], "unreachable": False}


def test_stage_and_region_options(tmp_path):
    proc = run("compile", "--example", "seed", "--stage", "prod", "--region", "eu-west-1")
    template = json.loads(proc.stdout)
    assert template["Resources"]["HttpApi"]["Properties"]["Name"] == "prod-seed-example"


def test_help_and_version():
    for args in (("--help",), ("compile", "--help"), ("validate", "--help"), ("routes", "--help")):
        proc = run(*args)
        assert proc.returncode == 0 and "usage:" in proc.stdout
    from wizard.cli.parser import COMMANDS

    for args in (("--version",), ("--version", "compile"), *((name, "--version") for name in COMMANDS)):
        assert run(*args).stdout.startswith("httpapi-wizard "), args
    for name in COMMANDS:
        proc = run(name, "--help")
        assert proc.returncode == 0 and proc.stdout.startswith(f"usage: httpapi-wizard {name} "), name


def test_top_level_help_lists_every_command():
    from wizard.cli.parser import COMMANDS

    out = run("--help").stdout
    for name, (summary, *_rest) in COMMANDS.items():
        assert name in out and summary.split()[0] in out


def test_a_command_parsed_alone_reads_as_with_all_commands(monkeypatch):
    # `compile` builds only its own parser (start-up); its help and errors must not change.
    from wizard.cli.parser import COMMANDS, build_parser

    monkeypatch.setenv("COLUMNS", "100")
    for name in COMMANDS:
        alone = build_parser(only=name)._subparsers._group_actions[0].choices[name]
        full = build_parser()._subparsers._group_actions[0].choices[name]
        assert alone.format_help() == full.format_help()
        assert alone.format_usage().startswith(f"usage: httpapi-wizard {name} ")


def test_help_follows_the_terminal_width():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    widths = {}
    for columns in ("60", "160"):
        out = subprocess.run([sys.executable, "-m", "wizard", "compile", "--help"], capture_output=True, text=True,
                             env=dict(env, COLUMNS=columns)).stdout
        options = out[out.index("options:"):out.index("exit codes:")]  # the description and epilog are kept as written
        widths[columns] = max(len(line) for line in options.splitlines())
    assert widths["60"] <= 60 < widths["160"] <= 160


def test_a_mistyped_command_names_the_valid_ones():
    proc = run("compiel", "serverless.yml")
    assert proc.returncode == 2
    assert "invalid choice: 'compiel'" in proc.stderr and "'compile'" in proc.stderr


def test_a_batch_command_in_process_leaves_the_garbage_collector_on(capsys):
    # `compile` turns the collector off for its own run (start-up); a caller must get it back.
    import gc

    from wizard.cli.main import main

    assert gc.isenabled()
    assert main(["compile", str(SEED)]) == 0
    assert gc.isenabled()
    assert json.loads(capsys.readouterr().out)["Resources"]["HttpApi"]


def test_validate_counts_notes_apart_from_warnings():
    proc = run("validate", "--example", "seed")
    assert proc.returncode == 0
    # the schema warning and the CONFIG_VALIDATION_MODE_DEFAULT_V3 deprecation Serverless prints after it
    assert proc.stderr.strip().endswith(": 0 error(s), 2 warning(s), 1 note(s)")
    assert [line.split()[1] for line in proc.stdout.splitlines()] == ["warning", "info", "warning"]


def test_only_short_runs_start_without_the_garbage_collector(monkeypatch):
    # Batch commands and the wizard's start-up run without the collector; `serve` runs for
    # hours and must keep it.
    import gc

    from wizard.cli import main as cli

    seen = {}
    for name in ("serve", "routes"):
        monkeypatch.setitem(cli.COMMANDS, name, lambda args, name=name: seen.setdefault(name, gc.isenabled()) and 0)
    cli.main(["serve"])
    cli.main(["routes", str(SEED)])
    assert seen == {"serve": True, "routes": False}
    assert gc.isenabled()



def test_json_output_gives_serverless_s_code_and_our_reason(tmp_path):
    f = tmp_path / "serverless.yml"
    f.write_text("service: svc\nprovider:\n  name: aws\n  environment:\n    X: ${env:HTTPAPI_WIZARD_UNSET_VAR}\n"
                 "functions:\n  a:\n    handler: h.a\n")
    proc = run("validate", "--format", "json", str(f))
    assert proc.returncode == 1
    [d] = [d for d in json.loads(proc.stdout) if d["severity"] == "error"]
    assert (d["code"], d["reason"], d["line"], d["column"]) == (
        "VARIABLES_RESOLUTION_ERROR", "VARIABLE_VALUE_NOT_FOUND", 5, 8)
    assert d["message"] == 'Cannot resolve variable at "provider.environment.X": Value not found at "env" source'
    proc = run("validate", str(f))
    assert f"{f}:5:8: error VARIABLES_RESOLUTION_ERROR (VARIABLE_VALUE_NOT_FOUND) Cannot resolve" in proc.stdout
