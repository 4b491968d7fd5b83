"""The service as httpapi-wizard understands it: plain typed objects.

The classes are Records (see record.py): declared like dataclasses, free to import.
Values are as Serverless sees them after variable resolution and its schema's type
coercion. Where Serverless passes a value through to CloudFormation untouched
(environment values, IAM statements, ``resources``), the model keeps the raw JSON value.
``None`` means "not set"; the compiler applies Serverless's defaults, so that the model
can be written back as YAML without inventing keys the user never wrote.

Every object keeps ``path``, its place in the config, so diagnostics can be located.
"""

from __future__ import annotations

from .record import Record, factory, yaml

# A CloudFormation intrinsic (``{"Ref": ...}``) or a plain string.
CfnValue = object


class Cors(Record):
    """``provider.httpApi.cors`` in object form; ``cors: true`` is ``Cors(is_default=True)``."""

    is_default: bool = False
    allowed_origins: list[str] | None = yaml("allowedOrigins")
    allowed_headers: list[str] | None = yaml("allowedHeaders")
    allowed_methods: list[str] | None = yaml("allowedMethods")
    allow_credentials: bool | None = yaml("allowCredentials")
    exposed_response_headers: list[str] | None = yaml("exposedResponseHeaders")
    max_age: int | None = yaml("maxAge")
    path: tuple = ("provider", "httpApi", "cors")


JWT = "jwt"
REQUEST = "request"
AWS_IAM = "aws_iam"


class Authorizer(Record):
    """An entry of ``provider.httpApi.authorizers``; ``key`` is its key in that mapping."""

    key: str
    type: str = JWT  # anything but "request" compiles as JWT, as in Serverless
    # The ``type`` key as written (None when left out): needed to write YAML back.
    declared_type: str | None = yaml("type")
    name: str | None = yaml("name")
    identity_source: CfnValue | list | None = yaml("identitySource")
    issuer_url: CfnValue | None = yaml("issuerUrl")
    audience: CfnValue | list | None = yaml("audience")
    function_name: str | None = yaml("functionName")
    function_arn: CfnValue | None = yaml("functionArn")
    managed_externally: bool | None = yaml("managedExternally")
    result_ttl_in_seconds: int | None = yaml("resultTtlInSeconds")
    enable_simple_responses: bool | None = yaml("enableSimpleResponses")
    payload_version: str | None = yaml("payloadVersion")
    path: tuple = ()
    # Written with no value (`myAuth:`): Serverless v3.39 crashes on it (reading 'type' of null).
    is_null: bool = False

    @property
    def effective_name(self) -> str:
        return self.name if self.name else self.key


class RouteAuthorizer(Record):
    """The ``authorizer`` of an httpApi event: a reference by name, an external id, or IAM."""

    name: str | None = yaml("name")
    id: CfnValue | None = yaml("id")
    type: str | None = yaml("type")
    scopes: list[str] | None = yaml("scopes")
    # True when written as a bare string (``authorizer: myAuth``).
    shorthand: bool = False
    path: tuple = ()


class HttpApiEvent(Record):
    """One ``httpApi`` event of a function.

    ``method`` and ``path`` are as written (``None`` when absent); ``shorthand`` keeps
    the string form ``'GET /x'`` or ``'*'`` so it can be written back the same way.
    """

    method: str | None = yaml("method")
    route_path: str | None = yaml("path")
    authorizer: RouteAuthorizer | None = yaml("authorizer", by_hand=True)
    shorthand: bool = False
    path: tuple = ()

    @property
    def route_key(self) -> str | None:
        """The key API Gateway uses: ``GET /x``, or ``*`` for the catch-all."""
        if self.route_path == "*":
            return "*"
        if not self.method:
            return None
        method = str(self.method).upper()
        return f"{'ANY' if method == '*' else method} {self.route_path}"


