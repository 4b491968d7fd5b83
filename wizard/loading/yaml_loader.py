"""Read serverless.yml the way Serverless v3 reads it: js-yaml 4 plus CloudFormation tags.

PyYAML parses (with libyaml when present) but resolves scalars by YAML 1.1, where ``yes``
is a boolean and ``0755`` is octal. Serverless uses js-yaml 4 (YAML 1.2 core schema plus
timestamps and merge keys), so we let PyYAML only compose the node tree and construct
values ourselves with js-yaml's rules. Every key's line and column is kept in a
SourceMap so that later errors can point at the file.
"""

from __future__ import annotations

import math
import re

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from ..diagnostics import ERROR, Diagnostic, PipelineError
from ..jsvalues import JsDate, js_key_order, js_string, normalize_number, number_to_string
from .source_map import SourceMap

try:  # libyaml makes parsing several times faster; fall back to pure Python.
    from yaml._yaml import CParser as _Parser

    _HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on the PyYAML build
    _HAVE_LIBYAML = False

_PLAIN = "?plain"
_Y = "tag:yaml.org,2002:"
_STR = _Y + "str"
_MERGE = _Y + "merge"
_SET = _Y + "set"
_PAIRS = _Y + "pairs"
_OMAP = _Y + "omap"
_MAP_TAGS = frozenset((_Y + "map", "!", _SET))
_SEQ_TAGS = frozenset((_Y + "seq", "!", _OMAP, _PAIRS))
# js-yaml constructs an explicitly tagged node with no content at all (``a: !!set``) from
# null: the collection types give an empty one, ``!!str`` an empty string, ``!!null`` null;
# the other scalar types refuse null.
_EMPTY_NODE = {_Y + "map": dict, _SET: dict, _Y + "seq": list, _OMAP: list, _PAIRS: list, _STR: str,
               _Y + "null": type(None)}
# !!binary's alphabet: base64, then "=" (which js-yaml counts as six bits), CR and LF.
_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n\r"

CFN_TAGS = (
    "And", "Base64", "Cidr", "Condition", "Equals", "FindInMap", "GetAtt", "GetAZs",
    "If", "ImportValue", "Join", "Not", "Or", "Ref", "Select", "Split", "Sub",
)
_CFN_KEY = {f"!{n}": (n if n in ("Ref", "Condition") else f"Fn::{n}") for n in CFN_TAGS}

# js-yaml 4 core schema, tried in this order on plain scalars.
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUES = frozenset(("true", "True", "TRUE"))
_FALSES = frozenset(("false", "False", "FALSE"))
_INT_RE = re.compile(r"[-+]?(?:0b[01]+|0x[0-9a-fA-F]+|0o[0-7]+|[0-9]+)\Z")
_FLOAT_RE = re.compile(
    r"(?:[-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?"
    r"|\.[0-9]+(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN))\Z"
)
_DATE = r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z"
_TIMESTAMP = (
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?\Z"
)
# Only scalars that start like a number or a date can be one; a cheap first filter.
_NUMERIC_START = frozenset("0123456789+-.")
_WORDS = _NULLS | _TRUES | _FALSES


class _PlainResolver(BaseResolver):
    """Marks plain scalars instead of guessing their type by YAML 1.1 rules."""

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode and implicit[0]:
            return _PLAIN
        return BaseResolver.resolve(self, kind, value, implicit)

    # The composer calls these around every node for path resolvers, which we have none of.
    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


class _RedefiningLoader(Reader, Scanner, Parser, Composer, _PlainResolver):
    """The pure-Python loader, where an anchor may be defined again, as js-yaml allows: the
    aliases after it name the later node (libyaml refuses "found duplicate anchor")."""

    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _PlainResolver.__init__(self)

    def compose_node(self, parent, index):
        if not self.check_event(AliasEvent):
            self.anchors.pop(self.peek_event().anchor, None)
        return Composer.compose_node(self, parent, index)


