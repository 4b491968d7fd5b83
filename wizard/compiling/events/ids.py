"""Logical ids of the event kinds' resources (lib/plugins/aws/lib/naming.js)."""

from __future__ import annotations

from ..naming import normalize_function_name, upper_first
from ..naming import normalize_name_to_alphanumeric as alnum


def schedule_id(fn_key: str) -> str:
    return f"{fn_key}Schedule"


def schedule_logical_id(fn_key: str, n: int) -> str:
    return f"{normalize_function_name(fn_key)}EventsRuleSchedule{n}"


def scheduler_schedule_logical_id(fn_key: str, n: int) -> str:
    return f"{normalize_function_name(fn_key)}SchedulerSchedule{n}"


def schedule_permission_logical_id(fn_key: str, n: int) -> str:
    return f"{normalize_function_name(fn_key)}LambdaPermissionEventsRuleSchedule{n}"


def queue_logical_id(fn_key: str, queue_name: str) -> str:
    return f"{normalize_function_name(fn_key)}EventSourceMappingSQS{alnum(queue_name)}"


def stream_logical_id(fn_key: str, stream_type: str, stream_name: str) -> str:
    return f"{normalize_function_name(fn_key)}EventSourceMapping{upper_first(stream_type)}{alnum(stream_name)}"


def stream_consumer_name(fn_key: str, stream_name: str, service_specific: tuple[str, str] | None) -> str:
    if service_specific is not None:
        return f"{fn_key}{stream_name}{service_specific[0]}{service_specific[1]}Consumer"
    return f"{fn_key}{stream_name}Consumer"


def stream_consumer_logical_id(consumer_name: str) -> str:
    return f"{normalize_function_name(consumer_name)}StreamConsumer"


def topic_logical_id(topic_name: str) -> str:
    return f"SNSTopic{alnum(topic_name)}"


def topic_dlq_policy_logical_id(fn_key: str, topic_name: str) -> str:
    return f"{alnum(topic_name)}To{normalize_function_name(fn_key)}DLQPolicy"


def sns_subscription_logical_id(fn_key: str, topic_name: str) -> str:
    return f"{normalize_function_name(fn_key)}SnsSubscription{alnum(topic_name)}"


def sns_permission_logical_id(fn_key: str, topic_name: str) -> str:
    return f"{normalize_function_name(fn_key)}LambdaPermission{alnum(topic_name)}SNS"


def bucket_logical_id(bucket_name: str) -> str:
    return f"S3Bucket{alnum(bucket_name)}"


def s3_permission_logical_id(fn_key: str, bucket_name: str) -> str:
    return f"{normalize_function_name(fn_key)}LambdaPermission{alnum(bucket_name)}S3"


def custom_s3_logical_id(fn_key: str) -> str:
    # The trailing 1 is Serverless's, kept from when each event had its own resource.
    return f"{normalize_function_name(fn_key)}CustomS31"


def cognito_user_pool_logical_id(pool: str) -> str:
    return f"CognitoUserPool{alnum(pool)}"


def cognito_permission_logical_id(fn_key: str, pool: str, trigger: str) -> str:
    return f"{normalize_function_name(fn_key)}LambdaPermissionCognitoUserPool{alnum(pool)}TriggerSource{alnum(trigger)}"


def custom_cognito_logical_id(fn_key: str) -> str:
    # The trailing 1 is Serverless's, kept from when each event had its own resource.
    return f"{normalize_function_name(fn_key)}CustomCognitoUserPool1"


def cloudwatch_event_logical_id(fn_key: str, n: int) -> str:
    return f"{normalize_function_name(fn_key)}EventsRuleCloudWatchEvent{n}"


def cloudwatch_event_permission_logical_id(fn_key: str, n: int) -> str:
    return f"{normalize_function_name(fn_key)}LambdaPermissionEventsRuleCloudWatchEvent{n}"


def cloudwatch_event_target_id(fn_key: str) -> str:
    return f"{fn_key}CloudWatchEvent"


def cloudwatch_log_logical_id(fn_key: str, n: int) -> str:
    return f"{normalize_function_name(fn_key)}LogsSubscriptionFilterCloudWatchLog{n}"


def cloudwatch_log_permission_logical_id(fn_key: str) -> str:
    return f"{normalize_function_name(fn_key)}LambdaPermissionLogsSubscriptionFilterCloudWatchLog"


def iot_logical_id(fn_key: str, n: int) -> str:
    return f"{normalize_function_name(fn_key)}IotTopicRule{n}"


def iot_permission_logical_id(fn_key: str, n: int) -> str:
    return f"{normalize_function_name(fn_key)}LambdaPermissionIotTopicRule{n}"


def iot_fleet_provisioning_logical_id(fn_key: str) -> str:
    return f"{normalize_function_name(fn_key)}IotProvisioningTemplate"


def iot_fleet_provisioning_permission_logical_id(fn_key: str) -> str:
    return f"{normalize_function_name(fn_key)}LambdaPermissionIotProvisioningTemplate"


def alexa_skill_permission_logical_id(fn_key: str, n: int) -> str:
    return f"{normalize_function_name(fn_key)}LambdaPermissionAlexaSkill{n or '0'}"


def alexa_smart_home_permission_logical_id(fn_key: str, n: int) -> str:
    return f"{normalize_function_name(fn_key)}LambdaPermissionAlexaSmartHome{n}"


def alb_target_group_logical_id(fn_key: str, alb_id: str, multi_value_headers: bool) -> str:
    return f"{normalize_function_name(fn_key)}Alb{'MultiValue' if multi_value_headers else ''}TargetGroup{alb_id}"


def alb_listener_rule_logical_id(fn_key: str, priority: str) -> str:
    return f"{normalize_function_name(fn_key)}AlbListenerRule{priority}"


def alb_permission_logical_id(fn_key: str) -> str:
    return f"{normalize_function_name(fn_key)}LambdaPermissionAlb"


def alb_register_target_permission_logical_id(fn_key: str) -> str:
    return f"{normalize_function_name(fn_key)}LambdaPermissionRegisterTarget"


# Names are cut so that a logical id stays under CloudFormation's 255 characters.
def kafka_logical_id(fn_key: str, topic: str) -> str:
    return f"{normalize_function_name(fn_key)}EventSourceMappingKafka{alnum(topic)[:158]}"


def msk_logical_id(fn_key: str, cluster: str, topic: str) -> str:
    return f"{normalize_function_name(fn_key)}EventSourceMappingMSK{alnum(cluster)[:79]}{alnum(topic)[:79]}"


def mq_logical_id(fn_key: str, kind: str, queue: str) -> str:
    return f"{normalize_function_name(fn_key)}EventSourceMapping{kind}{alnum(queue)[:150]}"


CUSTOM_RESOURCES_ROLE_LOGICAL_ID = "IamRoleCustomResourcesLambdaExecution"
CUSTOM_RESOURCES_ARTIFACT = "custom-resources.zip"
