"""How a function is invoked besides its events: its URL and its asynchronous invoke
configuration (``compileFunctionUrl`` / ``compileFunctionEventInvokeConfig`` in
lib/plugins/aws/package/compile/functions.js)."""

from __future__ import annotations

from ..diagnostics import ERROR, Diagnostic
from ..jsvalues import UNDEFINED, to_set_list, truthy
from ..model.service import Function
from . import naming
from .iam import function_name

SOURCE = "https://github.com/serverless/serverless/blob/v3.39.0/lib/plugins/aws/package/compile/functions.js"
_DEFAULT_CORS = {
    "allowedOrigins": ["*"],
    "allowedHeaders": ["Content-Type", "X-Amz-Date", "Authorization", "X-Api-Key", "X-Amz-Security-Token", "X-Amzn-Trace-Id"],
    "allowedMethods": ["*"],
}
_DESTINATION_ACTIONS = {"function": "lambda:InvokeFunction", "sqs": "sqs:SendMessage", "sns": "sns:Publish",
                        "eventBus": "events:PutEvents"}


class DestinationError(Exception):
    pass


def _target(state, fn: Function):
    """``resolveLambdaTarget``: the function's ARN, or its alias's when it has one."""
    arn = {"Fn::GetAtt": [naming.lambda_logical_id(fn.key), "Arn"]}
    alias = state.aliases.get(fn.key)
    return arn if alias is None else {"Fn::Join": [":", [arn, alias[0]]]}


def _get(value, key: str):
    """``value[key]`` in JS on a YAML value: undefined (None) unless ``value`` is a mapping."""
    return value.get(key) if isinstance(value, dict) else None


def compile_function_url(state, fn: Function) -> None:
    url = fn.url
    if not truthy(url):
        return
    auth = "AWS_IAM" if _get(url, "authorizer") == "aws_iam" else "NONE"
    alias = state.aliases.get(fn.key)
    depends_on = alias[1] if alias is not None else UNDEFINED
    resource = {
        "Type": "AWS::Lambda::Url",
        "Properties": {"AuthType": auth, "TargetFunctionArn": _target(state, fn)},
        "DependsOn": depends_on,
    }
    cors_in = _get(url, "cors")
    if truthy(cors_in):
        cors = dict(_DEFAULT_CORS)
        for key in ("allowedOrigins", "allowedHeaders", "allowedMethods"):
            value = _get(cors_in, key)
            if truthy(value):
                cors[key] = to_set_list(value)
            elif isinstance(cors_in, dict) and key in cors_in and value is None:
                del cors[key]
        exposed = _get(cors_in, "exposedResponseHeaders")
        resource["Properties"]["Cors"] = {
            "AllowCredentials": True if truthy(_get(cors_in, "allowCredentials")) else UNDEFINED,
            "AllowHeaders": list(cors["allowedHeaders"]) if "allowedHeaders" in cors else UNDEFINED,
            "AllowMethods": list(cors["allowedMethods"]) if "allowedMethods" in cors else UNDEFINED,
            "AllowOrigins": list(cors["allowedOrigins"]) if "allowedOrigins" in cors else UNDEFINED,
            "ExposeHeaders": to_set_list(exposed) if truthy(exposed) else UNDEFINED,
            "MaxAge": cors_in["maxAge"] if isinstance(cors_in, dict) and "maxAge" in cors_in else UNDEFINED,
        }
    if _get(url, "invokeMode") == "RESPONSE_STREAM":
        resource["Properties"]["InvokeMode"] = "RESPONSE_STREAM"
    logical_id = naming.lambda_function_url_logical_id(fn.key)
    state.resources[logical_id] = resource
    state.template["Outputs"][naming.lambda_function_url_logical_id(fn.key)] = {
        "Description": "Lambda Function URL",
        "Value": {"Fn::GetAtt": [logical_id, "FunctionUrl"]},
    }
    if auth == "NONE":
        state.resources[naming.lambda_url_permission_logical_id(fn.key)] = {
            "Type": "AWS::Lambda::Permission",
            "Properties": {
                "FunctionName": _target(state, fn),
                "Action": "lambda:InvokeFunctionUrl",
                "Principal": "*",
                "FunctionUrlAuthType": "NONE",
            },
            "DependsOn": depends_on,
        }


