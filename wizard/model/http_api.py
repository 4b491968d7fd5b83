"""What Serverless makes of ``provider.httpApi`` and the ``httpApi`` events before compiling.

This mirrors ``resolveConfiguration`` of Serverless v3's
lib/plugins/aws/package/compile/events/http-api.js: routes keyed by route key in
declaration order, the effective CORS settings (methods filled from the routes), the
authorizers by config key, and the access-log format. Every error that function throws
is reported here with the same code; unlike Serverless, which stops at the first, all
of them are collected so a user sees every problem at once.
"""

from __future__ import annotations

from ..diagnostics import ERROR, WARNING, Diagnostic
from ..jsvalues import js_number, js_string, to_set_list, truthy
from .service import AWS_IAM, REQUEST, Authorizer, Function, HttpApiEvent, Service

SOURCE = "https://github.com/serverless/serverless/blob/v3.39.0/lib/plugins/aws/package/compile/events/http-api.js"

ALLOWED_METHODS = ("ANY", "GET", "POST", "PUT", "PATCH", "OPTIONS", "HEAD", "DELETE")
DEFAULT_CORS_ORIGINS = ("*",)
DEFAULT_CORS_HEADERS = (
    "Content-Type",
    "X-Amz-Date",
    "Authorization",
    "X-Api-Key",
    "X-Amz-Security-Token",
    "X-Amz-User-Agent",
    "X-Amzn-Trace-Id",
)
DEFAULT_ACCESS_LOG_FORMAT = (
    '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp",'
    '"requestTime":"$context.requestTime","httpMethod":"$context.httpMethod",'
    '"routeKey":"$context.routeKey","status":"$context.status",'
    '"protocol":"$context.protocol","responseLength":"$context.responseLength"}'
)
INTEGRATION_TIMEOUT_SECONDS = 30


class EffectiveCors:
    """The CORS settings Serverless ends up with (defaults applied, methods filled)."""

    __slots__ = ("allowed_origins", "allowed_headers", "allowed_methods", "allow_credentials",
                 "exposed_response_headers", "max_age")

    def __init__(self, allowed_origins: list, allowed_headers: list, allowed_methods: list,
                 allow_credentials: bool | None = None, exposed_response_headers: list | None = None,
                 max_age: object = None) -> None:
        self.allowed_origins = allowed_origins
        self.allowed_headers = allowed_headers
        self.allowed_methods = allowed_methods
        self.allow_credentials = allow_credentials
        self.exposed_response_headers = exposed_response_headers
        self.max_age = max_age


class RouteAuth:
    """The authorizer a route ends up with: a configured one, an external id, or IAM."""

    __slots__ = ("type", "authorizer", "id", "scopes")

    def __init__(self, type: str | None, authorizer: Authorizer | None = None, id: object = None,
                 scopes: list | None = None) -> None:
        self.type = type
        self.authorizer = authorizer
        self.id = id
        self.scopes = scopes


class Route:
    """One route as API Gateway will have it, and the function and event behind it."""

    __slots__ = ("route_key", "function", "event", "auth")

    def __init__(self, route_key: str, function: Function, event: HttpApiEvent, auth: RouteAuth | None = None) -> None:
        self.route_key = route_key  # "GET /x" or "*"
        self.function = function
        self.event = event
        self.auth = auth

    @property
    def api_route_key(self) -> str:
        return "$default" if self.route_key == "*" else self.route_key

    @property
    def method(self) -> str:
        return "ANY" if self.route_key == "*" else self.route_key.split(" ", 1)[0]


class HttpApiConfig:
    """The resolved HTTP API: routes by route key in declaration order, and the problems found.

    These resolution results are plain slotted classes, not dataclasses: they are
    rebuilt on every compile and creating dataclasses costs more at start-up than the
    whole compile of a small service.
    """

    __slots__ = ("routes", "authorizers", "cors", "access_log_format", "diagnostics")

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.authorizers: dict[str, Authorizer] = {}
        self.cors: EffectiveCors | None = None
        self.access_log_format: str | None = None
        self.diagnostics: list[Diagnostic] = []


