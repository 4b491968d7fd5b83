"""The schemas of the event kinds the compiler builds, as their Serverless v3.39.0 plugins
define them (``defineFunctionEvent`` in compile/events/schedule.js, sqs.js, sns.js,
stream.js, s3/index.js, cognito-user-pool.js, ...); same conventions as :mod:`wizard.model.schema`."""

from __future__ import annotations

# JS `\s` inside a class (u flag): JS whitespace and line terminators; `\S` is anything else.
_SPACE = r"\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_NOT_SPACE = "[^" + _SPACE + "]"
# '^rate\\((?:1 (?:minute|hour|day)|(?:1\\d+|[2-9]\\d*) (?:minute|hour|day)s)\\)$|^cron\\(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+\\)$'
_SCHEDULE = (
    r"(?a)^rate\((?:1 (?:minute|hour|day)|(?:1\d+|[2-9]\d*) (?:minute|hour|day)s)\)\Z"
    r"|^cron\(" + " ".join([_NOT_SPACE + "+"] * 6) + r"\)\Z"
)
_ARN_OR_CF_REQUIRED = [
    {"properties": {"arn": {"$ref": "#/definitions/awsCfFunction"}}, "required": ["arn", "type"]},
    {"properties": {"arn": {"$ref": "#/definitions/awsArnString"}}, "required": ["arn"]},
]

# cognito-user-pool.js: the trigger sources it accepts; the custom senders take a KMS key too.
COGNITO_TRIGGERS = (
    "PreSignUp", "PostConfirmation", "PreAuthentication", "PostAuthentication", "PreTokenGeneration",
    "CustomMessage", "DefineAuthChallenge", "CreateAuthChallenge", "VerifyAuthChallengeResponse", "UserMigration",
)
COGNITO_SENDER_TRIGGERS = ("CustomSMSSender", "CustomEmailSender")

