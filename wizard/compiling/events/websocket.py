"""``websocket`` events: the WebSocket API, an integration and permission per function,
a route per event (with its response and authorizer), the stage and a deployment whose
id hashes the API's part of the template (compile/events/websockets/lib/*.js)."""

from __future__ import annotations

import base64
import re

try:  # as in functions.py: CPython's built-in SHA-256 spares loading OpenSSL
    from _sha256 import sha256
except ImportError:  # pragma: no cover - other Pythons
    try:
        from _sha2 import sha256
    except ImportError:
        from hashlib import sha256

from ...diagnostics import ERROR, Diagnostic
from ...jsvalues import truthy
from ...model.events import WebsocketEvent
from ...model.service import Service
from .. import naming
from ..merge import lodash_merge
from ..output import to_json
from .common import SOURCE, alias_id, crash, event_settings, lambda_target, role_statements
from .custom_resources import add_custom_resource

WEBSOCKETS_SOURCE = SOURCE + "websockets/lib/"
API_ID = "WebsocketsApi"
STAGE_ID = "WebsocketsDeploymentStage"
LOG_GROUP_ID = "WebsocketsLogGroup"
DEFAULT_DESCRIPTION = "Serverless Websockets"
DEFAULT_IDENTITY_SOURCE = ["route.request.header.Auth"]
DEFAULT_LOG_FORMAT = " ".join((
    "$context.identity.sourceIp",
    "$context.identity.caller",
    "$context.identity.user",
    "[$context.requestTime]",
    '"$context.eventType $context.routeKey $context.connectionId"',
    "$context.requestId",
))
_NON_ALNUM_LOWER = re.compile(r"[^0-9a-z]", re.IGNORECASE)


def _invocation_uri(target) -> dict:
    return {"Fn::Join": ["", [
        "arn:", {"Ref": "AWS::Partition"}, ":apigateway:", {"Ref": "AWS::Region"},
        ":lambda:path/2015-03-31/functions/", target, "/invocations",
    ]]}


def route_logical_id(route: str) -> str:
    key = route.replace("$", "S").replace("/", "Slash").replace("-", "Dash").replace("_", "Underscore").replace(".", "Period")
    return f"{key}WebsocketsRoute"


def _missing_function(name, path: tuple) -> Diagnostic:
    """service.js getFunction: an authorizer naming no function of the service."""
    return Diagnostic("FUNCTION_MISSING_IN_SERVICE", ERROR, f'Function "{name}" doesn\'t exist in this Service',
                      path, source="https://github.com/serverless/serverless/blob/v3.39.0/lib/classes/service.js")


def _authorizer(event: WebsocketEvent, service: Service, aliases: dict, diagnostics: list):
    """validate.js: the authorizer as ``{name, uri, identitySource, permission}``, or None."""
    auth = event.authorizer
    if isinstance(auth, str):
        if ":" in auth:
            return {"name": auth.split(":")[-1], "uri": _invocation_uri(auth), "identitySource": DEFAULT_IDENTITY_SOURCE, "permission": auth}
        fn = service.functions.get(auth)
        if fn is None:
            diagnostics.append(_missing_function(auth, event.path + ("authorizer",)))
            return None
        target = lambda_target(fn, aliases)
        return {"name": auth, "uri": _invocation_uri(target), "identitySource": DEFAULT_IDENTITY_SOURCE, "permission": naming.lambda_logical_id(auth)}
    if not isinstance(auth, dict):
        return None
    out: dict = {}
    if truthy(auth.get("arn")):
        arn = auth["arn"]
        if isinstance(arn, (dict, list)):
            if not truthy(auth.get("name")):
                diagnostics.append(Diagnostic(
                    "WEBSOCKETS_MISSING_AUTHORIZER_NAME", ERROR,
                    'Websocket Authorizer: Non-string "arn" needs to be accompanied with "name"',
                    event.path + ("authorizer",), source=WEBSOCKETS_SOURCE + "validate.js"))
                return None
            out["name"] = auth["name"]
        else:
            out["name"] = str(arn).split(":")[-1]
        out["uri"] = _invocation_uri(arn)
        out["permission"] = arn
    elif truthy(auth.get("name")):
        name = auth["name"]
        out["name"] = name
        fn = service.functions.get(name) if isinstance(name, str) else None
        if fn is None:
            diagnostics.append(_missing_function(name, event.path + ("authorizer", "name")))
            return None
        out["uri"] = _invocation_uri(lambda_target(fn, aliases))
        out["permission"] = naming.lambda_logical_id(name)
    else:
        # Serverless then reads the authorizer's permission, undefined: a TypeError.
        diagnostics.append(crash(
            "WEBSOCKETS_AUTHORIZER_NOT_NAMED",
            'its "authorizer" has neither "arn" nor "name": name the authorizer function, or give its ARN',
            event, WEBSOCKETS_SOURCE + "permissions.js",
        ))
        return None
    out["identitySource"] = auth["identitySource"] if truthy(auth.get("identitySource")) else DEFAULT_IDENTITY_SOURCE
    return out


