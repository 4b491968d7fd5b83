"""What Serverless v3.39 refuses in a loaded configuration before it compiles anything.

Each refusal carries Serverless's own code and message (lib/classes/service.js,
lib/configuration/resolve-provider-name.js); where the wizard knows more, it says so after
Serverless's words, and keeps its finer code as the reason. Where Serverless crashes on a
shape instead of refusing it (``events`` not a list, a null event, ``resources`` a string),
the file cannot be deployed with v3.39 either: an error with the wizard's own code.
"""

from __future__ import annotations

import errno
import os
import re

from ..diagnostics import ERROR, Diagnostic
from ..jsvalues import js_string
from .framework_version import SERVERLESS_VERSION, satisfies, valid_range

CONFIG_NAME = "serverless.yml"
# Refusals that do not stop the template: a file written for another major version, or whose
# artifact is not built yet, is still shown as v3.39 would compile it, the error saying why
# `serverless package` would stop.
NOT_BLOCKING = frozenset(("FRAMEWORK_VERSION_MISMATCH", "INVALID_PACKAGE_ARTIFACT_PATH"))


def normalize_provider(raw: dict) -> None:
    """``provider: aws`` is ``{name: aws}``, as Serverless's service loader reads it."""
    provider = raw.get("provider")
    if isinstance(provider, str):
        raw["provider"] = {"name": provider}


def refusals(raw: dict) -> list[Diagnostic]:
    """Serverless's refusals of ``raw`` (variables resolved), in the order it meets them."""
    out: list[Diagnostic] = []
    provider = raw.get("provider")
    name = provider.get("name") if isinstance(provider, dict) else provider
    if not isinstance(name, str):
        out.append(Diagnostic("INVALID_CONFIGURATION_PROVIDER_NAME_MISSING", ERROR,
                              'Invalid service configuration: "provider.name" property is missing',
                              ("provider", "name") if isinstance(provider, dict) else ("provider",),
                              reason="PROVIDER_NAME_MISSING"))
    if isinstance(raw.get("service"), dict):
        out.append(Diagnostic("SERVICE_OBJECT_NOTATION", ERROR,
                              'Object notation for "service" property is not supported. Set "service" property '
                              "directly with service name.", ("service",)))
    out += _framework_version(raw)
    functions = raw.get("functions")
    for key, function in functions.items() if isinstance(functions, dict) else ():
        if function is not None and not isinstance(function, dict):
            out.append(Diagnostic("NON_OBJECT_FUNCTION_CONFIGURATION_ERROR", ERROR,
                                  f'Unexpected "{key}" function configuration: Expected object received '
                                  f"{_inspect(function)})", ("functions", key), reason="FUNCTION_NOT_A_MAPPING"))
            continue
        events = (function or {}).get("events")
        if events is not None and not isinstance(events, list):
            out.append(Diagnostic("EVENTS_NOT_A_LIST", ERROR,
                                  f'The events of function "{key}" must be a list (Serverless v3.39 crashes on '
                                  '"events.some is not a function")', ("functions", key, "events")))
        for index, event in enumerate(events if isinstance(events, list) else ()):
            if event is None:
                out.append(Diagnostic("EVENT_IS_NULL", ERROR,
                                      f'Event {index} of function "{key}" is empty (Serverless v3.39 crashes on '
                                      "\"Cannot destructure property 'stream' of 'object null'\")",
                                      ("functions", key, "events", index)))
    resources = raw.get("resources")
    if resources is not None and not isinstance(resources, (dict, list)):
        out.append(Diagnostic("RESOURCES_NOT_A_MAPPING", ERROR,
                              f"resources must be a mapping (Resources, Outputs, ...), not {_inspect(resources)} "
                              "(Serverless v3.39 crashes on \"Cannot create property 'Resources'\")", ("resources",)))
    return out


