"""JWT signatures checked against a key set as API Gateway's JWT authorizer checks them
(wizard/running/jwks.py).

AWS, "Controlling access to HTTP APIs with JWT authorizers": API Gateway takes the key
named by the token's ``kid`` from the issuer's ``jwks_uri`` and accepts RSA signatures
only. The signatures here are made two independent ways: by a few lines of RFC 8017
arithmetic with a key generated in the test, and by the ``openssl`` command (skipped
when it is absent).
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import random
import shutil
import subprocess

import pytest

from wizard.running.jwks import JwksError, KeySet


def _is_prime(n: int, rounds: int = 24) -> bool:
    if n < 4:
        return n in (2, 3)
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(rounds):
        x = pow(random.randrange(2, n - 1), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


# The odd primes under 1000, multiplied: one gcd rules out the four candidates in five that have
# a small factor, before the costlier Miller-Rabin rounds (the usual sieve of key generators).
_SMALL_PRIMES = math.prod(n for n in range(3, 1000, 2) if all(n % f for f in range(3, int(n**0.5) + 1, 2)))


def _prime(bits: int) -> int:
    while True:
        candidate = random.getrandbits(bits) | (1 << (bits - 1)) | 1
        if math.gcd(candidate, _SMALL_PRIMES) == 1 and _is_prime(candidate):
            return candidate


def rsa_key(bits: int = 1024) -> tuple[int, int, int]:
    """(n, e, d): a throwaway RSA key for tests."""
    e = 65537
    while True:
        p, q = _prime(bits // 2), _prime(bits // 2)
        phi = (p - 1) * (q - 1)
        if p != q and phi % e:
            return p * q, e, pow(e, -1, phi)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _int64(value: int) -> str:
    return _b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


def jwk(key, kid: str) -> dict:
    n, e, _ = key
    return {"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256", "n": _int64(n), "e": _int64(e)}


def sign_rs256(claims: dict, key, kid: str | None = "k1", alg: str = "RS256") -> str:
    """A compact JWS signed with RSASSA-PKCS1-v1_5 and SHA-256 (RFC 7518, 3.3)."""
    n, _, d = key
    header = {"alg": alg, "typ": "JWT"} | ({"kid": kid} if kid is not None else {})
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    digest_info = bytes.fromhex("3031300d060960864801650304020105000420") + hashlib.sha256(signing_input.encode()).digest()
    size = (n.bit_length() + 7) // 8
    encoded = b"\x00\x01" + b"\xff" * (size - len(digest_info) - 3) + b"\x00" + digest_info
    signature = pow(int.from_bytes(encoded, "big"), d, n).to_bytes(size, "big")
    return f"{signing_input}.{_b64(signature)}"


@pytest.fixture(scope="module")
def key():
    return rsa_key()


def test_a_token_signed_with_the_kids_key_verifies(key):
    keys = KeySet.from_json({"keys": [jwk(rsa_key(), "other"), jwk(key, "k1")]})
    assert keys.verify(sign_rs256({"sub": "alice"}, key)) is None


def test_a_changed_payload_or_signature_does_not_verify(key):
    keys = KeySet.from_json({"keys": [jwk(key, "k1")]})
    header, payload, signature = sign_rs256({"sub": "alice"}, key).split(".")
    forged = _b64(json.dumps({"sub": "mallory"}).encode())
    assert keys.verify(f"{header}.{forged}.{signature}") == "it was not made with the key 'k1'"
    flipped = _b64(bytes([base64.urlsafe_b64decode(signature + "==")[0] ^ 1]) + base64.urlsafe_b64decode(signature + "==")[1:])
    assert keys.verify(f"{header}.{payload}.{flipped}") == "it was not made with the key 'k1'"


def test_a_token_signed_with_another_key_under_the_same_kid_does_not_verify(key):
    keys = KeySet.from_json({"keys": [jwk(key, "k1")]})
    assert keys.verify(sign_rs256({"sub": "alice"}, rsa_key(), "k1")) == "it was not made with the key 'k1'"


def test_the_kid_chooses_the_key(key):
    keys = KeySet.from_json({"keys": [jwk(key, "k1")]})
    assert keys.verify(sign_rs256({"sub": "a"}, key, kid="k2")) == "no key with kid 'k2' in the key set"
    assert "no kid" in keys.verify(sign_rs256({"sub": "a"}, key, kid=None))


@pytest.mark.parametrize("alg", ["HS256", "ES256", "none"])
def test_only_rsa_algorithms_are_accepted(key, alg):
    """AWS: "API Gateway ... supports only RSA-based algorithms"."""
    keys = KeySet.from_json({"keys": [jwk(key, "k1")]})
    assert "not an RSA algorithm" in keys.verify(sign_rs256({"sub": "a"}, key, alg=alg))


def test_a_single_jwk_is_a_key_set_of_one(key):
    assert KeySet.from_json(jwk(key, "k1")).verify(sign_rs256({}, key)) is None


@pytest.mark.parametrize("data, message", [
    ({"keys": []}, "has no RSA key"),
    ({"keys": [{"kty": "EC", "kid": "e", "crv": "P-256", "x": "AA", "y": "AA"}]}, "has no RSA key"),
    ({"keys": [{"kty": "RSA", "kid": "k", "n": "!!", "e": "AQAB"}]}, "no valid base64url"),
    ({"keys": "x"}, "must be a list"),
])
def test_unusable_key_sets_are_refused_with_the_reason(data, message):
    with pytest.raises(JwksError, match=message):
        KeySet.from_json(data)


def test_reading_a_key_set_file(tmp_path, key):
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [jwk(key, "k1")]}))
    assert KeySet.read(str(path)).verify(sign_rs256({}, key)) is None
    (tmp_path / "bad.json").write_text("{nope")
    with pytest.raises(JwksError, match="not JSON"):
        KeySet.read(str(tmp_path / "bad.json"))
    with pytest.raises(JwksError, match="No such file"):
        KeySet.read(str(tmp_path / "missing.json"))


OPENSSL = shutil.which("openssl")


@pytest.fixture(scope="module")
def openssl_key(tmp_path_factory):
    """(private key file, modulus) made by openssl."""
    if OPENSSL is None:
        pytest.skip("no openssl command")
    private = tmp_path_factory.mktemp("openssl") / "key.pem"
    subprocess.run([OPENSSL, "genrsa", "-out", str(private), "2048"], check=True, capture_output=True)
    text = subprocess.run([OPENSSL, "rsa", "-in", str(private), "-noout", "-modulus"], check=True, capture_output=True,
                          text=True).stdout
    return private, int(text.strip().split("=", 1)[1], 16)


@pytest.mark.parametrize("alg, options", [
    ("RS256", ["-sha256"]), ("RS384", ["-sha384"]), ("RS512", ["-sha512"]),
    ("PS256", ["-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32"]),
    ("PS512", ["-sha512", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:64"]),
])
def test_signatures_made_by_openssl_verify(tmp_path, openssl_key, alg, options):
    private, n = openssl_key
    signing_input = f"{_b64(json.dumps({'alg': alg, 'kid': 'ossl'}).encode())}.{_b64(b'{}')}"
    (tmp_path / "input").write_text(signing_input)
    signature = subprocess.run([OPENSSL, "dgst", *options, "-sign", str(private), str(tmp_path / "input")], check=True,
                               capture_output=True).stdout
    keys = KeySet.from_json({"keys": [{"kty": "RSA", "kid": "ossl", "n": _int64(n), "e": "AQAB"}]})
    token = f"{signing_input}.{_b64(signature)}"
    assert keys.verify(token) is None
    tampered = f"{signing_input}.{_b64(signature[:-1] + bytes([signature[-1] ^ 1]))}"
    assert keys.verify(tampered) is not None
