"""serverless.yml JSON Schema (draft-07 dicts) as Serverless v3.39.0 assembles it for provider aws, mirroring lib/config-schema.js, lib/plugins/aws/provider.js, lib/plugins/aws/package/compile/events/http-api.js, lib/classes/config-schema-handler/index.js, lib/utils/aws-schema-get-cf-value.js and @serverless/dashboard-plugin/lib/plugin.js."""

# Conventions (read before using):
# - $ref values are "#/definitions/<name>"; every <name> is a key of DEFINITIONS.
# - Patterns are Python `re` translations of the Ajv regexps (comment above each changed one
#   shows the JS source and flags; Ajv compiles `pattern` with the "u" flag): `$` -> `\Z` (JS `$`
#   does not match before a trailing newline), `\d`/`\w` under `(?a)` (JS classes are ASCII),
#   JS `.` -> `[^\n\r\u2028\u2029]`, JS `\S` -> the complement of the JS whitespace set, and the
#   custom `regexp` keyword with flag "i" -> `(?ia)` (JS non-unicode "i" folds ASCII only here).
#   Serverless's custom `regexp` keyword keeps its name here: its failures are worded
#   "value 'x' does not satisfy pattern /.../i", Ajv's `pattern` ones 'must match pattern "..."'.
#   Apply with re.search semantics (JSON Schema `pattern` is unanchored).
# - Property and anyOf/oneOf order follows the source (Ajv reports errors in that order).
# - Ajv `allOf` on IAM statements is expressed as required + oneOf + a one-item anyOf;
#   the Fn::Join tuple `items: [string, array], additionalItems: false` is not expressible and
#   is reduced to minItems/maxItems 2.
# - `{}` means "anything": parts outside the modelled scope are left permissive on purpose.

# The string form of an httpApi event (http-api.js's methodPathPattern): the schema's check,
# and the split into method and path that Serverless makes with it.
HTTP_API_METHOD_PATH = r"(?ia)^(?:\*|(ANY|GET|POST|PUT|PATCH|OPTIONS|HEAD|DELETE) (\/[^\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*))\Z"

