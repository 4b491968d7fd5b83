"""``kafka`` events (a self-managed Apache Kafka cluster): an event source mapping per topic
and function, and the role's rights to the secrets and the VPC it names
(compile/events/kafka.js)."""

from __future__ import annotations

from ...diagnostics import ERROR, Diagnostic
from ...jsvalues import js_string, truthy
from ...model.events import KafkaEvent
from ...model.service import Service
from . import ids
from .common import (
    SOURCE,
    Refused,
    add_batching,
    crash,
    ec2_statement,
    filter_criteria,
    lambda_target,
    mapping_depends_on,
    role_statements,
    starting_position,
    written,
)

KAFKA_SOURCE = SOURCE + "kafka.js"
# accessConfigurations key: (SourceAccessConfiguration type, URI prefix, whether it names a secret)
_ACCESS = {
    "vpcSubnet": ("VPC_SUBNET", "subnet:", False),
    "vpcSecurityGroup": ("VPC_SECURITY_GROUP", "security_group:", False),
    "saslPlainAuth": ("BASIC_AUTH", "", True),
    "saslScram256Auth": ("SASL_SCRAM_256_AUTH", "", True),
    "saslScram512Auth": ("SASL_SCRAM_512_AUTH", "", True),
    "clientCertificateTlsAuth": ("CLIENT_CERTIFICATE_TLS_AUTH", "", True),
    "serverRootCaCertificate": ("SERVER_ROOT_CA_CERTIFICATE", "", True),
}


def _error(code: str, message: str, event: KafkaEvent) -> Diagnostic:
    return Diagnostic(code, ERROR, message, event.path, source=KAFKA_SOURCE)


def _entries(value) -> dict:
    """``Object.entries`` of what JavaScript reads as an object: a list's or a string's items
    under their indexes, nothing for a number or a boolean."""
    if isinstance(value, dict):
        return value
    if isinstance(value, (list, str)):
        return {str(index): item for index, item in enumerate(value)}
    return {}


def compile_kafka(service: Service, resources: dict, aliases: dict, diagnostics: list) -> None:
    try:
        for fn in service.functions.values():
            _compile_function(service, fn, resources, aliases)
    except Refused as refused:
        diagnostics.append(refused.args[0])


def _compile_function(service: Service, fn, resources: dict, aliases: dict) -> None:
    secrets: list = []
    any_event = needs_ec2 = False
    for event in fn.triggers:
        if not isinstance(event, KafkaEvent):
            continue
        access = event.access_configurations if event.is_mapping else None
        if access is None:
            raise Refused(crash(
                "KAFKA_ACCESS_CONFIGURATIONS_MISSING",
                '"accessConfigurations" is missing, and Serverless destructures it: '
                "write the cluster's access configurations as a mapping",
                event, KAFKA_SOURCE,
            ))
        access = _entries(access)
        subnet, group = access.get("vpcSubnet"), access.get("vpcSecurityGroup")
        if truthy(subnet) != truthy(group):
            missing = "vpcSubnet" if truthy(group) else "vpcSecurityGroup"
            raise Refused(_error(
                "FUNCTION_KAFKA_VPC_ACCESS_CONFIGURATION_INVALID",
                f'You must specify at least one "{missing}" accessConfiguration for function: {fn.key}',
                event,
            ))
        any_event = True
        position, timestamp = starting_position(event, fn.key, "FUNCTION_KAFKA_STARTING_POSITION_TIMESTAMP_INVALID", KAFKA_SOURCE)
        if not isinstance(event.topic, str):
            raise Refused(crash(
                "KAFKA_TOPIC_NOT_TEXT",
                f'"topic" is {written(event.topic)}, and Serverless derives a logical id from it: name the topic as text',
                event, KAFKA_SOURCE,
            ))
        props: dict = {
            "FunctionName": lambda_target(fn, aliases),
            "StartingPosition": position,
            "SelfManagedEventSource": {"Endpoints": {"KafkaBootstrapServers": event.bootstrap_servers}},
            "Topics": [event.topic],
            "SourceAccessConfigurations": [],
        }
        if event.bootstrap_servers is None:
            del props["SelfManagedEventSource"]["Endpoints"]["KafkaBootstrapServers"]
        for key, values in access.items():
            kind, prefix, secret = _ACCESS.get(key, (key, "", False))
            needs_ec2 = needs_ec2 or key in ("vpcSubnet", "vpcSecurityGroup")
            if not isinstance(values, list):
                raise Refused(crash(
                    "KAFKA_ACCESS_CONFIGURATION_NOT_A_LIST",
                    f'accessConfigurations "{key}" is {written(values)}, and Serverless iterates it: write a list',
                    event, KAFKA_SOURCE,
                ))
            for value in values:
                if secret:
                    secrets.append(value)
                props["SourceAccessConfigurations"].append({"Type": kind, "URI": f"{prefix}{js_string(value)}"})
        add_batching(props, event)
        if event.enabled is not None:
            props["Enabled"] = event.enabled
        if truthy(event.consumer_group_id):
            props["SelfManagedKafkaEventSourceConfig"] = {"ConsumerGroupId": event.consumer_group_id}
        if timestamp is not None:
            props["StartingPositionTimestamp"] = timestamp
        criteria = filter_criteria(event.filter_patterns)
        if criteria is not None:
            props["FilterCriteria"] = criteria
        resources[ids.kafka_logical_id(fn.key, event.topic)] = {
            "Type": "AWS::Lambda::EventSourceMapping",
            "DependsOn": mapping_depends_on(service, fn, aliases),
            "Properties": props,
        }
    statements = role_statements(resources)
    if statements is not None and any_event:
        if secrets:
            statements.append({"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"], "Resource": secrets})
        if needs_ec2:
            statements.append(ec2_statement())
