"""``sqs`` events: one event source mapping per queue and function, and the role's
right to read the queues (compile/events/sqs.js)."""

from __future__ import annotations

from ...jsvalues import truthy
from ...model.events import SqsEvent
from ...model.service import Service
from ..merge import lodash_merge
from . import ids
from .common import (
    SOURCE,
    alias_id,
    iam_role_resource_name,
    js_json,
    lambda_target,
    name_in_intrinsic,
    not_a_name,
    role_statements,
)

SQS_SOURCE = SOURCE + "sqs.js"


def queue_name(arn):
    """The queue's name in its logical id: from the ARN text or the intrinsic that makes it."""
    if isinstance(arn, dict):
        return name_in_intrinsic(arn, ref=False)
    return arn.split(":")[-1] if isinstance(arn, str) else None


def compile_sqs(service: Service, resources: dict, aliases: dict, diagnostics: list) -> None:
    queues: list = []
    for fn in service.functions.values():
        for event in fn.triggers:
            if not isinstance(event, SqsEvent):
                continue
            batch_size, enabled = 10, True
            if event.is_mapping:
                arn = event.arn
                batch_size = event.batch_size if truthy(event.batch_size) else batch_size
                if event.enabled is not None:
                    enabled = event.enabled
            else:
                arn = event.shorthand
            name = queue_name(arn)
            if not isinstance(name, str):
                diagnostics.append(not_a_name("the queue", arn, event, SQS_SOURCE))
                continue
            depends_on = []
            role = iam_role_resource_name(service, fn)
            if role:
                depends_on.append(role)
            if alias_id(fn, aliases):
                depends_on.append(alias_id(fn, aliases))
            props: dict = {"BatchSize": batch_size}
            if event.maximum_batching_window is not None:
                props["MaximumBatchingWindowInSeconds"] = event.maximum_batching_window
            props.update(EventSourceArn=arn, FunctionName=lambda_target(fn, aliases), Enabled=enabled)
            if event.function_response_type is not None:
                props["FunctionResponseTypes"] = [event.function_response_type]
            if truthy(event.filter_patterns) and isinstance(event.filter_patterns, list):
                props["FilterCriteria"] = {"Filters": [{"Pattern": js_json(p)} for p in event.filter_patterns]}
            if truthy(event.maximum_concurrency):
                props["ScalingConfig"] = {"MaximumConcurrency": event.maximum_concurrency}
            queues.append(arn)
            logical_id = ids.queue_logical_id(fn.key, name)
            # Two events on one queue and function share the id: Serverless merges them (_.merge).
            resources[logical_id] = lodash_merge(resources.get(logical_id), {"Type": "AWS::Lambda::EventSourceMapping", "DependsOn": depends_on, "Properties": props})
    statements = role_statements(resources)
    if statements is not None and queues:
        statements.append({"Effect": "Allow", "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], "Resource": queues})