DEFINITIONS: dict[str, dict] = {
    # /^[A-Z0-9_]+$/u
    "errorCode": {"type": "string", "pattern": r"^[A-Z0-9_]+\Z"},
    # /^[a-zA-Z][0-9a-zA-Z-]+$/u
    "serviceName": {"type": "string", "pattern": r"^[a-zA-Z][0-9a-zA-Z-]+\Z"},
    # /^[a-zA-Z0-9-]+$/u
    "stage": {"type": "string", "pattern": r"^[a-zA-Z0-9-]+\Z"},
    # /^\d{12}$/u
    "awsAccountId": {"type": "string", "pattern": r"(?a)^\d{12}\Z"},
    "awsHttpApiPayload": {"type": "string", "enum": ["1.0", "2.0"]},
    "awsArn": {
        "anyOf": [{"$ref": "#/definitions/awsArnString"}, {"$ref": "#/definitions/awsCfFunction"}],
    },
    "awsArnString": {"type": "string", "pattern": "^arn:"},
    "awsCfArrayInstruction": {
        "anyOf": [
            {"type": "array", "items": {"$ref": "#/definitions/awsCfInstruction"}},
            {"$ref": "#/definitions/awsCfSplit"},
        ],
    },
    "awsCfFunction": {
        "anyOf": [
            {"$ref": "#/definitions/awsCfImport"},
            {"$ref": "#/definitions/awsCfJoin"},
            {"$ref": "#/definitions/awsCfGetAtt"},
            {"$ref": "#/definitions/awsCfRef"},
            {"$ref": "#/definitions/awsCfSub"},
            {"$ref": "#/definitions/awsCfBase64"},
            {"$ref": "#/definitions/awsCfToJsonString"},
        ],
    },
    "awsCfGetAtt": {
        "type": "object",
        "properties": {
            "Fn::GetAtt": {
                "type": "array",
                "minItems": 2,
                "maxItems": 2,
                "items": {"type": "string", "minLength": 1},
            },
        },
        "required": ["Fn::GetAtt"],
        "additionalProperties": False,
    },
    "awsCfGetAZs": {
        "type": "object",
        "properties": {
            "Fn::GetAZs": {
                "oneOf": [{"type": "string", "minLength": 1}, {"$ref": "#/definitions/awsCfRef"}],
            },
        },
        "required": ["Fn::GetAZs"],
        "additionalProperties": False,
    },
    "awsCfImport": {
        "type": "object",
        "properties": {"Fn::ImportValue": {}},
        "additionalProperties": False,
        "required": ["Fn::ImportValue"],
    },
    "awsCfIf": {
        "type": "object",
        "properties": {
            "Fn::If": {
                "type": "array",
                "minItems": 3,
                "maxItems": 3,
                "items": {"$ref": "#/definitions/awsCfInstruction"},
            },
        },
        "required": ["Fn::If"],
        "additionalProperties": False,
    },
    "awsCfImportLocallyResolvable": {
        "type": "object",
        "properties": {"Fn::ImportValue": {"type": "string"}},
        "additionalProperties": False,
        "required": ["Fn::ImportValue"],
    },
    "awsCfInstruction": {
        "anyOf": [{"type": "string", "minLength": 1}, {"$ref": "#/definitions/awsCfFunction"}],
    },
    "awsCfJoin": {
        "type": "object",
        "properties": {"Fn::Join": {"type": "array", "minItems": 2, "maxItems": 2}},
        "required": ["Fn::Join"],
        "additionalProperties": False,
    },
    "awsCfSelect": {
        "type": "object",
        "properties": {
            "Fn::Select": {
                "type": "array",
                "minItems": 2,
                "maxItems": 2,
                "items": {
                    "anyOf": [
                        {"type": "number"},
                        {"type": "string"},
                        {"type": "array"},
                        {"$ref": "#/definitions/awsCfFindInMap"},
                        {"$ref": "#/definitions/awsCfGetAtt"},
                        {"$ref": "#/definitions/awsCfGetAZs"},
                        {"$ref": "#/definitions/awsCfIf"},
                        {"$ref": "#/definitions/awsCfSplit"},
                        {"$ref": "#/definitions/awsCfRef"},
                    ],
                },
            },
        },
        "required": ["Fn::Select"],
        "additionalProperties": False,
    },
    "awsCfRef": {
        "type": "object",
        "properties": {"Ref": {"type": "string", "minLength": 1}},
        "required": ["Ref"],
        "additionalProperties": False,
    },
    "awsCfSplit": {
        "type": "object",
        "properties": {
            "Fn::Split": {
                "type": "array",
                "minItems": 2,
                "maxItems": 2,
                "items": {"oneOf": [{"type": "string"}, {"$ref": "#/definitions/awsCfFunction"}]},
            },
        },
        "required": ["Fn::Split"],
        "additionalProperties": False,
    },
    "awsCfFindInMap": {
        "type": "object",
        "properties": {
            "Fn::FindInMap": {
                "type": "array",
                "minItems": 3,
                "maxItems": 3,
                "items": {"oneOf": [{"type": "string"}, {"$ref": "#/definitions/awsCfFunction"}]},
            },
        },
        "required": ["Fn::FindInMap"],
        "additionalProperties": False,
    },
    "awsCfSub": {
        "type": "object",
        "properties": {"Fn::Sub": {}},
        "required": ["Fn::Sub"],
        "additionalProperties": False,
    },
    "awsCfBase64": {"type": "object", "properties": {"Fn::Base64": {}}},
    "awsCfToJsonString": {
        "type": "object",
        "properties": {"Fn::ToJsonString": {"anyOf": [{"type": "object"}, {"type": "array"}]}},
        "required": ["Fn::ToJsonString"],
        "additionalProperties": False,
    },
    "awsIamPolicyAction": {"type": "array", "items": {"type": "string"}},
    "awsIamPolicyPrincipal": {
        "anyOf": [
            {"const": "*"},
            {
                "type": "object",
                "properties": {
                    "AWS": {
                        "anyOf": [
                            {"const": "*"},
                            {"$ref": "#/definitions/awsCfIf"},
                            {
                                "type": "array",
                                "items": {
                                    "anyOf": [
                                        {"$ref": "#/definitions/awsAccountId"},
                                        {"$ref": "#/definitions/awsArn"},
                                    ],
                                },
                            },
                        ],
                    },
                    "Federated": {"type": "array", "items": {"type": "string"}},
                    "Service": {"type": "array", "items": {"type": "string"}},
                    "CanonicalUser": {"type": "array", "items": {"type": "string"}},
                },
                "additionalProperties": False,
            },
        ],
    },
    "awsIamPolicyResource": {
        "anyOf": [
            {"const": "*"},
            {"$ref": "#/definitions/awsArn"},
            {"$ref": "#/definitions/awsLogicalResourceId"},
            {
                "type": "array",
                "items": {
                    "anyOf": [
                        {"const": "*"},
                        {"$ref": "#/definitions/awsArn"},
                        {"$ref": "#/definitions/awsLogicalResourceId"},
                    ],
                },
            },
        ],
    },
    "awsIamPolicyStatements": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "Sid": {"type": "string"},
                "Effect": {"enum": ["Allow", "Deny"]},
                "Action": {"$ref": "#/definitions/awsIamPolicyAction"},
                "NotAction": {"$ref": "#/definitions/awsIamPolicyAction"},
                "Principal": {"$ref": "#/definitions/awsIamPolicyPrincipal"},
                "NotPrincipal": {"$ref": "#/definitions/awsIamPolicyPrincipal"},
                "Resource": {"$ref": "#/definitions/awsIamPolicyResource"},
                "NotResource": {"$ref": "#/definitions/awsIamPolicyResource"},
                "Condition": {"type": "object"},
            },
            "additionalProperties": False,
            "required": ["Effect"],
            "oneOf": [{"required": ["Action"]}, {"required": ["NotAction"]}],
            "anyOf": [{"oneOf": [{"required": ["Resource"]}, {"required": ["NotResource"]}]}],
        },
    },
    "awsKmsArn": {
        "anyOf": [
            {"$ref": "#/definitions/awsCfFunction"},
            {"type": "string", "pattern": "^arn:aws[a-z-]*:kms"},
        ],
    },
    "awsLambdaArchitecture": {"enum": ["arm64", "x86_64"]},
    "awsLambdaEnvironment": {
        "type": "object",
        "patternProperties": {
            r"^[A-Za-z_][a-zA-Z0-9_]*\Z": {
                "anyOf": [
                    {"const": ""},
                    {"$ref": "#/definitions/awsCfInstruction"},
                    {"$ref": "#/definitions/awsCfIf"},
                    {"$ref": "#/definitions/awsCfSelect"},
                ],
            },
        },
        "additionalProperties": False,
    },
    "awsLambdaLayers": {"type": "array", "items": {"$ref": "#/definitions/awsArn"}},
    "awsLambdaMemorySize": {"type": "integer", "minimum": 128, "maximum": 10240},
    "awsLambdaRole": {
        "anyOf": [
            {"type": "string", "minLength": 1},
            {"$ref": "#/definitions/awsCfSub"},
            {"$ref": "#/definitions/awsCfImport"},
            {"$ref": "#/definitions/awsCfGetAtt"},
        ],
    },
    "awsLambdaRuntime": {
        "enum": [
            "dotnet6", "go1.x", "java21", "java17", "java11", "java8", "java8.al2", "nodejs14.x",
            "nodejs16.x", "nodejs18.x", "nodejs20.x", "provided", "provided.al2",
            "provided.al2023", "python3.7", "python3.8", "python3.9", "python3.10", "python3.11",
            "ruby2.7", "ruby3.2",
        ],
    },
    "awsLambdaRuntimeManagement": {
        "oneOf": [
            {"enum": ["auto", "onFunctionUpdate"]},
            {
                "type": "object",
                "properties": {
                    "mode": {"enum": ["auto", "onFunctionUpdate", "manual"]},
                    "arn": {"$ref": "#/definitions/awsArn"},
                },
                "additionalProperties": False,
            },
        ],
    },
    "awsLambdaTimeout": {"type": "integer", "minimum": 1, "maximum": 900},
    "awsLambdaTracing": {"anyOf": [{"enum": ["Active", "PassThrough"]}, {"type": "boolean"}]},
    "awsLambdaVersioning": {"type": "boolean"},
    "awsLambdaVpcConfig": {
        "type": "object",
        "properties": {
            "securityGroupIds": {
                "anyOf": [
                    {
                        "type": "array",
                        "items": {
                            "anyOf": [
                                {"$ref": "#/definitions/awsCfInstruction"},
                                {"$ref": "#/definitions/awsCfIf"},
                            ],
                        },
                        "maxItems": 5,
                    },
                    {"$ref": "#/definitions/awsCfSplit"},
                    {"$ref": "#/definitions/awsCfFindInMap"},
                ],
            },
            "subnetIds": {
                "anyOf": [
                    {
                        "type": "array",
                        "items": {
                            "anyOf": [
                                {"$ref": "#/definitions/awsCfInstruction"},
                                {"$ref": "#/definitions/awsCfIf"},
                            ],
                        },
                        "maxItems": 16,
                    },
                    {"$ref": "#/definitions/awsCfSplit"},
                    {"$ref": "#/definitions/awsCfFindInMap"},
                ],
            },
        },
        "additionalProperties": False,
        "required": ["securityGroupIds", "subnetIds"],
    },
    # /^[#A-Za-z0-9-_./]+[*]?$/u
    "awsLogicalResourceId": {"type": "string", "pattern": r"^[#A-Za-z0-9-_./]+[*]?\Z"},
    "awsLogRetentionInDays": {
        "type": "number",
        "enum": [
            1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 2192, 2557, 2922,
            3288, 3653,
        ],
    },
    "awsLogDataProtectionPolicy": {
        "type": "object",
        "properties": {
            "Name": {"type": "string"},
            "Description": {"type": "string"},
            "Version": {"type": "string"},
            "Statement": {"type": "array"},
        },
        "additionalProperties": False,
        "required": ["Name", "Version", "Statement"],
    },
    "awsResourceCondition": {"type": "string"},
    "awsResourceDependsOn": {"type": "array", "items": {"type": "string"}},
    "awsResourceTags": {
        "type": "object",
        "patternProperties": {
            # /^(?!aws:)[\w./=+:\-_\x20]{1,128}$/u
            r"(?a)^(?!aws:)[\w./=+:\-_\x20]{1,128}\Z": {"type": "string", "maxLength": 256},
        },
        "additionalProperties": False,
    },
    "awsS3BucketName": {
        "type": "string",
        # /(?!^(\d{1,3}\.){3}\d{1,3}$)(^(([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])$)/u
        "pattern": r"(?a)(?!^(\d{1,3}\.){3}\d{1,3}\Z)(^(([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])\Z)",
        "minLength": 3,
        "maxLength": 63,
    },
    "ecrImageUri": {
        "type": "string",
        # /^\d+\.dkr\.ecr\.[a-z0-9-]+..amazonaws.com\/([^@]+)|([^@:]+@sha256:[a-f0-9]{64})$/u
        "pattern": r"(?a)^\d+\.dkr\.ecr\.[a-z0-9-]+[^\n\r\u2028\u2029][^\n\r\u2028\u2029]amazonaws[^\n\r\u2028\u2029]com\/([^@]+)|([^@:]+@sha256:[a-f0-9]{64})\Z",
    },
}