if _HAVE_LIBYAML:

    class _NodeLoader(_Parser, _PlainResolver):
        def __init__(self, stream):
            _Parser.__init__(self, stream)
            _PlainResolver.__init__(self)

else:  # pragma: no cover
    _NodeLoader = _RedefiningLoader


def _js_int(text: str):
    """js-yaml's integer, or ``text`` itself when it is not one.

    js-yaml 4 accepts an integer only if it is finite as a JS number (``isFinite(parseInt(...))``);
    past 1.8e308 the scalar is not an int, nor a float, so it stays a string (as "2e308" does).
    """
    sign = -1 if text[0] == "-" else 1
    body = text[1:] if text[0] in "+-" else text
    base, digits = {"0b": (2, body[2:]), "0x": (16, body[2:]), "0o": (8, body[2:])}.get(body[:2], (10, body))
    digits = digits.lstrip("0") or "0"
    # The widest finite double has 309 decimal digits (1024 bits): anything longer is
    # Infinity to JS, and Python refuses int() of more than 4300 decimal digits anyway.
    if len(digits) > {2: 1024, 8: 342, 16: 256, 10: 309}[base]:
        return text
    value = sign * int(digits, base)
    if abs(value) <= 2**53:
        return value
    # A JS number: beyond 2**53 it is a double, printed with its shortest digits.
    try:
        as_double = float(value)
    except OverflowError:
        return text
    return int(number_to_string(as_double)) if abs(as_double) < 1e21 else as_double


def _js_float(text: str):
    low = text.lower()
    if low.endswith(".inf") or low == ".nan":
        # Serverless's config passes through JSON before validation, where Infinity
        # and NaN become null (and then move to the end of their mapping).
        return None
    value = float(text)
    if math.isinf(value):
        return None
    return normalize_number(value)


