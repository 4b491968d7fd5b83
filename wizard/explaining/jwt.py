"""Read a JWT without verifying it: enough to say what API Gateway's checks would do.

Decoding is as strict as a JOSE library: base64url without stray characters, JSON as
RFC 8259 has it (no ``NaN`` or ``Infinity``), numbers that are finite. Whatever fails
that is "not a valid JWT" (401), never an exception: the wizard decodes on every
keystroke, and a token can be 100,000 nested ``[``.
"""

from __future__ import annotations

import base64
import binascii
import json
import math


class TokenError(ValueError):
    pass


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _strict_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"{text} is out of range")
    return value


_DECODER = json.JSONDecoder(parse_constant=_no_constant, parse_float=_strict_float)


def _segment(text: str, part: str) -> dict:
    padded = text + "=" * (-len(text) % 4)
    try:
        raw = base64.b64decode(padded.encode("ascii"), altchars=b"-_", validate=True)
        data = _DECODER.decode(raw.decode("utf-8"))
    except RecursionError:
        raise TokenError(f"its {part} nests too deeply to be JSON a JWT library reads") from None
    except (ValueError, UnicodeError, binascii.Error) as exc:
        raise TokenError(f"its {part} is not base64url-encoded JSON ({exc.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise TokenError(f"its {part} must be a JSON object")
    return data


def decode(token: str) -> tuple[dict, dict]:
    """(header, claims) of a compact JWT; the signature is not checked."""
    parts = token.split(".")
    if len(parts) != 3:
        raise TokenError(f"a JWT has three dot-separated parts; this has {len(parts)}")
    return _segment(parts[0], "header"), _segment(parts[1], "payload")


def numeric_date(value) -> float | None:
    """A NumericDate claim (exp, nbf, iat) as a number, or None when it is not one."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer past any date a double can hold
        return None
    return number if math.isfinite(number) else None


def encode_unsigned(claims: dict, header: dict | None = None) -> str:
    """A token for examples and tests: real structure, placeholder signature."""

    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")

    return f"{part(header or {'alg': 'RS256', 'typ': 'JWT', 'kid': 'example'})}.{part(claims)}.c2lnbmF0dXJl"
