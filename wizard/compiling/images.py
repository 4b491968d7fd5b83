"""Container-image functions: the image's URI and digest, as Serverless resolves them
(``resolveImageUriAndSha`` in lib/plugins/aws/provider.js).

An image given by digest (``...@sha256:<hex>``) resolves here exactly. An image given by tag
needs ECR's answer, and one built from ``provider.ecr.images.<name>.path`` needs Docker:
neither is known before deploy time, which a warning says.
"""

from __future__ import annotations

import re

from ..diagnostics import ERROR, WARNING, WIZARD, Diagnostic
from ..jsvalues import truthy
from ..model.service import Function, Service

SOURCE = "https://github.com/serverless/serverless/blob/v3.39.0/lib/plugins/aws/provider.js"
# provider.js's isEcrUri, as written there (its unescaped dot included).
_ECR_URI = re.compile(r"^\d+\.dkr\.ecr\.[a-z0-9-]+..amazonaws.com/([^@]+)|([^@:]+@sha256:[a-f0-9]{64})$")


class ImageError(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def image_config(image) -> dict:
    """``ImageConfig`` of an image given as a mapping (command, entry point, working directory)."""
    if not isinstance(image, dict):
        return {}
    config: dict = {}
    for key, prop in (("command", "Command"), ("entryPoint", "EntryPoint"), ("workingDirectory", "WorkingDirectory")):
        if truthy(image.get(key)):  # JS truthiness: an empty command list is still set
            config[prop] = image[key]
    return config


def _error(code: str, message: str, path: tuple) -> ImageError:
    return ImageError(Diagnostic(code, ERROR, message, path, source=SOURCE))


def _exactly_one(image: dict, other: str, code: str, what: str, where: tuple) -> None:
    """Serverless wants ``uri`` or ``other`` in an image mapping, one and not both."""
    uri, value = truthy(image.get("uri")), truthy(image.get(other))
    if not uri and not value:
        raise _error(f"{code}_NEITHER_URI_NOR_{other.upper()}_DEFINED_ERROR",
                     f'Either "uri" or "{other}" property needs to be set {what}', where)
    if uri and value:
        raise _error(f"{code}_BOTH_URI_AND_{other.upper()}_DEFINED_ERROR",
                     f'Either "uri" or "{other}" property (not both) needs to be set {what}', where)


def resolve_image(service: Service, fn: Function, diagnostics: list) -> tuple[str | None, str | None]:
    """``(ImageUri, digest)`` of ``fn``'s image; None where only deploy time knows. Raises ImageError."""
    image = fn.image
    where = fn.path + ("image",)
    if isinstance(image, dict):
        _exactly_one(image, "name", "FUNCTION_IMAGE", f"on image for function: {fn.key}", where)
        uri, name = image.get("uri"), image.get("name")
    elif isinstance(image, str) and _ECR_URI.search(image):
        uri, name = image, None
    else:
        uri, name = None, image
    if truthy(uri):
        return _from_uri(service, fn, str(uri), where, diagnostics)
    images = (service.provider.ecr or {}).get("images") if isinstance(service.provider.ecr, dict) else None
    defined = images.get(name) if isinstance(images, dict) and isinstance(name, str) else None
    if not truthy(defined):
        raise _error("REFERENCED_FUNCTION_IMAGE_NOT_DEFINED_IN_PROVIDER",
                     f'Referenced "{name}" not defined in "provider.ecr.images"', where)
    provider_where = ("provider", "ecr", "images", name)
    if isinstance(defined, dict):
        _exactly_one(defined, "path", "ECR_IMAGE", f'on image "{name}"', provider_where)
        for key in ("buildArgs", "cacheFrom", "platform"):
            if truthy(defined.get("uri")) and truthy(defined.get(key)):
                raise _error(f"ECR_IMAGE_BOTH_URI_AND_{key.upper()}_DEFINED_ERROR",
                             f'The "{key}" property cannot be used with "uri" property "{name}"', provider_where)
        if truthy(defined.get("uri")):
            return _from_uri(service, fn, str(defined["uri"]), provider_where, diagnostics)
    elif isinstance(defined, str) and _ECR_URI.search(defined):
        return _from_uri(service, fn, defined, provider_where, diagnostics)
    return _known_at_deploy(diagnostics, "IMAGE_BUILT_AT_DEPLOY_TIME", None, provider_where,
                            f'function {fn.key}: image "{name}" is built by Docker from provider.ecr.images.{name}; '
                            "its ImageUri (the pushed image's digest) is known only when Serverless builds it")


def _known_at_deploy(diagnostics: list, code: str, uri: str | None, where: tuple, message: str):
    """Say that only deploy time knows the image's digest; ``(uri, None)``: the URI as far as known."""
    diagnostics.append(Diagnostic(code, WARNING, message, where, origin=WIZARD))
    return uri, None


def _from_uri(service: Service, fn: Function, uri: str, where: tuple, diagnostics: list):
    digest = uri.split("@")[1] if "@" in uri else ""
    if digest:
        return uri, digest[len("sha256:"):]
    parts = uri.split(".")
    region = parts[3] if len(parts) > 3 else None
    if region != service.region:
        raise _error("LAMBDA_ECR_REGION_MISMATCH_ERROR",
                     f'The region "{region if region is not None else "undefined"}" of the ECR image "{uri}" must match '
                     f'provider region "{service.region}".', where)
    return _known_at_deploy(diagnostics, "IMAGE_DIGEST_AT_DEPLOY_TIME", uri, where,
                            f"function {fn.key}: image {uri} is given by tag; Serverless asks ECR for its digest, "
                            "so ImageUri is written here as given, not as the digest Serverless writes")