class Function(Record):
    """A function of ``functions:``; ``key`` is its key there (the logical-id source).

    The fields with a ``key`` are in the order an author writes them (authoring writes them so).
    """

    key: str
    handler: str | None = yaml("handler")
    image: object = yaml("image")
    name: str | None = yaml("name")
    description: str | None = yaml("description")
    runtime: str | None = yaml("runtime")
    architecture: str | None = yaml("architecture")
    memory_size: int | None = yaml("memorySize")
    timeout: int | float | None = yaml("timeout")
    environment: dict | None = yaml("environment")
    tags: dict | None = yaml("tags")
    role: CfnValue | None = yaml("role")
    version_function: bool | None = yaml("versionFunction")
    provisioned_concurrency: object = yaml("provisionedConcurrency")
    snap_start: bool | None = yaml("snapStart")
    disable_logs: bool | None = yaml("disableLogs")
    log_retention_in_days: int | None = yaml("logRetentionInDays")
    log_data_protection_policy: dict | None = yaml("logDataProtectionPolicy")
    condition: str | None = yaml("condition")
    depends_on: list | None = yaml("dependsOn")
    tracing: object = yaml("tracing")
    layers: list | None = yaml("layers")
    reserved_concurrency: object = yaml("reservedConcurrency")
    maximum_retry_attempts: int | None = yaml("maximumRetryAttempts")
    maximum_event_age: int | None = yaml("maximumEventAge")
    destinations: dict | None = yaml("destinations")
    url: object = yaml("url")
    vpc: dict | None = yaml("vpc")
    # ``vpc`` written at all: even ``vpc: null`` makes Serverless add the ENI policy to the role.
    declares_vpc: bool = False
    file_system_config: dict | None = yaml("fileSystemConfig")
    kms_key_arn: CfnValue | None = yaml("kmsKeyArn")
    on_error: CfnValue | None = yaml("onError")
    ephemeral_storage_size: int | None = yaml("ephemeralStorageSize")
    runtime_management: object = yaml("runtimeManagement")
    # ``package`` of the function (``individually``, ``artifact``) as written, when a mapping.
    package: dict | None = yaml("package")
    http_api_payload: str | None = yaml("httpApi", "payload")
    events: list[HttpApiEvent] = yaml("events", default=factory(list), by_hand=True)
    # The other events the compiler builds (schedule, sqs, ...: model/events.py), in order.
    triggers: list = factory(list)
    # Event types not compiled, in order, by name (``http``, ``alb``, ...).
    other_events: list[str] = factory(list)
    # Keys the compiler does not implement (``layers``, ``vpc``, ...), by name.
    unsupported: list[str] = factory(list)
    path: tuple = ()
    # The key of the function, as loaded from the file, that this one was duplicated from
    # (authoring only): saving writes the copy as the original is written, its variables kept.
    copy_of: str | None = None


class AccessLogs(Record):
    """``provider.logs.httpApi`` when enabled; ``format`` None means Serverless's default."""

    format: str | None = None
    path: tuple = ("provider", "logs", "httpApi")


class HttpApiSettings(Record):
    """``provider.httpApi``."""

    id: CfnValue | None = yaml("id")
    name: str | None = yaml("name")
    payload: str | None = yaml("payload")
    cors: Cors | None = yaml("cors", by_hand=True)
    authorizers: dict[str, Authorizer] = yaml("authorizers", default=factory(dict), by_hand=True)
    # Whether ``authorizers`` is set to a value JS finds true: ``{}`` and ``[]`` are, and an
    # external API refuses them (EXTERNAL_HTTP_API_AUTHORIZERS_CONFIG) even though they are empty.
    authorizers_set: bool = False
    metrics: bool | None = yaml("metrics")
    disable_default_endpoint: bool | None = yaml("disableDefaultEndpoint")
    should_start_name_with_service: bool | None = yaml("shouldStartNameWithService")
    use_provider_tags: bool | None = yaml("useProviderTags")