def compile_websockets(service: Service, resources: dict, outputs: dict, aliases: dict, diagnostics: list) -> None:
    events: list[tuple] = []  # (function, event, authorizer)
    for fn in service.functions.values():
        for event in fn.triggers:
            if not isinstance(event, WebsocketEvent):
                continue
            if event.is_mapping:
                events.append((fn, event, _authorizer(event, service, aliases, diagnostics)))
            elif isinstance(event.shorthand, str):
                events.append((fn, event, None))
    if not events or any(d.is_error for d in diagnostics):
        return
    settings = event_settings(service).websockets
    external_id = settings.get("websocketApiId")
    api_id = external_id if truthy(external_id) else {"Ref": API_ID}
    description = settings.get("websocketsDescription") or DEFAULT_DESCRIPTION
    provider_tags = service.provider.tags
    use_tags = isinstance(settings.get("websocket"), dict) and truthy(settings["websocket"].get("useProviderTags"))

    if not truthy(external_id):  # api.js
        name = settings.get("websocketsApiName")
        props = {
            "Name": name if truthy(name) and isinstance(name, str) else f"{service.stage}-{service.service}-websockets",
            "RouteSelectionExpression": settings.get("websocketsApiRouteSelectionExpression") or "$request.body.action",
            "Description": description,
            "ProtocolType": "WEBSOCKET",
        }
        if truthy(provider_tags) and use_tags:
            props["Tags"] = dict(provider_tags)
        resources[API_ID] = lodash_merge(resources.get(API_ID), {"Type": "AWS::ApiGatewayV2::Api", "Properties": props})
        statements = role_statements(resources)
        if statements is not None:
            statements.append({
                "Effect": "Allow",
                "Action": ["execute-api:ManageConnections"],
                "Resource": [{"Fn::Sub": "arn:${AWS::Partition}:execute-api:*:*:*/@connections/*"}],
            })

    for fn, _event, _auth in events:  # integrations.js
        integration_id = f"{naming.normalize_function_name(fn.key)}WebsocketsIntegration"
        integration: dict = {"Type": "AWS::ApiGatewayV2::Integration"}
        if alias_id(fn, aliases):
            integration["DependsOn"] = alias_id(fn, aliases)
        integration["Properties"] = {"ApiId": api_id, "IntegrationType": "AWS_PROXY", "IntegrationUri": _invocation_uri(lambda_target(fn, aliases))}
        resources[integration_id] = lodash_merge(resources.get(integration_id), integration)

    for _fn, event, _auth in events:  # route-responses.js
        if event.is_mapping and truthy(event.route_response_selection_expression):
            resources[route_logical_id(str(event.route)) + "Response"] = {
                "Type": "AWS::ApiGatewayV2::RouteResponse",
                "Properties": {"ApiId": api_id, "RouteId": {"Ref": route_logical_id(str(event.route))}, "RouteResponseKey": "$default"},
            }

    for _fn, _event, auth in events:  # authorizers.js
        if not auth:
            continue
        authorizer_fn = service.functions.get(auth.get("name")) if isinstance(auth.get("name"), str) else None
        resource: dict = {"Type": "AWS::ApiGatewayV2::Authorizer"}
        if authorizer_fn is not None and alias_id(authorizer_fn, aliases):
            resource["DependsOn"] = alias_id(authorizer_fn, aliases)
        resource["Properties"] = {
            "ApiId": api_id,
            "Name": auth.get("name"),
            "AuthorizerType": "REQUEST",
            "AuthorizerUri": auth.get("uri"),
            "IdentitySource": auth.get("identitySource"),
        }
        authorizer_id = f"{naming.normalize_function_name(str(auth.get('name')))}WebsocketsAuthorizer"
        resources[authorizer_id] = lodash_merge(resources.get(authorizer_id), resource)

    api_ref = api_id.get("Ref") if isinstance(api_id, dict) else None
    for fn, _event, auth in events:  # permissions.js
        permission_id = f"{naming.normalize_function_name(fn.key)}LambdaPermissionWebsockets"
        resources[permission_id] = lodash_merge(resources.get(permission_id), {
            "Type": "AWS::Lambda::Permission",
            "DependsOn": [d for d in (api_ref, alias_id(fn, aliases) or naming.lambda_logical_id(fn.key)) if truthy(d)],
            "Properties": {"FunctionName": lambda_target(fn, aliases), "Action": "lambda:InvokeFunction", "Principal": "apigateway.amazonaws.com"},
        })
        if not auth:
            continue
        depends_on = [api_ref] if truthy(api_ref) else []
        permission = auth.get("permission")
        authorizer_permission = {
            "Type": "AWS::Lambda::Permission",
            "DependsOn": depends_on,
            "Properties": {"Action": "lambda:InvokeFunction", "Principal": "apigateway.amazonaws.com"},
        }
        if isinstance(permission, (dict, list)) or ":" in str(permission):
            authorizer_permission["Properties"]["FunctionName"] = permission
        else:
            authorizer_fn = service.functions[auth["name"]]  # validated: a function of the service
            authorizer_permission["Properties"]["FunctionName"] = lambda_target(authorizer_fn, aliases)
            depends_on.append(permission)
            if alias_id(authorizer_fn, aliases):
                depends_on.append(alias_id(authorizer_fn, aliases))
        authorizer_permission_id = f"{naming.normalize_function_name(str(auth.get('name')))}LambdaPermissionWebsockets"
        resources[authorizer_permission_id] = lodash_merge(resources.get(authorizer_permission_id), authorizer_permission)

    for fn, event, auth in events:  # routes.js
        route = event.route if event.is_mapping else event.shorthand
        integration_id = f"{naming.normalize_function_name(fn.key)}WebsocketsIntegration"
        props = {
            "ApiId": api_id,
            "RouteKey": route,
            "AuthorizationType": "NONE",
            "Target": {"Fn::Join": ["/", ["integrations", {"Ref": integration_id}]]},
        }
        if event.is_mapping and truthy(event.route_response_selection_expression):
            props["RouteResponseSelectionExpression"] = event.route_response_selection_expression
        if auth:
            props["AuthorizationType"] = "CUSTOM"
            props["AuthorizerId"] = {"Ref": f"{naming.normalize_function_name(str(auth.get('name')))}WebsocketsAuthorizer"}
        route_id = route_logical_id(str(route))
        resources[route_id] = lodash_merge(resources.get(route_id), {"Type": "AWS::ApiGatewayV2::Route", "Properties": props})

    if not truthy(external_id):  # stage.js
        _stage(service, resources, api_id, description, diagnostics)

    depends_on: list = []  # deployment.js
    for _fn, event, _auth in events:
        route = str(event.route if event.is_mapping else event.shorthand)
        if event.is_mapping and truthy(event.route_response_selection_expression):
            depends_on.append(route_logical_id(route) + "Response")
        depends_on.append(route_logical_id(route))
    picked = {
        key: resource for key, resource in resources.items()
        if key == API_ID
        or (isinstance(resource, dict) and isinstance(resource.get("Properties"), dict)
            and isinstance(resource["Properties"].get("ApiId"), dict) and resource["Properties"]["ApiId"].get("Ref") == API_ID)
        or (isinstance(resource, dict) and isinstance(resource.get("DependsOn"), list) and API_ID in resource["DependsOn"])
    }
    digest = base64.b64encode(sha256(to_json(picked, minify=True).encode("utf-8")).digest()).decode("ascii")
    deployment_id = "WebsocketsDeployment" + _NON_ALNUM_LOWER.sub("", digest)
    deployment = {
        "Type": "AWS::ApiGatewayV2::Deployment",
        "DependsOn": depends_on,
        "Properties": {"ApiId": api_id, "Description": description},
    }
    resources[deployment_id] = lodash_merge(resources.get(deployment_id), deployment)
    if truthy(external_id):
        resources[deployment_id]["Properties"]["StageName"] = service.stage
    outputs["ServiceEndpointWebsocket"] = lodash_merge(outputs.get("ServiceEndpointWebsocket"), {
        "Description": "URL of the service endpoint",
        "Value": {"Fn::Join": ["", [
            "wss://", api_id, ".execute-api.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"}, f"/{service.stage}",
        ]]},
    })
    stage = resources.get(STAGE_ID)
    if isinstance(stage, dict) and isinstance(stage.get("Properties"), dict):
        stage["Properties"]["DeploymentId"] = {"Ref": deployment_id}


