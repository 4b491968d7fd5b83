"""``$context`` variables of HTTP API access logs (AWS "Customizing HTTP API access logs")."""

CONTEXT_VARIABLES = frozenset(
    (
        "accountId", "apiId", "awsEndpointRequestId", "awsEndpointRequestId2", "customDomain.basePathMatched",
        "dataProcessed", "domainName", "domainPrefix", "error.message", "error.messageString",
        "error.responseType", "extendedRequestId", "httpMethod", "identity.accountId", "identity.caller",
        "identity.cognitoAuthenticationProvider", "identity.cognitoAuthenticationType",
        "identity.cognitoIdentityId", "identity.cognitoIdentityPoolId", "identity.principalOrgId",
        "identity.clientCert.clientCertPem", "identity.clientCert.subjectDN", "identity.clientCert.issuerDN",
        "identity.clientCert.serialNumber", "identity.clientCert.validity.notBefore",
        "identity.clientCert.validity.notAfter", "identity.sourceIp", "identity.user", "identity.userAgent",
        "identity.userArn", "integration.error", "integration.integrationStatus", "integration.latency",
        "integration.requestId", "integration.status", "integrationErrorMessage", "integrationLatency",
        "integrationStatus", "path", "protocol", "requestId", "requestTime", "requestTimeEpoch",
        "responseLatency", "responseLength", "routeKey", "stage", "status", "authorizer.error",
        "authorizer.principalId", "authorizer.integrationLatency", "authorizer.latency",
        "authorizer.requestId", "authorizer.status", "authorizer.integrationStatus",
    )
)
# Families whose last part is the user's own name (a JWT claim, a Lambda authorizer context key).
CONTEXT_PREFIXES = ("authorizer.claims.", "authorizer.")

# CloudWatch Logs PutRetentionPolicy accepts exactly these (1096 is newer than Serverless's list).
RETENTION_DAYS = frozenset(
    (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)
)