def _timestamp(match: re.Match, date_only: bool) -> JsDate | None:
    """The Date js-yaml makes: ``new Date(Date.UTC(...))``, then JSON.stringify's ISO text.

    Date.UTC rolls every field over instead of refusing it (``2024-02-30`` is March 1st,
    month ``00`` is December of the year before) and reads years 0 to 99 as 1900 to 1999;
    Serverless writes what it gets (checked with `serverless package`, tests/conformance).
    """
    year, month, day = int(match.group(1)), int(match.group(2)) - 1, int(match.group(3))
    if 0 <= year <= 99:
        year += 1900
    hours = minutes = seconds = millis = offset = 0
    if not date_only:
        hours, minutes, seconds = int(match.group(4)), int(match.group(5)), int(match.group(6))
        millis = int((match.group(7) or "")[:3].ljust(3, "0"))
        if match.group(9):
            offset = (int(match.group(10)) * 60 + int(match.group(11) or 0)) * 60000
            if match.group(9) == "-":
                offset = -offset
    days = _days_from_civil(year + month // 12, month % 12 + 1, 1) + day - 1
    when = days * 86400000 + ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis - offset
    if abs(when) > 8.64e15:  # past JS's time range: an Invalid Date, which JSON.stringify writes as null
        return None
    days, rest = divmod(when, 86400000)
    y, mo, d = _civil_from_days(days)
    # Date.prototype.toISOString: a year outside 0..9999 takes a sign and six digits.
    year_text = f"{y:04d}" if 0 <= y <= 9999 else f"{'+' if y > 0 else '-'}{abs(y):06d}"
    seconds, millis = divmod(rest, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return JsDate(f"{year_text}-{mo:02d}-{d:02d}T{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}Z")


def _days_from_civil(y: int, m: int, d: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (any year; month 1..12)."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def _civil_from_days(z: int) -> tuple[int, int, int]:
    """(year, month, day) of the day ``z`` days after 1970-01-01."""
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    return yoe + era * 400 + (m <= 2), m, d


def resolve_plain(text: str):
    """The value js-yaml 4's default schema gives a plain (unquoted, untagged) scalar."""
    if text in _NULLS:
        return None
    if text in _TRUES:
        return True
    if text in _FALSES:
        return False
    if text[0] not in _NUMERIC_START:
        return text
    if _INT_RE.match(text):
        return _js_int(text)
    if _FLOAT_RE.match(text):
        if "inf" not in text.lower() and "nan" not in text.lower() and math.isinf(float(text)):
            return text  # an overflowing literal is not a float to js-yaml either
        return _js_float(text)
    date = _date(text)
    return text if date is _NOT_A_DATE else date


_NOT_A_DATE = object()


def _date(text: str):
    """The JsDate of a YAML date or timestamp (None: an Invalid Date), else _NOT_A_DATE."""
    # re caches compiled patterns: compiling these at import cost 1 ms of every start-up,
    # and few files hold a date.
    m = re.match(_DATE, text)
    if m:
        return _timestamp(m, True)
    m = re.match(_TIMESTAMP, text)
    return _NOT_A_DATE if m is None else _timestamp(m, False)


class YamlLoadError(PipelineError):
    """The file is not YAML that Serverless could read."""


# Serverless's codes for what js-yaml refuses (lib/configuration/read.js): a parse error, and
# a loop of aliases that JSON.stringify cannot copy. Our own code stays the reason.
_SERVERLESS_CODES = {"YAML_SYNTAX": "CONFIGURATION_PARSE_ERROR", "YAML_RECURSIVE_ALIAS": "INVALID_CONFIGURATION_STRUCTURE"}


def refusal(reason: str, message: str, file: str, line: int | None, column: int | None) -> Diagnostic:
    """An error in the YAML, under Serverless's code when Serverless refuses it too."""
    return Diagnostic(_SERVERLESS_CODES.get(reason, reason), ERROR, message, file=file, line=line, column=column,
                      reason=reason)


# How deep mappings and lists may nest. Real files stay under 20 levels (tests/corpus/wild
# tops out at 12; Step Functions definitions in a few more); every later stage (variables,
# schema, model, compile, JSON output, the wizard's undo copies) walks the tree by
# recursion, and 64 levels keep all of them far inside Python's recursion limit from any
# caller. js-yaml has no such limit, but a file this deep is not a serverless.yml.
MAX_DEPTH = 100


class _RecursiveAlias(Exception):
    """An alias to a mapping or list that is still being built: it contains itself."""

    def __init__(self, node) -> None:
        self.node = node


class _Constructor:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.done: dict[int, object] = {}
        # The mappings and lists being built: the ancestors of the node at hand, so its
        # depth, and what an alias must not point at.
        self.open: set = set()

    def recursive(self, where, node, what: str) -> None:
        mark = node.start_mark
        self.fail(where, f"{what} is an alias of the mapping or list that contains it (its anchor is at line "
                         f"{mark.line + 1}, column {mark.column + 1}): Serverless cannot read a loop (\"Converting "
                         "circular structure to JSON\")", "YAML_RECURSIVE_ALIAS")

    def enter(self, node, key) -> None:
        if len(self.open) >= MAX_DEPTH:
            self.fail(node, f"mappings and lists nest more than {MAX_DEPTH} levels deep here; no serverless.yml needs "
                            "that many, and httpapi-wizard stops rather than exhaust its stack", "YAML_TOO_DEEP")
        self.open.add(key)

    def fail(self, node, message: str, code: str = "YAML_SYNTAX") -> None:
        mark = node.start_mark
        raise YamlLoadError([refusal(code, message, self.filename, mark.line + 1, mark.column + 1)])

    def build(self, node, plain: bool = False):
        """The value of ``node``; ``plain`` ignores a CloudFormation tag on it."""
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        key = (id(node), plain)
        if key in self.done:  # an alias: js-yaml shares the object
            if key in self.open:
                raise _RecursiveAlias(node)
            return self.done[key]
        tag = node.tag
        if not plain and tag in _CFN_KEY:
            return self.cfn(node)
        if isinstance(node, MappingNode):
            if not plain and tag not in _MAP_TAGS:
                self.fail(node, f"unknown tag !<{tag}>")
            result: dict = {}
            self.done[key] = result
            self.enter(node, key)
            self.mapping(node, result)
            self.open.discard(key)
            # Only keys that start with a digit can be array indexes, and they sort before ":".
            if result and min(result) < ":":
                js_key_order(result)
            if tag == _SET and not plain and any(value is not None for value in result.values()):
                self.unresolved(node)  # a set is a mapping whose values are all null
            return result
        if not plain and tag not in _SEQ_TAGS:
            self.fail(node, f"unknown tag !<{tag}>")
        if not plain and tag in (_PAIRS, _OMAP):
            return self.pairs(node)
        items: list = []
        self.done[key] = items
        self.enter(node, key)
        build = self.build
        try:
            for item in node.value:
                # Plain scalars, most items, resolved here rather than through build and scalar.
                if item.tag == _PLAIN and type(item) is ScalarNode:
                    text = item.value
                    if text and text[0] not in _NUMERIC_START and text not in _WORDS:
                        items.append(text)  # resolve_plain's answer for plain text
                    else:
                        items.append(resolve_plain(text) if text else None)
                else:
                    items.append(build(item))
        except _RecursiveAlias as loop:
            self.recursive(node, loop.node, f"item {len(items)} of this list")
        self.open.discard(key)
        return items

    def unresolved(self, node) -> None:
        self.fail(node, f"cannot resolve a node with !<{node.tag}> explicit tag")

    def pairs(self, node: SequenceNode):
        """``!!pairs`` (a list of ``[key, value]``) or ``!!omap`` (its one-key mappings, keys unique)."""
        items = self.build(node, plain=True)
        seen: set = set()
        for item in items:
            if not isinstance(item, dict) or len(item) != 1:
                self.unresolved(node)
            if node.tag == _OMAP:
                name = next(iter(item))
                if name in seen:
                    self.unresolved(node)
                seen.add(name)
        if node.tag == _OMAP:
            return items
        return [[name, value] for item in items for name, value in item.items()]

    def binary(self, node: ScalarNode) -> dict:
        """What Serverless holds for ``!!binary``: js-yaml's Uint8Array, through JSON (index -> byte)."""
        data = node.value
        bits = 0
        for char in data:
            code = _BASE64.find(char)
            if code < 0:
                self.unresolved(node)
            if code <= 64:
                bits += 6
        if bits % 8:
            self.unresolved(node)
        text = data.replace("\r", "").replace("\n", "").replace("=", "")
        out: list = []
        acc = 0
        for index, char in enumerate(text):
            if index and index % 4 == 0:
                out += [(acc >> 16) & 0xFF, (acc >> 8) & 0xFF, acc & 0xFF]
            acc = ((acc << 6) | _BASE64.index(char)) & 0xFFFFFFFF
        tail = len(text) % 4 * 6
        # As js-yaml does it, an empty text gives three zero bytes (its tail branch runs anyway).
        if tail == 0:
            out += [(acc >> 16) & 0xFF, (acc >> 8) & 0xFF, acc & 0xFF]
        elif tail == 18:
            out += [(acc >> 10) & 0xFF, (acc >> 2) & 0xFF]
        elif tail == 12:
            out.append((acc >> 4) & 0xFF)
        return {str(i): byte for i, byte in enumerate(out)}

    def scalar(self, node: ScalarNode):
        tag = node.tag
        value = node.value
        if tag == _PLAIN:
            return resolve_plain(value) if value else None
        if not value and not node.style and tag != "!":
            # no content at all (``a: !!set``), not an empty quoted string
            if tag in _CFN_KEY:
                return {_CFN_KEY[tag]: None}
            empty = _EMPTY_NODE.get(tag)
            if empty is None:
                self.unresolved(node)
            return empty()
        if tag == _STR or tag == "!":
            return value
        if tag in _CFN_KEY:
            return self.cfn(node)
        if tag == _Y + "int":
            number = _js_int(value) if _INT_RE.match(value) else value
            if number is not value:
                return number
            self.fail(node, f"cannot resolve a node with !<{tag}> explicit tag")
        if tag == _Y + "float":
            if (_FLOAT_RE.match(value) or _INT_RE.match(value)) and resolve_plain(value) is not value:
                return _js_float(value)
            self.fail(node, f"cannot resolve a node with !<{tag}> explicit tag")
        if tag == _Y + "bool":
            if value in _TRUES or value in _FALSES:
                return value in _TRUES
            self.fail(node, f"cannot resolve a node with !<{tag}> explicit tag")
        if tag == _Y + "null":
            if value in _NULLS and value:
                return None
            self.fail(node, f"cannot resolve a node with !<{tag}> explicit tag")
        if tag == _Y + "timestamp":
            date = _date(value)
            if date is not _NOT_A_DATE:
                return date
        if tag == _Y + "binary":
            return self.binary(node)
        self.fail(node, f"unknown tag !<{tag}>")

    def cfn(self, node):
        fn = _CFN_KEY[node.tag]
        if isinstance(node, ScalarNode):
            data = node.value
            if fn == "Fn::GetAtt":
                first, _, rest = data.partition(".")
                data = [first, rest]
            return {fn: data}
        key = (id(node), False)
        if key in self.done:
            if key in self.open:
                raise _RecursiveAlias(node)
            return self.done[key]
        result: dict = {}
        self.done[key] = result
        self.enter(node, key)
        result[fn] = self.build(node, plain=True)
        self.open.discard(key)
        return result

    def mapping(self, node: MappingNode, result: dict) -> None:
        # Keys that came from a merge (``<<``) may be overridden by a later explicit key;
        # any other repeated key is an error in js-yaml.
        overridable: set = set()
        build = self.build
        key_node = node
        try:
            for key_node, value_node in node.value:
                key_tag = key_node.tag
                if key_tag == _MERGE or (key_tag == _PLAIN and key_node.value == "<<"):
                    self.merge(result, value_node, overridable)
                    continue
                if key_tag == _PLAIN and type(key_node) is ScalarNode:
                    key = key_node.value
                    if not key or key[0] in _NUMERIC_START or key in _WORDS:
                        key = js_string(resolve_plain(key) if key else None)
                else:
                    key = js_string(self.scalar(key_node) if isinstance(key_node, ScalarNode) else build(key_node))
                if key in result and key not in overridable:
                    self.fail(key_node, f'duplicated mapping key; "{key}" is already a key of this mapping')
                if overridable:
                    overridable.discard(key)
                # Plain scalars, most values, resolved here rather than through build and scalar.
                if value_node.tag == _PLAIN and type(value_node) is ScalarNode:
                    text = value_node.value
                    if text and text[0] not in _NUMERIC_START and text not in _WORDS:
                        result[key] = text  # resolve_plain's answer for plain text
                    else:
                        result[key] = resolve_plain(text) if text else None
                else:
                    result[key] = build(value_node)
        except _RecursiveAlias as loop:
            # An alias has no node of its own (the parser hands back its anchor's): the key
            # it is the value of (or the merge key) is where the loop closes.
            what = f'the value of "{key_node.value}"' if isinstance(key_node, ScalarNode) else "this value"
            self.recursive(key_node, loop.node, what)

    def merge(self, result: dict, value_node, overridable: set) -> None:
        sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
        for source in sources:
            data = self.build(source)
            if not isinstance(data, dict):
                self.fail(source, "cannot merge mappings; the provided source object is unacceptable")
            for k, v in data.items():
                if k not in result:
                    result[k] = v
                    overridable.add(k)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def _js_yaml_reason(exc, text: str):
    """``(message, mark)`` for what libyaml refused: js-yaml's reason where the shape is one
    js-yaml names (Serverless prints its reason), our own words after "; ".

    The mark is libyaml's, which is js-yaml's place for these shapes, except for a quoted
    scalar or a flow collection that the file never closes: js-yaml stops at the end of the
    file, and the place the quote or bracket opened is the one to fix.
    """
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or ""
    context = exc.context or ""
    at = _char_at(text, mark.line, mark.column) if mark is not None else ""
    opened = exc.context_mark
    if at == "\t":
        return "tab characters must not be used in indentation; use spaces", mark
    if problem.startswith("found unexpected end of stream") and context.endswith("quoted scalar") and opened:
        kind = "double" if _char_at(text, opened.line, opened.column) == '"' else "single"
        return f"unexpected end of the stream within a {kind} quoted scalar; the quote opened here is never closed", opened
    if "flow" in context and problem.startswith("did not find expected"):
        if not text.split("\n", mark.line)[-1][mark.column:].strip():
            if opened and context in ("while parsing a flow mapping", "while parsing a flow sequence"):
                return ("unexpected end of the stream within a flow collection; the bracket opened here is never "
                        "closed", opened)
            return "unexpected end of the stream within a flow collection", mark
        return "missed comma between flow collection entries", mark
    if problem == "did not find expected key" and at == "-" and mark.column == 0:
        return "end of the stream or a document separator is expected", mark
    if (problem.startswith("mapping values are not allowed") or problem == "did not find expected key"
            or problem.startswith("did not find expected '-' indicator")):
        return "bad indentation of a mapping entry", mark
    if problem.startswith("found undefined alias"):
        name = re.compile(r"\*([^\s,\[\]{}]+)").match(text.split("\n", mark.line)[-1], mark.column)
        if name:
            return f'unidentified alias "{name.group(1)}"', mark
    problem = problem or context or "invalid YAML"
    return problem + (f" ({context})" if context and exc.problem else ""), mark


def _line_column(text: str, index: int) -> tuple[int, int]:
    index = max(0, min(index, len(text)))
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def load_yaml(text: str, filename: str = "serverless.yml"):
    """Parse ``text``; return ``(value, source_map)``. Raises YamlLoadError with a location."""
    try:
        loader = _NodeLoader(text)
    except UnicodeEncodeError as exc:  # a lone surrogate: text that never came from a UTF-8 file
        line, column = _line_column(text, exc.start)
        raise YamlLoadError([refusal("YAML_SYNTAX", f"unacceptable character #x{ord(text[exc.start]):04x}: "
                                     "not a Unicode character", filename, line, column)]) from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.composer.ComposerError as exc:
            if not (exc.context or "").startswith("found duplicate anchor"):
                raise
            loader = _RedefiningLoader(text)  # rare: parse again in Python, where anchors may repeat
            node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        message, mark = _js_yaml_reason(exc, text)
        raise YamlLoadError([refusal("YAML_SYNTAX", message, filename, mark.line + 1 if mark else None,
                                     mark.column + 1 if mark else None)]) from None
    except yaml.YAMLError as exc:  # a ReaderError (a control character): no mark, a byte position
        position = getattr(exc, "position", None)
        line, column = (1, 1)
        if isinstance(position, int):  # libyaml counts bytes of the UTF-8 text
            line, column = _line_column(text, len(text.encode("utf-8")[:position].decode("utf-8", "ignore")))
        character = getattr(exc, "character", None)
        message = (f"unacceptable character #x{character:04x}: {exc.reason}" if isinstance(character, int)
                   and getattr(exc, "reason", None) else str(exc))
        raise YamlLoadError([refusal("YAML_SYNTAX", message, filename, line, column)]) from None
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose:
            dispose()
    source_map = SourceMap(filename, node, _CFN_KEY)
    if node is None:
        return None, source_map
    return _Constructor(filename).build(node), source_map
