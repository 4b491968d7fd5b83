"""The project as one zip: what the wizard in a browser downloads."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest

from wizard.authoring.archive import zip_project
from wizard.authoring.save import SaveError


def test_paths_texts_and_modes_survive():
    files = [("serverless.yml", "service: s\n"), ("src/users/get.js", "export const get = 1;\n"), (".gitignore", "node_modules\n")]
    archive = zipfile.ZipFile(io.BytesIO(zip_project("api", files)))
    assert archive.namelist() == ["api/serverless.yml", "api/src/users/get.js", "api/.gitignore"]
    assert [archive.read(f"api/{p}").decode() for p, _ in files] == [t for _, t in files]
    assert all(stat.S_IMODE(info.external_attr >> 16) == 0o644 for info in archive.infolist())
    assert archive.testzip() is None


def test_unicode_text_is_utf8():
    archive = zipfile.ZipFile(io.BytesIO(zip_project("api", [("README.md", "# Café ☕\n")])))
    assert archive.read("api/README.md") == "# Café ☕\n".encode()


@pytest.mark.parametrize("relpath", ["../evil.js", "/etc/passwd", "src/../../evil.js", ".."])
def test_a_path_that_leaves_the_folder_is_refused(relpath):
    with pytest.raises(SaveError, match="outside the project folder"):
        zip_project("api", [("serverless.yml", "service: s\n"), (relpath, "x")])


def test_a_path_that_stays_inside_is_normalised():
    archive = zipfile.ZipFile(io.BytesIO(zip_project("api", [("./src/../handler.js", "x")])))
    assert archive.namelist() == ["api/handler.js"]
