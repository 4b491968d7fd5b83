"""The API Gateway v2 resources of an HTTP API (compile/events/http-api.js).

Order and shapes follow Serverless: Api, log group, Stage, then each authorizer (its
permission first), then per route the function's permission and integration (once per
function) and the route itself.
"""

from __future__ import annotations

from ..jsvalues import UNDEFINED, js_string, to_set_list, truthy
from ..model.http_api import HttpApiConfig, Route
from ..model.service import AWS_IAM, REQUEST, Authorizer, Service
from . import naming
from .core import stack_name

INTEGRATION_TIMEOUT_MS = 30000


def api_name(service: Service) -> str:
    settings = service.provider.http_api
    if truthy(settings.name):
        return js_string(settings.name)
    if truthy(settings.should_start_name_with_service):
        return f"{service.service}-{service.stage}"
    return f"{service.stage}-{service.service}"


def _target(function_key: str, alias) -> dict:
    arn = {"Fn::GetAtt": [naming.lambda_logical_id(function_key), "Arn"]}
    if alias is None:
        return arn
    return {"Fn::Join": [":", [arn, alias[0]]]}


def _source_arn(api_id) -> dict:
    return {
        "Fn::Join": [
            "",
            [
                "arn:",
                {"Ref": "AWS::Partition"},
                ":execute-api:",
                {"Ref": "AWS::Region"},
                ":",
                {"Ref": "AWS::AccountId"},
                ":",
                api_id,
                "/*",
            ],
        ]
    }


def compile_http_api(service: Service, config: HttpApiConfig, template: dict, aliases: dict) -> None:
    if not config.routes:
        return
    resources = template["Resources"]
    settings = service.provider.http_api
    external = truthy(settings.id)
    api_id = settings.id if external else {"Ref": naming.HTTP_API_LOGICAL_ID}
    tags = service.provider.tags

    if not external:
        props: dict = {
            "Name": api_name(service),
            "ProtocolType": "HTTP",
            "DisableExecuteApiEndpoint": UNDEFINED
            if settings.disable_default_endpoint is None
            else settings.disable_default_endpoint,
        }
        if truthy(tags):
            props["Tags"] = dict(tags)
        cors = config.cors
        if cors is not None:
            props["CorsConfiguration"] = {
                "AllowCredentials": True if cors.allow_credentials else UNDEFINED,
                "AllowHeaders": list(cors.allowed_headers),
                "AllowMethods": list(cors.allowed_methods),
                "AllowOrigins": list(cors.allowed_origins),
                "ExposeHeaders": UNDEFINED if cors.exposed_response_headers is None else list(cors.exposed_response_headers),
                "MaxAge": UNDEFINED if cors.max_age is None else cors.max_age,
            }
        resources[naming.HTTP_API_LOGICAL_ID] = {"Type": "AWS::ApiGatewayV2::Api", "Properties": props}

    if config.access_log_format is not None:
        log_props: dict = {"LogGroupName": f"/aws/http-api/{stack_name(service)}"}
        if truthy(service.provider.log_retention_in_days):
            log_props["RetentionInDays"] = service.provider.log_retention_in_days
        if truthy(service.provider.log_data_protection_policy):
            log_props["DataProtectionPolicy"] = service.provider.log_data_protection_policy
        resources[naming.HTTP_API_LOG_GROUP_LOGICAL_ID] = {"Type": "AWS::Logs::LogGroup", "Properties": log_props}

    if not external:
        stage_props: dict = {
            "ApiId": {"Ref": naming.HTTP_API_LOGICAL_ID},
            "StageName": "$default",
            "AutoDeploy": True,
            "DefaultRouteSettings": {"DetailedMetricsEnabled": settings.metrics if truthy(settings.metrics) else False},
        }
        if truthy(tags):
            stage_props["Tags"] = dict(tags)
        stage: dict = {"Type": "AWS::ApiGatewayV2::Stage", "Properties": stage_props}
        if config.access_log_format is not None:
            stage_props["AccessLogSettings"] = {
                "DestinationArn": {"Fn::GetAtt": [naming.HTTP_API_LOG_GROUP_LOGICAL_ID, "Arn"]},
                "Format": config.access_log_format,
            }
            stage["DependsOn"] = naming.HTTP_API_LOG_GROUP_LOGICAL_ID
        resources[naming.HTTP_API_STAGE_LOGICAL_ID] = stage
        template["Outputs"]["HttpApiId"] = {"Description": "Id of the HTTP API", "Value": {"Ref": naming.HTTP_API_LOGICAL_ID}}
        template["Outputs"]["HttpApiUrl"] = {
            "Description": "URL of the HTTP API",
            "Value": {
                "Fn::Join": [
                    "",
                    [
                        "https://",
                        {"Ref": naming.HTTP_API_LOGICAL_ID},
                        ".execute-api.",
                        {"Ref": "AWS::Region"},
                        ".",
                        {"Ref": "AWS::URLSuffix"},
                    ],
                ]
            },
        }

    for auth in config.authorizers.values():
        _compile_authorizer(auth, api_id, resources, aliases)

    done: set[str] = set()
    for route in config.routes.values():
        key = route.function.key
        if key not in done:
            done.add(key)
            _compile_target(service, key, api_id, resources, aliases.get(key))
        _compile_route(route, api_id, resources)


