"""The conformance cases under tests/conformance/cases, and how to compare with them."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

CASES_DIR = Path(__file__).parent / "conformance" / "cases"

_VERSION_ID = re.compile(r"LambdaVersion[A-Za-z0-9]+")
_S3_KEY_STAMP = re.compile(r'("S3Key": "[^"]*/)\d+-[0-9T:.Z-]+(/[^"]*")')
_CODE_SHA = re.compile(r'"CodeSha256": "[^"]*"')
# Custom::S3's ForceDeploy is Date.now() at packaging time (s3/index.js).
_FORCE_DEPLOY = re.compile(r'"ForceDeploy": \d+')
_JS_FILE = re.compile(r"\$\{file\([^)]*\.c?js\)")
# Top-level layers: the SHA-1 over a layer's zip names a retained layer and fills its Hash output,
# and the packaging time stamps its S3Key output too.
_LAYER_SHA = re.compile(r"(LambdaLayer|LambdaLayerPermission)[0-9a-f]{40}")
_LAYER_HASH_OUTPUT = re.compile(r'("Description": "Current Lambda layer hash",\s*"Value": ")[0-9a-f]{40}"')
_STAMP = re.compile(r"/\d{13}-\d{4}-\d\d-\d\dT[0-9:.]+Z/")


class Case:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.name = folder.name
        meta_file = folder / "case.json"
        self.meta = json.loads(meta_file.read_text()) if meta_file.exists() else {}
        self.options = self.meta.get("options", {})
        self.env = self.meta.get("env", {})
        self.expected_template = folder / "expected" / "template.json"
        self.expected_error = folder / "expected" / "error.json"
        self.expected_warnings = folder / "expected" / "warnings.txt"

    @property
    def config(self) -> Path:
        return self.folder / "serverless.yml"

    @property
    def needs_node(self) -> bool:
        """Whether the case runs a JavaScript module (``${file(x.js)}``), which takes Node.js."""
        return _JS_FILE.search(self.config.read_text(encoding="utf-8")) is not None

    def compile(self, **options):
        """Compile the case as Serverless was run on it; ``options`` go to compile_file (e.g. ``as_of``)."""
        import shutil

        import pytest

        from wizard.api import compile_file

        if self.needs_node and shutil.which("node") is None:
            pytest.skip("the case runs a JavaScript module: Node.js is not on PATH")

        params = {}
        for item in self.options.get("param", []) if isinstance(self.options.get("param"), list) else []:
            key, _, value = item.partition("=")
            params[key] = value
        return compile_file(
            str(self.config),
            stage=self.options.get("stage"),
            region=self.options.get("region"),
            params=params,
            env=dict(self.env),
            **options,
        )


@functools.cache
def _all_cases() -> tuple[Case, ...]:
    # Read once per process: eleven parametrizations list them, and each read every case.json.
    return tuple(Case(d) for d in sorted(CASES_DIR.iterdir()) if (d / "serverless.yml").exists())


def cases() -> list[Case]:
    return list(_all_cases())


def success_cases() -> list[Case]:
    return [c for c in cases() if c.expected_template.exists()]


def error_cases() -> list[Case]:
    return [c for c in cases() if c.expected_error.exists()]


def masked(template: dict) -> str:
    """The template as text, with what depends on the zip's bytes or packaging time masked."""
    from wizard.compiling.output import to_json

    text = to_json(template)  # as written: Infinity and NaN are null, as JSON.stringify writes them
    text = _VERSION_ID.sub("LambdaVersion<hash>", text)
    text = _S3_KEY_STAMP.sub(r"\1<stamp>\2", text)
    text = _FORCE_DEPLOY.sub('"ForceDeploy": "<now>"', text)
    text = _STAMP.sub("/<stamp>/", text)
    text = _LAYER_SHA.sub(r"\1<sha>", text)
    text = _LAYER_HASH_OUTPUT.sub(r'\1<sha>"', text)
    return _CODE_SHA.sub('"CodeSha256": "<sha>"', text)


# How Serverless prints an error, to compare ours with what it recorded (the conformance
# suite and scripts/oracle/differential.py).
_JS_YAML_WHERE = re.compile(r' in "[^"]*" \(\d+:\d+\)\n\n.*', re.S)
_OUR_YAML_WHERE = re.compile(r' in "[^"]*" \(\d+:\d+\)$')
_LEARN_MORE = "\n\nLearn more about configuration validation here: http://slss.io/configuration-validation"


def _module_frames(message: str) -> str:
    """A JavaScript error's message with its stack cut after the module's own frames (those
    in the service folder): the frames below are Serverless's internals, or ours."""
    lines = message.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("    at ") and "<serviceDir>" not in line:
            return "\n".join(lines[:index])
    return message


def serverless_message(code: str, ours: list, folder) -> str:
    """Our errors under ``code`` written as Serverless prints them (our own words, after its, dropped)."""
    # Where a file's YAML breaks, ours says as js-yaml does (` in "<file>" (line:column)`), less its snippet: left
    # out of both, as wanted_message leaves js-yaml's out.
    messages = [_OUR_YAML_WHERE.sub("", _module_frames(d.message.replace(str(folder.resolve()), "<serviceDir>")))
                for d in ours]
    if code == "VARIABLES_RESOLUTION_ERROR":  # lib/configuration/variables/index.js
        return "Cannot resolve serverless.yml: Variables resolution errored with:" + ",".join(
            f"\n  - {m}" for m in messages)
    if code == "INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION":  # lib/classes/config-schema-handler
        if len(messages) > 1:
            # "Configuration error: " ends its line with a space, which the recording drops
            return "Configuration error:\n     " + "\n     ".join(messages) + _LEARN_MORE
        return f"Configuration error {messages[0]}" + _LEARN_MORE
    (message,) = messages
    return _serverless_part(code, message, folder)


def _serverless_part(code: str, message: str, folder) -> str:
    if code == "CONFIGURATION_PARSE_ERROR":  # js-yaml's reason (ours after "; "); where it is, is ours (file:line:column)
        return f'Cannot parse "serverless.yml": {message.split("; ", 1)[0]}'
    message = message.replace(str(folder.resolve()), "<serviceDir>")
    for ours_after in (": httpapi-wizard ", ": serverless.yml must", ": the file is empty"):
        message = message.split(ours_after, 1)[0]
    return message


def wanted_message(recorded: str) -> str:
    """The message Serverless printed, less what js-yaml appends (its own file path and snippet)
    and the stack frames below the module's own."""
    return _module_frames(_JS_YAML_WHERE.sub("", recorded))
