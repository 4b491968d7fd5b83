"""JavaScript value semantics that Serverless's behaviour depends on.

Serverless is JavaScript: ``a || b``, ``if (x)``, ``String(x)`` and ``JSON.stringify``
decide what ends up in the template. Python's ``bool([])`` is False where JS says true,
so every such decision in the compiler goes through these helpers.
"""

from __future__ import annotations

import math
import re


class _Undefined:
    """A key JS code assigned ``undefined``: absent from the JSON, but its place is kept.

    ``{a: 1, b: undefined}`` keeps ``b``'s position, so a later ``_.merge`` that sets
    ``b`` puts it there, not at the end. The compiler writes this marker where
    Serverless assigns a possibly-undefined value and drops it before output.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "undefined"

    def __bool__(self) -> bool:
        return False


UNDEFINED = _Undefined()


class JsDate(str):
    """A YAML timestamp. js-yaml makes it a Date, which JSON.stringify writes as ISO text."""

    __slots__ = ()


def truthy(value: object) -> bool:
    """JS truthiness: ``[]``, ``{}`` and ``"0"`` are true; ``0``, ``""``, null are false."""
    if value is None or value is False or value is UNDEFINED:
        return False
    if value is True:
        return True
    if isinstance(value, str):
        return value != ""
    if isinstance(value, (int, float)):
        return value != 0 and not (isinstance(value, float) and math.isnan(value))
    return True


# StringToNumber's white space and line terminators, trimmed from both ends (Python's strip() takes others).
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_JS_DECIMAL = re.compile(r"[+-]?(?:Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\Z")
_JS_RADIX = {"x": 16, "X": 16, "o": 8, "O": 8, "b": 2, "B": 2}
_JS_RADIX_DIGITS = {16: re.compile(r"[0-9a-fA-F]+\Z"), 8: re.compile(r"[0-7]+\Z"), 2: re.compile(r"[01]+\Z")}


def js_trim_end(text: str) -> str:
    """``text.trimEnd()``."""
    return text.rstrip(_JS_SPACE)


def js_to_number(text: str) -> float:
    """JS's ``+text`` (StringToNumber): blank is 0; decimal with an optional sign, or Infinity; 0x, 0o and 0b
    without one; anything else NaN (Python's float() also takes "1_000", "inf", "nan" and other scripts' digits)."""
    text = text.strip(_JS_SPACE)
    if not text:
        return 0.0
    if _JS_DECIMAL.match(text):
        return float(text.replace("Infinity", "inf"))
    radix = _JS_RADIX.get(text[1:2]) if text[:1] == "0" else None
    if radix is not None and _JS_RADIX_DIGITS[radix].match(text[2:]):
        try:
            return float(int(text[2:], radix))
        except OverflowError:
            return math.inf
    return math.nan


def js_number(value: object) -> float:
    """JS's ``Number(value)`` of a YAML value: null is 0, a list its String()'s number, a mapping NaN."""
    if value is None or value is UNDEFINED:
        return 0.0 if value is None else math.nan
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    if isinstance(value, list):
        return js_to_number(js_string(value))
    if isinstance(value, str):
        return js_to_number(value)
    return math.nan


def number_to_string(value: float | int) -> str:
    """``String(n)`` for a JS number (ECMAScript Number::toString, radix 10)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    if value.is_integer() and abs(value) <= 2**53:
        return str(int(value))
    sign = "-" if value < 0 else ""
    mantissa, _, exp = repr(abs(value)).partition("e")
    point = mantissa.find(".")
    digits = mantissa.replace(".", "")
    # n is the position of the decimal point relative to the digit string.
    n = (point if point >= 0 else len(mantissa)) + (int(exp) if exp else 0)
    stripped = digits.lstrip("0")
    n -= len(digits) - len(stripped)
    digits = stripped.rstrip("0") or "0"
    k = len(digits)
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    exp_text = f"e+{e}" if e >= 0 else f"e-{-e}"
    if k == 1:
        return sign + digits + exp_text
    return sign + digits[0] + "." + digits[1:] + exp_text


