"""The function events other than ``httpApi``, compiled in Serverless's plugin order.

Serverless runs each event plugin's ``package:compileEvents`` hook in the order its
plugins are listed (lib/plugins/index.js): schedule, s3, (REST api-gateway), websockets,
sns, stream, kafka, activemq, rabbitmq, msk, alb, alexaSkill, alexaSmartHome, iot,
iotFleetProvisioning, cloudwatchEvent, cloudwatchLog, cognitoUserPool, eventBridge, sqs,
(cloudFront), and http-api last. Each kind appends its
resources to the template (and statements to the generated role) in that order, which
is the order they have in the template.
"""

from __future__ import annotations

from ...model.service import Service


def compile_events(service: Service, template: dict, aliases: dict, diagnostics: list) -> None:
    """Add every compiled event kind's resources; errors go to ``diagnostics``."""
    # Their deprecations (Kinesis consumer names, EventBridge's legacy opt-in, WebSocket tags) are
    # model/deprecations.py's, printed where and as Serverless prints them.
    if not any(fn.triggers for fn in service.functions.values()):
        return
    # Imported here: a service with HTTP API routes only (the CLI's common case) never loads them.
    from .alb import compile_alb
    from .alexa import compile_alexa_skills, compile_alexa_smart_homes
    from .cloudwatch_event import compile_cloudwatch_events
    from .cloudwatch_log import compile_cloudwatch_logs
    from .cognito_user_pool import compile_cognito_user_pools
    from .event_bridge import compile_event_bridge
    from .iot import compile_iot
    from .iot_fleet_provisioning import compile_iot_fleet_provisioning
    from .kafka import compile_kafka
    from .mq import compile_activemq, compile_rabbitmq
    from .msk import compile_msk
    from .s3 import compile_s3
    from .schedule import compile_schedule
    from .sns import compile_sns
    from .sqs import compile_sqs
    from .stream import compile_stream
    from .websocket import compile_websockets

    resources = template["Resources"]
    compile_schedule(service, resources, aliases, diagnostics)
    compile_s3(service, resources, aliases, diagnostics)
    compile_websockets(service, resources, template["Outputs"], aliases, diagnostics)
    compile_sns(service, resources, aliases, diagnostics, service.region)
    compile_stream(service, resources, aliases, diagnostics)
    compile_kafka(service, resources, aliases, diagnostics)
    compile_activemq(service, resources, aliases, diagnostics)
    compile_rabbitmq(service, resources, aliases, diagnostics)
    compile_msk(service, resources, aliases, diagnostics)
    compile_alb(service, resources, aliases, diagnostics)
    compile_alexa_skills(service, resources, aliases, diagnostics)
    compile_alexa_smart_homes(service, resources, aliases, diagnostics)
    compile_iot(service, resources, aliases, diagnostics)
    compile_iot_fleet_provisioning(service, resources, aliases, diagnostics)
    compile_cloudwatch_events(service, resources, aliases, diagnostics)
    compile_cloudwatch_logs(service, resources, aliases, diagnostics)
    compile_cognito_user_pools(service, resources, aliases, diagnostics)
    compile_event_bridge(service, resources, aliases, diagnostics)
    compile_sqs(service, resources, aliases, diagnostics)
