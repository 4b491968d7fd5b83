"""``alb`` events: per event a Lambda target group, a listener rule (authenticate actions
first, then the forward) and the two invoke permissions; every target group first, then
every rule, then the permissions (compile/events/alb/: validate.js, target-groups.js,
listener-rules.js, permissions.js).
"""

from __future__ import annotations

import hashlib
import re

from ...diagnostics import ERROR, Diagnostic
from ...jsvalues import array_index, js_string, truthy
from ...model.events import AlbEvent
from ...model.service import Service
from ..merge import lodash_merge
from . import ids
from .common import SOURCE, Refused, alias_id, crash, event_settings, js_json, lambda_target, written

ALB_SOURCE = SOURCE + "alb/lib/validate.js"
# ALB_LISTENER_REGEXP: the load balancer's id and the listener's id are the last two parts.
_LISTENER = re.compile(
    r"(?a)^arn:aws[\w-]*:elasticloadbalancing:[^\n\r\u2028\u2029]+:listener\/app\/[\w-]+\/([\w-]+)\/([\w-]+)\Z"
)
_HEALTH_CHECK_DEFAULTS = {
    "HealthCheckEnabled": False,
    "HealthCheckPath": "/",
    "HealthCheckIntervalSeconds": 35,
    "HealthCheckTimeoutSeconds": 30,
    "HealthyThresholdCount": 5,
    "UnhealthyThresholdCount": 5,
    "Matcher": {"HttpCode": "200"},
}
_CONDITIONS = ("path", "host", "method", "header", "query", "ip")


def _error(code: str, message: str, path: tuple) -> Diagnostic:
    return Diagnostic(code, ERROR, message, path, source=ALB_SOURCE)


class _Rule:
    """An event as validate.js leaves it (its ``albObj``)."""

    def __init__(self, fn, event: AlbEvent, alb_id: str, listener_id: str) -> None:
        self.fn = fn
        self.event = event
        self.alb_id = alb_id
        self.listener_id = listener_id
        self.conditions: dict = {}
        self.multi_value_headers = event.multi_value_headers if truthy(event.multi_value_headers) else False
        self.target_group_name = None
        self.authorizers: list = []
        self.health_check: dict | None = None

    @property
    def target_group_id(self) -> str:
        return ids.alb_target_group_logical_id(self.fn.key, self.alb_id, truthy(self.multi_value_headers))


def compile_alb(service: Service, resources: dict, aliases: dict, diagnostics: list) -> None:
    settings = event_settings(service).alb or {}
    try:
        authorizers = _authorizers(settings)
        rules = [_validate(fn, event, settings, authorizers) for fn, event in _events(service)]
        _check_priorities(rules)
    except Refused as refused:
        diagnostics.append(refused.args[0])
        return
    for rule in rules:
        resources[rule.target_group_id] = _target_group(service, rule, settings, aliases)
    for rule in rules:
        resources[ids.alb_listener_rule_logical_id(rule.fn.key, js_string(rule.event.priority))] = _listener_rule(rule, authorizers)
    for rule in rules:
        _permissions(rule, resources, aliases)


def _events(service: Service):
    for fn in service.functions.values():
        for event in fn.triggers:
            # A value that is not an object (text, a number) is left out, after its schema warning.
            if isinstance(event, AlbEvent) and (event.is_mapping or isinstance(event.shorthand, list)):
                yield fn, event


def _authorizers(settings: dict) -> dict:
    """provider.alb.authorizers, each denying unauthenticated requests unless told otherwise."""
    out: dict = {}
    configured = settings.get("authorizers")
    if not truthy(configured) or not isinstance(configured, dict):
        return out
    for name, auth in configured.items():
        if not isinstance(auth, dict):
            raise Refused(_error(
                "ALB_AUTHORIZER_NOT_A_MAPPING",
                f"Serverless v3.39 crashes (TypeError) setting onUnauthenticatedRequest on the ALB authorizer \"{name}\", "
                f"which is {js_json(auth)}: write it as a mapping",
                ("provider", "alb", "authorizers", name),
            ))
        out[name] = {**auth, "onUnauthenticatedRequest": auth.get("onUnauthenticatedRequest") or "deny"}
    return out


