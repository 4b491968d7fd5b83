"""``cognitoUserPool`` events (compile/events/cognito-user-pool.js): a new pool per name,
its ``LambdaConfig`` holding the triggers of every function that names it, and an invoke
permission per trigger; then pools that exist already (``existing: true``), configured
through one ``Custom::CognitoUserPool`` resource per function and the custom-resources
Lambda.

Serverless also merges a pool of ``resources:`` into the generated one after packaging
has saved the template (its ``after:package:finalize`` hook), which leaves the packaged
template as the ordinary ``resources:`` merge made it.
"""

from __future__ import annotations

from ...diagnostics import ERROR, Diagnostic
from ...jsvalues import js_assign, js_strict_equal, js_string, truthy
from ...model.events import CognitoUserPoolEvent
from ...model.schema_events import COGNITO_SENDER_TRIGGERS
from ...model.service import Function, Service
from .. import naming
from ..iam import function_name
from ..merge import lodash_merge
from . import ids
from .common import SOURCE, Refused, alias_id, js_json, lambda_target
from .custom_resources import add_custom_resource

COGNITO_SOURCE = SOURCE + "cognito-user-pool.js"
# The only version of the custom sender event Cognito offers; Serverless writes it unless told.
_LAMBDA_VERSION = "V1_0"


def _error(code: str, message: str, event: CognitoUserPoolEvent) -> Diagnostic:
    return Diagnostic(code, ERROR, message, event.path, source=COGNITO_SOURCE)


def _events(service: Service):
    for fn in service.functions.values():
        for event in fn.triggers:
            if isinstance(event, CognitoUserPoolEvent):
                yield fn, event


def _is_existing(event: CognitoUserPoolEvent) -> bool:
    return event.is_mapping and truthy(event.existing)


def compile_cognito_user_pools(service: Service, resources: dict, aliases: dict, diagnostics: list) -> None:
    events = list(_events(service))
    try:
        new = [(fn, event) for fn, event in events if not _is_existing(event)]
        if new:
            _new_pools(new, resources, aliases)
        existing = [(fn, event) for fn, event in events if _is_existing(event)]
        if existing:
            _existing_pools(service, existing, resources)
    except Refused as stop:
        diagnostics.append(stop.args[0])


def _check_kms_key(kms_key_id, keys: dict, pool, event: CognitoUserPoolEvent) -> None:
    """A custom sender needs a KMS key, and one pool takes one key (checkKmsArn)."""
    if not truthy(kms_key_id):
        raise Refused(_error(
            "COGNITO_KMS_KEY_NOT_SET",
            "KMS Key must be set when using a Custom Sender Source Trigger (CustomSMSSender and/or CustomEmailSender). "
            f'Affected Cognito User Pool: "{js_string(pool)}".',
            event,
        ))
    pool_key = _map_key(pool)
    if pool_key in keys and js_json(keys[pool_key]) != js_json(kms_key_id):
        raise Refused(_error(
            "COGNITO_KMS_KEY_ID_NOT_SAME_FOR_SINGLE_USER_POOL",
            # Serverless's wording, "for" and all.
            f'Only one KMS Key for can be configured per Cognito User Pool. Affected Cognito User Pool: "{js_string(pool)}".',
            event,
        ))
    keys[pool_key] = kms_key_id


def _map_key(value):
    """A JS ``Map`` key (SameValueZero): primitives by type and value, objects by identity."""
    if isinstance(value, (dict, list)):
        return ("object", id(value))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return ("number", float(value))
    return (type(value).__name__, value)


def _new_pools(events: list, resources: dict, aliases: dict) -> None:
    # The pools in the order the events name them; each generated from all its triggers.
    pools: dict = {}
    for fn, event in events:
        pools.setdefault(_map_key(event.pool), []).append((fn, event))
    for mine in pools.values():
        pool = mine[0][1].pool
        generated = _pool_resource(pool, mine, aliases)
        if not isinstance(pool, str):
            raise Refused(_crash("pool", pool, mine[0][1], "name the pool with a string"))
        pool_id = ids.cognito_user_pool_logical_id(pool)
        resources[pool_id] = lodash_merge(resources.get(pool_id), generated)
    for fn, event in events:
        if not isinstance(event.trigger, str):
            raise Refused(_crash("trigger", event.trigger, event, "name one of Cognito's trigger sources"))
        permission = {
            "Type": "AWS::Lambda::Permission",
            "DependsOn": alias_id(fn, aliases),
            "Properties": {
                "FunctionName": lambda_target(fn, aliases),
                "Action": "lambda:InvokeFunction",
                "Principal": "cognito-idp.amazonaws.com",
                "SourceArn": {"Fn::GetAtt": [ids.cognito_user_pool_logical_id(event.pool), "Arn"]},
            },
        }
        if permission["DependsOn"] is None:
            del permission["DependsOn"]
        permission_id = ids.cognito_permission_logical_id(fn.key, event.pool, event.trigger)
        resources[permission_id] = lodash_merge(resources.get(permission_id), permission)


