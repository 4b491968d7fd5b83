"""Logical ids and names, as Serverless v3 derives them (lib/plugins/aws/lib/naming.js).

These rules decide whether two routes or functions collide, so they are reproduced to
the character, lodash quirks included: ``_.capitalize`` lowercases the whole path
segment before it uppercases the first letter (``İstanbul`` -> ``i̇stanbul`` ->
``Istanbul``; the Kelvin sign lowercases to ``k``; ``ẞ`` -> ``ß`` -> ``SS``), lodash's
"first letter" is a whole symbol (a letter with its combining marks, a ZWJ sequence),
and ``{(.*)}`` is greedy.
"""

from __future__ import annotations

import re
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9A-Za-z]")
_BRACES = re.compile(r"\{(.*)\}")

# lodash's hasUnicode and unicodeToArray (lodash.js, reHasUnicode and reUnicode), with JS's
# UTF-16 units read as code points: a surrogate pair is one astral code point here.
_ASTRAL = "\U00010000-\U0010ffff"
_COMBO = "[\u0300-\u036f\ufe20-\ufe2f\u20d0-\u20ff]"
_FITZ = "[\U0001f3fb-\U0001f3ff]"
_MODIFIER = f"(?:{_COMBO}|{_FITZ})"
_NON_ASTRAL = f"[^{_ASTRAL}\ud800-\udfff]"
_REGIONAL = "[\U0001f1e6-\U0001f1ff]{2}"
_PAIR = f"[{_ASTRAL}]"
_LONE = "[\ud800-\udfff]"
_OPT_VAR = "[\ufe0e\ufe0f]?"
_OPT_JOIN = f"(?:\u200d(?:{_NON_ASTRAL}|{_REGIONAL}|{_PAIR}){_OPT_VAR}{_MODIFIER}?)*"
_SYMBOL = f"(?:{_NON_ASTRAL}{_COMBO}?|{_COMBO}|{_REGIONAL}|{_PAIR}|{_LONE})"


@lru_cache(maxsize=1)
def _unicode_patterns() -> tuple[re.Pattern, re.Pattern]:
    # Compiled on the first non-ASCII name only: they cost more than a millisecond, and every
    # CLI run would pay it for names that are almost always ASCII.
    has_unicode = re.compile(f"[\u200d{_ASTRAL}\ud800-\udfff\u0300-\u036f\ufe20-\ufe2f\u20d0-\u20ff\ufe0e\ufe0f]")
    first_symbol = re.compile(f"{_FITZ}(?={_FITZ})|{_SYMBOL}{_OPT_VAR}{_MODIFIER}?{_OPT_JOIN}")
    return has_unicode, first_symbol


def upper_first(text: str) -> str:
    """lodash ``_.upperFirst``: JS ``toUpperCase`` (full mapping: ``ß`` -> ``SS``) of the first symbol."""
    if text.isascii():
        return text[:1].upper() + text[1:]
    has_unicode, first_symbol = _unicode_patterns()
    if not has_unicode.search(text):
        return text[:1].upper() + text[1:]
    first = first_symbol.match(text)
    end = first.end() if first else 1
    return text[:end].upper() + text[end:]


def capitalize(text: str) -> str:
    """lodash ``_.capitalize``: ``upperFirst(toLower(text))``; Python's ``lower`` is JS's
    ``toLowerCase`` (full mapping, final sigma included)."""
    return upper_first(text.lower())


@lru_cache(maxsize=4096)
def normalize_resource_name(name: str) -> str:
    """``my-func`` -> ``MyDashfunc``; ``my_func`` -> ``MyUnderscorefunc``."""
    return upper_first(name.replace("-", "Dash").replace("_", "Underscore"))


normalize_function_name = normalize_resource_name


def normalize_name_to_alphanumeric(name: str) -> str:
    """normalizeNameToAlphaNumericOnly: queue, stream, topic and bucket names in logical ids."""
    return upper_first(_NON_ALNUM.sub("", name))


@lru_cache(maxsize=4096)
def normalize_path_part(part: str) -> str:
    text = capitalize(part).replace("-", "Dash")
    if "{" in text:
        text = _BRACES.sub(lambda m: m.group(1) + "Var", text)
    return upper_first(_NON_ALNUM.sub("", text))


def normalize_path(path: str) -> str:
    return "".join(map(normalize_path_part, path.split("/")))


def lambda_logical_id(function_key: str) -> str:
    return f"{normalize_function_name(function_key)}LambdaFunction"


def log_group_logical_id(function_key: str) -> str:
    return f"{normalize_function_name(function_key)}LogGroup"


def lambda_version_logical_id(function_key: str, digest: str) -> str:
    return f"{normalize_function_name(function_key)}LambdaVersion{_NON_ALNUM.sub('', digest)}"


def lambda_version_output_logical_id(function_key: str) -> str:
    return f"{lambda_logical_id(function_key)}QualifiedArn"


def provisioned_alias_logical_id(function_key: str) -> str:
    return f"{normalize_function_name(function_key)}ProvConcLambdaAlias"


def snap_start_alias_logical_id(function_key: str) -> str:
    return f"{normalize_function_name(function_key)}SnapStartLambdaAlias"


def http_api_integration_logical_id(function_key: str) -> str:
    return f"HttpApiIntegration{normalize_function_name(function_key)}"


def http_api_route_logical_id(route_key: str) -> str:
    if route_key == "*":
        return "HttpApiRouteDefault"
    return f"HttpApiRoute{normalize_path(route_key)}"


def http_api_authorizer_logical_id(authorizer_name: str) -> str:
    return f"HttpApiAuthorizer{normalize_function_name(authorizer_name)}"


def lambda_http_api_permission_logical_id(function_key: str) -> str:
    return f"{normalize_function_name(function_key)}LambdaPermissionHttpApi"


def lambda_authorizer_permission_logical_id(authorizer_name: str) -> str:
    return f"{normalize_resource_name(authorizer_name)}LambdaAuthorizerPermissionHttpApi"


def log_group_name(function_name: str) -> str:
    return f"/aws/lambda/{function_name}"


ROLE_LOGICAL_ID = "IamRoleLambdaExecution"
BUCKET_LOGICAL_ID = "ServerlessDeploymentBucket"
BUCKET_POLICY_LOGICAL_ID = "ServerlessDeploymentBucketPolicy"
BUCKET_OUTPUT_ID = "ServerlessDeploymentBucketName"
HTTP_API_LOGICAL_ID = "HttpApi"
HTTP_API_STAGE_LOGICAL_ID = "HttpApiStage"
HTTP_API_LOG_GROUP_LOGICAL_ID = "HttpApiLogGroup"


def lambda_function_url_logical_id(function_key: str) -> str:
    """The Url resource and its output share this id."""
    return f"{normalize_function_name(function_key)}LambdaFunctionUrl"


def lambda_url_permission_logical_id(function_key: str) -> str:
    return f"{normalize_function_name(function_key)}LambdaPermissionFnUrl"


def lambda_event_config_logical_id(function_key: str) -> str:
    return f"{normalize_function_name(function_key)}LambdaEvConf"


def lambda_layer_logical_id(layer_name: str) -> str:
    return f"{normalize_function_name(layer_name)}LambdaLayer"


def lambda_layer_permission_logical_id(layer_name: str, account: str) -> str:
    return f"{normalize_function_name(layer_name)}{account.replace('*', 'Wild', 1)}LambdaLayerPermission"