def _listener(fn, event: AlbEvent) -> tuple[str, str]:
    arn = event.listener_arn
    if isinstance(arn, (dict, list)):
        ref = arn.get("Ref") if isinstance(arn, dict) else None
        if truthy(ref):
            return ref, ref
    if not isinstance(arn, str):
        raise Refused(crash(
            "ALB_LISTENER_ARN_NOT_TEXT",
            f'"listenerArn" is {written(arn)}, and Serverless matches it as text: write the listener\'s ARN, or Ref its logical id',
            event, ALB_SOURCE,
        ))
    match = _LISTENER.search(arn)
    if match is None:
        raise Refused(_error("ALB_INVALID_LISTENER_ARN", f'Invalid ALB listenerArn in function "{fn.key}".', event.path))
    return match.group(1), match.group(2)


def _concat(value) -> list:
    """``[].concat(value)``: a list's items, or the value alone."""
    return list(value) if isinstance(value, list) else [value]


def _validate(fn, event: AlbEvent, settings: dict, authorizers: dict) -> _Rule:
    if not event.is_mapping:  # a list: JavaScript reads each key as undefined
        raise Refused(crash("ALB_LISTENER_ARN_NOT_TEXT", '"listenerArn" is missing', event, ALB_SOURCE))
    rule = _Rule(fn, event, *_listener(fn, event))
    conditions = event.conditions
    if conditions is None:
        raise Refused(crash(
            "ALB_CONDITIONS_MISSING",
            '"conditions" is missing, and Serverless reads its keys: write the conditions as a mapping',
            event, ALB_SOURCE,
        ))
    if isinstance(conditions, dict):
        for key in _CONDITIONS:
            if truthy(conditions.get(key)):
                rule.conditions[key] = conditions[key] if key == "query" else _concat(conditions[key])
    # Object.keys(conditions).length: a string's characters count too, a number has none.
    if not (isinstance(conditions, (dict, list, str)) and conditions):
        raise Refused(_error(
            "ALB_NO_CONDITIONS",
            f'Cannot setup "alb" event in "{fn.key}" function: At least one condition must be defined',
            event.path,
        ))
    if truthy(event.target_group_name):
        if truthy(settings.get("targetGroupPrefix")):
            raise Refused(_error(
                "ALB_TARGET_GROUP_NAME_EXCLUSIVE",
                'ALB "targetGroupName" setting is exclusive with "provider.alb.targetGroupPrefix": Please specify only one.',
                event.path,
            ))
        rule.target_group_name = event.target_group_name
    if truthy(event.authorizer):
        rule.authorizers = _concat(event.authorizer)
        for name in rule.authorizers:
            if not truthy(authorizers.get(name) if isinstance(name, str) else None):
                raise Refused(_error(
                    "ALB_MISSING_AUTHORIZER",
                    f'No match for "{js_string(name)}" in function "{fn.key}" found in registered ALB authorizers',
                    event.path,
                ))
    if truthy(event.health_check):
        # Serverless sets enabled: true on the event's own mapping (validateAlbHealthCheck).
        check = event.health_check if isinstance(event.health_check, dict) else {}
        rule.health_check = {**check, "enabled": True}
    return rule