def js_string(value: object) -> str:
    """``String(value)`` as JavaScript would write it."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return number_to_string(value)
    if isinstance(value, list):
        return ",".join("" if v is None else js_string(v) for v in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def to_short_string(value: object) -> str:
    """type's ``toShortString`` that Serverless quotes values with: String(), cut at 100 characters, newlines escaped."""
    text = js_string(value)
    if len(text) > 100:
        text = text[:99] + "\u2026"
    return text.replace("\n", "\\n").replace("\r", "\\r").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def to_set_list(value) -> list:
    """``Array.from(new Set(Array.isArray(v) ? v : [v]))``: Serverless's ``toSet``, as a list.

    Linear: a file can list 30,000 audiences, scopes or CORS origins, and comparing each
    with every one kept before took seconds per keystroke.
    """
    items = value if isinstance(value, list) else [value]
    unique: list = []
    seen: set = set()
    objects: list = []  # mappings and lists: unhashable, and few; compared by value
    for item in items:
        key = _same_value_zero(item)
        if key is None:
            if item not in objects:
                objects.append(item)
                unique.append(item)
        elif key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def _same_value_zero(item) -> tuple | None:
    """What a JS Set compares a primitive by (SameValueZero: 1 and true differ, NaN is NaN); None for objects."""
    if item is None:
        return ("null",)
    if isinstance(item, bool):
        return ("boolean", item)
    if isinstance(item, (int, float)):
        return ("number", "NaN" if item != item else item)
    if isinstance(item, str):
        return ("string", str(item))
    return None


def normalize_number(value: float) -> float | int:
    """JS has one number type: an integral float prints as an integer (``1.0`` -> ``1``)."""
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _is_array_index(key) -> bool:
    return (type(key) is str and key.isdigit() and key.isascii() and len(key) <= 10 and (key == "0" or key[0] != "0")
            and int(key) < 4294967295)


def array_index(key) -> int | None:
    """The index a property key names on a JS array (``"3"``), or None (``"03"``, ``"-1"``, ``"x"``)."""
    return int(key) if _is_array_index(key) else None


def js_assign(*sources) -> dict:
    """``Object.assign({}, ...sources)`` for mappings: later keys win in place, and the
    result is ordered as JS orders it (integer-like keys first, ascending)."""
    merged: dict = {}
    for source in sources:
        if isinstance(source, dict):
            merged.update(source)
    js_key_order(merged)
    return merged


def js_key_order(mapping: dict) -> None:
    """Reorder ``mapping`` as a JS object orders its keys: integer-like keys first, ascending."""
    numeric = sorted((k for k in mapping if _is_array_index(k)), key=int)
    if not numeric or list(mapping)[: len(numeric)] == numeric:
        return
    items = [(k, mapping[k]) for k in numeric] + [(k, v) for k, v in mapping.items() if not _is_array_index(k)]
    mapping.clear()
    mapping.update(items)


def js_entries(value) -> list[tuple[str, object, object]]:
    """``Object.entries(value)`` with where each entry is: (key, value, its key or index in ``value``). A list gives
    its indexes as keys ("0", "1"), a string its characters, any other scalar nothing."""
    if isinstance(value, dict):
        return [(k, v, k) for k, v in value.items()]
    if isinstance(value, list):
        return [(str(i), v, i) for i, v in enumerate(value)]
    if isinstance(value, str):
        return [(str(i), c, None) for i, c in enumerate(value)]
    return []


def js_equal(a: object, b: object) -> bool:
    """lodash ``_.isEqual`` on JSON values: ``True`` is not ``1`` (Python's ``==`` says it is)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(js_equal(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(js_equal, a, b))
    if isinstance(b, (dict, list)):
        return False
    return a == b


def js_strict_equal(a: object, b: object) -> bool:
    """JavaScript's ``===`` on JSON values: primitives by type and value (1 and 1.0 are one
    number), objects by identity (YAML aliases share one object, as js-yaml's do)."""
    if isinstance(a, (dict, list)) or isinstance(b, (dict, list)):
        return a is b
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


def union_with_equal(*arrays: list) -> list:
    """lodash ``_.unionWith(...arrays, _.isEqual)``: every item once, first occurrence first."""
    out: list = []
    for array in arrays:
        for item in array:
            if not any(js_equal(item, seen) for seen in out):
                out.append(item)
    return out