DEFINITIONS: dict[str, dict] = {
    # functionNamePattern, '^[a-zA-Z0-9-_]+$' (config-schema.js)
    "functionName": {"type": "string", "pattern": r"^[a-zA-Z0-9-_]+\Z"},
    "filterPatterns": {"type": "array", "minItems": 1, "maxItems": 10, "items": {"type": "object"}},
    # 'arn:[a-z-]+:secretsmanager:[a-z0-9-]+:\\d+:secret:[A-Za-z0-9/_+=.@-]+' (provider.js)
    "awsSecretsManagerArnString": {
        "type": "string",
        "pattern": r"(?a)arn:[a-z-]+:secretsmanager:[a-z0-9-]+:\d+:secret:[A-Za-z0-9/_+=.@-]+",
    },
    # ALB_LISTENER_REGEXP (alb/lib/validate.js), as provider.js writes its source
    "awsAlbListenerArn": {
        "type": "string",
        "pattern": (
            r"(?a)^arn:aws[\w-]*:elasticloadbalancing:[^\n\r\u2028\u2029]+:listener\/app\/[\w-]+\/([\w-]+)\/([\w-]+)\Z"
        ),
    },
    # '^[/#A-Za-z0-9-_.]+$' (provider.js)
    "awsLogGroupName": {"type": "string", "pattern": r"^[/#A-Za-z0-9-_.]+\Z"},
    # '^[a-zA-Z0-9._\\-]+$' (provider.js)
    "awsAlexaEventToken": {"type": "string", "minLength": 0, "maxLength": 256, "pattern": r"^[a-zA-Z0-9._\-]+\Z"},
}
# event-bridge/index.js and cloud-watch-event.js (schedule.js's differs).
_INPUT_TRANSFORMER = {
    "type": "object",
    "properties": {
        "inputPathsMap": {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}},
        "inputTemplate": {"type": "string", "minLength": 1, "maxLength": 8192},
    },
    "required": ["inputTemplate"],
    "additionalProperties": False,
}
_ALB_HEADER = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 40},
        "values": {"type": "array", "items": {"type": "string", "maxLength": 128}, "uniqueItems": True},
    },
    "additionalProperties": False,
    "required": ["name", "values"],
}
# provider.js: the properties both kinds of ALB authorizer take.
_ALB_AUTHORIZER_BASE = {
    "onUnauthenticatedRequest": {"enum": ["allow", "authenticate", "deny"]},
    "requestExtraParams": {"type": "object", "maxProperties": 10, "additionalProperties": {"type": "string"}},
    "scope": {"type": "string"},
    "sessionCookieName": {"type": "string"},
    "sessionTimeout": {"type": "integer", "minimum": 0},
}
PROVIDER: dict[str, dict] = {
    "alb": {
        "type": "object",
        "properties": {
            "targetGroupPrefix": {"type": "string", "maxLength": 16},
            "authorizers": {
                "type": "object",
                "additionalProperties": {
                    "anyOf": [
                        {
                            "type": "object",
                            "properties": {
                                "type": {"const": "oidc"},
                                "authorizationEndpoint": {"format": "uri", "type": "string"},
                                "clientId": {"type": "string"},
                                "clientSecret": {"type": "string"},
                                "issuer": {"format": "uri", "type": "string"},
                                "tokenEndpoint": {"format": "uri", "type": "string"},
                                "userInfoEndpoint": {"format": "uri", "type": "string"},
                                **_ALB_AUTHORIZER_BASE,
                            },
                            "required": ["type", "authorizationEndpoint", "clientId", "issuer", "tokenEndpoint", "userInfoEndpoint"],
                            "additionalProperties": False,
                        },
                        {
                            "type": "object",
                            "properties": {
                                "type": {"const": "cognito"},
                                "userPoolArn": {"$ref": "#/definitions/awsArn"},
                                "userPoolClientId": {"type": "string"},
                                "userPoolDomain": {"type": "string"},
                                **_ALB_AUTHORIZER_BASE,
                            },
                            "required": ["type", "userPoolArn", "userPoolClientId", "userPoolDomain"],
                            "additionalProperties": False,
                        },
                    ],
                },
            },
        },
        "additionalProperties": False,
    },
}
_SECRETS = {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/awsSecretsManagerArnString"}}
_BATCHING = {
    "batchSize": {"type": "number", "minimum": 1, "maximum": 10000},
    "maximumBatchingWindow": {"type": "number", "minimum": 0, "maximum": 300},
    "enabled": {"type": "boolean"},
}
_STARTING = {
    "startingPosition": {"type": "string", "enum": ["LATEST", "TRIM_HORIZON", "AT_TIMESTAMP"]},
    "startingPositionTimestamp": {"type": "number"},
}
# '[a-zA-Z0-9-/*:_+=.@-]*'
_CONSUMER_GROUP_ID = {"type": "string", "maxLength": 200, "pattern": r"[a-zA-Z0-9-/*:_+=.@-]*"}
_CF_IMPORT_OR_REF = [{"$ref": "#/definitions/awsCfImport"}, {"$ref": "#/definitions/awsCfRef"}]


def _mq(**extra) -> dict:
    """activemq.js and rabbitmq.js (which adds virtualHost)."""
    return {
        "type": "object",
        "properties": {
            "arn": {
                "anyOf": [
                    # 'arn:[a-z-]+:mq:[a-z0-9-]+:\\d+:broker:[A-Za-z0-9/_+=.@-]+:b-[a-z0-9-]+'
                    {"type": "string", "pattern": r"(?a)arn:[a-z-]+:mq:[a-z0-9-]+:\d+:broker:[A-Za-z0-9/_+=.@-]+:b-[a-z0-9-]+"},
                    *_CF_IMPORT_OR_REF,
                ],
            },
            "basicAuthArn": {"anyOf": [{"$ref": "#/definitions/awsSecretsManagerArnString"}, *_CF_IMPORT_OR_REF]},
            **_BATCHING,
            "queue": {"type": "string"},
            **extra,
            "filterPatterns": {"$ref": "#/definitions/filterPatterns"},
        },
        "additionalProperties": False,
        "required": ["basicAuthArn", "arn", "queue"],
    }


_ALEXA = {
    "anyOf": [
        {"$ref": "#/definitions/awsAlexaEventToken"},
        {
            "type": "object",
            "properties": {"appId": {"$ref": "#/definitions/awsAlexaEventToken"}, "enabled": {"type": "boolean"}},
            "required": ["appId"],
            "additionalProperties": False,
        },
    ],
}

EVENTS: dict[str, dict] = {
    "schedule": {
        "anyOf": [
            {"type": "string", "pattern": _SCHEDULE},
            {
                "type": "object",
                "properties": {
                    "rate": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"anyOf": [{"$ref": "#/definitions/awsCfFunction"}, {"type": "string", "pattern": _SCHEDULE}]},
                    },
                    "enabled": {"type": "boolean"},
                    # '[\\.\\-_A-Za-z0-9]+'
                    "name": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": r"[\.\-_A-Za-z0-9]+"},
                    "description": {"type": "string", "maxLength": 512},
                    "input": {
                        "anyOf": [
                            {"type": "string", "maxLength": 8192},
                            {
                                "type": "object",
                                "oneOf": [
                                    {
                                        "properties": {"body": {"type": "string", "maxLength": 8192}},
                                        "required": ["body"],
                                        "additionalProperties": False,
                                    },
                                    {"not": {"required": ["body"]}},
                                ],
                            },
                        ],
                    },
                    "inputPath": {"type": "string", "maxLength": 256},
                    "inputTransformer": {
                        "type": "object",
                        "properties": {
                            "inputTemplate": {"type": "string", "minLength": 1, "maxLength": 8192},
                            "inputPathsMap": {"type": "object"},
                        },
                        "required": ["inputTemplate"],
                        "additionalProperties": False,
                    },
                    "method": {"type": "string", "enum": ["eventBus", "scheduler"]},
                    # '[\\w\\-\\/]+'
                    "timezone": {"type": "string", "pattern": r"(?a)[\w\-\/]+"},
                },
                "required": ["rate"],
                "additionalProperties": False,
            },
        ],
    },
    "s3": {
        "anyOf": [
            {"type": "string"},
            {
                "type": "object",
                "properties": {
                    "bucket": {
                        "anyOf": [
                            {"type": "string"},
                            {"$ref": "#/definitions/awsCfFunction"},
                            {"$ref": "#/definitions/awsCfIf"},
                        ],
                    },
                    # '^s3:.+$'
                    "event": {"type": "string", "pattern": r"^s3:[^\n\r\u2028\u2029]+\Z"},
                    "existing": {"type": "boolean"},
                    "forceDeploy": {"type": "boolean"},
                    "rules": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "prefix": {"anyOf": [{"type": "string"}, {"$ref": "#/definitions/awsCfFunction"}]},
                                "suffix": {"anyOf": [{"type": "string"}, {"$ref": "#/definitions/awsCfFunction"}]},
                            },
                            "maxProperties": 1,
                            "additionalProperties": False,
                        },
                    },
                },
                "required": ["bucket"],
                "additionalProperties": False,
            },
        ],
    },
    "sns": {
        "anyOf": [
            # '^[\\w-]+$'
            {"type": "string", "maxLength": 256, "pattern": r"(?a)^[\w-]+\Z"},
            {"$ref": "#/definitions/awsArnString"},
            {
                "type": "object",
                "properties": {
                    "arn": {"$ref": "#/definitions/awsArn"},
                    "topicName": {"type": "string", "maxLength": 256, "pattern": r"(?a)^[\w-]+\Z"},
                    "displayName": {"type": "string", "minLength": 1},
                    "filterPolicy": {"type": "object"},
                    "filterPolicyScope": {"type": "string"},
                    "redrivePolicy": {
                        "type": "object",
                        "properties": {
                            "deadLetterTargetArn": {"$ref": "#/definitions/awsArnString"},
                            "deadLetterTargetRef": {"type": "string", "minLength": 1},
                            "deadLetterTargetImport": {
                                "type": "object",
                                "properties": {
                                    "arn": {"$ref": "#/definitions/awsArnString"},
                                    "url": {"type": "string", "minLength": 1},
                                },
                                "required": ["arn", "url"],
                                "additionalProperties": False,
                            },
                        },
                        "oneOf": [
                            {"required": ["deadLetterTargetArn"]},
                            {"required": ["deadLetterTargetRef"]},
                            {"required": ["deadLetterTargetImport"]},
                        ],
                        "additionalProperties": False,
                    },
                },
                "anyOf": [{"required": ["arn"]}, {"required": ["topicName"]}],
                "additionalProperties": False,
            },
        ],
    },
    "stream": {
        "anyOf": [
            {"$ref": "#/definitions/awsArnString"},
            {
                "type": "object",
                "properties": {
                    "arn": {},
                    "type": {"enum": ["dynamodb", "kinesis"]},
                    "batchSize": {"type": "integer", "minimum": 1, "maximum": 10000},
                    "parallelizationFactor": {"type": "integer", "minimum": 1, "maximum": 10},
                    "startingPosition": {"enum": ["LATEST", "TRIM_HORIZON", "AT_TIMESTAMP"]},
                    "startingPositionTimestamp": {"type": "number"},
                    "enabled": {"type": "boolean"},
                    "consumer": {"anyOf": [{"const": True}, {"$ref": "#/definitions/awsArn"}]},
                    "batchWindow": {"type": "integer", "minimum": 0, "maximum": 300},
                    "maximumRetryAttempts": {"type": "integer", "minimum": -1, "maximum": 10000},
                    "bisectBatchOnFunctionError": {"type": "boolean"},
                    "maximumRecordAgeInSeconds": {
                        "anyOf": [{"const": -1}, {"type": "integer", "minimum": 60, "maximum": 604800}],
                    },
                    "functionResponseType": {"enum": ["ReportBatchItemFailures"]},
                    "destinations": {
                        "type": "object",
                        "properties": {
                            "onFailure": {
                                "anyOf": [
                                    {"$ref": "#/definitions/awsArnString"},
                                    {
                                        "type": "object",
                                        "properties": {"arn": {}, "type": {"enum": ["sns", "sqs"]}},
                                        "additionalProperties": False,
                                        "anyOf": _ARN_OR_CF_REQUIRED,
                                    },
                                ],
                            },
                        },
                        "additionalProperties": False,
                        "required": ["onFailure"],
                    },
                    "tumblingWindowInSeconds": {"type": "integer", "minimum": 0, "maximum": 900},
                    "filterPatterns": {"$ref": "#/definitions/filterPatterns"},
                },
                "additionalProperties": False,
                "anyOf": _ARN_OR_CF_REQUIRED,
            },
        ],
    },
    "eventBridge": {
        "type": "object",
        "properties": {
            "eventBus": {
                "anyOf": [
                    {"type": "string", "minLength": 1},
                    {"$ref": "#/definitions/awsArnString"},
                    {"$ref": "#/definitions/awsCfImport"},
                    {"$ref": "#/definitions/awsCfRef"},
                    {
                        "type": "object",
                        "properties": {
                            # items: [{type: string, minLength: 1}, {type: string, enum: [Name]}] (a tuple)
                            "Fn::GetAtt": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "string", "minLength": 1}},
                        },
                        "required": ["Fn::GetAtt"],
                        "additionalProperties": False,
                    },
                ],
            },
            # '^(?:cron|rate)\\(.+\\)$'
            "schedule": {"pattern": r"^(?:cron|rate)\([^\n\r\u2028\u2029]+\)\Z", "type": "string"},
            # '[a-zA-Z0-9-_.]+'
            "name": {"type": "string", "pattern": r"[a-zA-Z0-9-_.]+", "minLength": 1, "maxLength": 64},
            "description": {"type": "string", "maxLength": 512},
            "enabled": {"type": "boolean"},
            "pattern": {
                "type": "object",
                "properties": {
                    "version": {}, "id": {}, "detail-type": {}, "source": {}, "account": {}, "time": {},
                    "region": {}, "resources": {}, "detail": {}, "$or": {"type": "array"},
                },
                "additionalProperties": False,
            },
            "input": {"type": "object"},
            "inputPath": {"type": "string", "minLength": 1, "maxLength": 256},
            "inputTransformer": _INPUT_TRANSFORMER,
            "retryPolicy": {
                "type": "object",
                "properties": {
                    "maximumEventAge": {"type": "integer", "minimum": 60, "maximum": 86400},
                    "maximumRetryAttempts": {"type": "integer", "minimum": 0, "maximum": 185},
                },
            },
            "deadLetterQueueArn": {"$ref": "#/definitions/awsArn"},
        },
        "anyOf": [{"required": ["pattern"]}, {"required": ["schedule"]}],
    },
    "websocket": {
        "anyOf": [
            {"type": "string"},
            {
                "type": "object",
                "properties": {
                    "route": {"type": "string"},
                    "routeResponseSelectionExpression": {"const": "$default"},
                    "authorizer": {
                        "anyOf": [
                            {"$ref": "#/definitions/awsArnString"},
                            {"$ref": "#/definitions/functionName"},
                            {
                                "type": "object",
                                "properties": {
                                    "name": {"$ref": "#/definitions/functionName"},
                                    "arn": {"$ref": "#/definitions/awsArn"},
                                    "identitySource": {"type": "array", "items": {"type": "string"}},
                                },
                                "anyOf": [{"required": ["name"]}, {"required": ["arn"]}],
                                "additionalProperties": False,
                            },
                        ],
                    },
                },
                "required": ["route"],
                "additionalProperties": False,
            },
        ],
    },
    "cognitoUserPool": {
        "type": "object",
        "properties": {
            # '^[\\w\\s+=,.@-]+$'
            "pool": {"type": "string", "maxLength": 128, "pattern": r"(?a)^[\w" + _SPACE + r"+=,.@-]+\Z"},
            "trigger": {"enum": [*COGNITO_TRIGGERS, *COGNITO_SENDER_TRIGGERS]},
            "existing": {"type": "boolean"},
            "forceDeploy": {"type": "boolean"},
            "kmsKeyId": {"$ref": "#/definitions/awsKmsArn"},
        },
        "required": ["pool", "trigger"],
        "additionalProperties": False,
    },
    "iotFleetProvisioning": {
        "type": "object",
        "properties": {
            "enabled": {"type": "boolean"},
            "provisioningRoleArn": {"$ref": "#/definitions/awsArn"},
            "templateBody": {"type": "object"},
            "templateName": {"type": "string"},
        },
        "required": ["templateBody", "provisioningRoleArn"],
        "additionalProperties": False,
    },
    "cloudwatchEvent": {
        "type": "object",
        "properties": {
            "event": {"type": "object"},
            "input": {"anyOf": [{"type": "string", "maxLength": 8192}, {"type": "object"}]},
            "inputPath": {"type": "string", "minLength": 1, "maxLength": 256},
            "inputTransformer": _INPUT_TRANSFORMER,
            "description": {"type": "string", "maxLength": 512},
            # '[a-zA-Z0-9-_.]+'
            "name": {"type": "string", "pattern": r"[a-zA-Z0-9-_.]+", "minLength": 1, "maxLength": 64},
            "enabled": {"type": "boolean"},
        },
        "additionalProperties": False,
    },
    "cloudwatchLog": {
        "anyOf": [
            {"$ref": "#/definitions/awsLogGroupName"},
            {
                "type": "object",
                "properties": {"logGroup": {"$ref": "#/definitions/awsLogGroupName"}, "filter": {"type": "string"}},
                "required": ["logGroup"],
                "additionalProperties": False,
            },
        ],
    },
    "iot": {
        "type": "object",
        "properties": {
            "sql": {"type": "string"},
            "sqlVersion": {"type": "string", "enum": ["2015-10-08", "2016-03-23", "beta"]},
            "name": {"type": "string"},
            "enabled": {"type": "boolean"},
            "description": {"type": "string"},
        },
        "required": ["sql"],
        "additionalProperties": False,
    },
    "alexaSkill": _ALEXA,
    "alexaSmartHome": _ALEXA,
    "alb": {
        "type": "object",
        "properties": {
            "authorizer": {"type": "array", "items": {"type": "string"}},
            "conditions": {
                "type": "object",
                "properties": {
                    "header": {"anyOf": [{"type": "array", "items": _ALB_HEADER}, _ALB_HEADER]},
                    # '^[A-Za-z0-9*?.-]+$'
                    "host": {"type": "array", "items": {"type": "string", "pattern": r"^[A-Za-z0-9*?.-]+\Z", "maxLength": 128}},
                    "ip": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
                    # '^[A-Z_-]+$'
                    "method": {"type": "array", "items": {"type": "string", "pattern": r"^[A-Z_-]+\Z", "maxLength": 40}},
                    # '^([A-Za-z0-9*?_.$/~"\'@:+-]|&amp;)+$'
                    "path": {
                        "type": "array",
                        "items": {"type": "string", "pattern": r"^([A-Za-z0-9*?_.$/~" + "\"'" + r"@:+-]|&amp;)+\Z", "maxLength": 128},
                    },
                    "query": {
                        "type": "object",
                        "additionalProperties": {"type": "string", "maxLength": 128},
                        "propertyNames": {"type": "string", "maxLength": 128},
                    },
                },
                "additionalProperties": False,
            },
            "healthCheck": {
                "anyOf": [
                    {"type": "boolean"},
                    {
                        "type": "object",
                        "properties": {
                            "healthyThresholdCount": {"type": "integer", "minimum": 2, "maximum": 10},
                            "intervalSeconds": {"type": "integer", "minimum": 5, "maximum": 300},
                            "matcher": {
                                "type": "object",
                                # '^\\d{3}(-\\d{3})?(,\\d{3}(-\\d{3})?)*$'
                                "properties": {"httpCode": {"type": "string", "pattern": r"(?a)^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*\Z"}},
                                "additionalProperties": False,
                            },
                            "path": {"type": "string", "minLength": 1, "maxLength": 1024},
                            "timeoutSeconds": {"type": "integer", "minimum": 2, "maximum": 120},
                            "unhealthyThresholdCount": {"type": "integer", "minimum": 2, "maximum": 10},
                        },
                        "additionalProperties": False,
                    },
                ],
            },
            "listenerArn": {"anyOf": [{"$ref": "#/definitions/awsAlbListenerArn"}, {"$ref": "#/definitions/awsCfRef"}]},
            "multiValueHeaders": {"type": "boolean"},
            "priority": {"type": "integer", "minimum": 1, "maximum": 50000},
            # '^[a-zA-Z0-9-]+$'
            "targetGroupName": {"type": "string", "minLength": 1, "maxLength": 32, "pattern": r"^[a-zA-Z0-9-]+\Z"},
        },
        "required": ["listenerArn", "priority", "conditions"],
        "additionalProperties": False,
    },
    "kafka": {
        "type": "object",
        "properties": {
            "accessConfigurations": {
                "type": "object",
                "minProperties": 1,
                "properties": {
                    # 'subnet-[a-z0-9]+', 'sg-[a-z0-9]+'
                    "vpcSubnet": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": r"subnet-[a-z0-9]+"}},
                    "vpcSecurityGroup": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": r"sg-[a-z0-9]+"}},
                    "saslPlainAuth": _SECRETS,
                    "saslScram256Auth": _SECRETS,
                    "saslScram512Auth": _SECRETS,
                    "clientCertificateTlsAuth": _SECRETS,
                    "serverRootCaCertificate": _SECRETS,
                },
                "additionalProperties": False,
            },
            **_BATCHING,
            "bootstrapServers": {"type": "array", "minItems": 1, "items": {"type": "string"}},
            **_STARTING,
            "topic": {"type": "string"},
            "consumerGroupId": _CONSUMER_GROUP_ID,
            "filterPatterns": {"$ref": "#/definitions/filterPatterns"},
        },
        "additionalProperties": False,
        "required": ["accessConfigurations", "bootstrapServers", "topic"],
    },
    "activemq": _mq(),
    "rabbitmq": _mq(virtualHost={"type": "string"}),
    "msk": {
        "type": "object",
        "properties": {
            "arn": {"anyOf": [{"$ref": "#/definitions/awsArnString"}, *_CF_IMPORT_OR_REF]},
            **_BATCHING,
            **_STARTING,
            "topic": {"type": "string"},
            "saslScram512": {"$ref": "#/definitions/awsArnString"},
            "consumerGroupId": _CONSUMER_GROUP_ID,
            "filterPatterns": {"$ref": "#/definitions/filterPatterns"},
        },
        "additionalProperties": False,
        "required": ["arn", "topic"],
    },
    "sqs": {
        "anyOf": [
            {"$ref": "#/definitions/awsArnString"},
            {
                "type": "object",
                "properties": {
                    "arn": {"$ref": "#/definitions/awsArn"},
                    "batchSize": {"type": "integer", "minimum": 1, "maximum": 10000},
                    "enabled": {"type": "boolean"},
                    "maximumBatchingWindow": {"type": "integer", "minimum": 0, "maximum": 300},
                    "functionResponseType": {"enum": ["ReportBatchItemFailures"]},
                    "filterPatterns": {"$ref": "#/definitions/filterPatterns"},
                    "maximumConcurrency": {"type": "integer", "minimum": 2, "maximum": 1000},
                },
                "required": ["arn"],
                "additionalProperties": False,
            },
        ],
    },
}


def install(schema: dict, definitions: dict) -> None:
    """Put each kind's schema in place of the ``{}`` its function-event branch holds, and the
    provider settings of the kinds in place of theirs."""
    definitions.update(DEFINITIONS)
    provider = schema["properties"]["provider"]["properties"]
    for key, provider_schema in PROVIDER.items():
        if provider.get(key) == {}:
            provider[key] = provider_schema
    pattern = next(iter(schema["properties"]["functions"]["patternProperties"].values()))
    for branch in pattern["properties"]["events"]["items"]["anyOf"]:
        for kind, event_schema in EVENTS.items():
            if branch.get("properties", {}).get(kind) == {}:
                branch["properties"][kind] = event_schema
