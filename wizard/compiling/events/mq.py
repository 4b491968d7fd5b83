"""``activemq`` and ``rabbitmq`` events (Amazon MQ brokers): an event source mapping per
queue and function, and the role's rights to the broker, its credentials and the VPC
(compile/events/activemq.js, rabbitmq.js)."""

from __future__ import annotations

from ...jsvalues import truthy
from ...model.events import ActiveMqEvent, RabbitMqEvent
from ...model.service import Service
from . import ids
from .common import (
    SOURCE,
    add_batching,
    crash,
    ec2_statement,
    filter_criteria,
    lambda_target,
    mapping_depends_on,
    role_statements,
    written,
)


def compile_activemq(service: Service, resources: dict, aliases: dict, diagnostics: list) -> None:
    _compile(service, resources, aliases, diagnostics, ActiveMqEvent)


def compile_rabbitmq(service: Service, resources: dict, aliases: dict, diagnostics: list) -> None:
    _compile(service, resources, aliases, diagnostics, RabbitMqEvent)


def _compile(service: Service, resources: dict, aliases: dict, diagnostics: list, kind: type[ActiveMqEvent]) -> None:
    source = SOURCE + f"{kind.KIND}.js"
    for fn in service.functions.values():
        secrets: list = []
        brokers: list = []
        for event in fn.triggers:
            if type(event) is not kind:
                continue
            if not isinstance(event.queue, str):
                diagnostics.append(crash(
                    "MQ_QUEUE_NOT_TEXT",
                    f'"queue" is {written(event.queue)}, and Serverless derives a logical id from it: name the queue as text',
                    event, source,
                ))
                return
            access = [{"Type": "BASIC_AUTH", "URI": event.basic_auth_arn}]
            if kind is RabbitMqEvent and truthy(event.virtual_host):
                access.append({"Type": "VIRTUAL_HOST", "URI": event.virtual_host})
            props: dict = {
                "FunctionName": lambda_target(fn, aliases),
                "EventSourceArn": event.arn,
                "Queues": [event.queue],
                # JSON leaves out what is undefined (a key not written).
                "SourceAccessConfigurations": [{k: v for k, v in item.items() if v is not None} for item in access],
            }
            if event.arn is None:
                del props["EventSourceArn"]
            add_batching(props, event)
            if event.enabled is not None:
                props["Enabled"] = event.enabled
            criteria = filter_criteria(event.filter_patterns)
            if criteria is not None:
                props["FilterCriteria"] = criteria
            brokers.append(event.arn)
            secrets.append(event.basic_auth_arn)
            logical_id = ids.mq_logical_id(fn.key, "ActiveMQ" if kind is ActiveMqEvent else "RabbitMQ", event.queue)
            resources[logical_id] = {
                "Type": "AWS::Lambda::EventSourceMapping",
                "DependsOn": mapping_depends_on(service, fn, aliases),
                "Properties": props,
            }
        statements = role_statements(resources)
        if statements is not None and brokers:
            statements.append({"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"], "Resource": secrets})
            statements.append({"Effect": "Allow", "Action": ["mq:DescribeBroker"], "Resource": brokers})
            statements.append(ec2_statement())