def _stage(service: Service, resources: dict, api_id, description: str, diagnostics: list) -> None:
    props: dict = {"ApiId": api_id, "StageName": service.stage, "Description": description}
    resources[STAGE_ID] = {"Type": "AWS::ApiGatewayV2::Stage", "Properties": props}
    logs = event_settings(service).websockets.get("logs")
    if not truthy(logs):
        return
    logs = logs if isinstance(logs, dict) else {}
    access_logging = True if logs.get("accessLogging") is None else logs["accessLogging"]
    execution_logging = True if logs.get("executionLogging") is None else logs["executionLogging"]
    full_execution_data = True if logs.get("fullExecutionData") is None else logs["fullExecutionData"]
    log_format = logs["format"] if truthy(logs.get("format")) else DEFAULT_LOG_FORMAT
    level = "INFO"
    if not truthy(execution_logging):
        level = "OFF"
    elif truthy(logs.get("level")):
        level = logs["level"]
        if level not in ("INFO", "ERROR"):
            diagnostics.append(Diagnostic(
                "WEBSOCKETS_INVALID_LOGS_LEVEL", ERROR,
                f"provider.logs.websocket.level is set to an invalid value. Support values are INFO, ERROR, got {level}.",
                ("provider", "logs", "websocket", "level"), source=WEBSOCKETS_SOURCE + "stage.js"))
            return
    props["DefaultRouteSettings"] = {"DataTraceEnabled": full_execution_data, "LoggingLevel": level}
    if truthy(access_logging):
        props["AccessLogSettings"] = {
            "DestinationArn": {"Fn::Sub": f"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:${{{LOG_GROUP_ID}}}"},
            "Format": log_format,
        }
    group: dict = {"LogGroupName": f"/aws/websocket/{service.service}-{service.stage}"}
    if truthy(service.provider.log_retention_in_days):
        group["RetentionInDays"] = service.provider.log_retention_in_days
    if truthy(service.provider.log_data_protection_policy):
        group["DataProtectionPolicy"] = service.provider.log_data_protection_policy
    resources[LOG_GROUP_ID] = {"Type": "AWS::Logs::LogGroup", "Properties": group}
    _cloud_watch_role(service, resources)


