"""Plain-words help for each part of the wizard (F1 shows the focused one)."""

SECTIONS = {
    "service": "**Service.** The name of your service and where it runs. The name becomes part of every AWS "
    "resource name; the runtime is the language your functions are written in (Node.js or Python); memory and "
    "timeout apply to every function unless a function sets its own.",
    "routes": "**Routes.** A route is a method and a path, like `GET /users/{id}`. API Gateway sends each request "
    "to the function of the route that matches it best. `{id}` matches one path segment and hands it to your "
    "function; `{proxy+}` matches the rest of the path; `ANY` matches every method; the route `*` ($default) "
    "answers what no other route matches.",
    "cors": "**CORS.** Browsers only let a web page on another origin call your API if the API says so. With CORS "
    "on, API Gateway answers the browser's preflight (OPTIONS) requests itself and adds the headers. To send "
    "cookies (credentials), list the exact origins of your web app.",
    "review": "**Review & save.** Writes the project: serverless.yml, a handler file for each function (never "
    "overwriting one you already have), package.json or requirements.txt, .gitignore and a README. Then run "
    "`npx serverless@3 deploy` in that folder.",
}

FIELDS = {
    "service-name": "Letters, digits and dashes, starting with a letter (Serverless's rule).",
    "runtime": "The Lambda runtime. Serverless v3's list stops at nodejs20.x/python3.11, which AWS no longer "
    "creates; newer ones work but v3 warns about them.",
    "region": "The AWS region to deploy to, e.g. us-east-1 or eu-west-1.",
    "stage": "A name for this copy of the service (dev, prod, ...); it is part of resource names.",
    "memory": "Memory per function in MB (128 to 10240). More memory also means more CPU.",
    "timeout": "Seconds a function may run (1 to 900). Behind an HTTP API keep it under 30: API Gateway stops "
    "waiting at 30 s and answers 503.",
    "route-path": "Starts with /, no trailing slash. Use {name} for a path parameter and {name+} at the end for "
    "the rest of the path.",
    "route-method": "The HTTP method the route answers. ANY answers every method; the catch-all * answers every "
    "request that no other route matches (a good place for a friendly 404).",
    "route-function": "The function API Gateway calls when this route matches.",
    "route-authorizer": "Who may call the route: anyone, a caller with a valid token (JWT), whoever your Lambda "
    "authorizer lets in, or AWS principals that sign their requests (IAM).",
    "route-authorizer-id": "With an HTTP API created elsewhere, its authorizers live there too: give the id of "
    "one (aws apigatewayv2 get-authorizers --api-id <api id> lists them).",
    "route-scopes": "With a JWT authorizer: the token must carry at least one of these scopes (its scope or scp "
    "claim), e.g. user.read. Leave empty to accept any valid token.",
    "cors-origins": "Origins are scheme://host[:port] with no path, e.g. https://app.example.com, separated by commas.",
    "cors-headers": "Request headers a page may send, e.g. Content-Type, Authorization. Empty: Serverless's "
    "default list (Content-Type, X-Amz-Date, Authorization, X-Api-Key, X-Amz-Security-Token, X-Amz-User-Agent, "
    "X-Amzn-Trace-Id).",
    "cors-methods": "Methods a page may use, e.g. GET, POST. Empty: OPTIONS plus every method your routes use. "
    "* allows all.",
    "cors-exposed": "Response headers the page's JavaScript may read besides the basic ones, e.g. X-Request-Id.",
    "cors-max-age": "Seconds a browser may remember the preflight answer (0 to 86400) instead of asking before "
    "every call.",
    "cors-credentials": "Let the browser send cookies or Authorization with the call. Needs exact origins: "
    "browsers refuse credentials with the * origin.",
    "tags": "Labels AWS attaches to the resources, e.g. team=payments or cost-center=42, to find them and split "
    "the bill. One Key=value per line.",
    "template-path": "Where the CloudFormation template is saved, relative to the folder: .json as serverless "
    "package writes it, or .yml/.yaml for YAML. Commit it to review what a change does to the stack.",
    "directory": "The folder to write the project into (created if missing).",
}

