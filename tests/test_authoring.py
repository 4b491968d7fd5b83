"""Scaffolding new projects and saving files: whole saves, or nothing changed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wizard import examples
from wizard.api import compile_file
from wizard.authoring.save import PlannedFile, SaveError, digest, save
from wizard.authoring.scaffold import new_project, plan_project

ROOT = Path(__file__).resolve().parents[1]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def example_service(name):
    result = compile_file(examples.path(name))
    assert result.compile_errors == []
    return result.service


def snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", examples.names())
def test_every_example_scaffolds_and_compiles_clean(name, tmp_path):
    project = tmp_path / name
    written = new_project(str(project), example_service(name))
    assert (project / "serverless.yml").exists() and (project / "README.md").exists() and (project / ".gitignore").exists()
    result = compile_file(str(project / "serverless.yml"))
    assert result.errors == [], [d.format() for d in result.errors]
    # nodejs22.x/python3.12 are newer than v3's list: its warning (with the deprecation Serverless
    # prints after schema warnings), and our note explaining it
    assert {d.code for d in result.diagnostics} <= {"CONFIG_SCHEMA", "CONFIG_VALIDATION_MODE_DEFAULT_V3", "HTTPAPI-RUNTIME-NEWER-THAN-SERVERLESS"}
    # every handler named in serverless.yml exists with its export
    for fn in result.service.functions.values():
        module, _, export = fn.handler.rpartition(".")
        python = str(fn.runtime or result.service.provider.runtime).startswith("python")
        source = project / f"{module}.{'py' if python else 'js'}"
        expected = f"def {export}(event, context):" if python else f"export const {export} = "
        assert expected in source.read_text(), (source, expected)
    assert len(written) == len(snapshot(project))
    assert (project / "serverless.yml").stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_node_handlers_run(tmp_path):
    if not shutil.which("node"):
        pytest.skip("node is not installed")
    project = tmp_path / "p"
    new_project(str(project), example_service("jwt-authorizer"))
    script = ("import('./src/profile.js').then(m => m.me({routeKey: 'GET /me', requestContext: {authorizer: {jwt: {claims: {sub: 'u1'}}}}}))"
              ".then(r => console.log(r.statusCode, JSON.parse(r.body).user))")
    out = subprocess.run(["node", "-e", script], cwd=project, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "200 u1"
    cjs = tmp_path / "c"
    new_project(str(cjs), example_service("parameters"), esm=False)
    script = "require('./src/users.js').get({routeKey: 'GET /users/{id}', pathParameters: {id: '7'}}).then(r => console.log(JSON.parse(r.body).id))"
    assert subprocess.run(["node", "-e", script], cwd=cjs, capture_output=True, text=True, check=True).stdout.strip() == "7"


def test_python_handlers_run(tmp_path):
    project = tmp_path / "p"
    new_project(str(project), example_service("python-api"))
    script = ("import json, app.legacy as m; r = m.handle({'httpMethod': 'GET', 'resource': '/legacy/{id}', "
              "'pathParameters': {'id': '9'}}, None); print(r['statusCode'], json.loads(r['body'])['id'])")
    out = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "200 9"


def test_existing_handlers_are_never_overwritten(tmp_path):
    project = tmp_path / "p"
    (project / "src").mkdir(parents=True)
    (project / "src" / "items.js").write_text("// mine\n")
    new_project(str(project), example_service("simple-routes"))
    assert (project / "src" / "items.js").read_text() == "// mine\n"
    assert (project / "serverless.yml").exists()


def test_existing_serverless_yml_stops_everything(tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    (project / "serverless.yml").write_text("service: mine\n")
    before = snapshot(project)
    with pytest.raises(SaveError, match="already exists"):
        new_project(str(project), example_service("seed"))
    assert snapshot(project) == before


def test_handler_outside_the_project_is_refused(tmp_path):
    service = example_service("simple-routes")
    service.functions["listItems"].handler = "../../outside.list"
    with pytest.raises(SaveError, match="outside the project"):
        new_project(str(tmp_path / "p"), service)
    assert not (tmp_path / "p").exists() and not (tmp_path.parent / "outside.js").exists()
    service.functions["listItems"].handler = "/etc/passwd.list"
    with pytest.raises(SaveError, match="outside the project|absolute"):
        plan_project(service) and new_project(str(tmp_path / "q"), service)


def test_file_changed_on_disk_is_not_overwritten(tmp_path):
    (tmp_path / "serverless.yml").write_text("service: a\n")
    opened = digest("service: a\n")
    (tmp_path / "serverless.yml").write_text("service: changed elsewhere\n")
    before = snapshot(tmp_path)
    with pytest.raises(SaveError, match="changed on disk"):
        save(str(tmp_path), [PlannedFile("serverless.yml", "service: b\n", expected=opened, check_expected=True),
                             PlannedFile("template.json", "{}")])
    assert snapshot(tmp_path) == before


def test_read_only_folder_changes_nothing(tmp_path, monkeypatch):
    (tmp_path / "serverless.yml").write_text("service: a\n")
    before = snapshot(tmp_path)
    if os.geteuid() == 0:  # root writes through chmod: make the OS refuse as it would for a user
        from wizard.authoring import journal

        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(journal, "write_new", refuse)
    else:
        tmp_path.chmod(0o500)
    try:
        with pytest.raises(SaveError, match="cannot (write|create).*Permission denied"):
            save(str(tmp_path), [PlannedFile("serverless.yml", "service: b\n"), PlannedFile("t.json", "{}")])
    finally:
        tmp_path.chmod(0o700)
    assert snapshot(tmp_path) == before


def test_failed_rename_puts_every_file_back(tmp_path, monkeypatch):
    (tmp_path / "a.yml").write_text("old a\n")
    (tmp_path / "b.yml").write_text("old b\n")
    before = snapshot(tmp_path)
    real_replace = os.replace
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        if str(dst).endswith("b.yml") and str(src).endswith(".next"):  # the staged new b.yml
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(SaveError, match="No space left"):
        save(str(tmp_path), [PlannedFile("a.yml", "new a\n"), PlannedFile("b.yml", "new b\n")])
    assert snapshot(tmp_path) == before


def test_overwrite_keeps_a_backup(tmp_path):
    (tmp_path / "serverless.yml").write_text("service: a\n")
    save(str(tmp_path), [PlannedFile("serverless.yml", "service: b\n", expected=digest("service: a\n"), check_expected=True)])
    assert (tmp_path / "serverless.yml").read_text() == "service: b\n"
    assert (tmp_path / ".serverless" / "httpapi-wizard" / "serverless.yml.bak").read_text() == "service: a\n"


def find_serverless():
    for candidate in (os.environ.get("SERVERLESS_BIN"), ROOT / "scripts/oracle/node_modules/.bin/serverless", "/work/oracle/node_modules/.bin/serverless"):
        if candidate and Path(candidate).exists():
            return str(candidate)
    return None


@pytest.mark.skipif(find_serverless() is None or not shutil.which("node"), reason="Serverless v3.39.0 (scripts/oracle) is not installed")
@pytest.mark.parametrize("name", examples.names())
def test_scaffolded_example_passes_serverless_package(name, tmp_path):
    import json

    project = tmp_path / name
    new_project(str(project), example_service(name))
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "SLS_TELEMETRY_DISABLED": "1", "SLS_NOTIFICATIONS_MODE": "off",
           "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y"}
    proc = subprocess.run([find_serverless(), "package"], cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    theirs = json.loads((project / ".serverless" / "cloudformation-template-update-stack.json").read_text())
    from conformance_cases import masked

    ours = compile_file(str(project / "serverless.yml")).template
    assert masked(ours) == masked(theirs)


def test_save_service_writes_both_files_or_neither(tmp_path):
    import json

    from wizard.authoring.edit import Document
    from wizard.authoring.save import save_service

    project = tmp_path / "p"
    new_project(str(project), example_service("simple-routes"))
    original = (project / "serverless.yml").read_text()
    doc = Document(original)
    doc.append(("functions", "listItems", "events"), {"httpApi": "GET /items/{id}"})
    template = compile_file(str(project / "serverless.yml")).template
    save_service(str(project), doc.text, template, opened=True, opened_digest=digest(original))
    assert (project / "serverless.yml").read_text() == doc.text
    assert json.loads((project / ".serverless" / "httpapi-wizard" / "cloudformation-template-update-stack.json").read_text()) == template
    assert (project / ".serverless" / "httpapi-wizard" / "serverless.yml.bak").read_text() == original
    # a second save from the stale digest is refused and changes nothing
    before = snapshot(project)
    with pytest.raises(SaveError, match="changed on disk"):
        save_service(str(project), original, template, opened=True, opened_digest=digest(original), template_format="yaml")
    assert snapshot(project) == before


def test_environment_lines_parse_and_name_every_mistake():
    from wizard.authoring.pairs import format_environment, parse_environment

    values, problems = parse_environment("# settings\nTABLE=users\n\nURL = https://x.example/?a=b\n")
    assert values == {"TABLE": "users", "URL": "https://x.example/?a=b"} and problems == []
    assert parse_environment(format_environment(values)) == (values, [])
    _, problems = parse_environment("JUST_A_NAME\n1BAD=x\nAWS_REGION=eu-west-1\nA=1\nA=2")
    assert problems == [
        "line 1: write KEY=value (got 'JUST_A_NAME')",
        "line 2: '1BAD' is not a valid variable name (a letter, then letters, digits, _)",
        "line 3: Lambda sets AWS_REGION itself and refuses it here",
        "line 5: A is set twice",
    ]


def test_tag_lines_parse_and_name_what_aws_refuses():
    from wizard.authoring.pairs import format_environment, parse_tags

    values, problems = parse_tags("team = payments\ncost-center=42/eu\n# note\n")
    assert values == {"team": "payments", "cost-center": "42/eu"} and problems == []
    assert parse_tags(format_environment(values)) == (values, [])
    _, problems = parse_tags("aws:owner=me\nx=" + "v" * 300 + "\nbad=a;b\nteam\nk=1\nk=2")
    assert problems == [
        "line 1: tag keys starting with aws: are reserved for AWS",
        "line 2: a tag key has at most 128 characters, a value at most 256",
        "line 3: tags use letters, digits, spaces and _ . : / = + - @ only",
        "line 4: write Key=value (got 'team')",
        "line 6: k is set twice",
    ]


def test_session_saves_the_template_where_asked_and_says_what_it_will_write(tmp_path):
    import yaml

    from wizard.authoring.session import Session

    session = Session.from_example("simple-routes", str(tmp_path / "p"))
    session.template_path = "infra/template.yml"
    plan = dict(session.save_plan())
    assert plan["serverless.yml"] == "create" and plan["infra/template.yml"] == "create"
    session.save()
    assert yaml.safe_load((tmp_path / "p" / "infra" / "template.yml").read_text()) == json.loads(json.dumps(session.compile().template))
    plan = dict(session.save_plan())
    assert plan["src/items.js"] == "keep (exists)"  # handlers are never overwritten
    for bad in ("serverless.yml", "template.txt", ""):
        session.template_path = bad
        with pytest.raises(SaveError, match="template"):
            session.save()
