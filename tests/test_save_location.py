"""Saving never ships the wizard's own files in the Lambda zip (issue 15, item 6).

`serverless package` zips the project folder, leaving out only its default excludes
(serverless v3.39.0 lib/plugins/package/lib/package-service.js, ``defaultExcludes``:
``.git/**``, ``.gitignore``, ``.serverless/**``, ... and the serverless.yml itself). A template
or a backup saved beside serverless.yml went into every function's code; the wizard now keeps
them under ``.serverless/httpapi-wizard/``. The last test packages a saved project with the
real Serverless and lists the zip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from wizard.authoring.journal import STAGING
from wizard.authoring.save import (
    DEFAULT_TEMPLATE,
    WIZARD_FOLDER,
    PlannedFile,
    SaveError,
    backup_of,
    digest,
    left_out_of_package,
    save,
    save_service,
)
from wizard.authoring.session import Session

ROOT = Path(__file__).resolve().parents[1]


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if not p.is_dir())


def test_where_backups_go():
    assert WIZARD_FOLDER == ".serverless/httpapi-wizard"
    assert DEFAULT_TEMPLATE == ".serverless/httpapi-wizard/cloudformation-template-update-stack.json"
    assert backup_of("serverless.yml") == ".serverless/httpapi-wizard/serverless.yml.bak"
    assert backup_of("src/users.js") == ".serverless/httpapi-wizard/src/users.js.bak"
    assert backup_of("infra/template.json") == ".serverless/httpapi-wizard/infra/template.json.bak"
    # Already left out of the zip: beside it.
    assert backup_of(DEFAULT_TEMPLATE) == DEFAULT_TEMPLATE + ".bak"
    assert backup_of(".serverless/other.json") == ".serverless/other.json.bak"
    # `.serverless` as a file name, or a folder merely starting so, is zipped like any other.
    assert backup_of(".serverless") == ".serverless/httpapi-wizard/.serverless.bak"
    assert backup_of(".serverless-x/t.json") == ".serverless/httpapi-wizard/.serverless-x/t.json.bak"
    assert [left_out_of_package(p) for p in (DEFAULT_TEMPLATE, "./.serverless/a", ".serverless", "t.json", "a/.serverless/b")] \
        == [True, True, False, False, False]


def test_an_edit_writes_nothing_beside_serverless_yml_but_itself(tmp_path):
    (tmp_path / "serverless.yml").write_text("service: old\n")
    (tmp_path / "index.js").write_text("export const a = 1;\n")
    save_service(str(tmp_path), "service: new\n", {"new": True}, opened=True, opened_digest=digest("service: old\n"))
    save_service(str(tmp_path), "service: newer\n", {"newer": True}, opened=True, opened_digest=digest("service: new\n"))
    assert files_under(tmp_path) == [
        ".serverless/httpapi-wizard/cloudformation-template-update-stack.json",
        ".serverless/httpapi-wizard/cloudformation-template-update-stack.json.bak",
        ".serverless/httpapi-wizard/serverless.yml.bak",
        "index.js",
        "serverless.yml",
    ]
    wizard = tmp_path / ".serverless" / "httpapi-wizard"
    assert (wizard / "serverless.yml.bak").read_text() == "service: new\n"
    assert json.loads((wizard / "cloudformation-template-update-stack.json.bak").read_text()) == {"new": True}
    assert json.loads((wizard / "cloudformation-template-update-stack.json").read_text()) == {"newer": True}


def test_a_backup_keeps_its_folders_under_the_wizards(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "users.js").write_text("old")
    save(str(tmp_path), [PlannedFile("src/users.js", "new")])
    assert (tmp_path / ".serverless" / "httpapi-wizard" / "src" / "users.js.bak").read_text() == "old"
    assert files_under(tmp_path) == [".serverless/httpapi-wizard/src/users.js.bak", "src/users.js"]


def test_backups_are_kept_without_create_dirs(tmp_path):
    # Editing makes no folder of the project; the backups' folder is the wizard's and is made.
    (tmp_path / "serverless.yml").write_text("service: old\n")
    save(str(tmp_path), [PlannedFile("serverless.yml", "service: new\n")], create_dirs=False)
    assert (tmp_path / ".serverless" / "httpapi-wizard" / "serverless.yml.bak").read_text() == "service: old\n"


@pytest.mark.parametrize("shipped", ["link-out", "file"])
def test_a_wizard_folder_that_leads_out_or_is_a_file_is_refused_and_nothing_changes(tmp_path, shipped):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    folder = tmp_path / "project"
    (folder / ".serverless").mkdir(parents=True)
    (folder / "serverless.yml").write_text("service: old\n")
    if shipped == "link-out":  # a cloned repository can ship it
        (folder / ".serverless" / "httpapi-wizard").symlink_to(outside)
        message = "the folder .serverless/httpapi-wizard is a link to .*, outside the project"
    else:
        (folder / ".serverless" / "httpapi-wizard").write_text("x")
        message = ".serverless/httpapi-wizard is a file, not a folder"
    with pytest.raises(SaveError, match=message):
        save(str(folder), [PlannedFile("serverless.yml", "service: new\n")])
    assert (folder / "serverless.yml").read_text() == "service: old\n"
    assert list(outside.iterdir()) == [] and not folder.joinpath(*STAGING).exists()


def test_two_files_of_one_save_on_one_path_are_refused(tmp_path):
    # A template saved as .serverless/httpapi-wizard/serverless.yml keeps its backup beside it,
    # exactly where serverless.yml's goes.
    template = ".serverless/httpapi-wizard/serverless.yml"
    (tmp_path / ".serverless" / "httpapi-wizard").mkdir(parents=True)
    (tmp_path / template).write_text("old template")
    (tmp_path / "serverless.yml").write_text("service: old\n")
    with pytest.raises(SaveError) as info:
        save_service(str(tmp_path), "service: new\n", {"new": True}, template_path=template, template_format="yaml")
    assert str(info.value) == (".serverless/httpapi-wizard/serverless.yml.bak: both the backup of serverless.yml and the "
                               "backup of .serverless/httpapi-wizard/serverless.yml would be written there; nothing was "
                               "written")
    assert (tmp_path / template).read_text() == "old template"
    assert (tmp_path / "serverless.yml").read_text() == "service: old\n"


def test_the_sessions_default_template_and_save_plan(tmp_path):
    session = Session.from_example("seed", str(tmp_path / "p"))
    assert session.template_path == DEFAULT_TEMPLATE
    written = session.save()
    assert os.path.join(os.path.realpath(tmp_path / "p"), DEFAULT_TEMPLATE) in written
    opened = Session.from_file(str(tmp_path / "p" / "serverless.yml"))
    assert opened.save_plan() == [("serverless.yml", "replace"), (DEFAULT_TEMPLATE, "replace")]


# ---------------------------------------------------------------- the real `serverless package`

def find_serverless() -> str | None:
    for candidate in (os.environ.get("SERVERLESS_BIN"), ROOT / "scripts/oracle/node_modules/.bin/serverless",
                      "/tmp/checks-oracle/node_modules/.bin/serverless"):
        if candidate and Path(candidate).exists():
            return str(candidate)
    return None


SERVERLESS = find_serverless()
NEEDS_SERVERLESS = pytest.mark.skipif(
    SERVERLESS is None or shutil.which("node") is None,
    reason="needs Node.js on PATH and Serverless v3.39.0 ($SERVERLESS_BIN, scripts/oracle after `npm ci`, or "
           "/tmp/checks-oracle)")


def serverless_package(project: Path, home: Path) -> list[str]:
    """The names in the zip `serverless package` makes of ``project``."""
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "SLS_TELEMETRY_DISABLED": "1", "SLS_NOTIFICATIONS_MODE": "off",
           "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y"}
    proc = subprocess.run([SERVERLESS, "package"], cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (artifact,) = (project / ".serverless").glob("*.zip")
    with zipfile.ZipFile(artifact) as archive:
        return archive.namelist()


@pytest.mark.cost(5)
@NEEDS_SERVERLESS
def test_serverless_package_of_a_saved_project_zips_none_of_the_wizards_files(tmp_path):
    project = tmp_path / "shop"
    # Saved twice, as a user does: the project from the wizard, then opened again, changed and saved.
    Session.from_example("seed", str(project)).save()
    session = Session.from_file(str(project / "serverless.yml"))
    session.set_service("region", "eu-west-1")
    session.save()
    ours = [name for name in files_under(project) if name.startswith(".serverless/")]
    assert ours == [DEFAULT_TEMPLATE, DEFAULT_TEMPLATE + ".bak", backup_of("serverless.yml")]
    # What earlier versions left beside serverless.yml is zipped: the listing below would see ours.
    (project / "serverless.yml.bak").write_text("service: old\n")
    (project / "cloudformation-template-update-stack.json").write_text("{}")

    zipped = serverless_package(project, tmp_path)

    assert "serverless.yml.bak" in zipped and "cloudformation-template-update-stack.json" in zipped
    assert [name for name in zipped if name.endswith(".bak") or "httpapi-wizard" in name or name.startswith(".serverless")] \
        == ["serverless.yml.bak"]
    handlers = [name for name in files_under(project) if name.endswith((".js", ".mjs"))]
    assert handlers and set(handlers) <= set(zipped)  # the functions' code is there: the listing is the real one


async def test_review_says_a_template_outside_dot_serverless_ships_in_the_zip(tmp_path):
    from tui_keys import open_section

    from wizard.tui.app import WizardApp

    (tmp_path / "serverless.yml").write_text((ROOT / "wizard" / "examples" / "seed.yml").read_text())
    app = WizardApp(Session.from_file(str(tmp_path / "serverless.yml")))
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_section(pilot, "review")
        where = str(review.query_one("#save-where").render())
        assert "the previous one is kept as .serverless/httpapi-wizard/serverless.yml.bak" in " ".join(where.split())
        plan = str(review.query_one("#save-plan").render())
        assert "package.patterns" not in plan
        app.session.set_target(template_path="template.json")
        await pilot.pause()
        plan = " ".join(str(review.query_one("#save-plan").render()).split())
        assert ("`serverless package` zips template.json with your functions' code (it leaves out only .serverless/ "
                "and a few others): add '!template.json' to package.patterns to keep it out.") in plan
        (tmp_path / "serverless.yml.bak").write_text("service: old\n")
        app.session.set_target(template_path=DEFAULT_TEMPLATE)
        await pilot.pause()
        plan = " ".join(str(review.query_one("#save-plan").render()).split())
        assert "package.patterns" not in plan
        assert ("serverless.yml.bak: saved beside serverless.yml by an earlier version of the wizard, so `serverless "
                "package` zips them with your code; saving now keeps them in .serverless/httpapi-wizard/ and leaves "
                "these as they are: delete them.") in plan


def test_editing_names_what_an_earlier_version_left_beside_serverless_yml(tmp_path):
    (tmp_path / "serverless.yml").write_text((ROOT / "wizard" / "examples" / "seed.yml").read_text())
    session = Session.from_file(str(tmp_path / "serverless.yml"))
    assert session.earlier_saves_zipped() == []
    (tmp_path / "serverless.yml.bak").write_text("service: old\n")
    (tmp_path / "cloudformation-template-update-stack.json").write_text("{}")
    assert session.earlier_saves_zipped() == ["serverless.yml.bak", "cloudformation-template-update-stack.json"]
    # The user chose that path for this save: Review's own line about the template says it.
    session.set_target(template_path="cloudformation-template-update-stack.json")
    assert session.earlier_saves_zipped() == ["serverless.yml.bak"]
    session.set_target(template_path=DEFAULT_TEMPLATE)
    session.set_service("region", "eu-west-1")
    session.save()
    assert (tmp_path / "serverless.yml.bak").read_text() == "service: old\n"  # left as it was
    assert Session.from_example("seed", str(tmp_path)).earlier_saves_zipped() == []  # a new project: nothing to say