class Iam(Record):
    """The execution role settings that shape ``IamRoleLambdaExecution``."""

    # Keys of ``provider.iam.role`` in its object form.
    role_name: CfnValue | None = yaml("name")
    role_path: str | None = yaml("path")
    statements: list | None = yaml("statements")
    managed_policies: list | None = yaml("managedPolicies")
    permissions_boundary: CfnValue | None = yaml("permissionsBoundary", also=("permissionBoundary",))
    role_tags: dict | None = yaml("tags")
    # An existing role (ARN string, or a CloudFormation reference): no role is created.
    existing_role: CfnValue | None = None


class DeploymentBucket(Record):
    """``provider.deploymentBucket`` as a name or in its object form."""

    name: str | None = yaml("name")
    block_public_access: bool | None = yaml("blockPublicAccess")
    skip_policy_setup: bool | None = yaml("skipPolicySetup")
    versioning: bool | None = yaml("versioning")
    tags: dict | None = yaml("tags")


class Provider(Record):
    """``provider``: the settings we compile; unset values stay None (defaults come later).

    The fields with a ``key`` are in the order an author writes them (authoring writes them so).
    """

    runtime: str | None = yaml("runtime")
    architecture: str | None = yaml("architecture")
    region: str | None = yaml("region")
    stage: str | None = yaml("stage")
    memory_size: int | None = yaml("memorySize")
    timeout: int | float | None = yaml("timeout")
    log_retention_in_days: int | None = yaml("logRetentionInDays")
    log_data_protection_policy: dict | None = yaml("logDataProtectionPolicy")
    stack_name: str | None = yaml("stackName")
    version_functions: bool | None = yaml("versionFunctions")
    deployment_prefix: str | None = yaml("deploymentPrefix")
    environment: dict | None = yaml("environment")
    tags: dict | None = yaml("tags")
    stack_tags: dict | None = yaml("stackTags")
    tracing: dict | None = yaml("tracing")
    layers: list | None = yaml("layers")
    vpc: dict | None = yaml("vpc")
    kms_key_arn: CfnValue | None = yaml("kmsKeyArn")
    runtime_management: object = yaml("runtimeManagement")
    ecr: dict | None = yaml("ecr")
    deployment_bucket: DeploymentBucket | None = yaml("deploymentBucket", by_hand=True)
    iam: Iam = yaml("iam", default=factory(Iam), by_hand=True,
                   also=("iamRoleStatements", "iamManagedPolicies", "rolePermissionsBoundary"))
    # ``provider.role`` present at all (even empty) means no generated role.
    has_role_key: bool = yaml("role", default=False, by_hand=True)
    http_api: HttpApiSettings = yaml("httpApi", default=factory(HttpApiSettings), by_hand=True)
    access_logs: AccessLogs | None = yaml("logs", by_hand=True)
    # The provider's settings of the event kinds (model/events.py).
    events: object = None
    unsupported: list[str] = factory(list)


class Service(Record):
    """The whole service: what the compiler, the checks and the wizard work on."""

    service: str = yaml("service", required=True, by_hand=True)
    provider: Provider = yaml("provider", default=factory(Provider), by_hand=True)
    functions: dict[str, Function] = yaml("functions", default=factory(dict), by_hand=True)
    resources: object = yaml("resources", by_hand=True)
    # Top-level ``package`` (``individually``, ``artifact``) as written.
    package: dict | None = yaml("package", by_hand=True)
    # Top-level ``layers``: Lambda layers the service builds, by name.
    layers: dict | None = yaml("layers", by_hand=True)
    # Top-level keys Serverless compiles and the compiler does not (``plugins``).
    unsupported: list[str] = factory(list)
    # The plugins the file lists, by name: named in the warning that they are not run.
    plugins: list[str] = factory(list)
    # What the Serverless CLI would be run with.
    cli_stage: str | None = None
    cli_region: str | None = None

    @property
    def stage(self) -> str:
        return self.cli_stage or self.provider.stage or "dev"

    @property
    def region(self) -> str:
        return self.cli_region or self.provider.region or "us-east-1"

    def http_api_events(self):
        """Every (function, event) pair in declaration order, as Serverless walks them."""
        for function in self.functions.values():
            for event in function.events:
                yield function, event
