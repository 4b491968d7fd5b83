"""Read a JWT without verifying it: enough to say what API Gateway's checks would do."""

from __future__ import annotations

import base64
import json


class TokenError(ValueError):
    pass


def _segment(text: str) -> dict:
    padded = text + "=" * (-len(text) % 4)
    try:
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError) as exc:
        raise TokenError(f"not base64url-encoded JSON ({exc.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise TokenError("a JWT part must be a JSON object")
    return data


def decode(token: str) -> tuple[dict, dict]:
    """(header, claims) of a compact JWT; the signature is not checked."""
    parts = token.split(".")
    if len(parts) != 3:
        raise TokenError(f"a JWT has three dot-separated parts; this has {len(parts)}")
    return _segment(parts[0]), _segment(parts[1])


def encode_unsigned(claims: dict, header: dict | None = None) -> str:
    """A token for examples and tests: real structure, placeholder signature."""

    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")

    return f"{part(header or {'alg': 'RS256', 'typ': 'JWT', 'kid': 'example'})}.{part(claims)}.c2lnbmF0dXJl"
