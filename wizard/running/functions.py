"""What Lambda would run for each function: read from the compiled template, not re-derived.

The template's ``AWS::Lambda::Function`` properties already hold what Serverless decided
(the provider's defaults, runtime, memory, timeout, the merged environment), so each
function's runtime settings come from there. Lambda's own variables are added as its
"Defined runtime environment variables" page lists them.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field

from ..compiling import naming
from ..explaining.event import ACCOUNT_ID
from ..jsvalues import js_string

NODE, PYTHON = "node", "python"
# Runtimes Lambda has that no worker here can run, by the prefix of their identifier.
_OTHER_RUNTIMES = {"java": "Java", "dotnet": ".NET", "go": "Go", "provided": "a custom runtime (provided)", "ruby": "Ruby"}


@dataclass(frozen=True)
class FunctionSpec:
    """One function as its worker starts it."""

    key: str
    name: str  # the deployed FunctionName, e.g. my-service-dev-hello
    handler: str | None
    runtime: str | None
    memory_mb: int
    timeout_s: float
    region: str
    service_dir: str
    environment: dict[str, str] = field(default_factory=dict)
    # Variables whose value only CloudFormation knows ({"Ref": ...}), by name.
    unresolved: dict[str, object] = field(default_factory=dict)

    @property
    def language(self) -> str | None:
        """NODE, PYTHON, or None when no worker here can run it."""
        runtime = self.runtime or ""
        if self.handler and runtime.startswith("nodejs"):
            return NODE
        if self.handler and runtime.startswith("python"):
            return PYTHON
        return None

    @property
    def why_not_runnable(self) -> str | None:
        if self.language is not None:
            return None
        if not self.handler:
            return "it is a container image (no handler to load)"
        runtime = self.runtime or ""
        for prefix, label in _OTHER_RUNTIMES.items():
            if runtime.startswith(prefix):
                return f"its runtime {runtime} is {label}, which `run` cannot start (Node.js and Python only)"
        return f"its runtime {runtime or '(none)'} is not one `run` can start (Node.js and Python only)"

    @property
    def arn(self) -> str:
        return f"arn:aws:lambda:{self.region}:{ACCOUNT_ID}:function:{self.name}"

    def lambda_environment(self) -> dict[str, str]:
        """Lambda's reserved variables for this function (they win over the configuration's)."""
        variables = {
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_LAMBDA_FUNCTION_NAME": self.name,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(self.memory_mb),
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_LAMBDA_LOG_GROUP_NAME": naming.log_group_name(self.name),
            "AWS_LAMBDA_LOG_STREAM_NAME": "local/[$LATEST]httpapi-wizard",
            "LAMBDA_TASK_ROOT": self.service_dir,
            "TZ": ":UTC",
            "LANG": "en_US.UTF-8",
        }
        if self.handler:
            variables["_HANDLER"] = self.handler
        if self.runtime:
            variables["AWS_EXECUTION_ENV"] = f"AWS_Lambda_{self.runtime}"
        return variables


def _number(value, default):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return int(number) if number.is_integer() else number


def specs_from(result, service_dir: str) -> dict[str, FunctionSpec]:
    """Function key -> FunctionSpec, from a CompileResult that has a template."""
    service = result.service
    resources = (result.template or {}).get("Resources", {})
    out = {}
    for key in service.functions:
        props = resources.get(naming.lambda_logical_id(key), {}).get("Properties", {})
        environment, unresolved = {}, {}
        for name, value in ((props.get("Environment") or {}).get("Variables") or {}).items():
            if isinstance(value, (dict, list)):
                unresolved[name] = value
            else:
                environment[name] = js_string(value)
        out[key] = FunctionSpec(
            key=key,
            name=js_string(props.get("FunctionName", f"{service.service}-{service.stage}-{key}")),
            handler=props.get("Handler") if isinstance(props.get("Handler"), str) else None,
            runtime=props.get("Runtime") if isinstance(props.get("Runtime"), str) else None,
            memory_mb=int(_number(props.get("MemorySize"), 1024)),
            timeout_s=_number(props.get("Timeout"), 6),
            region=service.region,
            service_dir=service_dir,
            environment=environment,
            unresolved=unresolved,
        )
    return out


@functools.cache
def node_version() -> str | None:
    """The major version of ``node`` on PATH ("20"), or None when there is none."""
    found = shutil.which("node")
    if not found:
        return None
    try:
        text = subprocess.run([found, "--version"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.match(r"v(\d+)", text.strip())
    return match.group(1) if match else None


def runtime_notes(specs) -> list[str]:
    """What start-up says once: runtimes that differ from the local ones, or cannot run here."""
    notes = []
    mismatched: dict[str, list[str]] = {}
    for spec in specs:
        if spec.why_not_runnable:
            notes.append(f"{spec.key}: {spec.why_not_runnable}; its routes answer 502")
            continue
        if spec.unresolved:
            names = ", ".join(sorted(spec.unresolved))
            notes.append(f"{spec.key}: environment {names} only CloudFormation can resolve; left unset "
                         "(export them in this shell to give them a value)")
        if spec.language == NODE:
            node = node_version()
            if node is None:
                notes.append(f"{spec.key}: {spec.runtime} needs Node.js, and there is no `node` on PATH; its routes answer 502")
                continue
            wanted = re.match(r"nodejs(\d+)", spec.runtime or "")
            if wanted and wanted.group(1) != node:
                mismatched.setdefault(f"{spec.runtime} runs on the local Node.js {node}", []).append(spec.key)
        elif spec.language == PYTHON:
            local = f"{sys.version_info[0]}.{sys.version_info[1]}"
            if spec.runtime != f"python{local}":
                mismatched.setdefault(f"{spec.runtime} runs on the local Python {local}", []).append(spec.key)
    for text, keys in mismatched.items():
        notes.append(f"{text} ({', '.join(keys)})")
    return notes


def node_path() -> str | None:
    return shutil.which("node")


def bootstrap(name: str) -> str:
    """The path of a bootstrap script shipped in this package."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