SECTIONS.update(
    {
        "functions": "**Functions.** Each function is your code that answers requests. The handler names the "
        "file and the function inside it: `src/users.get` is the export `get` of `src/users.js` (or `.py`). "
        "Memory and timeout here override the service's.",
        "authorizers": "**Authorizers.** They check a request before your function runs. A **JWT** authorizer "
        "checks a token from an identity provider (Cognito, Auth0, ...); a **Lambda** authorizer runs a function "
        "of yours to decide; **IAM** (chosen per route) needs requests signed with AWS credentials.",
        "logging": "**Logging.** Access logs write one line per request to CloudWatch Logs. The format must be one "
        "line (JSON, CSV, XML or CLF) and include `$context.requestId`.",
        "advanced": "**Advanced.** The event format your functions receive (payload 2.0 is the simpler one), "
        "detailed metrics, the API's name, turning off the default execute-api URL (when you use a custom "
        "domain), or attaching the routes to an HTTP API that another stack owns (then CORS, logs and "
        "authorizers belong to that stack).",
    }
)
FIELDS.update(
    {
        "fn-name": "Letters, digits, - and _. It becomes part of the Lambda function's name.",
        "fn-handler": "file.export: the file (without .js/.py) and the exported function, e.g. src/users.get.",
        "jwt-issuer": "The https:// URL of your identity provider, e.g. https://cognito-idp.<region>.amazonaws.com/<poolId>.",
        "jwt-audience": "Client ids the token may be issued to (aud or client_id), separated by commas.",
        "auth-key": "The authorizer's name in serverless.yml; routes refer to it by this name. Renaming it "
        "renames it in the routes too.",
        "auth-kind": "JWT: API Gateway itself checks a token issued by Cognito, Auth0, Okta...; no code of yours. "
        "Lambda: a function of yours looks at the request (headers, query string...) and says yes or no.",
        "auth-sources": "Where the credentials are, e.g. $request.header.Authorization. A Lambda authorizer may "
        "list several, comma-separated ($request.querystring.key, $context.routeKey...): a request missing one is "
        "refused with 401 before your function runs.",
        "lambda-function": "The function of this service that decides (it answers allow or deny).",
        "lambda-arn": "Or the ARN of a function outside this service. Give one or the other.",
        "lambda-ttl": "Seconds API Gateway remembers the answer for the same identity (0 to 3600); 0 or empty asks "
        "your function every time. Caching needs at least one identity source.",
        "lambda-payload": "The event format your authorizer function receives: 2.0 (simpler) or 1.0 (REST-style).",
        "lambda-simple": "With payload 2.0 your function may answer just {\"isAuthorized\": true/false} instead of "
        "an IAM policy.",
        "lambda-managed": "Checked: Serverless does not add the permission that lets API Gateway call the function; "
        "you manage it elsewhere (e.g. a function in another stack).",
        "log-format": "Leave empty for Serverless's JSON default. Pick $context variables below to add them.",
        "api-id": "The id of an HTTP API created elsewhere; leave empty to create one in this stack.",        "fn-runtime": "Leave at the service default unless this one function is written in another language or version.",
        "fn-description": "A note for people reading the AWS console; it does not change what the function does.",
        "fn-environment": "Settings your code reads at run time (process.env.NAME in Node.js, os.environ['NAME'] in "
        "Python). One KEY=value per line. Never put secrets here in plain text: they show in the console.",
        "try-request": "A method and a path with its query string, e.g. GET /users/42?verbose=1 (a full URL works too).",
        "try-headers": "One header per line, e.g. Authorization: Bearer eyJ... or Origin: https://app.example.com. "
        "Add Access-Control-Request-Method to an OPTIONS request to try a CORS preflight.",
        "try-body": "The request body, passed to your function as the event's body.",
    }
)
SECTIONS["iam"] = (
    "**IAM** needs no definition here: pick it per route (Routes, edit the route, authorizer \"IAM\"). Callers "
    "then sign requests with AWS credentials (SigV4) and need execute-api:Invoke permission."
)
SECTIONS["try"] = (
    "**Try a request.** Ask what API Gateway would do with a request, before you deploy: which route answers it "
    "and with which path parameters, what the authorizer decides (a JWT is decoded but its signature is not "
    "checked: only AWS can), what CORS adds or refuses, and the exact event your function receives. Paste "
    "the event into a unit test. The answer follows every change you make in the other sections."
)