def _check_priorities(rules: list[_Rule]) -> None:
    """validatePriorities: the first event whose priority an earlier one holds, in the same
    function on another listener (a Serverless limitation), then on the same listener in
    another function."""

    def first_duplicate(same) -> _Rule | None:
        kept: list[_Rule] = []
        for rule in rules:
            if any(same(rule, other) for other in kept):
                return rule
            kept.append(rule)
        return None

    def same_priority(a: _Rule, b: _Rule) -> bool:
        return type(a.event.priority) is type(b.event.priority) and a.event.priority == b.event.priority

    duplicate = first_duplicate(lambda a, b: same_priority(a, b) and a.listener_id != b.listener_id and a.fn.key == b.fn.key)
    if duplicate is not None:
        raise Refused(_error(
            "ALB_PRIORITY_ALREADY_IN_USE",
            f'ALB event in function "{duplicate.fn.key}" cannot use priority "{js_string(duplicate.event.priority)}" because it is '
            "already in use.\n  Events in the same function cannot use the same priority even if they have a different "
            "listenerArn.\n  This is a Serverless limitation that will be fixed in the next major release.",
            duplicate.event.path,
        ))
    duplicate = first_duplicate(lambda a, b: same_priority(a, b) and a.listener_id == b.listener_id and a.fn.key != b.fn.key)
    if duplicate is not None:
        raise Refused(_error(
            "ALB_PRIORITY_ALREADY_IN_USE",
            f'ALB event in function "{duplicate.fn.key}" cannot use priority "{js_string(duplicate.event.priority)}" because it is '
            "already in use.",
            duplicate.event.path,
        ))


def _tag_value(service: Service, fn_key: str, alb_id: str, multi_value: bool) -> str:
    return f"{service.service}-{fn_key}-{alb_id}-{'multi-value-' if multi_value else ''}{service.stage}"


def _target_group(service: Service, rule: _Rule, settings: dict, aliases: dict) -> dict:
    multi_value = truthy(rule.multi_value_headers)
    name = rule.target_group_name
    if not truthy(name):
        prefix = settings.get("targetGroupPrefix") if truthy(settings.get("targetGroupPrefix")) else ""
        digest = hashlib.md5(_tag_value(service, rule.fn.key, rule.alb_id, multi_value).encode("utf-8")).hexdigest()
        name = (js_string(prefix) + digest)[:32]
    health: dict = {"HealthCheckEnabled": False}
    check = rule.health_check
    if check is not None:
        health.update(_HEALTH_CHECK_DEFAULTS)
        for key, prop in (
            ("enabled", "HealthCheckEnabled"), ("intervalSeconds", "HealthCheckIntervalSeconds"), ("path", "HealthCheckPath"),
            ("timeoutSeconds", "HealthCheckTimeoutSeconds"), ("healthyThresholdCount", "HealthyThresholdCount"),
        ):
            if check.get(key) is not None:
                health[prop] = check[key]
        if truthy(check.get("unhealthyThresholdCount")):
            health["UnhealthyThresholdCount"] = check["unhealthyThresholdCount"]
        matcher = check.get("matcher")
        if truthy(matcher) and isinstance(matcher, dict) and truthy(matcher.get("httpCode")):
            health["Matcher"] = {"HttpCode": matcher["httpCode"]}
    alias = alias_id(rule.fn, aliases)
    return {
        "Type": "AWS::ElasticLoadBalancingV2::TargetGroup",
        "Properties": {
            "TargetType": "lambda",
            "Targets": [{"Id": lambda_target(rule.fn, aliases)}],
            "Name": name,
            "Tags": [{"Key": "Name", "Value": _tag_value(service, rule.fn.key, rule.alb_id, False)}],
            "TargetGroupAttributes": [{"Key": "lambda.multi_value_headers.enabled", "Value": rule.multi_value_headers}],
            **health,
        },
        "DependsOn": [ids.alb_register_target_permission_logical_id(rule.fn.key)] + ([alias] if alias else []),
    }


def _defined(mapping: dict) -> dict:
    return {k: v for k, v in mapping.items() if v is not None}


