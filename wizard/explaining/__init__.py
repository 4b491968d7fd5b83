"""Explain a request at design time, from the service's own configuration: no deploy.

``explain(service, http_api, request)`` answers which route API Gateway selects, what
the authorizer and CORS do, and the exact event the function receives.
"""

from .explain import Explanation, explain, to_text
from .request import Request, RequestError

__all__ = ["Explanation", "Request", "RequestError", "explain", "to_text"]