def _add_unique(target: list, item) -> None:
    if item not in target:
        target.append(item)


def _kind(value) -> str:
    return {dict: "a mapping", list: "a list"}.get(type(value), f"the {type(value).__name__} {js_string(value)}")


def _error(code: str, message: str, path: tuple) -> Diagnostic:
    return Diagnostic(code, ERROR, message, path, source=SOURCE)


def resolve_http_api(service: Service) -> HttpApiConfig:
    """Routes, CORS, authorizers and logs as Serverless resolves them, plus its errors."""
    provider = service.provider
    settings = provider.http_api
    external = truthy(settings.id)
    out = HttpApiConfig()
    errors = out.diagnostics

    fill_methods = False
    cors = settings.cors
    if cors is not None:
        if external:
            errors.append(_error("EXTERNAL_HTTP_API_CORS_CONFIG", "Cannot setup CORS rules for externally configured HTTP API", cors.path))
        if cors.is_default:
            out.cors = EffectiveCors(list(DEFAULT_CORS_ORIGINS), list(DEFAULT_CORS_HEADERS), ["OPTIONS"])
            fill_methods = True
        else:
            out.cors = EffectiveCors(
                to_set_list(cors.allowed_origins) if truthy(cors.allowed_origins) else list(DEFAULT_CORS_ORIGINS),
                to_set_list(cors.allowed_headers) if truthy(cors.allowed_headers) else list(DEFAULT_CORS_HEADERS),
                to_set_list(cors.allowed_methods) if truthy(cors.allowed_methods) else ["OPTIONS"],
                True if truthy(cors.allow_credentials) else None,
                to_set_list(cors.exposed_response_headers) if truthy(cors.exposed_response_headers) else None,
                cors.max_age,
            )
            fill_methods = not truthy(cors.allowed_methods)

    if settings.authorizers_set:
        if external:
            errors.append(
                _error(
                    "EXTERNAL_HTTP_API_AUTHORIZERS_CONFIG",
                    "Cannot setup authorizers for externally configured HTTP API",
                    ("provider", "httpApi", "authorizers"),
                )
            )
        for key, auth in settings.authorizers.items():
            if auth.is_null:
                errors.append(_error("HTTP_API_AUTHORIZER_EMPTY",
                                     f'Authorizer "{key}" has no settings (Serverless v3.39 stops on it with a TypeError): give it '
                                     "identitySource, issuerUrl and audience (JWT), or type: request and functionName", auth.path))
                out.authorizers[key] = auth  # the routes that name it find it: one error, where it is
                continue
            if truthy(auth.name) and not isinstance(auth.name, str):
                # Serverless v3.39 crashes on it (TypeError: resourceName.replace is not a function).
                errors.append(_error("HTTP_API_AUTHORIZER_NAME_NOT_A_STRING",
                                     f'The name of authorizer "{key}" must be a string (it names the authorizer in API Gateway '
                                     f"and its logical id), not {_kind(auth.name)}", auth.path + ("name",)))
            if auth.type == REQUEST:
                _check_request_authorizer(service, key, auth, errors)
            out.authorizers[key] = auth

    if provider.access_logs is not None:
        if external:
            errors.append(
                _error("EXTERNAL_HTTP_API_LOGS_CONFIG", "Cannot setup access logs for externally configured HTTP API", provider.access_logs.path)
            )
        fmt = provider.access_logs.format
        out.access_log_format = fmt if truthy(fmt) else DEFAULT_ACCESS_LOG_FORMAT

    for function in service.functions.values():
        if not function.events:
            continue
        for event in function.events:
            route_key = _route_key(function, event, errors)
            if route_key is None:
                continue
            if route_key != "*" and route_key in out.routes:
                errors.append(
                    _error(
                        "DUPLICATE_HTTP_API_ROUTE",
                        f"Duplicate route '{route_key}' configuration in function {function.key} for httpApi event in serverless.yml",
                        event.path,
                    )
                )
                continue
            route = Route(route_key, function, event)
            if event.authorizer is not None:
                route.auth = _route_auth(event, out, external, errors)
            if route_key in out.routes:  # a second '*' replaces the target, keeps the place
                out.routes[route_key] = route
            else:
                out.routes[route_key] = route
            if fill_methods and out.cors is not None:
                method = route.method
                if method == "ANY":
                    for m in ALLOWED_METHODS[1:]:
                        _add_unique(out.cors.allowed_methods, m)
                else:
                    _add_unique(out.cors.allowed_methods, method)
        _timeout_warnings(service, function, out.diagnostics)
    return out


