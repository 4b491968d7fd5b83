"""``stream`` events (DynamoDB and Kinesis): an event source mapping per stream and
function, a Kinesis consumer with ``consumer: true``, and the role's rights to read the
streams and reach the failure destinations (compile/events/stream.js)."""

from __future__ import annotations

from ...diagnostics import ERROR, Diagnostic
from ...jsvalues import truthy
from ...model.events import StreamEvent
from ...model.service import Service
from ..merge import lodash_merge
from . import ids
from .common import (
    SOURCE,
    alias_id,
    event_settings,
    iam_role_resource_name,
    js_json,
    lambda_target,
    name_in_intrinsic,
    not_a_name,
    role_statements,
)

STREAM_SOURCE = SOURCE + "stream.js"

_READ = ["GetRecords", "GetShardIterator", "DescribeStream", "ListStreams"]


def stream_name(arn):
    if isinstance(arn, dict):
        name = name_in_intrinsic(arn, ref=True)
        if "Fn::Join" in arn and not any(truthy(arn.get(k)) for k in ("Fn::GetAtt", "Fn::ImportValue", "Ref")):
            # stream.js takes the Join's last part after its last slash (`stream/name`)
            return name.split("/")[-1] if isinstance(name, str) else None
        return name
    if isinstance(arn, str):
        parts = arn.split("/")
        if len(parts) > 1:
            return parts[1]
        # A variable left as a placeholder (known at deploy time only): its text stands in.
        return arn if "${" in arn else None
    return None


def compile_stream(service: Service, resources: dict, aliases: dict, diagnostics: list) -> None:
    kinesis = event_settings(service).kinesis or {}
    service_specific = (service.service, service.stage) if truthy(kinesis.get("consumerNamingMode")) else None
    for fn in service.functions.values():
        dynamodb: list = []
        kinesis_plain: list = []
        kinesis_with_consumer: list = []
        consumers: list = []
        on_failure_sns: list = []
        on_failure_sqs: list = []
        for event in fn.triggers:
            if not isinstance(event, StreamEvent):
                continue
            batch_size, parallelization, starting, enabled = 10, None, "TRIM_HORIZON", True
            if event.is_mapping:
                arn = event.arn
                batch_size = event.batch_size if truthy(event.batch_size) else batch_size
                if truthy(event.parallelization_factor):
                    parallelization = event.parallelization_factor
                starting = event.starting_position if truthy(event.starting_position) else starting
                if event.enabled is not None:
                    enabled = event.enabled
            else:
                arn = event.shorthand
            if truthy(event.type):
                stream_type = event.type
            elif isinstance(arn, str):
                parts = arn.split(":")
                stream_type = parts[2] if len(parts) > 2 else None
            else:
                stream_type = None
            name = stream_name(arn)
            if not isinstance(name, str) or not isinstance(stream_type, str):
                diagnostics.append(not_a_name("the stream", arn, event, STREAM_SOURCE))
                continue
            logical_id = ids.stream_logical_id(fn.key, stream_type, name)
            depends_on: list = []
            role = iam_role_resource_name(service, fn)
            if role:
                depends_on.append(role)
            if alias_id(fn, aliases):
                depends_on.append(alias_id(fn, aliases))
            props: dict = {
                "BatchSize": batch_size,
                "Enabled": enabled,
                "EventSourceArn": arn,
                "FunctionName": lambda_target(fn, aliases),
            }
            if parallelization is not None:
                props["ParallelizationFactor"] = parallelization
            props["StartingPosition"] = starting
            resource = {"Type": "AWS::Lambda::EventSourceMapping", "DependsOn": depends_on, "Properties": props}
            if stream_type == "dynamodb":
                dynamodb.append(arn)
            elif truthy(event.consumer):
                kinesis_with_consumer.append(arn)
            else:
                kinesis_plain.append(arn)
            if event.batch_window is not None:
                props["MaximumBatchingWindowInSeconds"] = event.batch_window
            if event.maximum_retry_attempts is not None:
                props["MaximumRetryAttempts"] = event.maximum_retry_attempts
            if event.bisect_batch_on_function_error is not None:
                props["BisectBatchOnFunctionError"] = event.bisect_batch_on_function_error
            if event.function_response_type is not None:
                props["FunctionResponseTypes"] = [event.function_response_type]
            if truthy(event.maximum_record_age_in_seconds):
                props["MaximumRecordAgeInSeconds"] = event.maximum_record_age_in_seconds
            if event.tumbling_window_in_seconds is not None:
                props["TumblingWindowInSeconds"] = event.tumbling_window_in_seconds
            if truthy(event.destinations):
                on_failure = event.destinations.get("onFailure") if isinstance(event.destinations, dict) else None
                destination = on_failure.get("arn") if isinstance(on_failure, dict) else on_failure
                if isinstance(on_failure, dict) and truthy(on_failure.get("type")):
                    destination_type = on_failure["type"]
                elif isinstance(destination, str):
                    parts = destination.split(":")
                    destination_type = parts[2] if len(parts) > 2 else None
                else:
                    diagnostics.append(not_a_name("the failure destination", destination, event, STREAM_SOURCE))
                    continue
                (on_failure_sns if destination_type == "sns" else on_failure_sqs).append(destination)
                props["DestinationConfig"] = {"OnFailure": {"Destination": destination}}
            if truthy(event.filter_patterns) and isinstance(event.filter_patterns, list):
                props["FilterCriteria"] = {"Filters": [{"Pattern": js_json(p)} for p in event.filter_patterns]}
            new: dict = {logical_id: resource}
            if truthy(event.consumer) and stream_type == "kinesis":
                if event.consumer is True:
                    consumer_name = ids.stream_consumer_name(fn.key, name, service_specific)
                    consumer_id = ids.stream_consumer_logical_id(consumer_name)
                    new[consumer_id] = {
                        "Type": "AWS::Kinesis::StreamConsumer",
                        "Properties": {"StreamARN": arn, "ConsumerName": consumer_name},
                    }
                    depends_on.append(consumer_id)
                    props["EventSourceArn"] = {"Ref": consumer_id}
                    consumers.append({"Ref": consumer_id})
                else:
                    props["EventSourceArn"] = event.consumer
                    consumers.append(event.consumer)
                if event.starting_position == "AT_TIMESTAMP" and not truthy(event.starting_position_timestamp):
                    diagnostics.append(Diagnostic(
                        "FUNCTION_STREAM_STARTING_POSITION_TIMESTAMP_INVALID", ERROR,
                        f"You must specify startingPositionTimestamp for function: {fn.key} when startingPosition is AT_TIMESTAMP",
                        event.path, source=STREAM_SOURCE))
                    continue
                if truthy(event.starting_position_timestamp):
                    props["StartingPositionTimestamp"] = event.starting_position_timestamp
            for key, value in new.items():
                resources[key] = lodash_merge(resources.get(key), value)
        statements = role_statements(resources)
        if statements is None:
            continue
        for actions, found in (
            ([f"dynamodb:{a}" for a in _READ], dynamodb),
            ([f"kinesis:{a}" for a in _READ], kinesis_plain),
            (["kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStreamSummary", "kinesis:ListShards"], kinesis_with_consumer),
            (["kinesis:SubscribeToShard"], consumers),
            (["sns:Publish"], on_failure_sns),
            (["sqs:ListQueues", "sqs:SendMessage"], on_failure_sqs),
        ):
            if found:
                statements.append({"Effect": "Allow", "Action": actions, "Resource": found})