def _crash(key: str, value, event: CognitoUserPoolEvent, advice: str) -> Diagnostic:
    """Serverless calls a string method on the pool's or trigger's name to derive a logical id."""
    written = "missing" if value is None else js_json(value)
    if not event.is_mapping:
        written = f"missing (the event is {js_json(event.shorthand)}, not a mapping)"
    return _error(
        f"COGNITO_{key.upper()}_NOT_A_STRING",
        f'Serverless v3.39 crashes (TypeError) deriving a logical id from a new Cognito User Pool event\'s "{key}", '
        f"which is {written}: {advice}",
        event,
    )


def _pool_resource(pool: str, events: list[tuple[Function, CognitoUserPoolEvent]], aliases: dict) -> dict:
    """generateTemplateForPool: a later function's trigger replaces an earlier one in place."""
    lambda_config: dict = {}
    keys: dict = {}
    for fn, event in events:
        trigger = js_string(event.trigger)
        if event.trigger in COGNITO_SENDER_TRIGGERS:
            version = event.lambda_version if truthy(event.lambda_version) else _LAMBDA_VERSION
            _check_kms_key(event.kms_key_id, keys, pool, event)
            lambda_config = js_assign(lambda_config, {
                trigger: {"LambdaArn": lambda_target(fn, aliases), "LambdaVersion": version},
                "KMSKeyID": event.kms_key_id,
            })
        else:
            lambda_config = js_assign(lambda_config, {trigger: lambda_target(fn, aliases)})
    depends_on = [alias_id(fn, aliases) or naming.lambda_logical_id(fn.key) for fn, _ in events]
    return {
        "Type": "AWS::Cognito::UserPool",
        "Properties": {"UserPoolName": pool, "LambdaConfig": lambda_config},
        "DependsOn": depends_on,
    }


def _existing_pools(service: Service, events: list, resources: dict) -> None:
    handler_id = naming.lambda_logical_id(naming.normalize_function_name("custom-resource-existing-cup"))
    statements: list = []
    per_pool: dict = {}
    keys: dict = {}
    by_function: dict[str, list] = {}
    for fn, event in events:  # in the functions' order
        by_function.setdefault(fn.key, []).append(event)
    for key, fn_events in by_function.items():
        name = function_name(service, key)
        current = None
        for count, event in enumerate(fn_events, start=1):
            pool = event.pool
            if not truthy(current):
                current = pool
            if not js_strict_equal(pool, current):
                raise Refused(_error(
                    "COGNITO_MULTIPLE_USER_POOLS_PER_FUNCTION",
                    "Only one Cognito User Pool can be configured per function. "
                    f'In "{name}" you\'re attempting to configure "{js_string(current)}" and "{js_string(pool)}" at the same time.',
                    event,
                ))
            custom_id = ids.custom_cognito_logical_id(key)
            users = per_pool.setdefault(_object_key(pool), [])
            if custom_id not in users:
                users.append(custom_id)
            config: dict = {"Trigger": event.trigger}
            sender = event.trigger in COGNITO_SENDER_TRIGGERS
            if sender:
                config["LambdaVersion"] = event.lambda_version if truthy(event.lambda_version) else _LAMBDA_VERSION
                _check_kms_key(event.kms_key_id, keys, pool, event)
                config["KMSKeyID"] = event.kms_key_id
            if config["Trigger"] is None:
                del config["Trigger"]
            if count > 1:
                resources[custom_id]["Properties"]["UserPoolConfigs"].append(config)
                continue
            if sender:
                statements.append({"Effect": "Allow", "Resource": event.kms_key_id, "Action": ["kms:CreateGrant"]})
            props = {
                "ServiceToken": {"Fn::GetAtt": [handler_id, "Arn"]},
                "FunctionName": name,
                "UserPoolName": pool,
                "UserPoolConfigs": [config],
            }
            if pool is None:
                del props["UserPoolName"]
            if truthy(event.force_deploy):
                # Serverless writes Date.now(), a new value each packaging, to force an update.
                props["ForceDeploy"] = 0
            resource = {
                "Type": "Custom::CognitoUserPool",
                "Version": 1,
                "DependsOn": [naming.lambda_logical_id(key), handler_id],
                "Properties": props,
            }
            resources[custom_id] = lodash_merge(resources.get(custom_id), resource)
            statements.append({
                "Effect": "Allow",
                "Resource": "*",
                "Action": ["cognito-idp:ListUserPools", "cognito-idp:DescribeUserPool", "cognito-idp:UpdateUserPool"],
            })
        statements.append({
            "Effect": "Allow",
            "Resource": {"Fn::Sub": f"arn:${{AWS::Partition}}:lambda:*:*:function:{name}"},
            "Action": ["lambda:AddPermission", "lambda:RemovePermission"],
        })
    statements.append({
        "Effect": "Allow",
        "Resource": {"Fn::Sub": "arn:${AWS::Partition}:iam::*:role/*"},
        "Action": ["iam:PassRole"],
    })
    # Several functions on one pool: each custom resource waits for the previous one.
    for users in per_pool.values():
        for previous, current_id in zip(users, users[1:], strict=False):
            resources[current_id]["DependsOn"].append(previous)
    add_custom_resource(service, resources, "cognitoUserPool", statements)


def _object_key(pool) -> str:
    """The key a pool has in a plain JS object: its String()."""
    return js_string(pool)