def _invoke_permission(target, api_id) -> dict:
    """Lets API Gateway (this API, any route) invoke ``target``."""
    return {
        "Type": "AWS::Lambda::Permission",
        "Properties": {
            "FunctionName": target,
            "Action": "lambda:InvokeFunction",
            "Principal": "apigateway.amazonaws.com",
            "SourceArn": _source_arn(api_id),
        },
    }


def _maybe(value):
    return UNDEFINED if value is None else value


def _compile_authorizer(auth: Authorizer, api_id, resources: dict, aliases: dict) -> None:
    name = auth.effective_name
    source = auth.identity_source if truthy(auth.identity_source) else []
    props: dict = {
        "ApiId": api_id,
        "Name": name,
        "IdentitySource": source if isinstance(source, list) else [source],
    }
    resource: dict = {"Type": "AWS::ApiGatewayV2::Authorizer", "Properties": props}
    if auth.type == REQUEST:
        alias = aliases.get(auth.function_name) if truthy(auth.function_name) else None
        target = auth.function_arn if truthy(auth.function_arn) else _target(auth.function_name, alias)
        props["AuthorizerType"] = "REQUEST"
        props["EnableSimpleResponses"] = _maybe(auth.enable_simple_responses)
        props["AuthorizerResultTtlInSeconds"] = _maybe(auth.result_ttl_in_seconds)
        props["AuthorizerPayloadFormatVersion"] = auth.payload_version if truthy(auth.payload_version) else "2.0"
        props["AuthorizerUri"] = {
            "Fn::Join": [
                "",
                [
                    "arn:",
                    {"Ref": "AWS::Partition"},
                    ":apigateway:",
                    {"Ref": "AWS::Region"},
                    ":lambda:path/2015-03-31/functions/",
                    target,
                    "/invocations",
                ],
            ]
        }
        resource["DependsOn"] = alias[1] if alias is not None and not truthy(auth.function_arn) else UNDEFINED
        if not truthy(auth.managed_externally):
            permission = _invoke_permission(target, api_id)
            if alias is not None:  # this permission gets DependsOn only with an alias
                permission["DependsOn"] = alias[1]
            resources[naming.lambda_authorizer_permission_logical_id(name)] = permission
    else:
        props["AuthorizerType"] = "JWT"
        props["JwtConfiguration"] = {"Audience": to_set_list(auth.audience), "Issuer": _maybe(auth.issuer_url)}
    resources[naming.http_api_authorizer_logical_id(name)] = resource


def _compile_target(service: Service, key: str, api_id, resources: dict, alias) -> None:
    target = _target(key, alias)
    permission = _invoke_permission(target, api_id)
    permission["DependsOn"] = alias[1] if alias is not None else UNDEFINED
    resources[naming.lambda_http_api_permission_logical_id(key)] = permission
    fn = service.functions[key]
    provider_payload = service.provider.http_api.payload
    payload = fn.http_api_payload if truthy(fn.http_api_payload) else provider_payload if truthy(provider_payload) else "2.0"
    integration: dict = {"Type": "AWS::ApiGatewayV2::Integration", "DependsOn": alias[1] if alias is not None else UNDEFINED}
    integration["Properties"] = {
        "ApiId": api_id,
        "IntegrationType": "AWS_PROXY",
        "IntegrationUri": target,
        "PayloadFormatVersion": payload,
        "TimeoutInMillis": INTEGRATION_TIMEOUT_MS,
    }
    resources[naming.http_api_integration_logical_id(key)] = integration


def _compile_route(route: Route, api_id, resources: dict) -> None:
    integration_id = naming.http_api_integration_logical_id(route.function.key)
    props: dict = {
        "ApiId": api_id,
        "RouteKey": route.api_route_key,
        "Target": {"Fn::Join": ["/", ["integrations", {"Ref": integration_id}]]},
    }
    auth = route.auth
    if auth is not None:
        if auth.type == REQUEST:
            props["AuthorizationType"] = "CUSTOM"
        elif auth.type == AWS_IAM:
            props["AuthorizationType"] = "AWS_IAM"
        else:
            props["AuthorizationType"] = "JWT"
        if auth.type != AWS_IAM:
            if truthy(auth.id):
                props["AuthorizerId"] = auth.id
            else:
                props["AuthorizerId"] = {"Ref": naming.http_api_authorizer_logical_id(auth.authorizer.effective_name)}
            props["AuthorizationScopes"] = UNDEFINED if auth.scopes is None else list(auth.scopes)
    resources[naming.http_api_route_logical_id(route.route_key)] = {
        "Type": "AWS::ApiGatewayV2::Route",
        "Properties": props,
        "DependsOn": integration_id,
    }