def _check_request_authorizer(service: Service, key: str, auth: Authorizer, errors: list) -> None:
    if not truthy(auth.function_arn) and not truthy(auth.function_name):
        errors.append(
            _error(
                "HTTP_API_CUSTOM_AUTHORIZER_NEITHER_FUNCTION_ARN_NOR_FUNCTION_NAME_DEFINED",
                f'Either "functionArn" or "functionName" property needs to be set on authorizer "{key}"',
                auth.path,
            )
        )
    elif truthy(auth.function_arn) and truthy(auth.function_name):
        errors.append(
            _error(
                "HTTP_API_CUSTOM_AUTHORIZER_BOTH_FUNCTION_ARN_AND_FUNCTION_NAME_DEFINED",
                f'Either "functionArn" or "functionName" (not both) property needs to be set on authorizer "{key}"',
                auth.path,
            )
        )
    elif truthy(auth.function_name) and (not isinstance(auth.function_name, str) or auth.function_name not in service.functions):
        # Serverless looks the name up as a property key: a list or mapping becomes its String() form.
        errors.append(
            _error(
                "HTTP_API_CUSTOM_AUTHORIZER_FUNCTION_NOT_FOUND_IN_SERVICE",
                f'Function "{js_string(auth.function_name)}" for HTTP API authorizer "{key}" not found in service.',
                auth.path + ("functionName",),
            )
        )
    if truthy(auth.result_ttl_in_seconds) and not truthy(auth.identity_source):
        errors.append(
            _error(
                "HTTP_API_CUSTOM_AUTHORIZER_IDENTITY_SOURCE_MISSING_WHEN_CACHING_ENABLED",
                f'Property "identitySource" has to be set on authorizer "{key}" when "resultTtlInSeconds" is set to non-zero value.',
                auth.path,
            )
        )


def _route_key(function: Function, event: HttpApiEvent, errors: list) -> str | None:
    method, path = event.method, event.route_path
    if event.shorthand and path is None:
        # Serverless crashes here with a TypeError; say what is wrong instead.
        errors.append(
            _error(
                "INVALID_HTTP_API_EVENT",
                f"Invalid httpApi event '{method}' in function {function.key}: write 'METHOD /path' with one space "
                "(METHOD: ANY, GET, POST, PUT, PATCH, OPTIONS, HEAD or DELETE), or '*' alone",
                event.path,
            )
        )
        return None
    path = "undefined" if path is None else js_string(path)
    if path == "*":
        if truthy(method) and method != "*":
            errors.append(
                _error(
                    "INVALID_HTTP_API_PATH",
                    f'Invalid "path" property in function {function.key} for httpApi event in serverless.yml',
                    event.path,
                )
            )
            return None
        return "*"
    if not truthy(method):
        errors.append(
            _error(
                "MISSING_HTTP_API_METHOD",
                f'Missing "method" property in function {function.key} for httpApi event in serverless.yml',
                event.path,
            )
        )
        return None
    method = js_string(method).upper()
    if method == "*":
        method = "ANY"
    elif method not in ALLOWED_METHODS:
        errors.append(
            _error(
                "INVALID_HTTP_API_METHOD",
                f'Invalid "method" property in function {function.key} for httpApi event in serverless.yml',
                event.path,
            )
        )
        return None
    return f"{method} {path}"


