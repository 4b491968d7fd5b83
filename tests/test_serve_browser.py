"""`httpapi-wizard serve` in a real browser: the workshop path, end to end.

Needs Chromium and Playwright (``pip install playwright``; Debian's ``chromium``), which
the CI machine has not: skipped there, run where they are installed.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from wizard.api import compile_text

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = next((p for p in (os.environ.get("CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser")) if p), None)
# As this machine's notes advise for headless Chromium on a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


@pytest.fixture
def served(tmp_path):
    """The link `serve` prints (with its token), once it listens on a free port."""
    pytest.importorskip("textual_serve")
    proc = subprocess.Popen([sys.executable, "-m", "wizard", "serve", "--port", "0", "--example", "jwt-authorizer"],
                            env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=tmp_path, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    link = None
    while link is None:
        line = proc.stdout.readline()
        if not line or time.time() > deadline:
            proc.kill()
            raise RuntimeError("serve did not print its link")
        if "?token=" in line:
            link = line.strip()
    yield link
    proc.terminate()
    proc.wait(timeout=10)
    proc.stdout.close()


def test_a_workshop_visitor_edits_a_route_and_downloads_a_runnable_project(served):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 900}).new_page()
            page.goto(served)
            page.wait_for_selector("body.-first-byte", state="attached", timeout=30000)  # the app's first output
            page.wait_for_timeout(3000)
            page.mouse.click(100, 50)
            page.keyboard.press("Escape")
            for key in ("ArrowDown", "ArrowDown"):  # the sections list: Service, Functions, Routes
                page.keyboard.press(key)
                page.wait_for_timeout(300)
            page.keyboard.press("e")  # edit the first route: the dialog opens on its path
            page.wait_for_timeout(1500)
            page.keyboard.press("End")
            page.keyboard.type("/from-the-browser")
            page.wait_for_timeout(500)
            page.keyboard.press("Enter")
            page.wait_for_timeout(1500)
            with page.expect_download(timeout=30000) as download:
                page.keyboard.press("Control+s")
            filename = download.value.suggested_filename
            archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
        finally:
            browser.close()
    assert filename == "my-http-api.zip"
    names = archive.namelist()
    assert {"my-http-api/serverless.yml", "my-http-api/.gitignore", "my-http-api/package.json"} <= set(names)
    assert any(n.startswith("my-http-api/src/") for n in names)  # handlers keep their folders
    serverless_yml = archive.read("my-http-api/serverless.yml").decode()
    assert "/from-the-browser" in serverless_yml
    result = compile_text(serverless_yml, "serverless.yml", env={})
    assert result.template is not None and not result.compile_errors
    route_keys = {r["Properties"]["RouteKey"] for r in result.template["Resources"].values()
                  if r["Type"] == "AWS::ApiGatewayV2::Route"}
    assert any(key.endswith("/from-the-browser") for key in route_keys)