def _listener_rule(rule: _Rule, authorizers: dict) -> dict:
    actions: list = []
    for name in rule.authorizers:
        auth = authorizers[name]
        order = len(actions) + 1
        if auth.get("type") == "cognito":
            config = _defined({
                "UserPoolArn": auth.get("userPoolArn"),
                "UserPoolClientId": auth.get("userPoolClientId"),
                "UserPoolDomain": auth.get("userPoolDomain"),
                "OnUnauthenticatedRequest": auth.get("onUnauthenticatedRequest"),
                "AuthenticationRequestExtraParams": auth.get("requestExtraParams"),
                "Scope": auth.get("scope"),
                "SessionCookieName": auth.get("sessionCookieName"),
                "SessionTimeout": auth.get("sessionTimeout"),
            })
            actions.append({"Type": "authenticate-cognito", "Order": order, "AuthenticateCognitoConfig": config})
        else:
            config = _defined({
                "AuthorizationEndpoint": auth.get("authorizationEndpoint"),
                "ClientId": auth.get("clientId"),
                "Issuer": auth.get("issuer"),
                "TokenEndpoint": auth.get("tokenEndpoint"),
                "UserInfoEndpoint": auth.get("userInfoEndpoint"),
                "OnUnauthenticatedRequest": auth.get("onUnauthenticatedRequest"),
                "AuthenticationRequestExtraParams": auth.get("requestExtraParams"),
                "Scope": auth.get("scope"),
                "SessionCookieName": auth.get("sessionCookieName"),
                "SessionTimeout": auth.get("sessionTimeout"),
            })
            if truthy(auth.get("clientSecret")):
                config["ClientSecret"] = auth["clientSecret"]
            else:
                config["UseExistingClientSecret"] = True
            actions.append({"Type": "authenticate-oidc", "Order": order, "AuthenticateOidcConfig": config})
    forward: dict = {"Type": "forward", "TargetGroupArn": {"Ref": rule.target_group_id}}
    if actions:
        forward["Order"] = len(actions) + 1
    actions.append(forward)
    return {
        "Type": "AWS::ElasticLoadBalancingV2::ListenerRule",
        "Properties": _defined({
            "Actions": actions,
            "Conditions": _conditions(rule),
            "ListenerArn": rule.event.listener_arn,
            "Priority": rule.event.priority,
        }),
    }


def _conditions(rule: _Rule) -> list:
    conditions = rule.conditions
    out: list = []
    if "path" in conditions:
        out.append({"Field": "path-pattern", "Values": conditions["path"]})
    if "host" in conditions:
        out.append({"Field": "host-header", "HostHeaderConfig": {"Values": conditions["host"]}})
    if "method" in conditions:
        out.append({"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": conditions["method"]}})
    for header in conditions.get("header", []):
        header = header if isinstance(header, dict) else {}
        out.append({"Field": "http-header", "HttpHeaderConfig": _defined({
            "HttpHeaderName": header.get("name"), "Values": header.get("values"),
        })})
    if "query" in conditions:
        query = conditions["query"] if isinstance(conditions["query"], dict) else {}
        values = [{"Key": key, "Value": query[key]} for key in _js_keys(query)]
        out.append({"Field": "query-string", "QueryStringConfig": {"Values": values}})
    if "ip" in conditions:
        out.append({"Field": "source-ip", "SourceIpConfig": {"Values": conditions["ip"]}})
    return out


def _js_keys(mapping: dict) -> list:
    """``Object.keys``: integer-like keys first, ascending."""
    numeric = sorted((k for k in mapping if array_index(k) is not None), key=int)
    return numeric + [k for k in mapping if array_index(k) is None]


def _permissions(rule: _Rule, resources: dict, aliases: dict) -> None:
    alias = alias_id(rule.fn, aliases)
    invoke: dict = {
        "Type": "AWS::Lambda::Permission",
        "Properties": {
            "FunctionName": lambda_target(rule.fn, aliases),
            "Action": "lambda:InvokeFunction",
            "Principal": "elasticloadbalancing.amazonaws.com",
        },
    }
    if alias:
        invoke["DependsOn"] = [alias]
    from_target_group = lodash_merge(lodash_merge({}, invoke), {"Properties": {"SourceArn": {"Ref": rule.target_group_id}}})
    alb_id = ids.alb_permission_logical_id(rule.fn.key)
    register_id = ids.alb_register_target_permission_logical_id(rule.fn.key)
    resources[alb_id] = lodash_merge(resources.get(alb_id), from_target_group)
    resources[register_id] = lodash_merge(resources.get(register_id), invoke)