def compile_event_invoke_config(state, fn: Function) -> None:
    destinations = fn.destinations
    age = fn.maximum_event_age
    retries = fn.maximum_retry_attempts
    if not truthy(destinations) and not truthy(age) and retries is None:
        return
    config: dict = {}
    if truthy(destinations):
        from .functions import execution_role

        external = truthy(execution_role(state.service, fn)) or state.service.provider.has_role_key
        for key, prop in (("onSuccess", "OnSuccess"), ("onFailure", "OnFailure")):
            target = _get(destinations, key)
            if not truthy(target):
                continue
            try:
                config[prop] = {"Destination": _destination_arn(state, target)}
                if not external:
                    _grant(state, target)
            except DestinationError as error:
                code, message = error.args
                state.diagnostics.append(Diagnostic(code, ERROR, message, fn.path + ("destinations", key), source=SOURCE))
                return
    alias = state.aliases.get(fn.key)
    props = {
        "FunctionName": {"Ref": naming.lambda_logical_id(fn.key)},
        "DestinationConfig": config,
        "Qualifier": alias[0] if alias is not None else "$LATEST",
    }
    if truthy(age):
        props["MaximumEventAgeInSeconds"] = age
    if retries is not None:
        props["MaximumRetryAttempts"] = retries
    state.resources[naming.lambda_event_config_logical_id(fn.key)] = {
        "Type": "AWS::Lambda::EventInvokeConfig",
        "Properties": props,
        "DependsOn": alias[1] if alias is not None else UNDEFINED,
    }


def _function(state, name: str) -> Function:
    fn = state.service.functions.get(name)
    if fn is None:
        raise DestinationError("FUNCTION_MISSING_IN_SERVICE", f'Function "{name}" doesn\'t exist in this Service')
    return fn


def _destination_arn(state, target):
    if isinstance(target, dict):
        return target.get("arn", UNDEFINED)
    text = str(target)
    if text.startswith("arn:"):
        return text
    return _target(state, _function(state, text))


def _grant(state, target) -> None:
    """The role's statement for one destination, once per destination (Serverless memoizes it)."""
    memo = id(target) if isinstance(target, dict) else target
    if memo in state.granted:
        return
    state.granted.append(memo)
    if isinstance(target, dict):
        action = _DESTINATION_ACTIONS.get(target.get("type"))
    else:
        text = str(target)
        if not text.startswith("arn:") or ":function:" in text:
            action = "lambda:InvokeFunction"
        elif ":sqs:" in text:
            action = "sqs:SendMessage"
        elif ":sns:" in text:
            action = "sns:Publish"
        elif ":event-bus/" in text:
            action = "events:PutEvents"
        else:
            action = None
    if action is None:
        shown = "[object Object]" if isinstance(target, dict) else str(target)
        raise DestinationError("UNSUPPORTED_DESTINATION_TARGET", f"Unsupported destination target {shown}")
    if isinstance(target, dict):
        resource = target.get("arn", UNDEFINED)
    elif str(target).startswith("arn:"):
        resource = str(target)
    else:
        name = function_name(state.service, _function(state, str(target)).key)
        resource = {"Fn::Sub": f"arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:{name}"}
    statements = state.statements()
    if statements is None:
        raise DestinationError(
            "DESTINATION_WITHOUT_GENERATED_ROLE",
            "destinations need the generated role (Serverless fails reading IamRoleLambdaExecution): "
            "set role on the function or leave provider.role out")
    statements.append({"Effect": "Allow", "Action": action, "Resource": resource})