SCHEMA: dict = {
    "type": "object",
    "properties": {
        "configValidationMode": {"enum": ["error", "warn", "off"]},
        "console": {"anyOf": [{"type": "boolean"}, {"type": "object"}]},
        "custom": {
            "type": "object",
            "properties": {
                "enterprise": {
                    "type": "object",
                    "properties": {
                        "collectApiGatewayLogs": {"type": "boolean"},
                        "collectLambdaLogs": {"type": "boolean"},
                        "compressLogs": {"type": "boolean"},
                        "disableAwsSpans": {"type": "boolean"},
                        "disableFrameworksInstrumentation": {"type": "boolean"},
                        "disableHttpSpans": {"type": "boolean"},
                        "logAccessIamRole": {"$ref": "#/definitions/awsArnString"},
                        "logIngestMode": {"enum": ["push", "pull"]},
                        "disableWrapping": {"type": "boolean"},
                        "disableMonitoringSetup": {"type": "boolean"},
                    },
                    "additionalProperties": False,
                },
            },
        },
        "dashboard": {
            "type": "object",
            "properties": {"disableMonitoring": {"type": "boolean"}},
            "additionalProperties": False,
        },
        "deprecationNotificationMode": {"enum": ["error", "warn", "warn:summary"]},
        "disabledDeprecations": {
            "anyOf": [
                {"const": "*"},
                {"type": "array", "items": {"$ref": "#/definitions/errorCode"}},
            ],
        },
        "frameworkVersion": {"type": "string"},
        "functions": {
            "type": "object",
            "patternProperties": {
                r"^[a-zA-Z0-9-_]+\Z": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "events": {
                            "type": "array",
                            "items": {
                                "anyOf": [
                                    {
                                        "type": "object",
                                        "properties": {"__schemaWorkaround__": {"const": None}},
                                        "required": ["__schemaWorkaround__"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"schedule": {}},
                                        "required": ["schedule"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"s3": {}},
                                        "required": ["s3"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"http": {}},
                                        "required": ["http"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"websocket": {}},
                                        "required": ["websocket"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"sns": {}},
                                        "required": ["sns"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"stream": {}},
                                        "required": ["stream"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"kafka": {}},
                                        "required": ["kafka"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"activemq": {}},
                                        "required": ["activemq"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"rabbitmq": {}},
                                        "required": ["rabbitmq"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"msk": {}},
                                        "required": ["msk"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"alb": {}},
                                        "required": ["alb"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"alexaSkill": {}},
                                        "required": ["alexaSkill"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"alexaSmartHome": {}},
                                        "required": ["alexaSmartHome"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"iot": {}},
                                        "required": ["iot"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"iotFleetProvisioning": {}},
                                        "required": ["iotFleetProvisioning"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"cloudwatchEvent": {}},
                                        "required": ["cloudwatchEvent"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"cloudwatchLog": {}},
                                        "required": ["cloudwatchLog"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"cognitoUserPool": {}},
                                        "required": ["cognitoUserPool"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"eventBridge": {}},
                                        "required": ["eventBridge"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"sqs": {}},
                                        "required": ["sqs"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {"cloudFront": {}},
                                        "required": ["cloudFront"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {
                                            "httpApi": {
                                                "anyOf": [
                                                    {
                                                        "type": "string",
                                                        # /^(?:\*|(ANY|GET|POST|PUT|PATCH|OPTIONS|HEAD|DELETE) (\/\S*))$/i
                                                        "regexp": HTTP_API_METHOD_PATH,
                                                    },
                                                    {
                                                        "type": "object",
                                                        "properties": {
                                                            "authorizer": {
                                                                "anyOf": [
                                                                    {"type": "string"},
                                                                    {
                                                                        "type": "object",
                                                                        "properties": {
                                                                            "id": {
                                                                                "anyOf": [{"type": "string"}, {"$ref": "#/definitions/awsCfFunction"}],
                                                                            },
                                                                            "name": {"type": "string"},
                                                                            "scopes": {"type": "array", "items": {"type": "string"}},
                                                                            "type": {"type": "string", "enum": ["request", "jwt", "aws_iam"]},
                                                                        },
                                                                        "anyOf": [
                                                                            {"required": ["id"]},
                                                                            {"required": ["name"]},
                                                                            {"required": ["type"]},
                                                                        ],
                                                                        "additionalProperties": False,
                                                                    },
                                                                ],
                                                            },
                                                            "method": {
                                                                "type": "string",
                                                                # /^(?:\*|ANY|GET|POST|PUT|PATCH|OPTIONS|HEAD|DELETE)$/i
                                                                "regexp": r"(?ia)^(?:\*|ANY|GET|POST|PUT|PATCH|OPTIONS|HEAD|DELETE)\Z",
                                                            },
                                                            "path": {
                                                                "type": "string",
                                                                # /^(?:\*|\/\S*)$/
                                                                "regexp": r"^(?:\*|\/[^\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*)\Z",
                                                            },
                                                        },
                                                        "required": ["path"],
                                                        "additionalProperties": False,
                                                    },
                                                ],
                                            },
                                        },
                                        "required": ["httpApi"],
                                        "additionalProperties": False,
                                    },
                                ],
                            },
                        },
                        "architecture": {"$ref": "#/definitions/awsLambdaArchitecture"},
                        "awsKmsKeyArn": {"$ref": "#/definitions/awsKmsArn"},
                        "condition": {"$ref": "#/definitions/awsResourceCondition"},
                        "dependsOn": {"$ref": "#/definitions/awsResourceDependsOn"},
                        "description": {"type": "string", "maxLength": 256},
                        "destinations": {
                            "type": "object",
                            "properties": {
                                "onSuccess": {
                                    "anyOf": [
                                        {"type": "string", "minLength": 1},
                                        {
                                            "type": "object",
                                            "properties": {
                                                "arn": {"$ref": "#/definitions/awsCfFunction"},
                                                "type": {"enum": ["function", "sns", "sqs", "eventBus"]},
                                            },
                                            "additionalProperties": False,
                                            "required": ["arn", "type"],
                                        },
                                    ],
                                },
                                "onFailure": {
                                    "anyOf": [
                                        {"type": "string", "minLength": 1},
                                        {
                                            "type": "object",
                                            "properties": {
                                                "arn": {"$ref": "#/definitions/awsCfFunction"},
                                                "type": {"enum": ["function", "sns", "sqs", "eventBus"]},
                                            },
                                            "additionalProperties": False,
                                            "required": ["arn", "type"],
                                        },
                                    ],
                                },
                            },
                            "additionalProperties": False,
                        },
                        "disableLogs": {"type": "boolean"},
                        "environment": {"$ref": "#/definitions/awsLambdaEnvironment"},
                        "ephemeralStorageSize": {
                            "type": "integer",
                            "minimum": 512,
                            "maximum": 10240,
                        },
                        "fileSystemConfig": {
                            "type": "object",
                            "properties": {
                                "arn": {
                                    "anyOf": [
                                        {
                                            "type": "string",
                                            # /^arn:aws[a-zA-Z-]*:elasticfilesystem:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-[1-9]{1}:[0-9]{12}:access-point/fsap-[a-f0-9]{17}$/u
                                            "pattern": r"^arn:aws[a-zA-Z-]*:elasticfilesystem:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-[1-9]{1}:[0-9]{12}:access-point/fsap-[a-f0-9]{17}\Z",
                                        },
                                        {"$ref": "#/definitions/awsCfGetAtt"},
                                        {"$ref": "#/definitions/awsCfJoin"},
                                        {"$ref": "#/definitions/awsCfImport"},
                                    ],
                                },
                                # /^/mnt/[a-zA-Z0-9-_.]+$/u
                                "localMountPath": {"type": "string", "pattern": r"^/mnt/[a-zA-Z0-9-_.]+\Z"},
                            },
                            "additionalProperties": False,
                            "required": ["localMountPath", "arn"],
                        },
                        "handler": {"type": "string"},
                        "image": {
                            "anyOf": [
                                {"$ref": "#/definitions/ecrImageUri"},
                                # /^[a-z][a-z0-9-_]{1,31}$/u
                                {"type": "string", "pattern": r"^[a-z][a-z0-9-_]{1,31}\Z"},
                                {
                                    "type": "object",
                                    "properties": {
                                        # /^[a-z][a-z0-9-_]{1,31}$/u
                                        "name": {"type": "string", "pattern": r"^[a-z][a-z0-9-_]{1,31}\Z"},
                                        "uri": {"$ref": "#/definitions/ecrImageUri"},
                                        "workingDirectory": {"type": "string"},
                                        "command": {"type": "array", "items": {"type": "string"}},
                                        "entryPoint": {"type": "array", "items": {"type": "string"}},
                                    },
                                    "additionalProperties": False,
                                },
                            ],
                        },
                        "kmsKeyArn": {"$ref": "#/definitions/awsKmsArn"},
                        "snapStart": {"type": "boolean"},
                        "layers": {"$ref": "#/definitions/awsLambdaLayers"},
                        "logRetentionInDays": {"$ref": "#/definitions/awsLogRetentionInDays"},
                        "logDataProtectionPolicy": {
                            "$ref": "#/definitions/awsLogDataProtectionPolicy",
                        },
                        "maximumEventAge": {"type": "integer", "minimum": 60, "maximum": 21600},
                        "maximumRetryAttempts": {"type": "integer", "minimum": 0, "maximum": 2},
                        "memorySize": {"$ref": "#/definitions/awsLambdaMemorySize"},
                        "onError": {
                            "anyOf": [
                                {"type": "string", "pattern": "^arn:aws[a-z-]*:sns"},
                                {"$ref": "#/definitions/awsCfFunction"},
                            ],
                        },
                        "package": {
                            "type": "object",
                            "properties": {
                                "artifact": {"type": "string"},
                                "exclude": {"type": "array", "items": {"type": "string"}},
                                "include": {"type": "array", "items": {"type": "string"}},
                                "individually": {"type": "boolean"},
                                "patterns": {"type": "array", "items": {"type": "string"}},
                            },
                            "additionalProperties": False,
                        },
                        "provisionedConcurrency": {
                            "anyOf": [
                                {"type": "integer", "minimum": 0},
                                {"$ref": "#/definitions/awsCfFunction"},
                                {"$ref": "#/definitions/awsCfIf"},
                            ],
                        },
                        "reservedConcurrency": {
                            "anyOf": [
                                {"type": "integer", "minimum": 0},
                                {"$ref": "#/definitions/awsCfFunction"},
                                {"$ref": "#/definitions/awsCfIf"},
                            ],
                        },
                        "role": {"$ref": "#/definitions/awsLambdaRole"},
                        "runtime": {"$ref": "#/definitions/awsLambdaRuntime"},
                        "runtimeManagement": {"$ref": "#/definitions/awsLambdaRuntimeManagement"},
                        "tags": {"$ref": "#/definitions/awsResourceTags"},
                        "timeout": {"$ref": "#/definitions/awsLambdaTimeout"},
                        "tracing": {"$ref": "#/definitions/awsLambdaTracing"},
                        "url": {
                            "anyOf": [
                                {"type": "boolean"},
                                {
                                    "type": "object",
                                    "properties": {
                                        "authorizer": {"type": "string", "enum": ["aws_iam"]},
                                        "cors": {
                                            "anyOf": [
                                                {"type": "boolean"},
                                                {
                                                    "type": "object",
                                                    "properties": {
                                                        "allowCredentials": {"type": "boolean"},
                                                        "allowedHeaders": {
                                                            "type": "array",
                                                            "minItems": 1,
                                                            "maxItems": 100,
                                                            "items": {"type": "string"},
                                                        },
                                                        "allowedMethods": {
                                                            "type": "array",
                                                            "minItems": 1,
                                                            "maxItems": 6,
                                                            "items": {"type": "string"},
                                                        },
                                                        "allowedOrigins": {
                                                            "type": "array",
                                                            "minItems": 1,
                                                            "maxItems": 100,
                                                            "items": {"type": "string"},
                                                        },
                                                        "exposedResponseHeaders": {
                                                            "type": "array",
                                                            "minItems": 1,
                                                            "maxItems": 100,
                                                            "items": {"type": "string"},
                                                        },
                                                        "maxAge": {"type": "integer", "minimum": 0},
                                                    },
                                                    "additionalProperties": False,
                                                },
                                            ],
                                        },
                                        "invokeMode": {"type": "string", "enum": ["BUFFERED", "RESPONSE_STREAM"]},
                                    },
                                    "additionalProperties": False,
                                },
                            ],
                        },
                        "versionFunction": {"$ref": "#/definitions/awsLambdaVersioning"},
                        "vpc": {"$ref": "#/definitions/awsLambdaVpcConfig"},
                        "httpApi": {
                            "type": "object",
                            "properties": {"payload": {"$ref": "#/definitions/awsHttpApiPayload"}},
                            "additionalProperties": False,
                        },
                    },
                    "additionalProperties": False,
                },
            },
            "additionalProperties": False,
        },
        "package": {
            "type": "object",
            "properties": {
                "artifact": {"type": "string"},
                "exclude": {"type": "array", "items": {"type": "string"}},
                "excludeDevDependencies": {"type": "boolean"},
                "include": {"type": "array", "items": {"type": "string"}},
                "individually": {"type": "boolean"},
                "path": {"type": "string"},
                "patterns": {"type": "array", "items": {"type": "string"}},
            },
            "additionalProperties": False,
        },
        "params": {
            "type": "object",
            "patternProperties": {r"^[a-zA-Z0-9-]+\Z": {"type": "object"}},
            "additionalProperties": False,
        },
        "plugins": {
            "anyOf": [
                {
                    "type": "object",
                    "properties": {
                        "localPath": {"type": "string"},
                        "modules": {"type": "array", "items": {"type": "string"}},
                    },
                    "additionalProperties": False,
                    "required": ["modules"],
                },
                {"type": "array", "items": {"type": "string"}},
            ],
        },
        # /^(\.\/?|(\.\/)?\.\.(\/\.\.)*\/?)$/u
        "projectDir": {"type": "string", "pattern": r"^(\.\/?|(\.\/)?\.\.(\/\.\.)*\/?)\Z"},
        "provider": {
            "type": "object",
            "properties": {
                "name": {"const": "aws"},
                "alb": {},
                "apiGateway": {},
                "apiName": {"type": "string"},
                "architecture": {"$ref": "#/definitions/awsLambdaArchitecture"},
                "cfnRole": {"$ref": "#/definitions/awsArn"},
                "cloudFront": {},
                "deploymentBucket": {
                    "anyOf": [
                        {"$ref": "#/definitions/awsS3BucketName"},
                        {
                            "type": "object",
                            "properties": {
                                "blockPublicAccess": {"type": "boolean"},
                                "skipPolicySetup": {"type": "boolean"},
                                "maxPreviousDeploymentArtifacts": {"type": "integer", "minimum": 0},
                                "name": {"$ref": "#/definitions/awsS3BucketName"},
                                "versioning": {"type": "boolean"},
                                "serverSideEncryption": {"enum": ["AES256", "aws:kms"]},
                                "sseCustomerAlgorithim": {"type": "string"},
                                "sseCustomerKey": {"type": "string"},
                                "sseCustomerKeyMD5": {"type": "string"},
                                "sseKMSKeyId": {"type": "string"},
                                "tags": {"$ref": "#/definitions/awsResourceTags"},
                            },
                            "additionalProperties": False,
                        },
                    ],
                },
                "deploymentPrefix": {"type": "string"},
                "disableRollback": {"type": "boolean"},
                "endpointType": {
                    "anyOf": [
                        # /^REGIONAL$/i
                        {"type": "string", "regexp": r"(?ia)^REGIONAL\Z"},
                        # /^EDGE$/i
                        {"type": "string", "regexp": r"(?ia)^EDGE\Z"},
                        # /^PRIVATE$/i
                        {"type": "string", "regexp": r"(?ia)^PRIVATE\Z"},
                    ],
                },
                "environment": {"$ref": "#/definitions/awsLambdaEnvironment"},
                "eventBridge": {
                    "type": "object",
                    "properties": {"useCloudFormation": {"type": "boolean"}},
                    "additionalProperties": False,
                },
                "httpApi": {
                    "type": "object",
                    "properties": {
                        "authorizers": {
                            "type": "object",
                            "additionalProperties": {
                                "oneOf": [
                                    {
                                        "type": "object",
                                        "properties": {
                                            "type": {"const": "jwt"},
                                            "name": {"type": "string"},
                                            "identitySource": {"$ref": "#/definitions/awsCfInstruction"},
                                            "issuerUrl": {"$ref": "#/definitions/awsCfInstruction"},
                                            "audience": {
                                                "anyOf": [
                                                    {"$ref": "#/definitions/awsCfInstruction"},
                                                    {"type": "array", "items": {"$ref": "#/definitions/awsCfInstruction"}},
                                                ],
                                            },
                                        },
                                        "required": ["identitySource", "issuerUrl", "audience"],
                                        "additionalProperties": False,
                                    },
                                    {
                                        "type": "object",
                                        "properties": {
                                            "type": {"const": "request"},
                                            "name": {"type": "string"},
                                            "functionName": {"type": "string"},
                                            "functionArn": {"$ref": "#/definitions/awsCfInstruction"},
                                            "managedExternally": {"type": "boolean"},
                                            "resultTtlInSeconds": {"type": "integer", "minimum": 0, "maximum": 3600},
                                            "enableSimpleResponses": {"type": "boolean"},
                                            "payloadVersion": {"$ref": "#/definitions/awsHttpApiPayload"},
                                            "identitySource": {
                                                "anyOf": [
                                                    {"$ref": "#/definitions/awsCfInstruction"},
                                                    {"type": "array", "items": {"$ref": "#/definitions/awsCfInstruction"}},
                                                ],
                                            },
                                        },
                                        "required": ["type"],
                                    },
                                ],
                            },
                        },
                        "cors": {
                            "anyOf": [
                                {"type": "boolean"},
                                {
                                    "type": "object",
                                    "properties": {
                                        "allowCredentials": {"type": "boolean"},
                                        "allowedHeaders": {"type": "array", "items": {"type": "string"}},
                                        "allowedMethods": {"type": "array", "items": {"type": "string"}},
                                        "allowedOrigins": {"type": "array", "items": {"type": "string"}},
                                        "exposedResponseHeaders": {"type": "array", "items": {"type": "string"}},
                                        "maxAge": {"type": "integer", "minimum": 0},
                                    },
                                    "additionalProperties": False,
                                },
                            ],
                        },
                        "id": {
                            "anyOf": [
                                {"type": "string"},
                                {"$ref": "#/definitions/awsCfImportLocallyResolvable"},
                            ],
                        },
                        "name": {"type": "string"},
                        "payload": {"type": "string"},
                        "metrics": {"type": "boolean"},
                        "useProviderTags": {"const": True},
                        "disableDefaultEndpoint": {"type": "boolean"},
                        "shouldStartNameWithService": {"type": "boolean"},
                    },
                    "additionalProperties": False,
                },
                "iam": {
                    "type": "object",
                    "properties": {
                        "role": {
                            "anyOf": [
                                {"$ref": "#/definitions/awsLambdaRole"},
                                {
                                    "type": "object",
                                    "properties": {
                                        # /^[A-Za-z0-9/_+=,.@-]{1,64}$/u
                                        "name": {"type": "string", "pattern": r"^[A-Za-z0-9/_+=,.@-]{1,64}\Z"},
                                        # /(^\/$)|(^\/[!-\u007f]+\/$)/u
                                        "path": {"type": "string", "pattern": r"(^\/\Z)|(^\/[!-\x7f]+\/\Z)"},
                                        "managedPolicies": {
                                            "type": "array",
                                            "items": {"$ref": "#/definitions/awsArn"},
                                        },
                                        "statements": {"$ref": "#/definitions/awsIamPolicyStatements"},
                                        "permissionBoundary": {"$ref": "#/definitions/awsArn"},
                                        "permissionsBoundary": {"$ref": "#/definitions/awsArn"},
                                        "tags": {"$ref": "#/definitions/awsResourceTags"},
                                    },
                                    "additionalProperties": False,
                                },
                            ],
                        },
                        "deploymentRole": {"$ref": "#/definitions/awsArn"},
                    },
                    "additionalProperties": False,
                },
                "iamManagedPolicies": {"type": "array", "items": {"$ref": "#/definitions/awsArn"}},
                "iamRoleStatements": {"$ref": "#/definitions/awsIamPolicyStatements"},
                "ecr": {
                    "type": "object",
                    "properties": {
                        "scanOnPush": {"type": "boolean"},
                        "images": {
                            "type": "object",
                            "patternProperties": {
                                r"^[a-z][a-z0-9-_]{1,31}\Z": {
                                    "anyOf": [
                                        {
                                            "type": "object",
                                            "properties": {
                                                "uri": {"$ref": "#/definitions/ecrImageUri"},
                                                "path": {"type": "string"},
                                                "file": {"type": "string"},
                                                "buildArgs": {"type": "object", "additionalProperties": {"type": "string"}},
                                                "cacheFrom": {"type": "array", "items": {"type": "string"}},
                                                "platform": {"type": "string"},
                                            },
                                            "additionalProperties": False,
                                        },
                                        {"type": "string"},
                                    ],
                                },
                            },
                        },
                    },
                    "required": ["images"],
                    "additionalProperties": False,
                },
                "kmsKeyArn": {"$ref": "#/definitions/awsKmsArn"},
                "lambdaHashingVersion": {"type": "string", "enum": ["20200924", "20201221"]},
                "layers": {"$ref": "#/definitions/awsLambdaLayers"},
                "logRetentionInDays": {"$ref": "#/definitions/awsLogRetentionInDays"},
                "logDataProtectionPolicy": {"$ref": "#/definitions/awsLogDataProtectionPolicy"},
                "logs": {
                    "type": "object",
                    "properties": {
                        "frameworkLambda": {"type": "boolean"},
                        "httpApi": {
                            "anyOf": [
                                {"type": "boolean"},
                                {
                                    "type": "object",
                                    "properties": {"format": {"type": "string"}},
                                    "additionalProperties": False,
                                },
                            ],
                        },
                        "restApi": {
                            "anyOf": [
                                {"type": "boolean"},
                                {
                                    "type": "object",
                                    "properties": {
                                        "accessLogging": {"type": "boolean"},
                                        "executionLogging": {"type": "boolean"},
                                        "format": {"type": "string"},
                                        "fullExecutionData": {"type": "boolean"},
                                        "level": {"enum": ["INFO", "ERROR"]},
                                        "role": {"$ref": "#/definitions/awsArn"},
                                        "roleManagedExternally": {"type": "boolean"},
                                    },
                                    "additionalProperties": False,
                                },
                            ],
                        },
                        "websocket": {
                            "anyOf": [
                                {"type": "boolean"},
                                {
                                    "type": "object",
                                    "properties": {
                                        "accessLogging": {"type": "boolean"},
                                        "executionLogging": {"type": "boolean"},
                                        "format": {"type": "string"},
                                        "fullExecutionData": {"type": "boolean"},
                                        "level": {"enum": ["INFO", "ERROR"]},
                                    },
                                    "additionalProperties": False,
                                },
                            ],
                        },
                    },
                },
                "memorySize": {"$ref": "#/definitions/awsLambdaMemorySize"},
                "notificationArns": {
                    "type": "array",
                    "items": {"$ref": "#/definitions/awsArnString"},
                },
                "profile": {"type": "string"},
                "region": {
                    "enum": [
                        "us-east-1", "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-iso-east-1",
                        "us-iso-west-1", "us-isob-east-1", "us-west-1", "us-west-2", "af-south-1",
                        "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
                        "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2",
                        "ap-southeast-3", "ap-southeast-4", "ca-central-1", "cn-north-1",
                        "cn-northwest-1", "eu-central-1", "eu-central-2", "eu-north-1",
                        "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
                        "il-central-1", "me-central-1", "me-south-1", "sa-east-1",
                    ],
                },
                "role": {"$ref": "#/definitions/awsLambdaRole"},
                "rolePermissionsBoundary": {"$ref": "#/definitions/awsArnString"},
                "rollbackConfiguration": {
                    "type": "object",
                    "properties": {
                        "RollbackTriggers": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "Arn": {"$ref": "#/definitions/awsArnString"},
                                    "Type": {"const": "AWS::CloudWatch::Alarm"},
                                },
                                "additionalProperties": False,
                                "required": ["Arn", "Type"],
                            },
                        },
                        "MonitoringTimeInMinutes": {"type": "integer", "minimum": 0},
                    },
                    "additionalProperties": False,
                },
                "runtime": {"$ref": "#/definitions/awsLambdaRuntime"},
                "runtimeManagement": {"$ref": "#/definitions/awsLambdaRuntimeManagement"},
                "deploymentMethod": {"enum": ["changesets", "direct"]},
                "s3": {},
                "stage": {"$ref": "#/definitions/stage"},
                "stackName": {
                    "type": "string",
                    # /^[a-zA-Z][a-zA-Z0-9-]*$/u
                    "pattern": r"^[a-zA-Z][a-zA-Z0-9-]*\Z",
                    "maxLength": 128,
                },
                "stackParameters": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "ParameterKey": {"type": "string"},
                            "ParameterValue": {"type": "string"},
                            "UsePreviousValue": {"type": "boolean"},
                            "ResolvedValue": {"type": "string"},
                        },
                        "additionalProperties": False,
                    },
                },
                "stackPolicy": {"$ref": "#/definitions/awsIamPolicyStatements"},
                "stackTags": {"$ref": "#/definitions/awsResourceTags"},
                "tags": {"$ref": "#/definitions/awsResourceTags"},
                "timeout": {"$ref": "#/definitions/awsLambdaTimeout"},
                "tracing": {
                    "type": "object",
                    "properties": {
                        "apiGateway": {"type": "boolean"},
                        "lambda": {"$ref": "#/definitions/awsLambdaTracing"},
                    },
                    "additionalProperties": False,
                },
                "vpc": {"$ref": "#/definitions/awsLambdaVpcConfig"},
                "vpcEndpointIds": {"$ref": "#/definitions/awsCfArrayInstruction"},
                "versionFunctions": {"$ref": "#/definitions/awsLambdaVersioning"},
                "websocket": {
                    "type": "object",
                    "properties": {"useProviderTags": {"type": "boolean"}},
                    "additionalProperties": False,
                },
                "websocketsApiName": {"type": "string"},
                "kinesis": {
                    "type": "object",
                    "properties": {"consumerNamingMode": {"const": "serviceSpecific"}},
                    "additionalProperties": False,
                },
                "websocketsApiRouteSelectionExpression": {"type": "string"},
                "websocketsDescription": {"type": "string"},
            },
            "required": ["name"],
            "additionalProperties": False,
        },
        "service": {"$ref": "#/definitions/serviceName"},
        "useDotenv": {"const": True},
        "variablesResolutionMode": {"type": "string", "enum": ["20210219", "20210326"]},
        "resources": {
            "type": "object",
            "properties": {
                "AWSTemplateFormatVersion": {"type": "string"},
                "Conditions": {"type": "object"},
                "Description": {"type": "string"},
                "Mappings": {"type": "object"},
                "Metadata": {"type": "object"},
                "Outputs": {"type": "object"},
                "Parameters": {"type": "object"},
                "Resources": {
                    "type": "object",
                    "properties": {
                        "Fn::Transform": {
                            "type": "object",
                            "properties": {
                                "Name": {"type": "string"},
                                "Parameters": {"type": "object"},
                            },
                            "required": ["Name"],
                            "additionalProperties": False,
                        },
                    },
                    "patternProperties": {
                        r"^[a-zA-Z0-9]{1,255}\Z": {
                            "type": "object",
                            "properties": {
                                "Type": {"type": "string"},
                                "Properties": {"type": "object"},
                                "CreationPolicy": {"type": "object"},
                                "DeletionPolicy": {"type": "string"},
                                "DependsOn": {"$ref": "#/definitions/awsResourceDependsOn"},
                                "Metadata": {"type": "object"},
                                "UpdatePolicy": {"type": "object"},
                                "UpdateReplacePolicy": {"type": "string"},
                                "Condition": {"$ref": "#/definitions/awsResourceCondition"},
                            },
                            "required": ["Type"],
                            "additionalProperties": False,
                        },
                    },
                    "additionalProperties": False,
                },
                "Transform": {"type": "array", "items": {"type": "string"}},
                "extensions": {
                    "type": "object",
                    "patternProperties": {
                        r"^[a-zA-Z0-9]{1,255}\Z": {
                            "type": "object",
                            "properties": {
                                "Properties": {"type": "object"},
                                "CreationPolicy": {"type": "object"},
                                "DeletionPolicy": {"type": "string"},
                                "DependsOn": {"$ref": "#/definitions/awsResourceDependsOn"},
                                "Metadata": {"type": "object"},
                                "UpdatePolicy": {"type": "object"},
                                "UpdateReplacePolicy": {"type": "string"},
                                "Condition": {"$ref": "#/definitions/awsResourceCondition"},
                            },
                            "additionalProperties": False,
                        },
                    },
                    "additionalProperties": False,
                },
            },
            "additionalProperties": False,
        },
        "layers": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "allowedAccounts": {
                        "type": "array",
                        "items": {
                            "type": "string",
                            # /^(\d{12}|\*|arn:(aws[a-zA-Z-]*):iam::\d{12}:root)$/u
                            "pattern": r"(?a)^(\d{12}|\*|arn:(aws[a-zA-Z-]*):iam::\d{12}:root)\Z",
                        },
                    },
                    "compatibleArchitectures": {
                        "type": "array",
                        "items": {"$ref": "#/definitions/awsLambdaArchitecture"},
                        "maxItems": 2,
                    },
                    "compatibleRuntimes": {
                        "type": "array",
                        "items": {"$ref": "#/definitions/awsLambdaRuntime"},
                        "maxItems": 15,
                    },
                    "description": {"type": "string", "maxLength": 256},
                    "licenseInfo": {"type": "string", "maxLength": 512},
                    "name": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": 140,
                        # /^((arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+)$/u
                        "pattern": r"(?a)^((arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+)\Z",
                    },
                    "package": {
                        "type": "object",
                        "properties": {
                            "artifact": {"type": "string"},
                            "exclude": {"type": "array", "items": {"type": "string"}},
                            "include": {"type": "array", "items": {"type": "string"}},
                            "patterns": {"type": "array", "items": {"type": "string"}},
                        },
                        "additionalProperties": False,
                    },
                    "path": {"type": "string"},
                    "retain": {"type": "boolean"},
                },
                "additionalProperties": False,
            },
        },
        # /^[a-z0-9]{5,39}$/u
        "org": {"type": "string", "pattern": r"^[a-z0-9]{5,39}\Z"},
        # /^[a-z0-9][a-z0-9-]{1,37}[a-z0-9]$/u
        "app": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]{1,37}[a-z0-9]\Z"},
        "outputs": {
            "type": "object",
            "additionalProperties": {
                "anyOf": [
                    {"type": "string"},
                    {"type": "number"},
                    {"type": "boolean"},
                    {"type": "array"},
                    {"type": "object"},
                ],
            },
        },
    },
    "additionalProperties": False,
    "required": ["provider", "service"],
}

# The compiled event kinds' schemas live beside their model (schema_events.py).
from .schema_events import install as _install_event_schemas  # noqa: E402

_install_event_schemas(SCHEMA, DEFINITIONS)