def _framework_version(raw: dict) -> list[Diagnostic]:
    wanted = raw.get("frameworkVersion")
    if wanted in (None, "", False, 0):
        return []
    wanted = js_string(wanted)
    if valid_range(wanted) is None:
        if raw.get("configValidationMode") == "error":
            return [Diagnostic("INVALID_FRAMEWORK_VERSION", ERROR,
                               'Configured "frameworkVersion" does not represent a valid semver version range.',
                               ("frameworkVersion",))]
        return []
    if wanted == SERVERLESS_VERSION or satisfies(SERVERLESS_VERSION, wanted):
        return []
    return [Diagnostic("FRAMEWORK_VERSION_MISMATCH", ERROR,
                       f'The Serverless version ({SERVERLESS_VERSION}) does not satisfy the "frameworkVersion" '
                       f"({wanted}) in {CONFIG_NAME}: httpapi-wizard writes the template of Serverless "
                       f"v{SERVERLESS_VERSION} only; the one shown is what v{SERVERLESS_VERSION} would write "
                       "if it accepted the file", ("frameworkVersion",))]


def _inspect(value) -> str:
    """Node's util.inspect of a scalar or a short list, as Serverless prints it in a message."""
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, list):
        return "[ " + ", ".join(_inspect(item) for item in value) + " ]" if value else "[]"
    return js_string(value)


# Serverless leaves an artifact given as an S3 location to deploy (lib/plugins/aws/utils/parse-s3-uri.js).
_S3_LOCATION = re.compile(r"^s3://[^/]+/.|[^/]+\.s3(?:[.-][\w-]+)?\.amazonaws\.com/.|s3(?:[.-][\w-]+)?\.amazonaws\.com/[^/]+/.")


def artifact_refusals(raw: dict, service_dir: str, confined: bool = False) -> list[Diagnostic]:
    """``package.artifact`` files Serverless cannot access when it packages (lib/plugins/package/lib/package-service.js).

    A function's own artifact is checked; the service's only when a function is packaged with
    it (no artifact, no image, packaging not disabled). ``confined``: only files inside
    ``service_dir`` are looked at, so an untrusted text cannot probe the host.
    """
    out: list[Diagnostic] = []
    functions = raw.get("functions") if isinstance(raw.get("functions"), dict) else {}
    uses_service_package = False
    for key, function in functions.items():
        if not isinstance(function, dict) or function.get("image"):
            continue
        package = function.get("package") if isinstance(function.get("package"), dict) else {}
        if package.get("disable"):
            continue
        if package.get("artifact"):
            problem = _inaccessible(package["artifact"], service_dir, confined)
            if problem:
                out.append(Diagnostic("INVALID_PACKAGE_ARTIFACT_PATH", ERROR,
                                      f'Cannot access package artifact at "{js_string(package["artifact"])}" (for '
                                      f'"{key}"): {problem}', ("functions", key, "package", "artifact")))
            continue
        uses_service_package = True
    package = raw.get("package") if isinstance(raw.get("package"), dict) else {}
    if uses_service_package and package.get("artifact"):
        problem = _inaccessible(package["artifact"], service_dir, confined)
        if problem:
            out.append(Diagnostic("INVALID_PACKAGE_ARTIFACT_PATH", ERROR,
                                  f'Cannot access package artifact at "{js_string(package["artifact"])}": {problem}',
                                  ("package", "artifact")))
    return out


def _inaccessible(artifact, service_dir: str, confined: bool) -> str | None:
    """Node's error message for fs.access of the artifact, or None when it is there (or not looked at)."""
    text = js_string(artifact)
    if _S3_LOCATION.search(text):
        return None
    full = os.path.normpath(os.path.join(os.path.abspath(service_dir), text))
    if confined:
        root = os.path.realpath(service_dir)
        real = os.path.realpath(full)
        if os.path.commonpath([root, real]) != root:
            return None
    try:
        os.stat(full)
    except OSError as exc:
        name = errno.errorcode.get(exc.errno, "EIO")
        return f"{name}: {(exc.strerror or name).lower()}, access '{full}'"
    except ValueError:  # a NUL in the path
        return f"ERR_INVALID_ARG_VALUE: the path must not contain null bytes, access '{text}'"
    return None
