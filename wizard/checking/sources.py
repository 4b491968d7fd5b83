"""The documents that state the rules, in one place."""

ROUTES = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html"
QUOTAS = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html"
STACK_LIMITS = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html"
CORS = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html"
CORS_API = "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid.html#apis-apiid-model-cors"
JWT = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html"
LAMBDA_AUTHORIZER = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html"
AUTHORIZER_API = "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html"
PAYLOAD = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html"
LAMBDA_LIMITS = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
LAMBDA_RUNTIMES = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html"
HANDLER = "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html"
LOGGING = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html"
LOG_VARIABLES = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html"
LOG_RETENTION = "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html"
NAMING = "https://github.com/serverless/serverless/blob/v3.39.0/lib/plugins/aws/lib/naming.js"
ROUTE_API = "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-routes.html"
SERVERLESS_HTTP_API = "https://github.com/serverless/serverless/blob/v3.39.0/lib/plugins/aws/package/compile/events/http-api.js"
ACCESS_LOG_SETTINGS = ("https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
                       "aws-properties-apigatewayv2-stage-accesslogsettings.html")
URI_PATH = "https://www.rfc-editor.org/rfc/rfc3986#section-3.3"
# Where AWS documents no rule, what AWS answered, as the people it answered published it.
VARIABLE_NAME_CONFLICT = "https://github.com/JiscSD/octopus/pull/577"  # two names at one level: deploy refused
PARTIAL_VARIABLE = "https://github.com/serverless/serverless/issues/10423"  # {eventId}.json: "One or more path parts appear to be invalid"
TRAILING_SLASH = "https://github.com/storacha/w3infra/pull/166"  # "it fails to deploy with error of invalid route name ending in /"
CREDENTIALS_WILDCARD = "https://github.com/aws/aws-cdk/issues/9076"  # "allow-credentials is not supported if 'allow-origin' is *"
ISSUER_HTTPS = "https://github.com/awsdocs/amazon-api-gateway-developer-guide/issues/79"  # the issuer needs https://
