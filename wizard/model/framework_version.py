"""Whether Serverless v3.39.0 satisfies a ``frameworkVersion`` range, as node-semver decides it.

Serverless checks ``semver.validRange(frameworkVersion)`` and then
``semver.satisfies('3.39.0', frameworkVersion)`` (lib/classes/service.js). This reads the
range grammar of node-semver 7 without its loose mode: ``||`` alternatives of
space-separated comparators (``>=``, ``>``, ``<``, ``<=``, ``=``, ``~``, ``^``, X-ranges
``3``, ``3.x``, ``*``) and hyphen ranges ``1.2 - 3``.
"""

from __future__ import annotations

import re

SERVERLESS_VERSION = "3.39.0"

_PART = r"(?:0|[1-9]\d*|[xX*])"
_PRE = r"(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?"
_PARTIAL = re.compile(rf"v?=?({_PART})(?:\.({_PART})(?:\.({_PART}){_PRE})?)?\Z")
_COMPARATOR = re.compile(r"(<=|>=|<|>|=|~>|~|\^)?\s*(\S+)\Z")
_HYPHEN = re.compile(r"^\s*(\S+)\s+-\s+(\S+)\s*$")
_WILD = ("x", "X", "*")



def _partial(text: str):
    """(major, minor, patch, prerelease) with None for a missing or wildcard part; or None if invalid."""
    match = _PARTIAL.match(text)
    if not match:
        return None
    numbers = [p for p in match.groups()[:3] if p is not None and p not in _WILD]
    # node-semver refuses a part past Number.MAX_SAFE_INTEGER (its Range throws: validRange null)
    if any(len(p) > 16 or int(p) >= 2**53 - 1 for p in numbers):
        return None
    parts = [None if p is None or p in _WILD else int(p) for p in match.groups()[:3]]
    for i in range(1, 3):  # nothing after a wildcard counts
        if parts[i - 1] is None:
            parts[i] = None
    pre = tuple(match.group(4).split(".")) if match.group(4) and parts[2] is not None else ()
    return (*parts, pre)


def _key(version: tuple) -> tuple:
    major, minor, patch, pre = version
    # A prerelease sorts before its release; its identifiers compare numerically when numeric.
    pre_key = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre)
    return (major, minor, patch, 0 if pre else 1, pre_key)


def _bounds(op: str, version: tuple) -> list[tuple[str, tuple]]:
    """The comparator as primitive (operator, full version) tests."""
    major, minor, patch, pre = version
    if major is None:
        return [] if op not in ("<", ">") else [("<", (0, 0, 0, ()))]  # `<*`, `>*` match nothing
    if op in ("", "="):
        if minor is None:
            return [(">=", (major, 0, 0, ())), ("<", (major + 1, 0, 0, ()))]
        if patch is None:
            return [(">=", (major, minor, 0, ())), ("<", (major, minor + 1, 0, ()))]
        return [("=", version)]
    if op in ("~", "~>"):
        if minor is None:
            return [(">=", (major, 0, 0, ())), ("<", (major + 1, 0, 0, ()))]
        return [(">=", (major, minor, patch or 0, pre)), ("<", (major, minor + 1, 0, ()))]
    if op == "^":
        low = (major, minor or 0, patch or 0, pre)
        if major > 0 or minor is None:
            return [(">=", low), ("<", (major + 1, 0, 0, ()))]
        if minor > 0 or patch is None:
            return [(">=", low), ("<", (0, minor + 1, 0, ()))]
        return [(">=", low), ("<", (0, 0, patch + 1, ()))]
    if op == ">":
        if minor is None:
            return [(">=", (major + 1, 0, 0, ()))]
        if patch is None:
            return [(">=", (major, minor + 1, 0, ()))]
        return [(">", version)]
    if op == "<=":
        if minor is None:
            return [("<", (major + 1, 0, 0, ()))]
        if patch is None:
            return [("<", (major, minor + 1, 0, ()))]
        return [("<=", version)]
    # ">=" and "<" with missing parts: the missing parts are 0
    return [(op, (major, minor or 0, patch or 0, pre))]


def _comparators(text: str):
    """The primitive tests of one ``||`` alternative, or None when it is not a valid range."""
    hyphen = _HYPHEN.match(text)
    if hyphen:
        low, high = _partial(hyphen.group(1)), _partial(hyphen.group(2))
        if low is None or high is None:
            return None
        tests = [] if low[0] is None else [(">=", (low[0], low[1] or 0, low[2] or 0, low[3]))]
        return tests + ([] if high[0] is None else _bounds("<=", high))
    # "> 1.2" is ">1.2": an operator may stand apart from its version
    tokens = re.sub(r"(<=|>=|<|>|=|~>|~|\^)\s+", r"\1", text.strip()).split()
    tests: list = []
    for token in tokens or ["*"]:
        match = _COMPARATOR.match(token)
        version = _partial(match.group(2)) if match else None
        if version is None:
            return None
        tests += _bounds(match.group(1) or "", version)
    return tests


def valid_range(text: str):
    """The range as alternatives of tests, or None where node-semver's validRange gives null."""
    alternatives = [_comparators(part) for part in text.split("||")]
    return None if any(a is None for a in alternatives) else alternatives


def satisfies(version: str, text: str) -> bool:
    parsed = _partial(version)
    alternatives = valid_range(text)
    if parsed is None or alternatives is None:
        return False
    have = _key(parsed)
    checks = {"=": lambda k: have == k, ">": lambda k: have > k, ">=": lambda k: have >= k,
              "<": lambda k: have < k, "<=": lambda k: have <= k}
    for tests in alternatives:
        if all(checks[op](_key(bound)) for op, bound in tests):
            # node-semver: a prerelease bound admits only prereleases of its own x.y.z (ours has none)
            return True
    return False
