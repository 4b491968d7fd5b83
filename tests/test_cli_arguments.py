"""The command line as the README writes it: options and FILE in any order on every command,
bad usage is exit 2, and the README's sample sessions print what the commands print."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

from wizard import examples
from wizard.cli import main as cli
from wizard.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
SEED = str(ROOT / "wizard" / "examples" / "seed.yml")


def orders(file: str, options: list[str], lead: list[str] = ()) -> list[list[str]]:
    """``lead`` (a command, a request), then FILE before, between and after ``options``
    (pairs of an option and its value, kept together)."""
    half = len(options) // 2 // 2 * 2
    return [[*lead, file, *options], [*lead, *options[:half], file, *options[half:]], [*lead, *options, file]]


def outputs(capsys, argvs):
    seen = []
    for argv in argvs:
        code = main(argv)
        out = capsys.readouterr()
        seen.append((code, out.out, out.err))
    return seen


def test_compile_reads_file_before_between_and_after_options(capsys):
    runs = outputs(capsys, orders(SEED, ["--format", "yaml", "--stage", "prod", "--param", "k=v"], ["compile"]))
    assert len({run for run in runs}) == 1, runs
    code, out, _ = runs[0]
    assert code == 0
    assert yaml.safe_load(out)["Resources"]["HttpApi"]["Properties"]["Name"] == "prod-seed-example"


def test_validate_reads_file_before_between_and_after_options(capsys):
    runs = outputs(capsys, orders(SEED, ["--format", "json", "--ignore", "HTTPAPI-RUNTIME-NEWER-THAN-SERVERLESS"], ["validate"]))
    assert len({run for run in runs}) == 1, runs
    code, out, _ = runs[0]
    assert code == 0
    # the check's note ignored; Serverless's deprecation follows its schema warning
    assert [d["code"] for d in json.loads(out)] == ["CONFIG_VALIDATION_MODE_DEFAULT_V3", "CONFIG_SCHEMA"]


def test_routes_reads_file_before_between_and_after_options(capsys):
    runs = outputs(capsys, orders(SEED, ["--format", "json", "--region", "eu-west-1"], ["routes"]))
    assert len({run for run in runs}) == 1, runs
    code, out, _ = runs[0]
    assert code == 0 and [row["routeKey"] for row in json.loads(out)][:2] == ["PATCH /elo", "POST /post/just/to/this/path"]


def test_explain_reads_request_file_and_options_in_any_order(capsys):
    # The README's form: explain 'GET /x' -H 'Origin: o' serverless.yml.
    options = ["-H", "Origin: https://app.example.com", "--format", "json", "-d", "-1", "--stage", "prod"]
    argvs = orders(SEED, options, ["explain", "PATCH /elo"])
    argvs.append(["explain", *options[:2], "PATCH /elo", *options[2:4], SEED, *options[4:]])  # the request after an option
    runs = outputs(capsys, argvs)
    assert len({run for run in runs}) == 1, runs
    code, out, err = runs[0]
    assert code == 0, err
    answer = json.loads(out)
    assert answer["route"]["routeKey"] == "PATCH /elo"
    assert answer["request"]["body"] == "-1" and answer["event"]["headers"]["origin"] == "https://app.example.com"
    assert answer["event"]["requestContext"]["stage"] == "$default"


def test_new_reads_the_folder_before_between_and_after_options(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for index, argv in enumerate(orders("", ["--example", "python-api", "--no-input", "--cjs"], ["new"])):
        folder = f"p{index}"
        argv[argv.index("")] = folder
        assert main(argv) == 0, capsys.readouterr().err
        assert capsys.readouterr().out.splitlines()[0] == f"{folder}/serverless.yml"
        assert (tmp_path / folder / "requirements.txt").exists()  # python-api, not the default seed


@pytest.mark.parametrize("command,options,expected", [
    ("run", ["--port", "0", "--stage", "prod", "--param", "a=b"], {"port": 0, "stage": "prod", "param": [("a", "b")]}),
    ("edit", ["--light"], {"light": True}),
])
def test_run_and_edit_read_file_before_between_and_after_options(monkeypatch, command, options, expected):
    # Both take over the terminal (a server, the wizard): what they are given is what is checked.
    seen = []
    monkeypatch.setitem(cli.COMMANDS, command, lambda args: seen.append(args) or 0)
    for argv in orders("other.yml", options, [command]):
        assert main(argv) == 0
    for args in seen:
        assert args.file == "other.yml" and {key: getattr(args, key) for key in expected} == expected
    assert len(seen) == 3


def test_double_dash_ends_the_options(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-odd.yml").write_text((ROOT / "wizard" / "examples" / "seed.yml").read_text())
    assert main(["compile", "--format", "yaml", "--", "-odd.yml"]) == 0
    assert yaml.safe_load(capsys.readouterr().out)["Resources"]["HttpApi"]
    code = main(["explain", "GET /x", "--format", "json", "--", "-odd.yml"])
    assert code == 0 and json.loads(capsys.readouterr().out)["route"]["routeKey"] == "$default"
    # Behind "--" an option is a word like any other: here, the (missing) file.
    assert main(["routes", "--", "--format"]) == 2
    assert capsys.readouterr().err == "--format: error CONFIG_NOT_FOUND no such file\n"


def usage_error(capsys, argv) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"usage: httpapi-wizard {argv[0]} "), err
    return err.splitlines()[-1]


# serve says it its own way, exit 2 too (test_serve.py).
@pytest.mark.parametrize("command", ["compile", "validate", "routes", "explain", "new"])
def test_an_unknown_example_is_bad_usage_naming_the_known_ones(capsys, command):
    argv = [command, *(["GET /"] if command == "explain" else []), "--example", "nope"]
    names = ", ".join(examples.names())
    assert usage_error(capsys, argv) == (f"httpapi-wizard {command}: error: argument --example: no built-in example "
                                         f"'nope' (there are: {names})")


@pytest.mark.parametrize("command", ["compile", "validate", "routes", "explain", "run"])
@pytest.mark.parametrize("value", ["x", "=x"])
def test_a_param_without_key_and_equals_is_bad_usage(capsys, command, value):
    argv = [command, *(["GET /"] if command == "explain" else []), SEED, "--param", value]
    assert usage_error(capsys, argv) == f"httpapi-wizard {command}: error: argument --param: expected KEY=VALUE, got '{value}'"


def test_a_param_value_may_hold_equals_signs_and_the_last_one_wins(tmp_path, capsys):
    f = tmp_path / "serverless.yml"
    f.write_text("service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  environment:\n    A: ${param:a}\n"
                 "functions:\n  f:\n    handler: h.f\n")
    assert main(["compile", "--param", "a=1", str(f), "--param", "a=x=y"]) == 0
    template = json.loads(capsys.readouterr().out)
    assert template["Resources"]["FLambdaFunction"]["Properties"]["Environment"]["Variables"] == {"A": "x=y"}


def test_words_left_over_are_the_commands_own_error(capsys):
    assert usage_error(capsys, ["compile", SEED, "other.yml"]) == "httpapi-wizard compile: error: unrecognized arguments: other.yml"
    assert usage_error(capsys, ["routes", "--bogus", SEED]) == "httpapi-wizard routes: error: unrecognized arguments: --bogus"
    assert usage_error(capsys, ["explain", "--format", "json"]) == (
        "httpapi-wizard explain: error: the following arguments are required: REQUEST")


@pytest.mark.parametrize("argv", [["--list-examples"], ["compile", "--list-examples"], ["new", "--list-examples"]])
def test_list_examples_with_or_without_a_command(capsys, argv):
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines() == examples.names()


def test_help_still_shows_the_positionals(capsys):
    with pytest.raises(SystemExit):
        main(["explain", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: httpapi-wizard explain ") and "REQUEST [FILE]" in out
    assert "positional arguments:\n  REQUEST" in out


# ---------------------------------------------------------------- the README's sessions

def readme_sessions():
    """(command line, what the README shows it printing, the YAML shown just before) of every
    console block that runs a command of ours to completion."""
    readme = (ROOT / "README.md").read_text()
    sessions = []
    for match in re.finditer(r"```console\n(.*?)```", readme, re.S):
        command, _, shown = match.group(1).partition("\n")
        before = readme[: match.start()]
        yaml_text = before[before.rindex("```yaml\n") + 8:].partition("```")[0] if "```yaml\n" in before else None
        sessions.append((command, shown, yaml_text))
    return sessions


# `serve` and `run` run until stopped (their banners are checked by hand; their output holds a
# fresh token, a port, times); `curl` is another program.
LONG_RUNNING = ("$ httpapi-wizard serve ", "$ httpapi-wizard new my-api --example seed --no-input && cd my-api", "$ curl ")


def test_every_readme_session_is_checked_here():
    commands = [command for command, _, _ in readme_sessions()]
    ran = [c for c in commands if not c.startswith(LONG_RUNNING)]
    assert all(c.startswith("$ httpapi-wizard ") for c in ran), ran
    assert {shlex.split(c)[2] for c in ran} == {"routes", "validate", "new", "explain"}


CHECKED = [session for session in readme_sessions() if not session[0].startswith(LONG_RUNNING)]


@pytest.mark.parametrize("command,shown,yaml_text", CHECKED, ids=[command[2:60] for command, _, _ in CHECKED])
def test_the_readme_shows_what_the_command_prints(command, shown, yaml_text, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    args = shlex.split(command)[1:]
    assert args[0] == "httpapi-wizard"
    if "serverless.yml" in args and yaml_text is not None:
        (tmp_path / "serverless.yml").write_text(yaml_text)  # the file the README shows just before
    main(args[1:])
    out = capsys.readouterr()
    assert out.out + out.err == shown


def test_the_readme_s_library_example_prints_what_it_shows_and_writes_what_compile_writes(tmp_path, monkeypatch, capsys):
    """README, As a library: its program, run on the file the README shows before it, prints the block shown
    after it, and the template it writes is the one `httpapi-wizard compile --stage prod` prints."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### As a library\n"):]
    program = section.split("```python\n", 1)[1].split("```", 1)[0]
    shown = section.split("```text\n", 1)[1].split("```", 1)[0]
    before = readme[: readme.index("### As a library\n")]
    (tmp_path / "serverless.yml").write_text(before[before.rindex("```yaml\n") + 8:].partition("```")[0])
    monkeypatch.chdir(tmp_path)
    exec(compile(program, "README.md (As a library)", "exec"), {})
    assert capsys.readouterr().out == shown
    assert main(["compile", "--stage", "prod", "serverless.yml"]) == 0  # Serverless packages it (the checks are validate's)
    assert capsys.readouterr().out == (tmp_path / "template.json").read_text() + "\n"
