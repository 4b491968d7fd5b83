"""A JWT's signature checked against a JSON Web Key Set, as a JWT authorizer checks it.

API Gateway fetches the issuer's keys (its ``jwks_uri``), picks the key named by the
token's ``kid`` and accepts only RSA signatures ("JWT authorizers for HTTP APIs"). With
``run --jwks FILE`` those keys come from a file. RSA verification is a modular
exponentiation and a comparison (RFC 8017: RSASSA-PKCS1-v1_5 for RS256/384/512,
RSASSA-PSS for PS256/384/512), so no cryptography library is needed: verifying needs no
secret and no constant-time code.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json

_HASHES = {"256": hashlib.sha256, "384": hashlib.sha384, "512": hashlib.sha512}
# DER DigestInfo prefixes of RFC 8017 section 9.2, note 1.
_DIGEST_INFO = {
    "256": bytes.fromhex("3031300d060960864801650304020105000420"),
    "384": bytes.fromhex("3041300d060960864801650304020205000430"),
    "512": bytes.fromhex("3051300d060960864801650304020305000440"),
}


class JwksError(ValueError):
    """The key set file cannot be used; the message says why."""


def _b64url(text: str) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not a string")
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)


def _int(text: str) -> int:
    return int.from_bytes(_b64url(text), "big")


class KeySet:
    """RSA public keys by ``kid``."""

    def __init__(self, keys: dict[str, tuple[int, int]]) -> None:
        self.keys = keys

    @classmethod
    def from_json(cls, data, where: str = "the key set") -> KeySet:
        items = data.get("keys") if isinstance(data, dict) and "keys" in data else [data]
        if not isinstance(items, list):
            raise JwksError(f"{where}: 'keys' must be a list of JSON Web Keys")
        keys: dict[str, tuple[int, int]] = {}
        for index, key in enumerate(items):
            if not isinstance(key, dict) or key.get("kty") != "RSA":
                continue  # API Gateway uses RSA keys only
            try:
                keys[str(key.get("kid", ""))] = (_int(key["n"]), _int(key["e"]))
            except (KeyError, ValueError, binascii.Error):
                raise JwksError(f"{where}: key {index} has no valid base64url 'n' and 'e'") from None
        if not keys:
            raise JwksError(f"{where} has no RSA key (kty RSA with n and e): API Gateway accepts RSA signatures only")
        return cls(keys)

    @classmethod
    def read(cls, path: str) -> KeySet:
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as exc:
            raise JwksError(f"{path}: {exc.strerror or exc}") from None
        except ValueError as exc:
            raise JwksError(f"{path}: not JSON ({exc})") from None
        return cls.from_json(data, path)

    def verify(self, token: str) -> str | None:
        """None when the signature is valid, else why it is not (API Gateway answers 401)."""
        parts = token.split(".")
        if len(parts) != 3:
            return "the token is not a compact JWS (three parts)"
        try:
            header = json.loads(_b64url(parts[0]))
            signature = _b64url(parts[2])
        except (ValueError, binascii.Error):
            return "the token's header or signature is not base64url"
        if not isinstance(header, dict):
            return "the token's header is not a JSON object"
        alg = header.get("alg")
        if not isinstance(alg, str) or alg[:2] not in ("RS", "PS") or alg[2:] not in _HASHES:
            return f"alg {alg!r} is not an RSA algorithm (RS256/384/512, PS256/384/512): API Gateway accepts RSA only"
        kid = header.get("kid")
        if kid is None:
            return "the token's header has no kid, so no key can be chosen"
        key = self.keys.get(str(kid))
        if key is None:
            return f"no key with kid {kid!r} in the key set"
        n, e = key
        size = (n.bit_length() + 7) // 8
        if len(signature) != size:
            return f"it was not made with the key {kid!r}"
        encoded = pow(int.from_bytes(signature, "big"), e, n).to_bytes(size, "big")
        message = f"{parts[0]}.{parts[1]}".encode("ascii")
        bits = alg[2:]
        digest = _HASHES[bits](message).digest()
        if alg.startswith("RS"):
            expected = _DIGEST_INFO[bits] + digest
            valid = encoded == b"\x00\x01" + b"\xff" * (size - len(expected) - 3) + b"\x00" + expected
        else:
            valid = _pss_valid(encoded, digest, n.bit_length() - 1, _HASHES[bits])
        return None if valid else f"it was not made with the key {kid!r}"


def _mgf1(seed: bytes, length: int, hash_function) -> bytes:
    out = b""
    counter = 0
    while len(out) < length:
        out += hash_function(seed + counter.to_bytes(4, "big")).digest()
        counter += 1
    return out[:length]


def _pss_valid(encoded: bytes, digest: bytes, em_bits: int, hash_function) -> bool:
    """EMSA-PSS-VERIFY (RFC 8017, 9.1.2) with MGF1 and a salt as long as the hash (RFC 7518)."""
    em_len = (em_bits + 7) // 8
    em = encoded[-em_len:]
    if len(encoded) - em_len and any(encoded[:len(encoded) - em_len]):
        return False
    h_len = len(digest)
    if em_len < 2 * h_len + 2 or em[-1] != 0xBC:
        return False
    masked, h = em[:em_len - h_len - 1], em[em_len - h_len - 1:-1]
    zero_bits = 8 * em_len - em_bits
    if masked[0] >> (8 - zero_bits) if zero_bits else 0:
        return False
    db = bytes(a ^ b for a, b in zip(masked, _mgf1(h, len(masked), hash_function), strict=True))
    db = bytes([db[0] & (0xFF >> zero_bits)]) + db[1:]
    padding = em_len - 2 * h_len - 2
    if any(db[:padding]) or db[padding] != 1:
        return False
    salt = db[padding + 1:]
    return hash_function(b"\x00" * 8 + digest + salt).digest() == h