def _route_auth(event: HttpApiEvent, out: HttpApiConfig, external: bool, errors: list) -> RouteAuth | None:
    ref = event.authorizer
    where = ref.path
    if ref.type != AWS_IAM and not truthy(ref.id) and not truthy(ref.name):
        errors.append(
            _error(
                "HTTP_API_AUTHORIZER_MISSING_ID_OR_NAME",
                f'When configuring an authorizer with type: "{ref.type or "jwt"}", property "id" or "name" has to be specified.',
                where,
            )
        )
        return None
    if ref.type == AWS_IAM and (truthy(ref.name) or truthy(ref.id) or truthy(ref.scopes)):
        errors.append(
            _error(
                "HTTP_API_AUTHORIZER_AWS_IAM_UNEXPECTED_PROPERTIES",
                'When configuring authorizer with type: "aws_iam", all other properties are not supported.',
                where,
            )
        )
        return None
    scopes = to_set_list(ref.scopes) if truthy(ref.scopes) else None
    if truthy(ref.id):
        if not external:
            errors.append(
                _error(
                    "EXTERNAL_HTTP_API_AUTHORIZER_WITHOUT_EXTERNAL_HTTP_API",
                    f"Event references external authorizer '{js_string(ref.id)}', but httpApi is part of the current stack.",
                    where,
                )
            )
            return None
        return RouteAuth(ref.type, id=ref.id, scopes=scopes)
    if ref.type == AWS_IAM:
        return RouteAuth(AWS_IAM, scopes=scopes)
    if not isinstance(ref.name, str) or ref.name not in out.authorizers:  # a Map lookup: only a string can match
        errors.append(
            _error("UNRECOGNIZED_HTTP_API_AUTHORIZER", f"Event references not configured authorizer '{js_string(ref.name)}'", where)
        )
        return None
    auth = out.authorizers[ref.name]
    if auth.declared_type == AWS_IAM:
        # Serverless keeps an authorizer's type as written and the route takes it: an IAM route, the
        # authorizer's own resource (compiled as JWT, as any type but "request") protecting nothing.
        return RouteAuth(AWS_IAM, scopes=scopes)
    return RouteAuth(auth.type, authorizer=auth, scopes=scopes)


def effective_timeout(service: Service, function: Function) -> float:
    """``Number(fn.timeout) || Number(provider.timeout) || 6``."""
    for value in (function.timeout, service.provider.timeout):
        number = js_number(value)
        if truthy(number):
            return int(number) if number.is_integer() else number
    return 6


def _timeout_warnings(service: Service, function: Function, diagnostics: list) -> None:
    timeout = effective_timeout(service, function)
    where = function.path + (Function.yaml_key("timeout"),) if function.timeout is not None else function.path
    if timeout > INTEGRATION_TIMEOUT_SECONDS:
        diagnostics.append(
            Diagnostic(
                "HTTP_API_FUNCTION_TIMEOUT_TOO_LONG",
                WARNING,
                f"Function ({function.key}) timeout setting ({js_string(timeout)}) is greater than maximum allowed timeout "
                "for HTTP API endpoint (30s). This may introduce a situation where endpoint times out for a successful "
                "lambda invocation.",
                where,
                source=SOURCE,
            )
        )
    elif timeout == INTEGRATION_TIMEOUT_SECONDS:
        diagnostics.append(
            Diagnostic(
                "HTTP_API_FUNCTION_TIMEOUT_AT_LIMIT",
                WARNING,
                f"Function ({function.key}) timeout setting ({js_string(timeout)}) may not provide enough room to process an "
                "HTTP API request (of which timeout is limited to 30s). This may introduce a situation where endpoint "
                "times out for a successful lambda invocation.",
                where,
                source=SOURCE,
            )
        )