def _cloud_watch_role(service: Service, resources: dict) -> None:
    """ensure-api-gateway-cloud-watch-role.js: the account's API Gateway logging role."""
    rest = event_settings(service).websockets.get("restApiLogs")
    rest = rest if isinstance(rest, dict) else {}
    if truthy(rest.get("roleManagedExternally")):
        return
    handler_id = naming.lambda_logical_id(naming.normalize_function_name("custom-resource-apigw-cw-role"))
    properties: dict = {"ServiceToken": {"Fn::GetAtt": [handler_id, "Arn"]}}
    if rest.get("role") is not None:
        properties["RoleArn"] = rest["role"]
    resources["CustomApiGatewayAccountCloudWatchRole"] = {"Type": "Custom::ApiGatewayAccountRole", "Version": 1, "Properties": properties}
    add_custom_resource(service, resources, "apiGatewayCloudWatchRole", [
        {
            "Effect": "Allow",
            "Resource": {"Fn::Join": [":", ["arn", {"Ref": "AWS::Partition"}, "iam:", {"Ref": "AWS::AccountId"}, "role/*"]]},
            "Action": ["iam:AttachRolePolicy", "iam:CreateRole", "iam:ListAttachedRolePolicies", "iam:PassRole"],
        },
        {
            "Effect": "Allow",
            "Resource": {"Fn::Join": [":", ["arn", {"Ref": "AWS::Partition"}, "apigateway:*::/account"]]},
            "Action": ["apigateway:GET", "apigateway:PATCH"],
        },
    ])
