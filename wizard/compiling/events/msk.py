"""``msk`` events (an Amazon MSK cluster): an event source mapping per cluster, topic and
function, and the role's rights to the clusters (compile/events/msk/)."""

from __future__ import annotations

from ...jsvalues import truthy
from ...model.events import MskEvent
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

MSK_SOURCE = SOURCE + "msk/index.js"


def _cluster_token(arn, event: MskEvent) -> str:
    """getMskClusterNameToken: the export's or the Ref's name, or the ARN's cluster name."""
    if isinstance(arn, dict):
        for key in ("Fn::ImportValue", "Ref"):
            if truthy(arn.get(key)):
                token = arn[key]
                break
        else:
            token = None
    elif isinstance(arn, str):
        parts = arn.split("/")
        token = parts[1] if len(parts) > 1 else None
    else:
        token = None
    if not isinstance(token, str):
        raise Refused(crash(
            "MSK_CLUSTER_NAME_NOT_DERIVABLE",
            f'Serverless cannot take the cluster\'s name from "arn" {written(arn)}: write the cluster\'s ARN '
            "(arn:aws:kafka:<region>:<account>:cluster/<name>/<id>), a Ref or an Fn::ImportValue",
            event, MSK_SOURCE,
        ))
    return token


def compile_msk(service: Service, resources: dict, aliases: dict, diagnostics: list) -> None:
    try:
        for fn in service.functions.values():
            _compile_function(service, fn, resources, aliases)
    except Refused as refused:
        diagnostics.append(refused.args[0])


def _compile_function(service: Service, fn, resources: dict, aliases: dict) -> None:
    clusters: list = []
    for event in fn.triggers:
        if not isinstance(event, MskEvent):
            continue
        position, timestamp = starting_position(event, fn.key, "FUNCTION_MSK_STARTING_POSITION_TIMESTAMP_INVALID", MSK_SOURCE)
        token = _cluster_token(event.arn, event)
        if not isinstance(event.topic, str):
            raise Refused(crash(
                "MSK_TOPIC_NOT_TEXT",
                f'"topic" is {written(event.topic)}, and Serverless derives a logical id from it: name the topic as text',
                event, MSK_SOURCE,
            ))
        props: dict = {
            "EventSourceArn": event.arn,
            "FunctionName": lambda_target(fn, aliases),
            "StartingPosition": position,
            "Topics": [event.topic],
        }
        if timestamp is not None:
            props["StartingPositionTimestamp"] = timestamp
        add_batching(props, event)
        if truthy(event.consumer_group_id):
            props["AmazonManagedKafkaEventSourceConfig"] = {"ConsumerGroupId": event.consumer_group_id}
        if event.enabled is not None:
            props["Enabled"] = event.enabled
        if event.sasl_scram_512 is not None:
            props["SourceAccessConfigurations"] = [{"Type": "SASL_SCRAM_512_AUTH", "URI": event.sasl_scram_512}]
        criteria = filter_criteria(event.filter_patterns)
        if criteria is not None:
            props["FilterCriteria"] = criteria
        clusters.append(event.arn)
        resources[ids.msk_logical_id(fn.key, token, event.topic)] = {
            "Type": "AWS::Lambda::EventSourceMapping",
            "DependsOn": mapping_depends_on(service, fn, aliases),
            "Properties": props,
        }
    statements = role_statements(resources)
    if statements is not None and clusters:
        statements.append({"Effect": "Allow", "Action": ["kafka:DescribeCluster", "kafka:GetBootstrapBrokers"], "Resource": clusters})
        statements.append(ec2_statement())
